package contactcheck

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

var (
	namesEN = display.English.Regions()
	namesZH = display.Regions(language.SimplifiedChinese)
)

// countryEN names a region as "China (CN)"; codes it cannot name (e.g.
// "001", non-geographic numbers) are described as such.
func countryEN(cc string) string {
	if cc == "001" || cc == "" || cc == "ZZ" {
		return "no country (a non-geographic number)"
	}
	if r, err := language.ParseRegion(cc); err == nil {
		if n := namesEN.Name(r); n != "" {
			return fmt.Sprintf("%s (%s)", n, cc)
		}
	}
	return cc
}

func countryZH(cc string) string {
	if cc == "001" || cc == "" || cc == "ZZ" {
		return "非地理号码（不属于任何国家）"
	}
	if r, err := language.ParseRegion(cc); err == nil {
		if n := namesZH.Name(r); n != "" {
			return fmt.Sprintf("%s（%s）", n, cc)
		}
	}
	return cc
}
