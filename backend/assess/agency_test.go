package assess

import (
	"strings"
	"testing"

	"credence/backend/dossier"
)

func TestRatingsAsAgenciesMeanThem(t *testing.T) {
	for _, c := range []struct {
		rating string
		sign   int // +1 earns points, -1 costs, 0 unread
		scale  string
	}{
		{"5A1", 1, "credit appraisal"}, {"BA4", -1, "credit appraisal"},
		{"BBB+", 1, "AAA (strongest)"}, {"BB-", -1, "AAA (strongest)"}, {"AA", 1, "AAA (strongest)"}, {"D", -1, "A (lowest risk) to E"},
		{"Baa1", 1, "Moody's"}, {"Ba2", -1, "Moody's"}, {"Caa3", -1, "Moody's"},
		{"A", 1, "A (lowest risk) to E"}, {"E", -1, "A (lowest risk) to E"},
		{"excellent", 0, "not a scale"},
	} {
		pts, en, _ := ratingPoints("X", c.rating)
		got := 0
		switch {
		case pts > 0:
			got = 1
		case pts < 0:
			got = -1
		}
		if got != c.sign || !strings.Contains(en, c.scale) {
			t.Errorf("%s: %+.0f %q, want sign %d and %q", c.rating, pts, en, c.sign, c.scale)
		}
	}
}

func TestAgencyScales(t *testing.T) {
	score := func(reports ...dossier.CreditReport) float64 {
		in := thinNoEvidence()
		in.Dossier.CreditReports = reports
		a := Assess(in, DefaultPolicy())
		for _, f := range a.Dimensions[2].Factors {
			if f.Code == "agency_score" {
				return f.Points
			}
		}
		t.Fatalf("no agency score factor: %+v", a.Dimensions[2].Factors)
		return 0
	}
	// Lower is better: 20 on a 0–100 risk scale is a good report.
	if p := score(dossier.CreditReport{Agency: "Creditreform", Date: "2026-01-10", Score: 20, ScaleMin: 0, ScaleMax: 100, ScaleInverted: true}); p <= 0 {
		t.Errorf("a low risk index reads as bad: %+.1f", p)
	}
	// PAYDEX 80 means paying on time: good; 40 means paying very late.
	if p := score(dossier.CreditReport{Agency: "D&B PAYDEX", Date: "2026-01-10", Score: 80, ScaleMin: 1, ScaleMax: 100}); p <= 0 {
		t.Errorf("PAYDEX 80: %+.1f", p)
	}
	if p := score(dossier.CreditReport{Agency: "D&B PAYDEX", Date: "2026-01-10", Score: 40, ScaleMin: 1, ScaleMax: 100}); p >= -5 {
		t.Errorf("PAYDEX 40: %+.1f", p)
	}
	// Two reports: the recent one weighs more.
	old := dossier.CreditReport{Agency: "Old", Date: "2023-03-01", Score: 90, ScaleMin: 0, ScaleMax: 100}
	fresh := dossier.CreditReport{Agency: "Fresh", Date: "2026-03-01", Score: 30, ScaleMin: 0, ScaleMax: 100}
	if p := score(old, fresh); p >= 0 {
		t.Errorf("an old good report outweighs a fresh bad one: %+.1f", p)
	}
	if both, alone := score(old, fresh), score(fresh); both <= alone {
		t.Errorf("the old good report counts for nothing: %+.1f vs %+.1f", both, alone)
	}
}

// An amount in another currency is converted at the firm's dated rate,
// and the explanation names the rate; without a rate it is skipped.
func TestLimitConvertedAtTheFirmsRate(t *testing.T) {
	in := solidEuropean()
	in.Dossier.InsuranceLimits[1].Currency = "EUR"
	p := DefaultPolicy()
	p.FXRates = []FXRate{{Currency: "EUR", Rate: 1.05, Date: "2025-01-02"}, {Currency: "EUR", Rate: 1.10, Date: "2026-03-02"}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	a := Assess(in, p)
	if a.Limit.BoundBy != BoundInsurance || a.Limit.Amount != 132000 {
		t.Errorf("120,000 EUR at 1.10: %+v", a.Limit)
	}
	if !containsAll(a.Limit.EN, "1 EUR = 1.1 USD", "rate of 2026-03-02") {
		t.Errorf("the explanation does not name the rate: %s", a.Limit.EN)
	}
	p.FXRates = []FXRate{{Currency: "EUR", Rate: 0, Date: "2026-03-02"}}
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "fx_rates") {
		t.Errorf("a zero rate passed: %v", err)
	}
}

// "Checked, nothing found" is not "not checked".
func TestLegalChecks(t *testing.T) {
	factor := func(in Inputs, code string) (Factor, bool) {
		for _, f := range Assess(in, DefaultPolicy()).Dimensions[2].Factors {
			if f.Code == code {
				return f, true
			}
		}
		return Factor{}, false
	}
	in := solidEuropean()
	if f, ok := factor(in, "litigation_not_checked"); !ok || f.Points != 0 || !strings.Contains(f.EN, "proves nothing") {
		t.Errorf("no search on file: %+v %v", f, ok)
	}
	in.LegalChecks = []LegalCheck{{Kind: CheckLitigation, Date: "2026-03-01", Source: "Amtsgericht Bremen"}, {Kind: CheckBankruptcy, Date: "2026-03-01", Source: "insolvenzbekanntmachungen.de"}}
	checked := Assess(in, DefaultPolicy())
	if f, ok := factor(in, "litigation_checked"); !ok || f.Points <= 0 || !strings.Contains(f.EN, "Amtsgericht Bremen") {
		t.Errorf("searched, nothing found: %+v %v", f, ok)
	}
	if _, ok := factor(in, "bankruptcy_not_checked"); ok {
		t.Error("bankruptcy searched but reported not checked")
	}
	if checked.Score <= Assess(solidEuropean(), DefaultPolicy()).Score {
		t.Error("a search that found nothing counts for nothing")
	}
	// A search a year and more ago asks for a new one.
	in.LegalChecks[0].Date = "2024-01-10"
	if _, ok := factor(in, "litigation_check_old"); !ok {
		t.Error("an old search is not flagged")
	}
	// With a lawsuit on file, the records speak.
	in.Dossier.LegalRecords = []dossier.LegalRecord{{ID: "x", Kind: "litigation", Status: "open", Role: "defendant"}}
	if _, ok := factor(in, "litigation_checked"); ok {
		t.Error("a lawsuit on file and 'nothing found'")
	}
}
