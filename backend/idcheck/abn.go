package idcheck

import "fmt"

var abnWeights = []int{10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19}

func abnSum(s string) int {
	sum := (int(s[0]-'0') - 1) * abnWeights[0]
	return sum + weighted(s[1:], abnWeights[1:])
}

// validateABN checks an Australian Business Number: 11 digits; subtract 1
// from the first digit, weight 10,1,3,5,…,19, the sum must divide by 89.
func validateABN(s string) (string, *Reason) {
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	if len(s) != 11 {
		return "", reasonLength("11", len(s), "")
	}
	if s[0] == '0' {
		return "", reasonFormat(nil, "an ABN cannot start with 0", "ABN 不能以 0 开头")
	}
	if abnSum(s)%89 != 0 {
		want := ""
		for c := 10; c <= 99; c++ {
			t := fmt.Sprintf("%02d", c) + s[2:]
			if abnSum(t)%89 == 0 {
				want = t[:2]
				break
			}
		}
		return "", reasonCheck(want, s[:2])
	}
	return "", nil
}
