package receivables

import (
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	overdue40 := Ledger{Invoices: []Invoice{inv("INV-40", "2026-04-01", "2026-05-21", 8000)}}
	overdue10 := Ledger{Invoices: []Invoice{inv("INV-10", "2026-05-01", "2026-06-20", 8000)}}
	notDue := Ledger{Invoices: []Invoice{inv("INV-ND", "2026-06-01", "2026-07-30", 8000)}}
	slipping := Ledger{Invoices: []Invoice{
		{Number: "P1", IssueDate: "2025-09-01", DueDate: "2025-10-01", Amount: 100, Currency: "CNY", PaidAmount: 100, PaidDate: "2025-10-01"},
		{Number: "P2", IssueDate: "2026-04-01", DueDate: "2026-05-01", Amount: 100, Currency: "CNY", PaidAmount: 100, PaidDate: "2026-05-21"},
	}}
	cover := func(to string, amount float64, report int) []Cover {
		return []Cover{{LimitID: "L1", Insurer: "Sinosure", Policy: "P-1", Amount: amount, ValidTo: to, ReportDays: report}}
	}
	promise := func(date, by string, amount float64) []Entry {
		return []Entry{{Meta: Meta{ID: "E1"}, Kind: EntryPromise, Date: date, PromiseDate: by, PromiseAmount: amount}}
	}
	cases := []struct {
		name  string
		facts Facts
		rules func(*Rules)
		want  []string // rule[/subject] of each alert, in order
		text  string   // in the first alert's English
	}{
		{"nothing to say", Facts{Figures: Compute(notDue, now, "CNY", nil), Limit: 100000}, nil, nil, ""},
		{"overdue beyond 30 days", Facts{Figures: Compute(overdue40, now, "CNY", nil)}, nil, []string{"overdue/INV-40"}, "40 days overdue"},
		{"overdue within 30 days is quiet", Facts{Figures: Compute(overdue10, now, "CNY", nil)}, nil, nil, ""},
		{"overdue rule set to 5 days", Facts{Figures: Compute(overdue10, now, "CNY", nil)}, func(r *Rules) { r.OverdueDays = 5 }, []string{"overdue/INV-10"}, "rule: over 5 days"},
		{"overdue rule off", Facts{Figures: Compute(overdue40, now, "CNY", nil)}, func(r *Rules) { r.OverdueDays = 0 }, nil, ""},
		{"exposure above 90 % of the limit", Facts{Figures: Compute(notDue, now, "CNY", nil), Limit: 8500}, nil, []string{"exposure"}, "94% of the approved limit"},
		{"exposure beyond the limit is critical", Facts{Figures: Compute(notDue, now, "CNY", nil), Limit: 5000}, nil, []string{"exposure"}, "160%"},
		{"exposure within", Facts{Figures: Compute(notDue, now, "CNY", nil), Limit: 10000}, nil, nil, ""},
		{"days beyond terms worsening", Facts{Figures: Compute(slipping, now, "CNY", nil)}, nil, []string{"dbt_worsening"}, "20 days later"},
		{"dbt threshold higher", Facts{Figures: Compute(slipping, now, "CNY", nil)}, func(r *Rules) { r.DBTWorsening = 25 }, nil, ""},
		{"cover expiring", Facts{Figures: Compute(notDue, now, "CNY", nil), Covers: cover("2026-07-20", 50000, 0)}, nil, []string{"cover_expiring/L1"}, "expires on 2026-07-20"},
		{"cover expired with money out", Facts{Figures: Compute(notDue, now, "CNY", nil), Covers: cover("2026-06-01", 50000, 0)}, nil, []string{"cover_expired/L1"}, "expired on 2026-06-01"},
		{"cover exceeded", Facts{Figures: Compute(notDue, now, "CNY", nil), Covers: cover("2027-01-01", 5000, 0)}, nil, []string{"cover_exceeded"}, "above the insured limits"},
		{"insurer deadline approaching", Facts{Figures: Compute(overdue40, now, "CNY", nil), Covers: cover("2027-01-01", 50000, 45)}, nil,
			[]string{"insurer_report/L1/INV-40", "overdue/INV-40"}, "by 2026-07-05 (5 days left)"},
		{"insurer deadline passed", Facts{Figures: Compute(overdue40, now, "CNY", nil), Covers: cover("2027-01-01", 50000, 30)}, nil,
			[]string{"insurer_report/L1/INV-40", "overdue/INV-40"}, "should have been reported"},
		{"insurer deadline far", Facts{Figures: Compute(overdue10, now, "CNY", nil), Covers: cover("2027-01-01", 50000, 90)}, nil, nil, ""},
		{"review overdue", Facts{Figures: Compute(notDue, now, "CNY", nil), NextReview: "2026-06-01"}, nil, []string{"review_overdue"}, "due on 2026-06-01"},
		{"review not yet due", Facts{Figures: Compute(notDue, now, "CNY", nil), NextReview: "2026-07-01"}, nil, nil, ""},
		{"promise broken", Facts{Figures: Compute(overdue40, now, "CNY", nil), Promises: promise("2026-06-01", "2026-06-15", 8000)},
			func(r *Rules) { r.OverdueDays = 0 }, []string{"promise_broken/E1"}, "by 2026-06-15; not received"},
		{"promise kept", Facts{Figures: Compute(overdue40, now, "CNY", nil), Promises: promise("2026-06-01", "2026-06-15", 8000), Receipts: []Receipt{{"2026-06-16", 8000}}},
			func(r *Rules) { r.OverdueDays = 0 }, nil, ""},
		{"promise half kept", Facts{Figures: Compute(overdue40, now, "CNY", nil), Promises: promise("2026-06-01", "2026-06-15", 8000), Receipts: []Receipt{{"2026-06-10", 3000}}},
			func(r *Rules) { r.OverdueDays = 0 }, []string{"promise_broken/E1"}, ""},
		{"promise still in grace", Facts{Figures: Compute(overdue40, now, "CNY", nil), Promises: promise("2026-06-20", "2026-06-28", 0)},
			func(r *Rules) { r.OverdueDays = 0 }, nil, ""},
		{"promise without amount, nothing came", Facts{Figures: Compute(overdue40, now, "CNY", nil), Promises: promise("2026-06-01", "2026-06-10", 0), Receipts: []Receipt{{"2026-05-01", 100}}},
			func(r *Rules) { r.OverdueDays = 0 }, []string{"promise_broken/E1"}, "the overdue balance"},
		{"sanctions hit pending", Facts{Figures: Compute(notDue, now, "CNY", nil), PendingHits: 2}, nil, []string{"sanctions_hit"}, "2 sanctions hit(s)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := DefaultRules
			if c.rules != nil {
				c.rules(&r)
			}
			c.facts.DossierID = "D1"
			got := Evaluate(c.facts, r, now)
			var ids []string
			for _, a := range got {
				ids = append(ids, strings.TrimPrefix(a.ID, "D1/"))
				if a.EN == "" || a.ZH == "" || a.Rule == "" {
					t.Fatalf("alert without its sentence: %+v", a)
				}
			}
			if strings.Join(ids, ",") != strings.Join(c.want, ",") {
				t.Fatalf("alerts %v, want %v", ids, c.want)
			}
			if c.text != "" && !strings.Contains(got[0].EN, c.text) {
				t.Fatalf("%q does not say %q", got[0].EN, c.text)
			}
		})
	}
}

func TestRulesValidate(t *testing.T) {
	if err := DefaultRules.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultRules
	bad.OverdueDays = -1
	if bad.Validate() == nil {
		t.Fatal("negative days accepted")
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[float64]string{1234567.5: "1,234,567.50 CNY", 12: "12.00 CNY", -1000: "-1,000.00 CNY"} {
		if got := money(in, "CNY"); got != want {
			t.Errorf("money(%v) = %q, want %q", in, got, want)
		}
	}
}
