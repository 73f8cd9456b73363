package assess

import (
	"os"
	"strings"
	"testing"
	"time"

	"credence/backend/refdata"
)

// An imported OECD list replaces the built-in one, and the firm's own
// overrides stay on top of both.
func TestImportedOECDListUnderFirmOverrides(t *testing.T) {
	t.Cleanup(func() { refdata.Use(nil) })
	ws := t.TempDir()
	data, err := os.ReadFile("../refdata/testdata/oecd_2026-06.txt") // VN 4 → 3, valid as of 27 June 2026
	if err != nil {
		t.Fatal(err)
	}
	if _, err := refdata.Import(ws, refdata.TableOECD, data, time.Now()); err != nil {
		t.Fatal(err)
	}
	p := DefaultPolicy()
	if got, _ := CountryRisk("VN", p); got != 4 {
		t.Fatalf("before use: VN %d", got)
	}
	if err := refdata.UseWorkspace(ws); err != nil {
		t.Fatal(err)
	}
	if got, _ := CountryRisk("VN", p); got != 3 || CountryRiskDate() != "2026-06-27" {
		t.Errorf("imported: VN %d, date %s", got, CountryRiskDate())
	}
	en, zh := oecdSentence("VN", 3)
	if !strings.Contains(en, "OECD classification of 2026-06-27") || !strings.Contains(zh, "2026-06-27") {
		t.Errorf("sentence: %s / %s", en, zh)
	}
	p.CountryOverrides, p.CountryOverridesDate = map[string]int{"VN": 6}, "2026-07-01"
	if got, _ := CountryRisk("VN", p); got != 6 {
		t.Errorf("the firm's override must win over an imported list: %d", got)
	}
	if en, _ := oecdNote("VN"); en != "OECD classification of 2026-06-27: category 3" {
		t.Errorf("note: %s", en)
	}
	if en, _ := oecdSentence("DE", 0); strings.Contains(en, "category 0") || !strings.Contains(en, "not classified (high-income)") {
		t.Errorf("DE: %s", en)
	}
}
