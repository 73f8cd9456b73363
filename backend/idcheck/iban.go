package idcheck

import "fmt"

// ibanLengths is the total IBAN length per country from the SWIFT IBAN
// registry (ISO 13616). Territories that use their parent's code (e.g.
// Réunion with FR, Jersey with GB) are covered by that code.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
	"BG": 22, "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22,
	"CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20,
	"EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22,
	"GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21,
	"HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30,
	"KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
	"RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24,
	"SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26,
	"UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// validateIBAN checks country, length per the registry and the ISO 7064
// MOD 97-10 check digits (the IBAN rotated so the country and check digits
// come last, letters A=10 … Z=35, must leave remainder 1).
func validateIBAN(s string) (string, *Reason) {
	if len(s) < 2 {
		return "", reasonLength("15-34", len(s), "")
	}
	if r := checkClass(s[:2], 0, classLetter); r != nil {
		return "", r
	}
	cc := s[:2]
	want, ok := ibanLengths[cc]
	if !ok {
		if isCountry(cc) {
			return "", reasonCountry(cc,
				fmt.Sprintf("%s does not use IBANs; ask for the account number and bank code in that country's own format", cc),
				fmt.Sprintf("%s 不使用 IBAN，请按该国本地格式索取账号与银行代码", cc))
		}
		return "", reasonCountry(cc,
			fmt.Sprintf("%s is not a country code", cc),
			fmt.Sprintf("%s 不是有效的国家代码", cc))
	}
	if len(s) != want {
		r := reasonLength(fmt.Sprint(want), len(s), "")
		r.Params["country"] = cc
		r.EN = fmt.Sprintf("an IBAN from %s has %d characters, not %d", cc, want, len(s))
		r.ZH = fmt.Sprintf("%s 的 IBAN 应为 %d 位，而不是 %d 位", cc, want, len(s))
		return "", r
	}
	if r := checkClass(s[2:4], 2, classDigit); r != nil {
		return "", r
	}
	if r := checkClass(s[4:], 4, classAlnum); r != nil {
		return "", r
	}
	if mod97(s[4:]+s[:4]) != 1 {
		exp := fmt.Sprintf("%02d", 98-mod97(s[4:]+cc+"00"))
		return "", reasonCheck(exp, s[2:4])
	}
	return "", nil
}
