package idcheck

import "fmt"

// ISO 17442: 18 alphanumeric characters followed by two check digits
// under ISO 7064 MOD 97-10 (letters A=10 … Z=35; the whole code mod 97
// must be 1).
func validateLEI(s string) (string, *Reason) {
	if n := len(s); n != 20 {
		return "", reasonLength("20", n, "")
	}
	if r := checkClass(s[:18], 0, classAlnum); r != nil {
		return "", r
	}
	if r := checkClass(s[18:], 18, classDigit); r != nil {
		return "", r
	}
	if mod97(s) != 1 {
		want := fmt.Sprintf("%02d", 98-mod97(s[:18]+"00"))
		return "", reasonCheck(want, s[18:])
	}
	return "", nil
}
