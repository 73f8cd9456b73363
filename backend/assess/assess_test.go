package assess

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares v, as indented JSON, with testdata/golden/<name>.json,
// or rewrites the file with -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./backend/assess -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./backend/assess -update and review the diff.\ngot:\n%s", path, got)
	}
}

// The expectations are reasoned from the profile, not read off the output:
// each case says why it must get that grade, limit and terms.
func TestProfiles(t *testing.T) {
	type want struct {
		grades    []string // any of these
		terms     []string // any of these codes
		days      int      // for oa/da, 0 = don't care
		limit     float64  // exact
		boundBy   string
		maxCompl  float64 // completeness must be below this (0 = no check)
		minCompl  float64
		overrides []string // override codes that must be present and effective (from != to)
	}
	cases := []struct {
		name string
		in   Inputs
		want want
	}{
		// Registry-verified, good D&B, insured, three years of punctual payment:
		// the best grade and open account. The limit is the smallest ceiling:
		// Allianz Trade insures 120,000, below D&B's 150,000, 25% of 900,000
		// expected purchases (225,000) and the grade cap; the expired Sinosure
		// limit does not count.
		{"solid_eu_distributor", solidEuropean(), want{grades: []string{"A", "B"}, terms: []string{TermOA}, limit: 120000, boundBy: BoundInsurance, minCompl: 90}},
		// Only its own word and a Gmail address: we do not know who this is.
		// Low completeness; no credit; money before shipment.
		{"middle_east_gmail", middleEastGmail(), want{grades: []string{"D", "E"}, terms: []string{TermTTAdvance}, limit: 0, boundBy: BoundZeroGrade, maxCompl: 40}},
		// A private buyer with identity and a good consumer score confirmed by
		// a credit check: scores like a B, but a consumer has no accounts or
		// registry record behind the promise, so policy holds B2C at C: a
		// deposit, the balance before the B/L is released, and a limit of a
		// quarter of the 24,000 a year he expects to buy.
		{"b2c_private_buyer", b2cBuyer(), want{grades: []string{"C"}, terms: []string{TermTTAdvance}, limit: 0, boundBy: BoundGate + GateConsumer, overrides: []string{CodeSegmentCap}}},
		// Before: a punctual long-standing customer with a middling credit file:
		// B, open account 30 days, limit bound by Sinosure's 100,000.
		{"slipping_before", slipping(false), want{grades: []string{"A", "B"}, terms: []string{TermOA}, limit: 100000, boundBy: BoundAgency}},
		// After: 40% of the exposure overdue, an invoice 75 days late, paying
		// 18 days later than before. Payments weigh most for an existing
		// South-East Asian customer, so the grade falls to where no credit is
		// given until the arrears are cleared.
		{"slipping_after", slipping(true), want{grades: []string{"C", "D"}, terms: []string{TermDepositBL, TermTTAdvance}, limit: 0, boundBy: BoundZeroGrade}},
		// A confirmed sanctions match declines whatever the score.
		{"sanctions_confirmed", sanctioned(), want{grades: []string{"E"}, terms: []string{TermDecline}, limit: 0, boundBy: BoundZeroGrade, overrides: []string{FlagSanctionsConfirmed}}},
		// A strong file but a company number that fails its check: at most C,
		// so deposit terms and the C cap of 50,000 (below Atradius's 75,000).
		{"identifier_check_digit", badCheckDigit(), want{grades: []string{"C"}, terms: []string{TermDepositBL}, limit: 50000, boundBy: BoundPolicyCap, overrides: []string{FlagIdentifierCheckDigit}}},
		// Good customer, but Nigeria is OECD category 6: the grade would give
		// open account, the policy asks for an L/C at sight instead.
		{"nigeria_lc", nigeriaStrong(), want{grades: []string{"A", "B"}, terms: []string{TermLCSight}}},
	}
	p := DefaultPolicy()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Assess(c.in, p)
			t.Logf("%s: grade %s score %.1f completeness %.1f limit %.0f (%s) terms %s", c.name, a.Grade, a.Score, a.Completeness, a.Limit.Amount, a.Limit.BoundBy, termName(a.Terms))
			if !slices.Contains(c.want.grades, a.Grade) {
				t.Errorf("grade %s, want one of %v", a.Grade, c.want.grades)
			}
			if !slices.Contains(c.want.terms, a.Terms.Code) {
				t.Errorf("terms %s, want one of %v", a.Terms.Code, c.want.terms)
			}
			if c.want.boundBy != "" && (a.Limit.Amount != c.want.limit || a.Limit.BoundBy != c.want.boundBy) {
				t.Errorf("limit %.0f bound by %s, want %.0f bound by %s", a.Limit.Amount, a.Limit.BoundBy, c.want.limit, c.want.boundBy)
			}
			if c.want.maxCompl > 0 && a.Completeness >= c.want.maxCompl {
				t.Errorf("completeness %.1f, want below %.0f", a.Completeness, c.want.maxCompl)
			}
			if a.Completeness < c.want.minCompl {
				t.Errorf("completeness %.1f, want at least %.0f", a.Completeness, c.want.minCompl)
			}
			for _, code := range c.want.overrides {
				if !slices.ContainsFunc(a.Overrides, func(o Override) bool { return o.Code == code && o.FromGrade != o.ToGrade }) {
					t.Errorf("no effective override %s in %+v", code, a.Overrides)
				}
			}
			checkExplained(t, a)
			golden(t, c.name, a)
		})
	}
}

// checkExplained: every factor and override speaks both languages, the
// factors add up to each dimension's score, and weights sum to one.
func checkExplained(t *testing.T, a Assessment) {
	t.Helper()
	if len(a.Dimensions) != len(DimensionKeys) {
		t.Fatalf("%d dimensions, want %d", len(a.Dimensions), len(DimensionKeys))
	}
	wsum := 0.0
	for i, d := range a.Dimensions {
		if d.Key != DimensionKeys[i] {
			t.Errorf("dimension %d is %s, want %s", i, d.Key, DimensionKeys[i])
		}
		sum := 0.0
		for _, f := range d.Factors {
			sum += f.Points
			if f.EN == "" || f.ZH == "" {
				t.Errorf("%s.%s lacks a sentence in EN or ZH", d.Key, f.Code)
			}
		}
		if !d.Missing && round(sum, 1) != d.Score {
			t.Errorf("%s: factors add up to %.1f, score is %.1f", d.Key, sum, d.Score)
		}
		if d.Score < 0 || d.Score > 100 {
			t.Errorf("%s: score %.1f outside 0–100", d.Key, d.Score)
		}
		if d.Missing && d.Weight != 0 && d.Key != DimCredit {
			t.Errorf("%s is missing but weighs %g", d.Key, d.Weight)
		}
		if d.Missing && d.Key == DimCredit && (d.Score != unknownCreditScore || d.Weight == 0) {
			t.Errorf("unknown credit standing scores %.1f with weight %g: unknown must not be neutral", d.Score, d.Weight)
		}
		wsum += d.Weight
	}
	if wsum < 0.99 || wsum > 1.01 {
		t.Errorf("weights sum to %g", wsum)
	}
	for _, o := range a.Overrides {
		if o.EN == "" || o.ZH == "" {
			t.Errorf("override %s lacks a sentence", o.Code)
		}
	}
	for _, s := range []string{a.Limit.EN, a.Limit.ZH, a.Terms.EN, a.Terms.ZH} {
		if s == "" {
			t.Error("limit or terms lack an explanation")
		}
	}
}

func TestSlippingCompare(t *testing.T) {
	p := DefaultPolicy()
	before, after := Assess(slipping(false), p), Assess(slipping(true), p)
	diffs := Compare(before, after)
	kinds := map[string]bool{}
	for _, d := range diffs {
		kinds[d.Kind] = true
		if d.EN == "" || d.ZH == "" {
			t.Errorf("difference %s %s lacks a sentence", d.Kind, d.Key)
		}
	}
	for _, k := range []string{"grade", "score", "limit", "terms", "dimension", "factor_added", "factor_changed"} {
		if !kinds[k] {
			t.Errorf("no %s difference in %+v", k, diffs)
		}
	}
	if diffs[0].Kind != "grade" {
		t.Errorf("the grade change should come first, got %s", diffs[0].Kind)
	}
	if gradeIndex(after.Grade) <= gradeIndex(before.Grade) {
		t.Errorf("grade went %s → %s, want it to fall", before.Grade, after.Grade)
	}
	if len(Compare(after, after)) != 0 {
		t.Errorf("an assessment compared with itself shows differences")
	}
	golden(t, "slipping_compare", diffs)
}

func TestCompareFlags(t *testing.T) {
	p := DefaultPolicy()
	in := badCheckDigit()
	flagged := Assess(in, p)
	in.RedFlags = nil
	clean := Assess(in, p)
	diffs := Compare(clean, flagged)
	var added, override bool
	for _, d := range diffs {
		added = added || (d.Kind == "flag_added" && d.Key == FlagIdentifierCheckDigit)
		override = override || (d.Kind == "override_added" && d.Key == FlagIdentifierCheckDigit)
	}
	if !added || !override {
		t.Errorf("flag and override should show as added: %+v", diffs)
	}
	back := Compare(flagged, clean)
	if !slices.ContainsFunc(back, func(d Difference) bool { return d.Kind == "flag_removed" }) {
		t.Errorf("flag should show as removed: %+v", back)
	}
}
