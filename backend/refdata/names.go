package refdata

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Country is one row of the CLDR country-name table.
type Country struct {
	Code  string `json:"code"`
	EN    string `json:"en"`
	ZH    string `json:"zh"`
	Short string `json:"short,omitempty"` // CLDR's short English form, e.g. "Hong Kong"
}

// Countries names countries in English and Chinese (CLDR) and finds the
// ISO code of a name as publishers spell it.
type Countries struct {
	Meta   Meta
	byCode map[string]Country
	byName map[string]string
}

// publisherNames are spellings the OECD, the FATF and other publishers
// use that CLDR does not (CLDR's own names are matched too).
var publisherNames = map[string]string{
	"chinese taipei": "TW", "taiwan": "TW", "hong kong china": "HK", "hong kong sar": "HK", "macau": "MO", "macao": "MO",
	"korea": "KR", "korea republic of": "KR", "republic of korea": "KR", "korea rep": "KR",
	"democratic peoples republic of korea": "KP", "democratic peoples republic of korea dprk": "KP", "dprk": "KP",
	"korea dem peoples rep": "KP", "korea democratic peoples republic of": "KP",
	"lao pdr": "LA", "lao peoples democratic republic": "LA", "laos": "LA",
	"iran": "IR", "iran islamic republic of": "IR", "islamic republic of iran": "IR",
	"turkey": "TR", "turkiye": "TR", "cote divoire": "CI", "ivory coast": "CI",
	"democratic republic of the congo": "CD", "democratic republic of congo": "CD", "congo democratic republic of the": "CD",
	"congo dem rep": "CD", "drc": "CD", "congo": "CG", "republic of the congo": "CG", "congo republic of": "CG", "congo rep": "CG",
	"virgin islands uk": "VG", "british virgin islands": "VG", "virgin islands british": "VG",
	"palestinian authority": "PS", "west bank and gaza": "PS", "palestine": "PS", "state of palestine": "PS",
	"macedonia": "MK", "north macedonia": "MK", "former yugoslav republic of macedonia": "MK",
	"swaziland": "SZ", "eswatini": "SZ", "cape verde": "CV", "cabo verde": "CV", "burma": "MM", "myanmar": "MM",
	"syria": "SY", "syrian arab republic": "SY", "viet nam": "VN", "vietnam": "VN", "kyrgyz republic": "KG",
	"russia": "RU", "russian federation": "RU", "bosnia herzegovina": "BA", "timor leste": "TL", "east timor": "TL",
	"gambia the": "GM", "the gambia": "GM", "bahamas the": "BS", "the bahamas": "BS",
	"micronesia federated states of": "FM", "st kitts and nevis": "KN", "saint kitts and nevis": "KN",
	"st lucia": "LC", "saint lucia": "LC", "st vincent and the grenadines": "VC", "saint vincent and the grenadines": "VC",
	"united states of america": "US", "usa": "US", "uk": "GB", "moldova republic of": "MD", "republic of moldova": "MD",
	"tanzania united republic of": "TZ", "united republic of tanzania": "TZ", "bolivia plurinational state of": "BO",
	"venezuela bolivarian republic of": "VE", "brunei darussalam": "BN", "czech republic": "CZ", "slovak republic": "SK",
	"curacao": "CW", "sao tome and principe": "ST", "egypt arab republic of": "EG", "yemen republic of": "YE",
}

// normName folds a country name for matching: no accents, no
// punctuation, "&" as "and", lower case, single spaces.
func normName(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == '.':
			continue
		case r == '&':
			if b.Len() > 0 && !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if b.Len() > 0 && !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// stripParens drops "(…)" parts: "Myanmar (Burma)" gives "Myanmar".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func newCountries(m Meta, rows [][]string) Countries {
	c := Countries{Meta: m, byCode: map[string]Country{}, byName: map[string]string{}}
	for _, r := range rows {
		if len(r) < 3 || len(r[0]) != 2 {
			continue
		}
		k := Country{Code: r[0], EN: r[1], ZH: r[2]}
		if len(r) > 3 {
			k.Short = r[3]
		}
		c.byCode[k.Code] = k
		for _, n := range []string{k.EN, k.Short, stripParens(k.EN)} {
			if n = normName(n); n != "" {
				c.byName[n] = k.Code
			}
		}
	}
	for n, code := range publisherNames {
		c.byName[n] = code
	}
	return c
}

// Get returns the names of an ISO 3166-1 alpha-2 code.
func (c Countries) Get(code string) (Country, bool) {
	k, ok := c.byCode[strings.ToUpper(strings.TrimSpace(code))]
	return k, ok
}

// CodeOf returns the ISO code for a country name as a publisher writes
// it ("Chinese Taipei", "Congo, Dem. Rep.", "Türkiye"), or "".
func (c Countries) CodeOf(name string) string {
	for _, n := range []string{name, stripParens(name)} {
		k := normName(n)
		if code, ok := c.byName[k]; ok {
			return code
		}
		// "Korea, Republic of" style: also try with "the" dropped.
		if code, ok := c.byName[strings.TrimPrefix(k, "the ")]; ok {
			return code
		}
	}
	return ""
}

// Codes lists every code the table names, sorted.
func (c Countries) Codes() []string {
	out := make([]string, 0, len(c.byCode))
	for k := range c.byCode {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
