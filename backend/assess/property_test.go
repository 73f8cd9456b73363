package assess

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"credence/backend/dossier"
)

var allProfiles = []struct {
	name string
	make func() Inputs
}{
	{"solid_eu_distributor", solidEuropean},
	{"middle_east_gmail", middleEastGmail},
	{"b2c_private_buyer", b2cBuyer},
	{"slipping_before", func() Inputs { return slipping(false) }},
	{"slipping_after", func() Inputs { return slipping(true) }},
	{"sanctions_confirmed", sanctioned},
	{"identifier_check_digit", badCheckDigit},
	{"nigeria_lc", nigeriaStrong},
}

// removers each take one piece of evidence away.
var removers = []struct {
	name string
	fn   func(*Inputs)
}{
	{"trade", func(in *Inputs) { in.Trade = nil }},
	{"payment", func(in *Inputs) { in.Payment = nil }},
	{"visit", func(in *Inputs) { in.FieldVisit = nil }},
	{"credit reports", func(in *Inputs) { in.Dossier.CreditReports = nil }},
	{"insurance", func(in *Inputs) { in.Dossier.InsuranceLimits = nil }},
	{"banks, references, legal", func(in *Inputs) {
		in.Dossier.Banks, in.Dossier.References, in.Dossier.LegalRecords = nil, nil, nil
	}},
	{"soft", func(in *Inputs) { in.Dossier.Soft = dossier.SoftInfo{} }},
	{"country", func(in *Inputs) { in.Dossier.Country = dossier.Fact{} }},
	{"identifiers", func(in *Inputs) { in.Dossier.Identifiers = nil }},
	{"website", func(in *Inputs) { in.Dossier.Website = dossier.Fact{} }},
	{"emails", func(in *Inputs) { in.Dossier.Emails = nil }},
	{"phones", func(in *Inputs) { in.Dossier.Phones = nil }},
	{"address", func(in *Inputs) { in.Dossier.RegisteredAddress = dossier.Fact{} }},
	{"registration date", func(in *Inputs) { in.Dossier.RegistrationDate = dossier.Fact{} }},
	{"sources", func(in *Inputs) {
		d := in.Dossier
		for _, f := range []*dossier.Fact{&d.LegalName, &d.LatinName, &d.Country, &d.RegisteredAddress, &d.RegistrationDate, &d.Website} {
			f.Sources = nil
		}
		for i := range d.Identifiers {
			d.Identifiers[i].Sources = nil
		}
	}},
}

func withRemoved(make func() Inputs, set []int) Inputs {
	in := make()
	for _, i := range set {
		removers[i].fn(&in)
	}
	return in
}

// Removing any input, from any starting point, never raises completeness.
func TestRemovingInputNeverRaisesCompleteness(t *testing.T) {
	p := DefaultPolicy()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, prof := range allProfiles {
		for range 150 {
			var set []int
			for i := range removers {
				if rng.IntN(3) == 0 {
					set = append(set, i)
				}
			}
			before := Assess(withRemoved(prof.make, set), p).Completeness
			for i := range removers {
				if slices.Contains(set, i) {
					continue
				}
				after := Assess(withRemoved(prof.make, append(slices.Clone(set), i)), p).Completeness
				if after > before {
					t.Errorf("%s: removing %s (after removing %v) raised completeness %.1f → %.1f", prof.name, removers[i].name, names(set), before, after)
				}
			}
		}
	}
}

func names(set []int) []string {
	var out []string
	for _, i := range set {
		out = append(out, removers[i].name)
	}
	return out
}

// badInputs each add evidence against the customer.
var badInputs = []struct {
	name string
	fn   func(*Inputs)
}{
	{"payments in arrears", func(in *Inputs) {
		in.Payment = &PaymentSummary{Invoices: 12, OnTimeShare: 0.2, AvgDaysBeyondTerms: 70, TrendDaysBeyond: 25, OverdueAmount: 60000, Exposure: 80000, MaxDaysOverdue: 120}
	}},
	{"failed visit", func(in *Inputs) {
		in.FieldVisit = &VisitSummary{Score: 25, FailedRequired: []string{"signage", "stock", "staff", "licence"}, Date: "2026-03-01"}
	}},
	{"no shipments found", func(in *Inputs) { in.Trade = &TradeSummary{} }},
	{"open lawsuit", func(in *Inputs) {
		in.Dossier.LegalRecords = append(in.Dossier.LegalRecords, dossier.LegalRecord{ID: "x", Kind: "litigation", Status: "open", Role: "defendant"})
	}},
	{"reference reports default", func(in *Inputs) {
		in.Dossier.References = append(in.Dossier.References, dossier.Reference{ID: "x", Who: "Another supplier", Payment: "default"})
	}},
	{"insurer refuses", func(in *Inputs) {
		in.Dossier.InsuranceLimits = []dossier.InsuranceLimit{{ID: "x", Insurer: "Sinosure", Amount: 0, Expiry: "2027-01-01"}}
	}},
	{"registration date contradicted", func(in *Inputs) {
		d := in.Dossier
		if d.RegistrationDate.Value == "" {
			d.RegistrationDate = said("2020-01-01")
		}
		d.RegistrationDate.Sources = append(d.RegistrationDate.Sources, dossier.Source{Kind: "registry", Value: "2025-12-01"})
	}},
	{"bankruptcy", func(in *Inputs) {
		in.Dossier.LegalRecords = append(in.Dossier.LegalRecords, dossier.LegalRecord{ID: "y", Kind: "bankruptcy", Status: "open", Date: "2026-02-01"})
	}},
	{"cap flag", func(in *Inputs) {
		in.RedFlags = append(in.RedFlags, RedFlag{Code: FlagRegistrationContradicted, Severity: SeverityCap, Source: "verification", EN: "x", ZH: "x"})
	}},
	{"decline flag", func(in *Inputs) {
		in.RedFlags = append(in.RedFlags, RedFlag{Code: FlagSanctionsConfirmed, Severity: SeverityDecline, Source: "screening", EN: "x", ZH: "x"})
	}},
}

// Adding bad evidence never raises the score and never improves the grade.
func TestBadInputNeverHelps(t *testing.T) {
	p := DefaultPolicy()
	for _, prof := range allProfiles {
		before := Assess(prof.make(), p)
		for _, bad := range badInputs {
			in := prof.make()
			bad.fn(&in)
			after := Assess(in, p)
			if after.Score > before.Score {
				t.Errorf("%s + %s: score rose %.1f → %.1f", prof.name, bad.name, before.Score, after.Score)
			}
			if gradeIndex(after.Grade) < gradeIndex(before.Grade) {
				t.Errorf("%s + %s: grade improved %s → %s", prof.name, bad.name, before.Grade, after.Grade)
			}
			if after.Limit.Amount > before.Limit.Amount {
				t.Errorf("%s + %s: limit rose %.0f → %.0f", prof.name, bad.name, before.Limit.Amount, after.Limit.Amount)
			}
		}
	}
}

// Missing dimensions are excluded from the score, lower completeness, and
// when too little is known the grade is capped whatever the score.
func TestMissingIsNeverGoodNews(t *testing.T) {
	p := DefaultPolicy()
	full := Assess(solidEuropean(), p)
	in := solidEuropean()
	in.Trade, in.Payment, in.FieldVisit = nil, nil, nil
	in.Dossier.CreditReports, in.Dossier.InsuranceLimits, in.Dossier.Banks, in.Dossier.References = nil, nil, nil, nil
	in.Dossier.Soft = dossier.SoftInfo{}
	thin := Assess(in, p)
	if thin.Completeness >= full.Completeness {
		t.Errorf("completeness %.1f with five dimensions missing, %.1f with all", thin.Completeness, full.Completeness)
	}
	for _, d := range thin.Dimensions {
		if (d.Key == DimTrade || d.Key == DimPayment || d.Key == DimVisit || d.Key == DimCredit || d.Key == DimSoft) && !d.Missing {
			t.Errorf("%s should be missing", d.Key)
		}
	}
	// Identity and country alone are excellent here, but an unchecked
	// credit standing counts low, and with so little known the grade may
	// not exceed C; without independent evidence there is no open account.
	if thin.Score >= 80 {
		t.Errorf("score %.1f from identity and country alone: unknown credit was treated as neutral", thin.Score)
	}
	if gradeIndex(thin.Grade) < gradeIndex("C") {
		t.Errorf("grade %s with completeness %.1f, want C or worse", thin.Grade, thin.Completeness)
	}
	if !TermsAtMost(thin.Terms, Terms{Code: TermDP}) || thin.Limit.Amount > 10000 {
		t.Errorf("terms %s, limit %.0f without independent evidence", thin.Terms.Code, thin.Limit.Amount)
	}
}

func TestDerivedFlags(t *testing.T) {
	p := DefaultPolicy()
	t.Run("contradicted registration fact caps", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.RegisteredAddress.Sources = append(in.Dossier.RegisteredAddress.Sources, dossier.Source{Kind: "visit", Value: "Am Speicher 3, 28217 Bremen"})
		a := Assess(in, p)
		if !hasFlag(a, FlagFactContradicted, SeverityCap) || a.Grade != "C" {
			t.Errorf("grade %s, flags %+v", a.Grade, a.RedFlags)
		}
	})
	t.Run("contradicted phone only warns", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.Phones[0].Sources = append(in.Dossier.Phones[0].Sources, dossier.Source{Kind: "website", Value: "+49 421 555 0199"})
		a := Assess(in, p)
		if !hasFlag(a, FlagDetailContradicted, SeverityWarn) || hasFlag(a, FlagFactContradicted, SeverityCap) {
			t.Errorf("flags %+v", a.RedFlags)
		}
	})
	t.Run("open lawsuit warns", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.LegalRecords = []dossier.LegalRecord{{ID: "l", Kind: "litigation", Status: "open", Role: "defendant"}}
		a := Assess(in, p)
		if !hasFlag(a, FlagLitigationOpen, SeverityWarn) || len(a.Overrides) != 0 {
			t.Errorf("flags %+v overrides %+v", a.RedFlags, a.Overrides)
		}
	})
	t.Run("lawsuit as plaintiff is no flag", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.LegalRecords = []dossier.LegalRecord{{ID: "l", Kind: "litigation", Status: "open", Role: "plaintiff"}}
		if a := Assess(in, p); len(a.RedFlags) != 0 {
			t.Errorf("flags %+v", a.RedFlags)
		}
	})
	t.Run("bankruptcy declines", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.LegalRecords = []dossier.LegalRecord{{ID: "b", Kind: "bankruptcy", Status: "open", Date: "2026-01-10"}}
		a := Assess(in, p)
		if !hasFlag(a, FlagBankruptcy, SeverityDecline) || a.Grade != "E" || a.Limit.Amount != 0 || a.Terms.Code != TermDecline {
			t.Errorf("grade %s limit %.0f terms %s", a.Grade, a.Limit.Amount, a.Terms.Code)
		}
	})
	t.Run("dismissed bankruptcy petition does not decline", func(t *testing.T) {
		in := solidEuropean()
		in.Dossier.LegalRecords = []dossier.LegalRecord{{ID: "b", Kind: "bankruptcy", Status: "dismissed"}}
		if a := Assess(in, p); a.Grade == "E" {
			t.Errorf("declined on a dismissed petition")
		}
	})
	t.Run("registration_contradicted from verification caps", func(t *testing.T) {
		in := solidEuropean()
		in.RedFlags = []RedFlag{{Code: FlagRegistrationContradicted, Severity: SeverityCap, Source: "verification", EN: "The registry shows a different legal form.", ZH: "登记机关显示的企业类型不同。"}}
		a := Assess(in, p)
		if a.Grade != "C" || len(a.Overrides) != 1 || a.Overrides[0].FromGrade != "A" {
			t.Errorf("grade %s overrides %+v", a.Grade, a.Overrides)
		}
	})
}

func hasFlag(a Assessment, code, sev string) bool {
	return slices.ContainsFunc(a.RedFlags, func(f RedFlag) bool { return f.Code == code && f.Severity == sev })
}

func TestLimitCurrencies(t *testing.T) {
	p := DefaultPolicy()
	in := solidEuropean()
	in.Dossier.InsuranceLimits[1].Currency = "EUR"
	a := Assess(in, p)
	if a.Limit.BoundBy != BoundAgency || a.Limit.Amount != 150000 {
		t.Errorf("with the insurance limit in EUR the D&B limit should bind: %+v", a.Limit)
	}
	if !containsAll(a.Limit.EN, "not in USD", "Allianz Trade insurance limit in EUR") {
		t.Errorf("explanation should say the EUR limit was skipped: %s", a.Limit.EN)
	}
}

func TestNilDossierAndZeroTime(t *testing.T) {
	a := Assess(Inputs{}, DefaultPolicy())
	if a.Grade != "D" || a.NextReview != "" || a.Completeness > 10 {
		t.Errorf("empty input: grade %s completeness %.1f review %q", a.Grade, a.Completeness, a.NextReview)
	}
}

func TestNextReview(t *testing.T) {
	p := DefaultPolicy()
	in := solidEuropean() // grade A, key account: six months
	if a := Assess(in, p); a.NextReview != "2026-09-16" {
		t.Errorf("key account A: next review %s", a.NextReview)
	}
	in.Dossier.KeyAccount = false
	if a := Assess(in, p); a.NextReview != "2027-03-16" {
		t.Errorf("A: next review %s", a.NextReview)
	}
	if a := Assess(slipping(true), p); a.NextReview != "2026-04-16" {
		t.Errorf("D: next review %s", a.NextReview)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
