package idcheck

// validateDUNS checks the layout of a D-U-N-S number: 9 digits. Dun &
// Bradstreet publishes no check-digit algorithm for DUNS numbers (older
// numbers carried one, newer ones do not), so only the format is checked
// and obvious placeholders such as 000000000 or 999999999 are rejected.
func validateDUNS(s string) (string, *Reason) {
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	if len(s) != 9 {
		return "", reasonLength("9", len(s), "")
	}
	if allSame(s) {
		return "", reasonFormat(nil, "all nine digits are the same; this is a placeholder, not a D-U-N-S number",
			"九位数字完全相同，这是占位号码，不是邓白氏编码")
	}
	return "", nil
}
