package assess

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"credence/backend/dossier"
)

// worsenings each make one input worse for the buyer: the bad evidence of
// badInputs, plus a riskier country, a consumer instead of a company, an
// undecided sanctions hit, a front company seen on a visit, a weaker
// agency score, a lower insurer limit, a duller inquiry.
var worsenings = func() []struct {
	name string
	fn   func(*Inputs, *Policy)
} {
	var out []struct {
		name string
		fn   func(*Inputs, *Policy)
	}
	for _, b := range badInputs {
		out = append(out, struct {
			name string
			fn   func(*Inputs, *Policy)
		}{b.name, func(in *Inputs, _ *Policy) {
			old := in.FieldVisit
			b.fn(in)
			in.FieldVisit = mergeVisits(old, in.FieldVisit)
		}})
	}
	more := []struct {
		name string
		fn   func(*Inputs, *Policy)
	}{
		{"country two categories riskier", func(in *Inputs, p *Policy) {
			cc := in.Dossier.Country.Value
			cat, ok := CountryRisk(cc, *p)
			if !ok || cc == p.HomeCountry {
				return
			}
			if p.CountryOverrides == nil {
				p.CountryOverrides = map[string]int{}
			}
			p.CountryOverrides[cc], p.CountryOverridesDate = min(cat+2, 7), "2026-03-01"
		}},
		{segmentChange, func(in *Inputs, _ *Policy) { in.Dossier.Segment = "b2c" }},
		{"undecided sanctions hit", func(in *Inputs, _ *Policy) {
			in.RedFlags = append(in.RedFlags, RedFlag{Code: "sanctions_hit", Severity: SeverityHold, Source: "screening", EN: "x", ZH: "x"})
		}},
		{"front company on the visit", func(in *Inputs, _ *Policy) {
			v := VisitSummary{Score: 40, Date: "2026-03-02", Answers: map[string]string{"signage_name": "fail", "premises_tenure": "shared", "staff_match": "far_fewer"},
				Findings: []VisitFinding{{ItemID: "signage_name", LabelEN: "Signage shows the registered company name", Value: "fail", Note: "sign of Acme Logistics"}}}
			in.FieldVisit = mergeVisits(in.FieldVisit, &v)
		}},
		{"agency scores lower", func(in *Inputs, _ *Policy) {
			for i := range in.Dossier.CreditReports {
				r := &in.Dossier.CreditReports[i]
				if r.ScaleInverted {
					r.Score = min(r.Score+(r.ScaleMax-r.ScaleMin)/3, r.ScaleMax)
				} else {
					r.Score = max(r.Score-(r.ScaleMax-r.ScaleMin)/3, r.ScaleMin)
				}
			}
		}},
		{"insurer halves its limits", func(in *Inputs, _ *Policy) {
			for i := range in.Dossier.InsuranceLimits {
				in.Dossier.InsuranceLimits[i].Amount /= 2
			}
		}},
		{"the inquiry names nothing", func(in *Inputs, _ *Policy) {
			s := &in.Dossier.Soft
			if s.NamesSpecs || s.NamesQuantity || s.NamesDelivery || s.NamesPayment || s.ResponseHours > 0 || len(s.DecisionRoles) > 0 {
				s.NamesSpecs, s.NamesQuantity, s.NamesDelivery, s.NamesPayment, s.TechConfirmation = false, false, false, false, false
			}
		}},
	}
	return append(out, more...)
}()

// mergeVisits is what a visit that found both old's and new's problems
// looks like: the lower score, every failed check, every answer.
func mergeVisits(old, new *VisitSummary) *VisitSummary {
	if old == nil || new == nil || old == new {
		return new
	}
	findings := func(v *VisitSummary) []VisitFinding {
		out := slices.Clone(v.Findings)
		if len(out) == 0 {
			for _, f := range v.FailedRequired {
				out = append(out, VisitFinding{ItemID: f, LabelEN: f, Value: "fail"})
			}
		}
		return out
	}
	m := &VisitSummary{Score: min(old.Score, new.Score), Date: new.Date, Answers: map[string]string{}}
	seen := map[string]bool{}
	for _, f := range append(findings(old), findings(new)...) {
		if !seen[f.ItemID] {
			seen[f.ItemID] = true
			m.Findings = append(m.Findings, f)
		}
	}
	for k, v := range old.Answers {
		m.Answers[k] = v
	}
	for k, v := range new.Answers {
		m.Answers[k] = v
	}
	return m
}

// segmentChange names the worsening that changes the weight profile: a
// consumer is judged on other dimensions (seed 000), so the grade may move
// either way; what the consumer ceiling guarantees is terms and limit.
const segmentChange = "a consumer"

// gradeRank orders outcomes from best to worst; on hold sits between D
// and E: nothing is granted, but nothing is declined yet.
func gradeRank(a Assessment) float64 {
	if a.Status == StatusOnHold {
		return float64(gradeIndex("D")) + 0.5
	}
	return float64(gradeIndex(a.Grade))
}

func apply(make func() Inputs, set []int) (Inputs, Policy) {
	in, p := make(), DefaultPolicy()
	for _, i := range set {
		worsenings[i].fn(&in, &p)
	}
	return in, p
}

// Making any input worse, from any starting point reached by making others
// worse, never yields better terms, a higher limit or a better grade.
func TestWorseInputNeverBetterTerms(t *testing.T) {
	profiles := append(slices.Clone(allProfiles), struct {
		name string
		make func() Inputs
	}{"thin_no_evidence", thinNoEvidence})
	rng := rand.New(rand.NewPCG(7, 11))
	checked := 0
	for _, prof := range profiles {
		for range 60 {
			var set []int
			for i := range worsenings {
				if rng.IntN(4) == 0 {
					set = append(set, i)
				}
			}
			bin, bp := apply(prof.make, set)
			before := Assess(bin, bp)
			for i := range worsenings {
				if slices.Contains(set, i) {
					continue
				}
				ain, ap := apply(prof.make, append(slices.Clone(set), i))
				after := Assess(ain, ap)
				checked++
				where := fmt.Sprintf("%s after %s, then %s", prof.name, worseNames(set), worsenings[i].name)
				if gradeRank(after) < gradeRank(before) && worsenings[i].name != segmentChange {
					t.Errorf("%s: grade improved %s → %s", where, before.Grade, after.Grade)
				}
				if !TermsAtMost(after.Terms, before.Terms) {
					t.Errorf("%s: terms improved %s → %s", where, termName(before.Terms), termName(after.Terms))
				}
				if after.Limit.Amount > before.Limit.Amount {
					t.Errorf("%s: limit rose %.0f → %.0f", where, before.Limit.Amount, after.Limit.Amount)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d comparisons", checked)
	}
}

func worseNames(set []int) string {
	var out []string
	for _, i := range set {
		out = append(out, worsenings[i].name)
	}
	if len(out) == 0 {
		return "nothing"
	}
	return strings.Join(out, ", ")
}

// thinNoEvidence: a clean, detailed inquiry from a well-identified buyer,
// with no independent credit evidence at all (the second case).
func thinNoEvidence() Inputs {
	in := solidEuropean()
	d := in.Dossier
	d.CreditReports, d.Banks, d.References, d.InsuranceLimits, d.LegalRecords = nil, nil, nil, nil, nil
	d.Status = "new"
	in.Existing, in.Payment, in.Trade = false, nil, nil
	return in
}

func TestGates(t *testing.T) {
	p := DefaultPolicy()
	gate := func(a Assessment, code string) *Gate {
		for i := range a.Gates {
			if a.Gates[i].Code == code {
				return &a.Gates[i]
			}
		}
		return nil
	}

	t.Run("undecided hit puts the buyer on hold", func(t *testing.T) {
		in := solidEuropean()
		in.RedFlags = append(in.RedFlags, RedFlag{Code: "sanctions_hit", Severity: SeverityHold, Source: "screening", EN: "possible match", ZH: "疑似命中"})
		a := Assess(in, p)
		if a.Status != StatusOnHold || a.Grade != "" {
			t.Fatalf("status %s grade %q, want on hold with no grade", a.Status, a.Grade)
		}
		if a.Terms.Code != TermTTAdvance || a.Limit.Amount != 0 || a.Limit.BoundBy != BoundGate+GateOnHold {
			t.Errorf("terms %s limit %.0f (%s), want advance payment and no limit", a.Terms.Code, a.Limit.Amount, a.Limit.BoundBy)
		}
		if g := gate(a, GateOnHold); g == nil || !g.Applied || !strings.Contains(g.EN, "On hold: screening unresolved") {
			t.Errorf("hold gate %+v", g)
		}
		if a.NextReview != testNow.Format(dateLayout) {
			t.Errorf("next review %s, want today", a.NextReview)
		}
	})
	t.Run("a confirmed match still declines under a hold", func(t *testing.T) {
		in := solidEuropean()
		in.RedFlags = append(in.RedFlags,
			RedFlag{Code: "sanctions_hit", Severity: SeverityHold, Source: "screening", EN: "x", ZH: "x"},
			RedFlag{Code: FlagSanctionsConfirmed, Severity: SeverityDecline, Source: "screening", EN: "x", ZH: "x"})
		a := Assess(in, p)
		if a.Status != StatusDeclined || a.Grade != "E" || a.Terms.Code != TermDecline {
			t.Errorf("status %s grade %s terms %s", a.Status, a.Grade, a.Terms.Code)
		}
	})
	t.Run("no independent evidence: no open account, small limit, named", func(t *testing.T) {
		a := Assess(thinNoEvidence(), p)
		g := gate(a, GateNoEvidence)
		if g == nil || !g.Applied {
			t.Fatalf("no-evidence gate %+v", g)
		}
		for _, want := range []string{"agency report", "bank reference", "trade reference", "credit-insurance limit", "payment history"} {
			if !strings.Contains(g.EN, want) {
				t.Errorf("explanation %q does not name %s", g.EN, want)
			}
		}
		if a.Terms.Code == TermOA || a.Terms.Code == TermDA || a.Limit.Amount > *p.NoEvidence.MaxLimit {
			t.Errorf("terms %s limit %.0f", a.Terms.Code, a.Limit.Amount)
		}
		// One prompt trade reference lifts the gate.
		in := thinNoEvidence()
		in.Dossier.References = []dossier.Reference{{ID: "f", Who: "Ningbo Tools", Payment: "prompt"}}
		if b := Assess(in, p); gate(b, GateNoEvidence) != nil {
			t.Errorf("a prompt reference should lift the gate: %+v", b.Gates)
		}
		// A reference reporting default does not.
		in.Dossier.References[0].Payment = "default"
		if b := Assess(in, p); gate(b, GateNoEvidence) == nil || !strings.Contains(gate(b, GateNoEvidence).EN, "not favourable") {
			t.Errorf("a default reference must not lift the gate: %+v", b.Gates)
		}
		// The policy can lift the rule.
		q := DefaultPolicy()
		q.NoEvidence = nil
		if b := Assess(thinNoEvidence(), q); gate(b, GateNoEvidence) != nil {
			t.Errorf("gate with the rule off")
		}
	})
	t.Run("consumers pay in advance unless the policy says otherwise", func(t *testing.T) {
		a := Assess(b2cBuyer(), p)
		if a.Terms.Code != TermTTAdvance || a.Limit.Amount != 0 {
			t.Errorf("terms %s limit %.0f", a.Terms.Code, a.Limit.Amount)
		}
		q := DefaultPolicy()
		q.Consumer = &Ceiling{Terms: Terms{Code: TermDepositBL, DepositPct: 50}, MaxLimit: ptr(3000)}
		b := Assess(b2cBuyer(), q)
		if b.Terms.Code == TermTTAdvance || b.Limit.Amount > 3000 {
			t.Errorf("with a looser consumer rule: terms %s limit %.0f", b.Terms.Code, b.Limit.Amount)
		}
	})
	t.Run("country category caps the terms whatever the grade", func(t *testing.T) {
		for _, cat := range []int{6, 7} {
			for _, prof := range []func() Inputs{solidEuropean, nigeriaStrong, badCheckDigit} {
				in := prof()
				q := DefaultPolicy()
				q.CountryOverrides, q.CountryOverridesDate = map[string]int{in.Dossier.Country.Value: cat}, "2026-03-01"
				a := Assess(in, q)
				if !TermsAtMost(a.Terms, Terms{Code: TermLCSight}) {
					t.Errorf("category %d, grade %s: terms %s, want L/C or advance", cat, a.Grade, a.Terms.Code)
				}
			}
		}
	})
	t.Run("a buyer at home carries no foreign country risk", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.Country = verified("CN", "registry")
		a := Assess(in, p)
		for _, d := range a.Dimensions {
			if d.Key == DimCountry && (!d.Missing || d.Weight != 0 || !strings.Contains(d.Factors[0].EN, "own country")) {
				t.Errorf("country dimension for a domestic buyer: %+v", d)
			}
		}
		if gate(a, GateCountry) != nil {
			t.Errorf("country gate for a domestic buyer")
		}
		q := DefaultPolicy()
		q.HomeCountry = "DE"
		if b := Assess(solidEuropean(), q); b.Completeness != Assess(solidEuropean(), p).Completeness {
			t.Errorf("a domestic buyer's completeness %.1f differs: the country is not unknown", b.Completeness)
		}
	})
	t.Run("a safe country does not lift a weak buyer", func(t *testing.T) {
		in := middleEastGmail()
		in.Dossier.Country = said("DE")
		a := Assess(in, p)
		var others, w float64
		for _, d := range a.Dimensions {
			if d.Key != DimCountry && d.Weight > 0 {
				others += d.Score * d.Weight
				w += d.Weight
			}
		}
		if a.Score > others/w+0.1 {
			t.Errorf("score %.1f above the buyer's own mean %.1f", a.Score, others/w)
		}
	})
	t.Run("a front company caps the grade; failed checks carry the note", func(t *testing.T) {
		in := solidEuropean()
		in.FieldVisit = &VisitSummary{Score: 70, Date: "2026-03-02", Visitor: "Li Wei",
			Answers:  map[string]string{"signage_name": "fail", "premises_tenure": "shared", "staff_claimed": "40", "staff_seen": "6"},
			Findings: []VisitFinding{{ItemID: "signage_name", LabelEN: "Signage shows the registered company name", LabelZH: "门头标识显示注册公司名称", Value: "fail", Note: "sign says Acme Logistics"}}}
		a := Assess(in, p)
		if !hasFlag(a, FlagFrontCompany, SeverityCap) || gradeIndex(a.Grade) < gradeIndex(p.FlagCapGrade) {
			t.Errorf("grade %s flags %+v", a.Grade, a.RedFlags)
		}
		if !slices.ContainsFunc(a.RedFlags, func(f RedFlag) bool {
			return f.Code == FlagVisitFailed && strings.Contains(f.EN, "sign says Acme Logistics") && strings.Contains(f.EN, "Li Wei")
		}) {
			t.Errorf("no failed-check flag with the note: %+v", a.RedFlags)
		}
		// One sign alone is not the pattern.
		in.FieldVisit.Answers = map[string]string{"signage_name": "fail"}
		if hasFlag(Assess(in, p), FlagFrontCompany, SeverityCap) {
			t.Errorf("one sign alone raised the front-company flag")
		}
	})
}
