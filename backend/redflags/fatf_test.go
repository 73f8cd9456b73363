package redflags

import (
	"strings"
	"testing"
)

// FATF statements of the February 2026 plenary (Kuwait and Papua New
// Guinea added to increased monitoring) and of the June 2026 plenary
// (Bosnia and Herzegovina and Iraq added, Algeria and Namibia removed).
func TestFATFFlagsFollowLatestPlenary(t *testing.T) {
	for _, c := range []struct {
		country string
		flagged bool
		black   bool
	}{
		{"Kuwait", true, false}, {"PG", true, false}, {"IQ", true, false}, {"BA", true, false},
		{"DZ", false, false}, {"Namibia", false, false}, {"KP", true, true}, {"DE", false, false},
	} {
		f, ok := countryFlag("country", c.country)
		if ok != c.flagged {
			t.Errorf("%s: flagged %v, want %v", c.country, ok, c.flagged)
			continue
		}
		if !ok {
			continue
		}
		if !strings.Contains(f.EN, "2026-06-19") || !strings.Contains(f.ZH, "2026-06-19") {
			t.Errorf("%s: the flag does not date the lists: %s", c.country, f.EN)
		}
		if strings.Contains(f.EN, "call for action") != c.black {
			t.Errorf("%s: wrong list: %s", c.country, f.EN)
		}
	}
}
