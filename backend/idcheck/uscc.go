package idcheck

import (
	"fmt"
	"strings"
)

// GB 32100-2015: 18 characters from a 31-character alphabet (no I, O, Z,
// S, V). Positions: 1 registering authority, 2 entity category, 3-8
// administrative division (digits), 9-17 organisation code (GB 11714, with
// its own check character at 17), 18 check character.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var classUSCC = charClass{"uscc", "a digit or one of the letters A-H, J-N, P-R, T, U, W-Y",
	"数字或字母（不含 I、O、Z、S、V）", func(r rune) bool { return strings.ContainsRune(usccAlphabet, r) }}

func usccCheckChar(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, body[i]) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// orgCodeCheckChar computes the GB 11714 check character for the 8-char
// body of an organisation code: weights 3,7,9,10,5,8,4,2, digits count
// their value and letters A=10 … Z=35; C = 11 - sum mod 11, 10 -> X,
// 11 -> 0.
func orgCodeCheckChar(body string) byte {
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if isLetter(rune(c)) {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

func validateUSCC(s string) (string, *Reason) {
	if n := len(s); n != 18 {
		return "", reasonLength("18", n, "")
	}
	if r := checkClass(s, 0, classUSCC); r != nil {
		return "", r
	}
	if r := checkClass(s[2:8], 2, classDigit); r != nil {
		return "", r
	}
	org := s[8:17]
	if want := orgCodeCheckChar(org[:8]); want != org[8] {
		r := reasonCheck(string(want), string(org[8]))
		r.Params["part"] = "organization_code"
		r.EN = fmt.Sprintf("the organisation code (positions 9-17) fails its GB 11714 check: character 17 should be %c, not %c", want, org[8])
		r.ZH = fmt.Sprintf("组织机构代码部分（第 9-17 位）未通过 GB 11714 校验：第 17 位应为 %c，而不是 %c", want, org[8])
		return "", r
	}
	if want := usccCheckChar(s); want != s[17] {
		return "", reasonCheck(string(want), string(s[17]))
	}
	return "", nil
}
