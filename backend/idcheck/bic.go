package idcheck

import "fmt"

// validateBIC checks the ISO 9362 layout: 4 letters (institution), 2
// letters (ISO country), 2 letters or digits (location), optionally 3
// letters or digits (branch). BICs carry no check digit.
func validateBIC(s string) (string, *Reason) {
	if len(s) != 8 && len(s) != 11 {
		return "", reasonLength("8 or 11", len(s), "8 或 11")
	}
	if r := checkClass(s[:6], 0, classLetter); r != nil {
		return "", r
	}
	if r := checkClass(s[6:], 6, classAlnum); r != nil {
		return "", r
	}
	if cc := s[4:6]; !isCountry(cc) {
		return "", reasonCountry(cc,
			fmt.Sprintf("characters 5-6 (%s) are not an ISO country code", cc),
			fmt.Sprintf("第 5-6 位（%s）不是有效的 ISO 国家代码", cc))
	}
	return "", nil
}
