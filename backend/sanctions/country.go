package sanctions

import (
	"strings"
	"sync"
)

// countryTable maps ISO 3166-1 alpha-2 codes to the names and spellings the
// lists use. One line per country: "CODE|name|variant|...".
const countryTable = `AF|afghanistan
AL|albania
DZ|algeria
AD|andorra
AO|angola
AG|antigua and barbuda
AR|argentina
AM|armenia
AW|aruba
AU|australia
AT|austria
AZ|azerbaijan
BS|bahamas|bahamas, the|the bahamas
BH|bahrain
BD|bangladesh
BB|barbados
BY|belarus
BE|belgium
BZ|belize
BJ|benin
BM|bermuda
BT|bhutan
BO|bolivia|bolivia (plurinational state of)|plurinational state of bolivia
BA|bosnia and herzegovina|bosnia-herzegovina
BW|botswana
BR|brazil
VG|virgin islands, british|british virgin islands
BN|brunei|brunei darussalam
BG|bulgaria
BF|burkina faso
MM|burma|myanmar
BI|burundi
CV|cabo verde|cape verde
KH|cambodia
CM|cameroon
CA|canada
KY|cayman islands
CF|central african republic
TD|chad
CL|chile
CN|china|people's republic of china|peoples republic of china
HK|hong kong|china, hong kong special administrative region|hong kong sar|hong kong, china
MO|macau|macao|china, macao special administrative region
TW|taiwan|taiwan, province of china
CO|colombia
KM|comoros
CG|congo|congo, republic of the|republic of the congo|congo-brazzaville
CD|congo, democratic republic of the|democratic republic of the congo|drc|congo-kinshasa|congo (democratic republic)
CR|costa rica
CI|cote d ivoire|cote d'ivoire|cote divoire|ivory coast
HR|croatia
CU|cuba
CW|curacao
CY|cyprus
CZ|czech republic|czechia
DK|denmark
DJ|djibouti
DM|dominica
DO|dominican republic
EC|ecuador
EG|egypt
SV|el salvador
GQ|equatorial guinea
ER|eritrea
EE|estonia
SZ|eswatini|swaziland
ET|ethiopia
FJ|fiji
FI|finland
FR|france
GA|gabon
GM|gambia|the gambia|gambia, the
GE|georgia
DE|germany
GH|ghana
GI|gibraltar
GR|greece
GD|grenada
GT|guatemala
GG|guernsey
GN|guinea
GW|guinea-bissau|guinea bissau
GY|guyana
HT|haiti
HN|honduras
HU|hungary
IS|iceland
IN|india
ID|indonesia
IR|iran|iran (islamic republic of)|islamic republic of iran|iran, islamic republic of
IQ|iraq
IE|ireland
IM|isle of man
IL|israel
IT|italy
JM|jamaica
JP|japan
JE|jersey
JO|jordan
KZ|kazakhstan
KE|kenya
KI|kiribati
KP|korea, north|north korea|democratic people's republic of korea|democratic peoples republic of korea|korea, democratic people's republic of|dprk
KR|korea, south|south korea|republic of korea|korea, republic of
XK|kosovo
KW|kuwait
KG|kyrgyzstan|kyrgyz republic
LA|laos|lao people's democratic republic|lao pdr
LV|latvia
LB|lebanon
LS|lesotho
LR|liberia
LY|libya|libyan arab jamahiriya
LI|liechtenstein
LT|lithuania
LU|luxembourg
MK|north macedonia|macedonia|macedonia, the former yugoslav republic of|the former yugoslav republic of macedonia
MG|madagascar
MW|malawi
MY|malaysia
MV|maldives
ML|mali
MT|malta
MH|marshall islands
MR|mauritania
MU|mauritius
MX|mexico
FM|micronesia|micronesia, federated states of
MD|moldova|republic of moldova|moldova, republic of
MC|monaco
MN|mongolia
ME|montenegro
MA|morocco
MZ|mozambique
NA|namibia
NR|nauru
NP|nepal
NL|netherlands|the netherlands
NZ|new zealand
NI|nicaragua
NE|niger
NG|nigeria
NO|norway
OM|oman
PK|pakistan
PW|palau
PS|palestinian|state of palestine|palestine|west bank|gaza|palestinian territories|occupied palestinian territory|possibly palestinian
PA|panama
PG|papua new guinea
PY|paraguay
PE|peru
PH|philippines
PL|poland
PT|portugal
QA|qatar
RO|romania
RU|russia|russian federation
RW|rwanda
KN|saint kitts and nevis|st kitts and nevis|st. kitts and nevis
LC|saint lucia
VC|saint vincent and the grenadines
WS|samoa
SM|san marino
ST|sao tome and principe
SA|saudi arabia
SN|senegal
RS|serbia
SC|seychelles
SL|sierra leone
SG|singapore
SK|slovakia
SI|slovenia
SB|solomon islands
SO|somalia
ZA|south africa
SS|south sudan
ES|spain
LK|sri lanka
SD|sudan
SR|suriname
SE|sweden
CH|switzerland
SY|syria|syrian arab republic
TJ|tajikistan
TZ|tanzania|united republic of tanzania|tanzania, united republic of
TH|thailand
TL|timor-leste|east timor
TG|togo
TO|tonga
TT|trinidad and tobago
TN|tunisia
TR|turkey|turkiye|türkiye
TM|turkmenistan
TC|turks and caicos islands
TV|tuvalu
UG|uganda
UA|ukraine
AE|united arab emirates|uae
GB|united kingdom|united kingdom of great britain and northern ireland|great britain|uk|england|scotland|wales|northern ireland
US|united states|united states of america|usa|u.s.a.
UY|uruguay
UZ|uzbekistan
VU|vanuatu
VE|venezuela|venezuela (bolivarian republic of)|bolivarian republic of venezuela
VN|vietnam|viet nam
YE|yemen
ZM|zambia
ZW|zimbabwe
AI|anguilla
AQ|antarctica
AS|american samoa
AX|aland islands
BL|saint barthelemy|st barthelemy|saint-barthelemy
BQ|caribbean netherlands|bonaire, sint eustatius and saba|bonaire|bes islands
BV|bouvet island
CC|cocos (keeling) islands|cocos islands|keeling islands
CK|cook islands
CX|christmas island
EH|western sahara
FK|falkland islands|falkland islands (malvinas)|malvinas
FO|faroe islands|faroes|faeroe islands
GF|french guiana
GL|greenland
GP|guadeloupe
GS|south georgia and the south sandwich islands|south georgia and south sandwich islands
GU|guam
HM|heard island and mcdonald islands|heard and mcdonald islands
IO|british indian ocean territory|chagos islands
MF|saint martin|saint martin (french part)|st martin
MP|northern mariana islands
MQ|martinique
MS|montserrat
NC|new caledonia
NF|norfolk island
NU|niue
PF|french polynesia
PM|saint pierre and miquelon|st pierre and miquelon
PN|pitcairn|pitcairn islands
PR|puerto rico
RE|reunion
SH|saint helena|saint helena, ascension and tristan da cunha|st helena
SJ|svalbard and jan mayen|svalbard
SX|sint maarten|sint maarten (dutch part)
TF|french southern territories|french southern and antarctic lands
TK|tokelau
UM|united states minor outlying islands|us outlying islands
VA|vatican|vatican city|holy see|holy see (vatican city state)
VI|us virgin islands|virgin islands, u.s.|united states virgin islands
WF|wallis and futuna
YT|mayotte
AN|netherlands antilles`

var (
	countryOnce   sync.Once
	countryByName map[string]string
	countryCodes  map[string]bool
)

func loadCountries() {
	countryByName = make(map[string]string, 400)
	countryCodes = make(map[string]bool, 250)
	for _, line := range strings.Split(countryTable, "\n") {
		parts := strings.Split(line, "|")
		code := parts[0]
		countryCodes[code] = true
		for _, n := range parts[1:] {
			countryByName[countryKey(n)] = code
		}
	}
}

// countryKey folds a country name for lookup: accents and case removed,
// punctuation other than commas and apostrophes collapsed to spaces.
func countryKey(s string) string {
	s = foldString(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == ',', r == '\'', r == '(', r == ')', r == '-':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '.':
		default:
			space = true
		}
	}
	return b.String()
}

// CountryCode maps a country name or ISO alpha-2 code as written on the
// lists ("Iran (Islamic Republic of)", "Korea, North", "ir") to its upper
// case ISO alpha-2 code. ok is false when the text is not recognised.
func CountryCode(s string) (code string, ok bool) {
	countryOnce.Do(loadCountries)
	t := strings.TrimSpace(s)
	if len(t) == 2 {
		u := strings.ToUpper(t)
		if countryCodes[u] {
			return u, true
		}
	}
	k := countryKey(t)
	if c, ok := countryByName[k]; ok {
		return c, true
	}
	// "Region: Crimea" and similar are kept raw; "Hong Kong, China" etc. are in the table.
	return "", false
}

// normCountry returns the ISO code for s, or s trimmed when it is not mappable.
func normCountry(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := CountryCode(s); ok {
		return c
	}
	return s
}

// addCountry appends the normalised country to cs unless empty, "na" or already present.
func addCountry(cs []string, raw string) []string {
	c := normCountry(raw)
	if c == "" || strings.EqualFold(c, "na") || strings.EqualFold(c, "undetermined") || strings.EqualFold(c, "unknown") {
		return cs
	}
	return appendUnique(cs, c)
}

func appendUnique(xs []string, s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return xs
	}
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}
