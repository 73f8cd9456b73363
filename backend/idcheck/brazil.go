package idcheck

import "fmt"

// brCheck computes a Receita Federal mod-11 check digit: weighted sum of
// (character code - 48), remainder < 2 → 0, else 11 - remainder.
func brCheck(s string, weights []int) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += int(s[i]-'0') * weights[i]
	}
	if r := sum % 11; r >= 2 {
		return byte('0' + 11 - r)
	}
	return '0'
}

var (
	cnpjW1 = []int{5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	cnpjW2 = []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
)

// validateCNPJ checks a Brazilian CNPJ: 14 characters, two mod-11 check
// digits. From July 2026 the first 12 characters may be letters
// (alphanumeric CNPJ, IN RFB 2.229/2024); each counts as its ASCII code
// minus 48, so existing numeric CNPJs are unchanged.
func validateCNPJ(s string) (string, *Reason) {
	if len(s) != 14 {
		return "", reasonLength("14", len(s), "")
	}
	if r := checkClass(s[:12], 0, classAlnum); r != nil {
		return "", r
	}
	if r := checkClass(s[12:], 12, classDigit); r != nil {
		return "", r
	}
	if allSame(s) {
		return "", reasonFormat(nil, "all digits are the same; this is a placeholder, not a CNPJ", "所有数字相同，这是占位号码，不是 CNPJ")
	}
	d1 := brCheck(s[:12], cnpjW1)
	d2 := brCheck(s[:12]+string(d1), cnpjW2)
	if want := string([]byte{d1, d2}); want != s[12:] {
		return "", reasonCheck(want, s[12:])
	}
	return "", nil
}

// validateCPF checks a Brazilian CPF: 11 digits, two mod-11 check digits.
func validateCPF(s string) (string, *Reason) {
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	if len(s) != 11 {
		return "", reasonLength("11", len(s), "")
	}
	if allSame(s) {
		return "", reasonFormat(nil, "all digits are the same; this is a placeholder, not a CPF", "所有数字相同，这是占位号码，不是 CPF")
	}
	d1 := brCheck(s[:9], []int{10, 9, 8, 7, 6, 5, 4, 3, 2})
	d2 := brCheck(s[:9]+string(d1), []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2})
	if want := fmt.Sprintf("%c%c", d1, d2); want != s[9:] {
		return "", reasonCheck(want, s[9:])
	}
	return "", nil
}
