package receivables

import (
	"math"
	"slices"
	"strings"
	"time"
)

const day = "2006-01-02"

// Ledger is one customer's receivables as recorded (tombstones left out).
type Ledger struct {
	Invoices    []Invoice    `json:"invoices"`
	Payments    []Payment    `json:"payments"`
	CreditNotes []CreditNote `json:"credit_notes"`
	Disputes    []Dispute    `json:"disputes"`
	Orders      []Order      `json:"orders"`
}

// Converter states an amount in the figures' currency; ok is false when
// no rate is known for ccy.
type Converter func(amount float64, ccy string) (float64, bool)

// Same is the converter of a firm that invoices in one currency only.
func Same(base string) Converter {
	return func(a float64, ccy string) (float64, bool) {
		return a, ccy == "" || strings.EqualFold(ccy, base)
	}
}

// Bucket labels of the ageing.
var BucketKeys = [5]string{"not_due", "1_30", "31_60", "61_90", "over_90"}

// Item is an invoice as it stands: what is left of it and how late.
type Item struct {
	Number      string  `json:"number"`
	Reference   string  `json:"reference,omitempty"`
	IssueDate   string  `json:"issue_date"`
	DueDate     string  `json:"due_date"`
	Amount      float64 `json:"amount"` // in the invoice's currency
	Currency    string  `json:"currency"`
	Open        float64 `json:"open"`      // in the invoice's currency
	OpenBase    float64 `json:"open_base"` // in the figures' currency
	PaidDate    string  `json:"paid_date,omitempty"`
	DaysOverdue int     `json:"days_overdue"` // open: today − due; paid: paid − due (≥ 0)
	Bucket      int     `json:"bucket"`       // index into BucketKeys; -1 settled
	Disputed    bool    `json:"disputed,omitempty"`
}

// MonthDBT is the days beyond terms of the invoices settled in a month
// (and, for the current month, of those still open past due).
type MonthDBT struct {
	Month string  `json:"month"` // YYYY-MM
	DBT   float64 `json:"dbt"`
	Base  float64 `json:"base"` // the amount it is weighted over
}

// Figures are what a ledger says as of a day, in one currency.
type Figures struct {
	Currency   string     `json:"currency"`
	AsOf       string     `json:"as_of"`
	Invoices   int        `json:"invoices"`
	Open       float64    `json:"open"`       // open invoices
	OnAccount  float64    `json:"on_account"` // payments and credit notes not allocated
	OpenOrders float64    `json:"open_orders"`
	Exposure   float64    `json:"exposure"` // open − on account + open orders
	Overdue    float64    `json:"overdue"`
	Disputed   float64    `json:"disputed"`
	Ageing     [5]float64 `json:"ageing"` // by BucketKeys
	// Days beyond terms weighted by amount over the last 3, 6 and 12
	// months; Trend is the last three months against the nine before
	// (positive: paying later).
	DBT3        float64    `json:"dbt3"`
	DBT6        float64    `json:"dbt6"`
	DBT12       float64    `json:"dbt12"`
	Trend       float64    `json:"trend"`
	Monthly     []MonthDBT `json:"monthly"`
	OnTimeShare float64    `json:"on_time_share"`
	Matured     int        `json:"matured"` // invoices due by now, the base of OnTimeShare
	MaxOverdue  int        `json:"max_days_overdue"`
	Largest     *Item      `json:"largest_overdue,omitempty"`
	Items       []Item     `json:"items"`
	// Unconverted names currencies without a rate: their amounts are
	// left out of the totals, and said so.
	Unconverted []string `json:"unconverted,omitempty"`
}

func parseDay(s string) (time.Time, bool) {
	// YYYY-MM-DD read by hand (time.Parse was a tenth of the alert board);
	// anything else, and a day the month does not have, as time.Parse.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if ok1 && ok2 && ok3 && m >= 1 && m <= 12 && d >= 1 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d {
				return t, true
			}
		}
	}
	t, err := time.Parse(day, s)
	return t, err == nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysBetween(a, b time.Time) int { return int(math.Round(b.Sub(a).Hours() / 24)) }

func bucketOf(days int) int {
	switch {
	case days <= 0:
		return 0
	case days <= 30:
		return 1
	case days <= 60:
		return 2
	case days <= 90:
		return 3
	}
	return 4
}

func cents(x float64) float64 { return math.Round(x*100) / 100 }

type settle struct {
	date   string
	amount float64
}

// Compute derives the figures of a ledger as of now, in the converter's
// currency. Payments and credit notes settle the invoices they name, in
// the order of their dates; what they do not name, or name beyond the
// invoice, is on account.
func Compute(l Ledger, now time.Time, base string, conv Converter) Figures {
	if conv == nil {
		conv = Same(base)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	f := Figures{Currency: base, AsOf: today.Format(day), Items: []Item{}, Monthly: []MonthDBT{}}
	missing := map[string]bool{}
	toBase := func(a float64, ccy string) float64 {
		v, ok := conv(a, ccy)
		if !ok {
			missing[strings.ToUpper(ccy)] = true
			return 0
		}
		return v
	}

	byNumber := map[string]int{}
	for i, inv := range l.Invoices {
		byNumber[invoiceID(inv.Number)] = i
	}
	credits := make([][]settle, len(l.Invoices))
	left := make([]float64, len(l.Invoices)) // still unpaid, as credits are applied
	for i, inv := range l.Invoices {
		left[i] = inv.Amount
		if inv.PaidAmount > 0 {
			paid := min(inv.PaidAmount, inv.Amount)
			credits[i] = append(credits[i], settle{inv.PaidDate, paid})
			left[i] -= paid
		}
	}
	type alloc struct {
		date, ccy string
		amount    float64
		to        []Allocation
	}
	var allocs []alloc
	for _, p := range l.Payments {
		allocs = append(allocs, alloc{p.Date, p.Currency, p.Amount, p.Allocations})
	}
	for _, c := range l.CreditNotes {
		a := alloc{c.Date, c.Currency, c.Amount, nil}
		if c.Invoice != "" {
			a.to = []Allocation{{Invoice: c.Invoice, Amount: c.Amount}}
		}
		allocs = append(allocs, a)
	}
	slices.SortStableFunc(allocs, func(a, b alloc) int { return strings.Compare(a.date, b.date) })
	for _, a := range allocs {
		rest := a.amount
		for _, to := range a.to {
			i, ok := byNumber[invoiceID(to.Invoice)]
			if !ok || !strings.EqualFold(l.Invoices[i].Currency, a.ccy) {
				continue
			}
			take := min(to.Amount, rest, max(left[i], 0))
			if take <= 0 {
				continue
			}
			credits[i] = append(credits[i], settle{a.date, take})
			left[i] -= take
			rest -= take
		}
		if rest > 0.005 {
			f.OnAccount += toBase(rest, a.ccy)
		}
	}

	disputed := map[string]bool{}
	for _, d := range l.Disputes {
		if d.Resolved == "" {
			disputed[invoiceID(d.Invoice)] = true
		}
	}

	type event struct {
		at     time.Time
		days   float64
		weight float64
	}
	var events []event
	onTime := 0
	for i, inv := range l.Invoices {
		f.Invoices++
		due, okDue := parseDay(inv.DueDate)
		it := Item{Number: inv.Number, Reference: inv.Reference, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
			Amount: inv.Amount, Currency: inv.Currency, Bucket: -1, Disputed: disputed[invoiceID(inv.Number)]}
		weight := toBase(inv.Amount, inv.Currency)
		if left[i] > 0.005 {
			it.Open = cents(left[i])
			it.OpenBase = cents(toBase(left[i], inv.Currency))
			if okDue {
				it.DaysOverdue = max(daysBetween(due, today), 0)
			}
			it.Bucket = bucketOf(it.DaysOverdue)
			f.Open += it.OpenBase
			f.Ageing[it.Bucket] += it.OpenBase
			if it.Disputed {
				f.Disputed += it.OpenBase
			}
			if it.DaysOverdue > 0 {
				f.Overdue += it.OpenBase
				f.MaxOverdue = max(f.MaxOverdue, it.DaysOverdue)
				if f.Largest == nil || it.OpenBase > f.Largest.OpenBase {
					c := it
					f.Largest = &c
				}
				events = append(events, event{today, float64(it.DaysOverdue), weight})
			}
			if okDue && !due.After(today) {
				f.Matured++
			}
		} else {
			// Settled: the day the credit that completed it was dated.
			cs := credits[i]
			slices.SortStableFunc(cs, func(a, b settle) int { return strings.Compare(a.date, b.date) })
			paid, got := "", 0.0
			for _, c := range cs {
				got += c.amount
				if got >= inv.Amount-0.005 {
					paid = c.date
					break
				}
			}
			it.PaidDate = paid
			pd, okPaid := parseDay(paid)
			if okDue && okPaid {
				it.DaysOverdue = max(daysBetween(due, pd), 0)
				f.Matured++
				if it.DaysOverdue == 0 {
					onTime++
				}
				events = append(events, event{pd, float64(it.DaysOverdue), weight})
			}
		}
		f.Items = append(f.Items, it)
	}
	if f.Matured > 0 {
		f.OnTimeShare = float64(onTime) / float64(f.Matured)
	}

	dbt := func(from, to time.Time) (float64, float64) {
		var sum, w float64
		for _, e := range events {
			if e.at.After(from) && !e.at.After(to) && e.weight > 0 {
				sum += e.days * e.weight
				w += e.weight
			}
		}
		if w == 0 {
			return 0, 0
		}
		return sum / w, w
	}
	f.DBT3, _ = dbt(today.AddDate(0, -3, 0), today)
	f.DBT6, _ = dbt(today.AddDate(0, -6, 0), today)
	f.DBT12, _ = dbt(today.AddDate(0, -12, 0), today)
	if before, w := dbt(today.AddDate(0, -12, 0), today.AddDate(0, -3, 0)); w > 0 {
		if _, w3 := dbt(today.AddDate(0, -3, 0), today); w3 > 0 {
			f.Trend = f.DBT3 - before
		}
	}
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	for m := 11; m >= 0; m-- {
		start := first.AddDate(0, -m, 0)
		v, w := dbt(start.AddDate(0, 0, -1), start.AddDate(0, 1, -1))
		f.Monthly = append(f.Monthly, MonthDBT{Month: start.Format("2006-01"), DBT: round1(v), Base: cents(w)})
	}

	for _, o := range l.Orders {
		if !o.Invoiced {
			f.OpenOrders += toBase(o.Amount, o.Currency)
		}
	}
	f.Open, f.OnAccount, f.OpenOrders, f.Overdue, f.Disputed = cents(f.Open), cents(f.OnAccount), cents(f.OpenOrders), cents(f.Overdue), cents(f.Disputed)
	for i := range f.Ageing {
		f.Ageing[i] = cents(f.Ageing[i])
	}
	f.Exposure = cents(max(f.Open-f.OnAccount, 0) + f.OpenOrders)
	f.DBT3, f.DBT6, f.DBT12, f.Trend = round1(f.DBT3), round1(f.DBT6), round1(f.DBT12), round1(f.Trend)
	for c := range missing {
		f.Unconverted = append(f.Unconverted, c)
	}
	slices.Sort(f.Unconverted)
	return f
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
