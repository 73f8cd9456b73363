package refdata

import "strings"

// CountryInfo is everything the tables say about one country, for
// `credence refdata country` and the Settings card.
type CountryInfo struct {
	Code       string `json:"code"`
	NameEN     string `json:"name_en"`
	NameZH     string `json:"name_zh"`
	OECD       string `json:"oecd"` // "0"–"7", "HI" (not classified: high-income) or "" (not in the list)
	OECDText   string `json:"oecd_text"`
	OECDNote   string `json:"oecd_note,omitempty"`
	OECDDate   string `json:"oecd_date"`
	OECDOrigin string `json:"oecd_origin"`
	FATF       string `json:"fatf"` // FATFBlack, FATFGrey or ""
	FATFText   string `json:"fatf_text"`
	FATFDate   string `json:"fatf_date"`
	FATFOrigin string `json:"fatf_origin"`
	NamesFrom  string `json:"names_source"`
}

// Country looks a country up by ISO code or by name; ok is false when
// neither is known.
func (s *Set) Country(codeOrName string) (CountryInfo, bool) {
	cc := strings.ToUpper(strings.TrimSpace(codeOrName))
	if len(cc) != 2 {
		cc = s.Countries.CodeOf(codeOrName)
	}
	n, ok := s.Countries.Get(cc)
	if !ok {
		return CountryInfo{}, false
	}
	v := CountryInfo{Code: cc, NameEN: n.EN, NameZH: n.ZH,
		OECDDate: s.OECD.Meta.Date, OECDOrigin: s.OECD.Meta.Origin,
		FATFDate: s.FATF.Meta.Date, FATFOrigin: s.FATF.Meta.Origin, NamesFrom: s.Countries.Meta.Source}
	if c, ok := s.OECD.Lookup(cc); ok {
		v.OECD, v.OECDText, v.OECDNote = c.String(), c.Describe(), c.Note
	} else {
		v.OECDText = "not in the OECD list (not classified)"
	}
	switch v.FATF = s.FATF.Status(cc); v.FATF {
	case FATFBlack:
		v.FATFText = "high-risk jurisdiction subject to a call for action (black list)"
	case FATFGrey:
		v.FATFText = "jurisdiction under increased monitoring (grey list)"
	default:
		v.FATFText = "not listed"
	}
	return v, true
}
