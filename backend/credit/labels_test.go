package credit

import (
	"fmt"
	"strings"
	"testing"

	"credence/backend/assess"
	"credence/backend/errs"
)

// The names the screens get are the names the assessment writes: compare
// two assessments that differ only in their terms, and read assess's own
// spelling back from the difference.
func TestTermsLabelIsTheAssessmentsName(t *testing.T) {
	terms := []assess.Terms{
		{Code: assess.TermLCSight}, {Code: assess.TermTTAdvance}, {Code: assess.TermDepositBL, DepositPct: 30},
		{Code: assess.TermDP}, {Code: assess.TermDA, Days: 45}, {Code: assess.TermOA, Days: 60}, {Code: assess.TermDecline},
	}
	if len(terms) != len(assess.TermCodes) {
		t.Fatalf("the test covers %d codes, assess knows %d", len(terms), len(assess.TermCodes))
	}
	other := assess.Terms{Code: assess.TermOA, Days: 999}
	for _, x := range terms {
		t.Run(x.Code, func(t *testing.T) {
			diffs := assess.Compare(assess.Assessment{Terms: other}, assess.Assessment{Terms: x})
			var d *assess.Difference
			for i := range diffs {
				if diffs[i].Kind == "terms" {
					d = &diffs[i]
				}
			}
			if d == nil {
				t.Fatalf("no terms difference in %+v", diffs)
			}
			got := TermsLabel(x)
			if d.To != got.EN {
				t.Errorf("EN: assess says %q, TermsLabel %q", d.To, got.EN)
			}
			if !strings.HasSuffix(d.ZH, " → "+got.ZH+"。") {
				t.Errorf("ZH: assess says %q, TermsLabel %q", d.ZH, got.ZH)
			}
		})
	}
}

func TestTermsLabelFillsAndFallsBack(t *testing.T) {
	for _, tc := range []struct {
		in     assess.Terms
		en, zh string
	}{
		{assess.Terms{Code: assess.TermOA, Days: 90}, "O/A 90 days", "赊销（O/A）90天"},
		{assess.Terms{Code: assess.TermDepositBL, DepositPct: 20}, "20% deposit, balance against B/L copy", "20%定金，余款凭提单副本支付"},
		{assess.Terms{Code: assess.TermOA}, "O/A", "赊销（O/A）"}, // days not typed yet: no "0 days"
		{assess.Terms{Code: "cash"}, "CASH", "cash"},
	} {
		got := TermsLabel(tc.in)
		if got.EN != tc.en || got.ZH != tc.zh {
			t.Errorf("%+v: %+v, want %q / %q", tc.in, got, tc.en, tc.zh)
		}
	}
	names := TermNames()
	for _, c := range assess.TermCodes {
		if names[c].EN == "" || names[c].ZH == "" || names[c].Bare.EN == "" || names[c].Bare.ZH == "" {
			t.Errorf("%s has no name: %+v", c, names[c])
		}
	}
}

// The category range the settings form offers is the one Validate keeps.
func TestCountryCategoryRangeIsTheValidatorsRange(t *testing.T) {
	for cat := MinCountryCategory - 1; cat <= MaxCountryCategory+1; cat++ {
		p := assess.DefaultPolicy()
		p.CountryCeilings = []assess.CountryCeiling{{FromCategory: cat, Ceiling: assess.Ceiling{Terms: assess.Terms{Code: assess.TermTTAdvance}}}}
		err := p.Validate()
		inside := cat >= MinCountryCategory && cat <= MaxCountryCategory
		if inside != (err == nil) {
			t.Errorf("category %d: validate says %v, range says inside=%v", cat, err, inside)
		}
	}
}

func TestOverrideCategoryRangeIsTheValidatorsRange(t *testing.T) {
	for cat := MinOverrideCategory - 1; cat <= MaxOverrideCategory+1; cat++ {
		p := assess.DefaultPolicy()
		p.CountryOverrides, p.CountryOverridesDate = map[string]int{"VN": cat}, "2026-03-01"
		err := p.Validate()
		inside := cat >= MinOverrideCategory && cat <= MaxOverrideCategory
		if inside != (err == nil) {
			t.Errorf("override category %d: validate says %v, range says inside=%v", cat, err, inside)
		}
	}
}

// MayDecide answers as Decide does, for every person and both answers, on
// a real workspace: a decider, a salesperson, the proposer themself with
// and without a single approver.
func TestMayDecideAgreesWithDecide(t *testing.T) {
	for _, single := range []bool{false, true} {
		for _, who := range []string{"Admin Ann", "Maria Manager", "Sam Sales"} {
			for _, approve := range []bool{true, false} {
				name := fmt.Sprintf("single=%v/%s/approve=%v", single, who, approve)
				t.Run(name, func(t *testing.T) {
					s, st := mustService(t)
					if single {
						p, err := s.Policy()
						if err != nil {
							t.Fatal(err)
						}
						p.SingleApprover = true
						if _, err := s.as("Admin Ann").SavePolicy(p, "Admin Ann"); err != nil {
							t.Fatal(err)
						}
					}
					d := mustCreate(t, st, solidEuropean())
					snap, err := s.as("Maria Manager").Assess(d.ID, "Maria Manager", testNow)
					if err != nil {
						t.Fatal(err)
					}
					// Maria proposes: she is the one who may not approve her own.
					p, err := s.Propose(d.ID, snap.ID, 1000, "USD", assess.Terms{Code: assess.TermTTAdvance}, "", "Maria Manager")
					if err != nil {
						t.Fatal(err)
					}
					me, err := s.as(who).Me()
					if err != nil {
						t.Fatal(err)
					}
					right := MayDecide(me, p, single)
					allowed := right.Reject
					if approve {
						allowed = right.Approve
					}
					_, err = s.Decide(p.ID, approve, "checked", who)
					if allowed != (err == nil) {
						t.Fatalf("MayDecide %+v, Decide: %v", right, err)
					}
					if err != nil && errs.Code(err) != errs.Unauthorized {
						t.Fatalf("refused for another reason than the person: %v", err)
					}
					if !allowed && right.Why == "" {
						t.Fatalf("refused without a reason: %+v", right)
					}
					if err == nil {
						decided, err := s.Proposals(d.ID)
						if err != nil || len(decided) != 1 {
							t.Fatal(decided, err)
						}
						if r := MayDecide(me, decided[0], single); r.Approve || r.Reject || r.Why != "judge.decided" {
							t.Fatalf("a decided proposal: %+v", r)
						}
					}
				})
			}
		}
	}
}
