package sanctions

import (
	"testing"

	"credence/backend/refdata"
)

// Every ISO 3166-1 code CLDR names (refdata table countries) is known to
// the sanctions country table, by code and by its English name.
func TestCountryTableCoversISO3166(t *testing.T) {
	names := refdata.Builtin().Countries
	for _, code := range names.Codes() {
		if got, ok := CountryCode(code); !ok || got != code {
			t.Errorf("code %s unknown", code)
		}
	}
	for name, want := range map[string]string{"Réunion": "RE", "Holy See": "VA", "Puerto Rico": "PR", "Åland Islands": "AX", "Faroe Islands": "FO"} {
		if got, ok := CountryCode(name); !ok || got != want {
			t.Errorf("%s = %q, want %s", name, got, want)
		}
	}
}
