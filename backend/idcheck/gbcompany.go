package idcheck

import (
	"fmt"
	"strings"
)

// gbCompanyPrefixes are the two-character prefixes Companies House uses
// for registers other than England & Wales companies (which are 8 digits).
var gbCompanyPrefixes = map[string]string{
	"AC": "assurance company", "BR": "UK establishment of an overseas company",
	"CE": "charitable incorporated organisation", "CS": "Scottish charitable incorporated organisation",
	"ES": "Scottish SE", "FC": "overseas company", "FE": "further education corporation",
	"GE": "European Economic Interest Grouping", "GN": "Northern Ireland EEIG", "GS": "Scottish EEIG",
	"IC": "investment company with variable capital", "IP": "industrial and provident society",
	"LP": "limited partnership", "NA": "Northern Ireland assurance company",
	"NC": "Northern Ireland LLP", "NF": "Northern Ireland overseas company",
	"NI": "Northern Ireland company", "NL": "Northern Ireland limited partnership",
	"NO": "Northern Ireland other", "NP": "Northern Ireland industrial and provident society or credit union",
	"NR": "Northern Ireland royal charter company", "NV": "Northern Ireland ICVC",
	"NZ": "Northern Ireland unregistered company", "OC": "limited liability partnership",
	"OE": "overseas entity", "PC": "protected cell company", "R0": "Northern Ireland company registered before 1922",
	"RC": "royal charter company", "RS": "registered society", "SA": "Scottish assurance company",
	"SC": "Scottish company", "SE": "European public limited company (SE)", "SF": "Scottish overseas company",
	"SG": "Scottish qualifying partnership", "SI": "Scottish ICVC", "SL": "Scottish limited partnership",
	"SO": "Scottish LLP", "SP": "Scottish industrial and provident society", "SR": "Scottish royal charter company",
	"SZ": "Scottish unregistered company", "ZC": "unregistered company",
}

// validateGBCompany checks a Companies House number: 8 digits, or a
// two-character prefix and 6 digits. Shorter numbers are padded with
// zeros, as Companies House does. There is no check digit.
func validateGBCompany(s string) (string, *Reason) {
	if len(s) >= 1 && len(s) < 8 && checkClass(s, 0, classDigit) == nil {
		s = strings.Repeat("0", 8-len(s)) + s
	}
	if len(s) >= 3 && len(s) < 8 && isLetter(rune(s[0])) && isLetter(rune(s[1])) && checkClass(s[2:], 2, classDigit) == nil {
		s = s[:2] + strings.Repeat("0", 8-len(s)) + s[2:]
	}
	if len(s) != 8 {
		return s, reasonLength("8", len(s), "")
	}
	if checkClass(s, 0, classDigit) == nil {
		return s, nil
	}
	p := s[:2]
	if _, ok := gbCompanyPrefixes[p]; !ok {
		if r := checkClass(s[:2], 0, classAlnum); r != nil {
			return s, r
		}
		return s, reasonFormat(map[string]string{"prefix": p},
			fmt.Sprintf("%s is not a Companies House prefix (e.g. SC Scotland, NI Northern Ireland, OC LLP)", p),
			fmt.Sprintf("%s 不是英国公司注册处使用的前缀（如 SC 苏格兰、NI 北爱尔兰、OC 有限责任合伙）", p))
	}
	if r := checkClass(s[2:], 2, classDigit); r != nil {
		return s, r
	}
	return s, nil
}
