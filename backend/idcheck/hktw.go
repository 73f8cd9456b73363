package idcheck

// validateHKCR checks a Hong Kong Companies Registry number (CR No.): 7
// digits, 8 for companies incorporated after the 7-digit series ran out.
// No check digit is published, so only the format is verified.
func validateHKCR(s string) (string, *Reason) {
	if len(s) != 7 && len(s) != 8 {
		return "", reasonLength("7 or 8", len(s), "7 或 8")
	}
	return "", checkClass(s, 0, classDigit)
}

// validateHKBR checks a Hong Kong Business Registration number: the
// 8-digit BR number, optionally followed by the 3-digit branch number as
// printed on the certificate (11 digits). No check digit is published.
func validateHKBR(s string) (string, *Reason) {
	if len(s) != 8 && len(s) != 11 {
		return "", reasonLength("8 or 11", len(s), "8 或 11")
	}
	return "", checkClass(s, 0, classDigit)
}

// validateTWUBN checks a Taiwan Unified Business Number (統一編號): 8
// digits weighted 1,2,1,2,1,2,4,1, the digits of each product summed; the
// total must be divisible by 5 (the Ministry of Finance's rule since 2023,
// which accepts every number valid under the older divisible-by-10 rule).
// When the seventh digit is 7, its product 28 sums to 10, which counts as
// 1 or as 0.
func validateTWUBN(s string) (string, *Reason) {
	if len(s) != 8 {
		return "", reasonLength("8", len(s), "")
	}
	if r := checkClass(s, 0, classDigit); r != nil {
		return "", r
	}
	weights := [8]int{1, 2, 1, 2, 1, 2, 4, 1}
	sum := 0
	for i := 0; i < 8; i++ {
		p := int(s[i]-'0') * weights[i]
		z := p/10 + p%10
		if z >= 10 {
			z = z/10 + z%10
		}
		sum += z
	}
	if sum%5 == 0 || s[6] == '7' && (sum-1)%5 == 0 {
		return "", nil
	}
	return "", reasonCheck("", s[7:])
}
