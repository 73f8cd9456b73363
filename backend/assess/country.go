package assess

import (
	"fmt"
	"strings"

	"credence/backend/refdata"
)

// Regions used for weight emphasis (seed 000).
const (
	RegionEurope        = "europe"
	RegionNorthAmerica  = "north_america"
	RegionLatinAmerica  = "latin_america"
	RegionMiddleEast    = "middle_east"
	RegionAfrica        = "africa"
	RegionSoutheastAsia = "southeast_asia"
	RegionEastAsia      = "east_asia"
	RegionSouthAsia     = "south_asia"
	RegionCentralAsia   = "central_asia"
	RegionOceania       = "oceania"
	RegionUnknown       = "unknown"
)

// Regions lists the region keys.
var Regions = []string{RegionEurope, RegionNorthAmerica, RegionLatinAmerica, RegionMiddleEast, RegionAfrica,
	RegionSoutheastAsia, RegionEastAsia, RegionSouthAsia, RegionCentralAsia, RegionOceania, RegionUnknown}

// CountryRiskAsOf is the date of the OECD classification built into this
// release (the list valid from 30 January 2026; backend/refdata/data/
// oecd.tsv). A workspace may have imported a newer one: CountryRiskDate
// says which date is in use.
const CountryRiskAsOf = "2026-01-30"

// countryRegion places the countries for weight emphasis; the categories
// themselves are reference data (package refdata).
var countryRegion = map[string]string{
	"AL": RegionEurope, "AM": RegionEurope, "AT": RegionEurope, "AZ": RegionEurope, "BA": RegionEurope, "BE": RegionEurope,
	"BG": RegionEurope, "BY": RegionEurope, "CH": RegionEurope, "CY": RegionEurope, "CZ": RegionEurope, "DE": RegionEurope,
	"DK": RegionEurope, "EE": RegionEurope, "ES": RegionEurope, "FI": RegionEurope, "FR": RegionEurope, "GB": RegionEurope,
	"GE": RegionEurope, "GR": RegionEurope, "HR": RegionEurope, "HU": RegionEurope, "IE": RegionEurope, "IS": RegionEurope,
	"IT": RegionEurope, "LT": RegionEurope, "LU": RegionEurope, "LV": RegionEurope, "MD": RegionEurope, "ME": RegionEurope,
	"MK": RegionEurope, "MT": RegionEurope, "NL": RegionEurope, "NO": RegionEurope, "PL": RegionEurope, "PT": RegionEurope,
	"RO": RegionEurope, "RS": RegionEurope, "RU": RegionEurope, "SE": RegionEurope, "SI": RegionEurope, "SK": RegionEurope,
	"TR": RegionEurope, "UA": RegionEurope, "XK": RegionEurope, "CA": RegionNorthAmerica, "MX": RegionNorthAmerica, "US": RegionNorthAmerica,
	"AG": RegionLatinAmerica, "AR": RegionLatinAmerica, "AW": RegionLatinAmerica, "BO": RegionLatinAmerica, "BR": RegionLatinAmerica, "BS": RegionLatinAmerica,
	"BZ": RegionLatinAmerica, "CL": RegionLatinAmerica, "CO": RegionLatinAmerica, "CR": RegionLatinAmerica, "CU": RegionLatinAmerica, "CW": RegionLatinAmerica,
	"DO": RegionLatinAmerica, "EC": RegionLatinAmerica, "GT": RegionLatinAmerica, "GY": RegionLatinAmerica, "HN": RegionLatinAmerica, "HT": RegionLatinAmerica,
	"JM": RegionLatinAmerica, "NI": RegionLatinAmerica, "PA": RegionLatinAmerica, "PE": RegionLatinAmerica, "PY": RegionLatinAmerica, "SR": RegionLatinAmerica,
	"SV": RegionLatinAmerica, "TT": RegionLatinAmerica, "UY": RegionLatinAmerica, "VE": RegionLatinAmerica, "AE": RegionMiddleEast, "BH": RegionMiddleEast,
	"IL": RegionMiddleEast, "IQ": RegionMiddleEast, "IR": RegionMiddleEast, "JO": RegionMiddleEast, "KW": RegionMiddleEast, "LB": RegionMiddleEast,
	"OM": RegionMiddleEast, "PS": RegionMiddleEast, "QA": RegionMiddleEast, "SA": RegionMiddleEast, "SY": RegionMiddleEast, "YE": RegionMiddleEast,
	"AO": RegionAfrica, "BF": RegionAfrica, "BI": RegionAfrica, "BJ": RegionAfrica, "BW": RegionAfrica, "CD": RegionAfrica,
	"CF": RegionAfrica, "CG": RegionAfrica, "CI": RegionAfrica, "CM": RegionAfrica, "CV": RegionAfrica, "DJ": RegionAfrica,
	"DZ": RegionAfrica, "EG": RegionAfrica, "ER": RegionAfrica, "ET": RegionAfrica, "GA": RegionAfrica, "GH": RegionAfrica,
	"GM": RegionAfrica, "GN": RegionAfrica, "GQ": RegionAfrica, "GW": RegionAfrica, "KE": RegionAfrica, "LR": RegionAfrica,
	"LS": RegionAfrica, "LY": RegionAfrica, "MA": RegionAfrica, "MG": RegionAfrica, "ML": RegionAfrica, "MR": RegionAfrica,
	"MU": RegionAfrica, "MW": RegionAfrica, "MZ": RegionAfrica, "NA": RegionAfrica, "NE": RegionAfrica, "NG": RegionAfrica,
	"RW": RegionAfrica, "SD": RegionAfrica, "SL": RegionAfrica, "SN": RegionAfrica, "SO": RegionAfrica, "SS": RegionAfrica,
	"SZ": RegionAfrica, "TD": RegionAfrica, "TG": RegionAfrica, "TN": RegionAfrica, "TZ": RegionAfrica, "UG": RegionAfrica,
	"ZA": RegionAfrica, "ZM": RegionAfrica, "ZW": RegionAfrica, "BN": RegionSoutheastAsia, "ID": RegionSoutheastAsia, "KH": RegionSoutheastAsia,
	"LA": RegionSoutheastAsia, "MM": RegionSoutheastAsia, "MY": RegionSoutheastAsia, "PH": RegionSoutheastAsia, "SG": RegionSoutheastAsia, "TH": RegionSoutheastAsia,
	"TL": RegionSoutheastAsia, "VN": RegionSoutheastAsia, "CN": RegionEastAsia, "HK": RegionEastAsia, "JP": RegionEastAsia, "KP": RegionEastAsia,
	"KR": RegionEastAsia, "MN": RegionEastAsia, "MO": RegionEastAsia, "TW": RegionEastAsia, "AF": RegionSouthAsia, "BD": RegionSouthAsia,
	"BT": RegionSouthAsia, "IN": RegionSouthAsia, "LK": RegionSouthAsia, "MV": RegionSouthAsia, "NP": RegionSouthAsia, "PK": RegionSouthAsia,
	"KG": RegionCentralAsia, "KZ": RegionCentralAsia, "TJ": RegionCentralAsia, "TM": RegionCentralAsia, "UZ": RegionCentralAsia, "AU": RegionOceania,
	"FJ": RegionOceania, "NZ": RegionOceania, "PG": RegionOceania,
}

// CountryRiskDate is the date of the OECD classification in use: the
// workspace's imported list, else the built-in one.
func CountryRiskDate() string { return refdata.Current().OECD.Meta.Date }

// OECDClass returns a country's entry in the OECD classification in use,
// ignoring the firm's overrides; ok is false when the OECD does not
// classify it.
func OECDClass(code string) (refdata.Class, bool) { return refdata.Current().OECD.Lookup(code) }

// CountryRisk returns the country risk category 0 (lowest) to 7 (highest)
// for an ISO 3166-1 alpha-2 code: the firm's override when the policy has
// one, else the OECD classification in use (CountryRiskDate); a high-income
// country the OECD does not classify is priced as 0. known is false when
// the country is in neither.
func CountryRisk(code string, p Policy) (category int, known bool) {
	cc := strings.ToUpper(strings.TrimSpace(code))
	if c, ok := p.CountryOverrides[cc]; ok {
		return c, true
	}
	if c, ok := OECDClass(cc); ok {
		return c.Category, true
	}
	return 0, false
}

// Region returns the region key of a country code, RegionUnknown if the
// table does not know it.
func Region(code string) string {
	if r, ok := countryRegion[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return r
	}
	return RegionUnknown
}

// oecdSentence explains a country's OECD entry with the date of the
// classification in use, in English and Chinese. cat is the category the
// assessment uses (0 for an unclassified high-income country).
func oecdSentence(cc string, cat int) (en, zh string) {
	date := CountryRiskDate()
	nameEN, nameZH := countryNames(cc)
	if c, ok := OECDClass(cc); ok && c.HighIncome {
		return fmt.Sprintf("%s is not classified (high-income) by the OECD, so there is no country-risk deduction (OECD classification of %s).", nameEN, date),
			fmt.Sprintf("%s为高收入国家，经合组织（OECD）未予分类，因此不扣国家风险分（OECD %s分类）。", nameZH, date)
	}
	return fmt.Sprintf("%s is in OECD country-risk category %d on the 0–7 scale, 7 the riskiest (OECD classification of %s).", nameEN, cat, date),
		fmt.Sprintf("%s属于经合组织（OECD）国家风险第%d类（0–7类，7类风险最高；OECD %s分类）。", nameZH, cat, date)
}

// countryNames are a country's names for people (CLDR), the code itself
// only when the table does not know it.
func countryNames(cc string) (en, zh string) {
	if c, ok := refdata.Current().Countries.Get(cc); ok {
		return c.EN, c.ZH
	}
	return cc, cc
}

// oecdNote names the OECD entry beside a firm's override.
func oecdNote(cc string) (en, zh string) {
	c, ok := OECDClass(cc)
	if !ok {
		return "not classified by the OECD", "OECD未分类"
	}
	date := CountryRiskDate()
	return fmt.Sprintf("OECD classification of %s: %s", date, c.Describe()),
		fmt.Sprintf("OECD %s分类：%s", date, c.DescribeZH())
}
