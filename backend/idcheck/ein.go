package idcheck

import "fmt"

// einPrefixes are the IRS campus prefixes published by the IRS ("How EINs
// are assigned and valid EIN prefixes").
var einPrefixes = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range []string{
		"01", "02", "03", "04", "05", "06", "10", "11", "12", "13", "14", "15", "16",
		"20", "21", "22", "23", "24", "25", "26", "27",
		"30", "31", "32", "33", "34", "35", "36", "37", "38", "39",
		"40", "41", "42", "43", "44", "45", "46", "47", "48",
		"50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
		"60", "61", "62", "63", "64", "65", "66", "67", "68",
		"71", "72", "73", "74", "75", "76", "77",
		"80", "81", "82", "83", "84", "85", "86", "87", "88",
		"90", "91", "92", "93", "94", "95", "98", "99",
	} {
		m[p] = true
	}
	return m
}()

// validateEIN checks a US EIN (NN-NNNNNNN). EINs have no check digit; the
// two-digit prefix must be one the IRS assigns.
func validateEIN(s string) (string, *Reason) {
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	if len(s) != 9 {
		return "", reasonLength("9", len(s), "")
	}
	if !einPrefixes[s[:2]] {
		return "", reasonFormat(map[string]string{"prefix": s[:2]},
			fmt.Sprintf("%s is not a prefix the IRS assigns to EINs", s[:2]),
			fmt.Sprintf("%s 不是美国国税局（IRS）分配的 EIN 前缀", s[:2]))
	}
	return "", nil
}
