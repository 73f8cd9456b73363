package assess

import "strings"

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

// CountryRiskAsOf is the date of the OECD classification the built-in table
// follows: the Participants' Country Risk Classification list in force after
// the meeting of 2 February 2024 (that meeting moved Montenegro 7→6,
// Georgia 6→5, Qatar 3→2 and Oman 5→4). High-income OECD and high-income
// euro-area countries, which the OECD does not classify but prices like
// category 0, are entered as 0.
//
// The table was transcribed by hand for the ~140 countries Chinese
// exporters trade with most; categories move several times a year. The
// firm should compare it with the current OECD list and correct any
// difference through Policy.CountryOverrides, which always wins.
const CountryRiskAsOf = "2024-02-02"

type countryInfo struct {
	cat    int
	region string
}

var countryTable = map[string]countryInfo{
	// Europe: high-income OECD / euro area (not classified, priced as 0)
	"AT": {0, RegionEurope}, "BE": {0, RegionEurope}, "CH": {0, RegionEurope}, "CY": {0, RegionEurope},
	"CZ": {0, RegionEurope}, "DE": {0, RegionEurope}, "DK": {0, RegionEurope}, "EE": {0, RegionEurope},
	"ES": {0, RegionEurope}, "FI": {0, RegionEurope}, "FR": {0, RegionEurope}, "GB": {0, RegionEurope},
	"GR": {0, RegionEurope}, "HR": {0, RegionEurope}, "HU": {0, RegionEurope}, "IE": {0, RegionEurope},
	"IS": {0, RegionEurope}, "IT": {0, RegionEurope}, "LT": {0, RegionEurope}, "LU": {0, RegionEurope},
	"LV": {0, RegionEurope}, "MT": {0, RegionEurope}, "NL": {0, RegionEurope}, "NO": {0, RegionEurope},
	"PL": {0, RegionEurope}, "PT": {0, RegionEurope}, "SE": {0, RegionEurope}, "SI": {0, RegionEurope},
	"SK": {0, RegionEurope},
	// Europe: classified
	"RO": {3, RegionEurope}, "BG": {3, RegionEurope}, "RS": {5, RegionEurope}, "MK": {5, RegionEurope},
	"AL": {6, RegionEurope}, "ME": {6, RegionEurope}, "BA": {7, RegionEurope}, "MD": {7, RegionEurope},
	"UA": {7, RegionEurope}, "BY": {7, RegionEurope}, "RU": {7, RegionEurope}, "XK": {7, RegionEurope},
	"TR": {5, RegionEurope}, "GE": {5, RegionEurope}, "AM": {6, RegionEurope}, "AZ": {5, RegionEurope},

	// North America
	"US": {0, RegionNorthAmerica}, "CA": {0, RegionNorthAmerica}, "MX": {3, RegionNorthAmerica},

	// Latin America and the Caribbean
	"CL": {0, RegionLatinAmerica}, "PA": {3, RegionLatinAmerica}, "PE": {3, RegionLatinAmerica},
	"UY": {3, RegionLatinAmerica}, "TT": {3, RegionLatinAmerica}, "CO": {4, RegionLatinAmerica},
	"CR": {4, RegionLatinAmerica}, "DO": {4, RegionLatinAmerica}, "GT": {4, RegionLatinAmerica},
	"PY": {4, RegionLatinAmerica}, "BR": {5, RegionLatinAmerica}, "HN": {5, RegionLatinAmerica},
	"JM": {5, RegionLatinAmerica}, "SV": {6, RegionLatinAmerica}, "NI": {6, RegionLatinAmerica},
	"AR": {7, RegionLatinAmerica}, "BO": {7, RegionLatinAmerica}, "EC": {7, RegionLatinAmerica},
	"VE": {7, RegionLatinAmerica}, "CU": {7, RegionLatinAmerica}, "HT": {7, RegionLatinAmerica},
	"SR": {7, RegionLatinAmerica}, "GY": {6, RegionLatinAmerica}, "BZ": {7, RegionLatinAmerica},

	// Middle East
	"IL": {0, RegionMiddleEast}, "AE": {2, RegionMiddleEast}, "SA": {2, RegionMiddleEast},
	"QA": {2, RegionMiddleEast}, "KW": {2, RegionMiddleEast}, "OM": {4, RegionMiddleEast},
	"JO": {5, RegionMiddleEast}, "BH": {6, RegionMiddleEast}, "IQ": {7, RegionMiddleEast},
	"IR": {7, RegionMiddleEast}, "LB": {7, RegionMiddleEast}, "SY": {7, RegionMiddleEast},
	"YE": {7, RegionMiddleEast},

	// Africa
	"MA": {3, RegionAfrica}, "BW": {3, RegionAfrica}, "MU": {3, RegionAfrica}, "ZA": {4, RegionAfrica},
	"DZ": {5, RegionAfrica}, "CI": {5, RegionAfrica}, "SN": {5, RegionAfrica}, "BJ": {5, RegionAfrica},
	"NA": {5, RegionAfrica}, "EG": {6, RegionAfrica}, "NG": {6, RegionAfrica}, "KE": {6, RegionAfrica},
	"TZ": {6, RegionAfrica}, "UG": {6, RegionAfrica}, "AO": {6, RegionAfrica}, "CM": {6, RegionAfrica},
	"RW": {6, RegionAfrica}, "TG": {6, RegionAfrica}, "GA": {6, RegionAfrica}, "MG": {6, RegionAfrica},
	"TN": {7, RegionAfrica}, "LY": {7, RegionAfrica}, "GH": {7, RegionAfrica}, "ET": {7, RegionAfrica},
	"ZM": {7, RegionAfrica}, "ZW": {7, RegionAfrica}, "MZ": {7, RegionAfrica}, "CD": {7, RegionAfrica},
	"CG": {7, RegionAfrica}, "SD": {7, RegionAfrica}, "SS": {7, RegionAfrica}, "ML": {7, RegionAfrica},
	"BF": {7, RegionAfrica}, "NE": {7, RegionAfrica}, "GN": {7, RegionAfrica}, "SO": {7, RegionAfrica},
	"MW": {7, RegionAfrica}, "SL": {7, RegionAfrica}, "LR": {7, RegionAfrica}, "TD": {7, RegionAfrica},
	"CF": {7, RegionAfrica}, "ER": {7, RegionAfrica}, "DJ": {6, RegionAfrica},

	// South-East Asia
	"SG": {0, RegionSoutheastAsia}, "BN": {2, RegionSoutheastAsia}, "MY": {2, RegionSoutheastAsia},
	"TH": {3, RegionSoutheastAsia}, "ID": {3, RegionSoutheastAsia}, "PH": {3, RegionSoutheastAsia},
	"VN": {4, RegionSoutheastAsia}, "KH": {6, RegionSoutheastAsia}, "LA": {7, RegionSoutheastAsia},
	"MM": {7, RegionSoutheastAsia}, "TL": {6, RegionSoutheastAsia},

	// East Asia
	"JP": {0, RegionEastAsia}, "KR": {0, RegionEastAsia}, "TW": {1, RegionEastAsia},
	"HK": {2, RegionEastAsia}, "MO": {2, RegionEastAsia}, "CN": {2, RegionEastAsia},
	"MN": {6, RegionEastAsia}, "KP": {7, RegionEastAsia},

	// South Asia
	"IN": {3, RegionSouthAsia}, "BD": {5, RegionSouthAsia}, "NP": {6, RegionSouthAsia},
	"LK": {7, RegionSouthAsia}, "PK": {7, RegionSouthAsia}, "MV": {7, RegionSouthAsia},
	"AF": {7, RegionSouthAsia},

	// Central Asia
	"KZ": {5, RegionCentralAsia}, "UZ": {5, RegionCentralAsia}, "TM": {7, RegionCentralAsia},
	"KG": {7, RegionCentralAsia}, "TJ": {7, RegionCentralAsia},

	// Oceania
	"AU": {0, RegionOceania}, "NZ": {0, RegionOceania}, "PG": {6, RegionOceania}, "FJ": {6, RegionOceania},
}

// CountryRisk returns the country risk category 0 (lowest) to 7 (highest)
// for an ISO 3166-1 alpha-2 code: the firm's override when the policy has
// one, else the built-in OECD table (as of CountryRiskAsOf). known is false
// when the country is in neither.
func CountryRisk(code string, p Policy) (category int, known bool) {
	cc := strings.ToUpper(strings.TrimSpace(code))
	if c, ok := p.CountryOverrides[cc]; ok {
		return c, true
	}
	if ci, ok := countryTable[cc]; ok {
		return ci.cat, true
	}
	return 0, false
}

// Region returns the region key of a country code, RegionUnknown if the
// table does not know it.
func Region(code string) string {
	if ci, ok := countryTable[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return ci.region
	}
	return RegionUnknown
}
