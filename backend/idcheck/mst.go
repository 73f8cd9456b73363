package idcheck

import "fmt"

// validateMST checks a Vietnamese tax code (mã số thuế): 10 digits with a
// check digit (weights 31,29,23,19,17,13,7,5,3; check = 10 - sum mod 11),
// or 13 digits for a dependent unit: the parent's 10 digits plus a branch
// number 001-999. (Since 2025 individuals use their 12-digit citizen ID as
// tax code; that form is not covered here.)
func validateMST(s string) (string, *Reason) {
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	if len(s) != 10 && len(s) != 13 {
		return "", reasonLength("10 or 13", len(s), "10 或 13")
	}
	c := 10 - weighted(s, []int{31, 29, 23, 19, 17, 13, 7, 5, 3})%11
	if c == 10 {
		return "", reasonCheck("", s[9:10])
	}
	if int(s[9]-'0') != c {
		return "", reasonCheck(digitChar(c), s[9:10])
	}
	if len(s) == 13 && s[10:] == "000" {
		return "", reasonFormat(map[string]string{"branch": s[10:]},
			fmt.Sprintf("branch number %s is not valid; branches run 001-999", s[10:]),
			fmt.Sprintf("分支编号 %s 无效，应为 001-999", s[10:]))
	}
	return "", nil
}
