package receivables

import (
	"math"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)

// inv is an invoice of amount CNY due on due.
func inv(number, issue, due string, amount float64) Invoice {
	return Invoice{Number: number, IssueDate: issue, DueDate: due, Amount: amount, Currency: "CNY"}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.051 }

func TestAgeingBuckets(t *testing.T) {
	cases := []struct {
		name   string
		due    string
		bucket int
		days   int
	}{
		{"due later", "2026-07-10", 0, 0},
		{"due today", "2026-06-30", 0, 0},
		{"one day", "2026-06-29", 1, 1},
		{"thirty", "2026-05-31", 1, 30},
		{"thirty-one", "2026-05-30", 2, 31},
		{"sixty", "2026-05-01", 2, 60},
		{"sixty-one", "2026-04-30", 3, 61},
		{"ninety", "2026-04-01", 3, 90},
		{"ninety-one", "2026-03-31", 4, 91},
		{"a year", "2025-06-30", 4, 365},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Compute(Ledger{Invoices: []Invoice{inv("A1", "2025-01-01", c.due, 1000)}}, now, "CNY", nil)
			it := f.Items[0]
			if it.Bucket != c.bucket || it.DaysOverdue != c.days || f.Ageing[c.bucket] != 1000 {
				t.Fatalf("bucket %d days %d ageing %v, want bucket %d days %d", it.Bucket, it.DaysOverdue, f.Ageing, c.bucket, c.days)
			}
			wantOverdue := 0.0
			if c.days > 0 {
				wantOverdue = 1000
			}
			if f.Overdue != wantOverdue || f.MaxOverdue != c.days {
				t.Fatalf("overdue %v max %d", f.Overdue, f.MaxOverdue)
			}
		})
	}
}

func TestAllocation(t *testing.T) {
	invs := []Invoice{inv("INV-1", "2026-04-01", "2026-05-01", 1000), inv("INV-2", "2026-05-01", "2026-05-31", 500)}
	cases := []struct {
		name      string
		payments  []Payment
		notes     []CreditNote
		open1     float64
		open2     float64
		onAccount float64
		exposure  float64
		paid1     string
	}{
		{"nothing paid", nil, nil, 1000, 500, 0, 1500, ""},
		{"partial payment", []Payment{{Date: "2026-05-10", Amount: 400, Currency: "CNY", Allocations: []Allocation{{"INV-1", 400}}}}, nil, 600, 500, 0, 1100, ""},
		{"two partials settle", []Payment{
			{Date: "2026-05-10", Amount: 400, Currency: "CNY", Allocations: []Allocation{{"INV-1", 400}}},
			{Date: "2026-05-20", Amount: 600, Currency: "CNY", Allocations: []Allocation{{"inv-1", 600}}},
		}, nil, 0, 500, 0, 500, "2026-05-20"},
		{"over-allocation goes on account", []Payment{{Date: "2026-05-10", Amount: 1200, Currency: "CNY", Allocations: []Allocation{{"INV-1", 1200}}}}, nil, 0, 500, 200, 300, "2026-05-10"},
		{"unallocated is on account", []Payment{{Date: "2026-05-10", Amount: 300, Currency: "CNY"}}, nil, 1000, 500, 300, 1200, ""},
		{"unknown invoice is on account", []Payment{{Date: "2026-05-10", Amount: 300, Currency: "CNY", Allocations: []Allocation{{"NOPE", 300}}}}, nil, 1000, 500, 300, 1200, ""},
		{"other currency is not allocated", []Payment{{Date: "2026-05-10", Amount: 300, Currency: "CNY", Allocations: []Allocation{{"INV-1", 300}}}}, nil, 700, 500, 300, 900, ""},
		{"credit note against an invoice", nil, []CreditNote{{Number: "CN1", Date: "2026-06-01", Amount: 500, Currency: "CNY", Invoice: "INV-2"}}, 1000, 0, 0, 1000, ""},
		{"credit note on account", nil, []CreditNote{{Number: "CN1", Date: "2026-06-01", Amount: 100, Currency: "CNY"}}, 1000, 500, 100, 1400, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := Ledger{Invoices: append([]Invoice(nil), invs...), Payments: c.payments, CreditNotes: c.notes}
			if c.name == "other currency is not allocated" {
				l.Invoices[0].Currency = "USD"
				l.Invoices[0].Amount = 700
			}
			f := Compute(l, now, "CNY", func(a float64, _ string) (float64, bool) { return a, true })
			if f.Items[0].Open != c.open1 || f.Items[1].Open != c.open2 || f.OnAccount != c.onAccount || f.Exposure != c.exposure {
				t.Fatalf("open %v/%v on account %v exposure %v", f.Items[0].Open, f.Items[1].Open, f.OnAccount, f.Exposure)
			}
			if f.Items[0].PaidDate != c.paid1 {
				t.Fatalf("paid date %q, want %q", f.Items[0].PaidDate, c.paid1)
			}
		})
	}
}

func TestExposureCountsOpenOrdersAndConverts(t *testing.T) {
	l := Ledger{
		Invoices: []Invoice{inv("A", "2026-06-01", "2026-07-01", 1000), {Number: "B", IssueDate: "2026-06-01", DueDate: "2026-07-01", Amount: 100, Currency: "USD"},
			{Number: "C", IssueDate: "2026-06-01", DueDate: "2026-07-01", Amount: 50, Currency: "JPY"}},
		Orders: []Order{{Number: "O1", Date: "2026-06-20", Amount: 2000, Currency: "CNY"}, {Number: "O0", Date: "2026-05-01", Amount: 9999, Currency: "CNY", Invoiced: true}},
	}
	conv := func(a float64, ccy string) (float64, bool) {
		switch ccy {
		case "CNY":
			return a, true
		case "USD":
			return a * 7.1, true
		}
		return 0, false
	}
	f := Compute(l, now, "CNY", conv)
	if f.Open != 1710 || f.OpenOrders != 2000 || f.Exposure != 3710 {
		t.Fatalf("open %v orders %v exposure %v", f.Open, f.OpenOrders, f.Exposure)
	}
	if len(f.Unconverted) != 1 || f.Unconverted[0] != "JPY" {
		t.Fatalf("unconverted %v", f.Unconverted)
	}
}

func TestDaysBeyondTerms(t *testing.T) {
	paid := func(number, due, paidOn string, amount float64) Invoice {
		i := inv(number, "2025-01-01", due, amount)
		i.PaidAmount, i.PaidDate = amount, paidOn
		return i
	}
	cases := []struct {
		name          string
		invoices      []Invoice
		dbt3, dbt12   float64
		trend, onTime float64
		matured       int
	}{
		{"on time", []Invoice{paid("A", "2026-06-01", "2026-05-30", 100)}, 0, 0, 0, 1, 1},
		{"weighted by amount", []Invoice{paid("A", "2026-06-01", "2026-06-11", 300), paid("B", "2026-06-01", "2026-06-21", 100)}, 12.5, 12.5, 0, 0, 2},
		{"open overdue counts to today", []Invoice{inv("A", "2025-01-01", "2026-06-10", 100)}, 20, 20, 0, 0, 1},
		{"not yet due is not counted", []Invoice{inv("A", "2025-01-01", "2026-07-10", 100)}, 0, 0, 0, 0, 0},
		{"slipping: late now, on time before", []Invoice{
			paid("A", "2025-10-01", "2025-10-01", 100), paid("B", "2025-12-01", "2025-12-03", 100),
			paid("C", "2026-05-01", "2026-06-10", 100), paid("D", "2026-05-15", "2026-06-14", 100),
		}, 35, 18, 34, 0.25, 4},
		{"improving", []Invoice{paid("A", "2025-10-01", "2025-11-10", 100), paid("B", "2026-05-01", "2026-05-03", 100)}, 2, 21, -38, 0, 2},
		{"older than a year left out", []Invoice{paid("A", "2025-01-01", "2025-03-01", 100), paid("B", "2026-05-01", "2026-05-01", 100)}, 0, 0, 0, 0.5, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Compute(Ledger{Invoices: c.invoices}, now, "CNY", nil)
			if !near(f.DBT3, c.dbt3) || !near(f.DBT12, c.dbt12) || !near(f.Trend, c.trend) || !near(f.OnTimeShare, c.onTime) || f.Matured != c.matured {
				t.Fatalf("dbt3 %v dbt12 %v trend %v on time %v matured %d", f.DBT3, f.DBT12, f.Trend, f.OnTimeShare, f.Matured)
			}
		})
	}
}

func TestLargestOverdueAndDisputes(t *testing.T) {
	l := Ledger{
		Invoices: []Invoice{inv("A", "2026-01-01", "2026-03-01", 500), inv("B", "2026-01-01", "2026-05-01", 900), inv("C", "2026-01-01", "2026-08-01", 5000)},
		Disputes: []Dispute{{Invoice: "B", Opened: "2026-05-05", Reason: "short delivery"}, {Invoice: "A", Opened: "2026-04-01", Resolved: "2026-04-10"}},
	}
	f := Compute(l, now, "CNY", nil)
	if f.Largest == nil || f.Largest.Number != "B" || f.MaxOverdue != 121 || f.Overdue != 1400 {
		t.Fatalf("largest %+v max %d overdue %v", f.Largest, f.MaxOverdue, f.Overdue)
	}
	if !f.Items[1].Disputed || f.Items[0].Disputed || f.Disputed != 900 {
		t.Fatalf("disputed %v %v %v", f.Items[0].Disputed, f.Items[1].Disputed, f.Disputed)
	}
	if len(f.Monthly) != 12 || f.Monthly[11].Month != "2026-06" || f.Monthly[11].DBT == 0 {
		t.Fatalf("monthly %+v", f.Monthly)
	}
}

// The hand-read day is time.Parse's, for days, non-days and near misses.
func TestParseDayIsTimeParse(t *testing.T) {
	for _, s := range []string{"2026-06-30", "2024-02-29", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
		"0001-01-01", "9999-12-31", "2026-1-05", "2026/01/05", "２０２６-01-05", "", "2026-01-0a", "+026-01-05", "2026-06-30 "} {
		want, err := time.Parse(day, s)
		got, ok := parseDay(s)
		if ok != (err == nil) || !got.Equal(want) {
			t.Errorf("%q: parseDay %v %v, time.Parse %v %v", s, got, ok, want, err)
		}
	}
}

// The fast path of invoiceID folds as the slow one does.
func TestInvoiceIDFastPath(t *testing.T) {
	for _, n := range []string{"INV-1", "inv-1", "XS-0000012", "A B", "R10-0", "Ä-1", "A/B", strings.Repeat("X", 64), strings.Repeat("X", 65), "A\tB", "12.50"} {
		slow := strings.ToUpper(strings.Join(strings.Fields(n), ""))
		if !(slow != "" && len(slow) <= 64 && !strings.ContainsAny(slow, "/\x00")) {
			continue // hashed either way
		}
		if got := invoiceID(n); got != slow {
			t.Errorf("%q: %q, want %q", n, got, slow)
		}
	}
}
