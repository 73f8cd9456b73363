package idcheck

import (
	"fmt"
	"strconv"
	"strings"
)

// vatRule validates the part of a VAT number after the two-letter prefix.
// It may return a replacement body (e.g. zero-padded) as its first value.
type vatRule func(body string) (string, *Reason)

// vatRules covers the EU member states (Greece as EL, the prefix VIES uses),
// Northern Ireland (XI) and Great Britain (GB).
var vatRules = map[string]vatRule{
	"AT": vatAT, "BE": vatBE, "BG": vatBG, "CY": vatCY, "CZ": vatCZ,
	"DE": vatDE, "DK": vatDK, "EE": vatEE, "EL": vatEL, "ES": vatES,
	"FI": vatFI, "FR": vatFR, "HR": vatHR, "HU": vatHU, "IE": vatIE,
	"IT": vatIT, "LT": vatLT, "LU": vatLU, "LV": vatLV, "MT": vatMT,
	"NL": vatNL, "PL": vatPL, "PT": vatPT, "RO": vatRO, "SE": vatSE,
	"SI": vatSI, "SK": vatSK, "GB": vatGB, "XI": vatGB,
}

// vatOffset is the length of the country prefix; positions in reasons
// count from the start of the full number.
const vatOffset = 2

func validateVAT(s string) (string, *Reason) {
	if len(s) < 2 || !isLetter(rune(s[0])) || !isLetter(rune(s[1])) {
		return "", reasonCountry("",
			"a VAT number starts with the two-letter country prefix, e.g. DE or FR",
			"增值税号须以两位国家字母前缀开头，例如 DE、FR")
	}
	cc, body := s[:2], s[2:]
	if cc == "GR" {
		cc = "EL"
	}
	rule, ok := vatRules[cc]
	if !ok {
		return "", reasonCountry(cc,
			fmt.Sprintf("%s is not a prefix of an EU member state, Northern Ireland (XI) or the UK (GB)", cc),
			fmt.Sprintf("%s 不是欧盟成员国、北爱尔兰（XI）或英国（GB）的增值税号前缀", cc))
	}
	if body == "" {
		return cc, reasonFormat(map[string]string{"country": cc},
			"only the country prefix was given; the number itself is missing",
			"只有国家前缀，缺少号码本身")
	}
	nb, r := rule(body)
	if nb == "" {
		nb = body
	}
	if r != nil {
		if r.Params == nil {
			r.Params = map[string]string{}
		}
		r.Params["country"] = cc
	}
	return cc + nb, r
}

// vatLength reports a wrong body length as a full-number length.
func vatLength(got int, wants ...int) *Reason {
	var en, zh []string
	for _, w := range wants {
		en = append(en, strconv.Itoa(w+vatOffset))
	}
	zh = append(zh, en...)
	return reasonLength(strings.Join(en, " or "), got+vatOffset, strings.Join(zh, " 或 "))
}

// vatDigits checks that body is all digits.
func vatDigits(body string) *Reason {
	return checkClass(body, vatOffset, classDigit)
}

func vatFormat(en, zh string) *Reason { return reasonFormat(nil, en, zh) }

func digitChar(d int) string { return string(rune('0' + d)) }
