package contactcheck

import (
	"fmt"

	"credence/backend/refdata"
)

// Country names come from the current CLDR (refdata table countries), not
// from golang.org/x/text, whose CLDR is from 2017 (马其顿, Swaziland).

// countryEN names a region as "China (CN)"; codes it cannot name (e.g.
// "001", non-geographic numbers) are described as such.
func countryEN(cc string) string {
	if cc == "001" || cc == "" || cc == "ZZ" {
		return "no country (a non-geographic number)"
	}
	if n, ok := refdata.Current().Countries.Get(cc); ok {
		return fmt.Sprintf("%s (%s)", n.EN, cc)
	}
	return cc
}

func countryZH(cc string) string {
	if cc == "001" || cc == "" || cc == "ZZ" {
		return "非地理号码（不属于任何国家）"
	}
	if n, ok := refdata.Current().Countries.Get(cc); ok {
		return fmt.Sprintf("%s（%s）", n.ZH, cc)
	}
	return cc
}
