package receivables

import (
	"strings"
	"time"

	"credence/backend/assess"
)

// ConverterOf states amounts in the policy's currency at its newest
// rates, as the assessment does (RMB is CNY).
func ConverterOf(p assess.Policy) Converter {
	return func(a float64, ccy string) (float64, bool) {
		ccy = strings.ToUpper(strings.TrimSpace(ccy))
		if ccy == "RMB" || ccy == "人民币" {
			ccy = "CNY"
		}
		if ccy == "" || ccy == p.Currency {
			return a, true
		}
		var best *assess.FXRate
		for i := range p.FXRates {
			r := &p.FXRates[i]
			if strings.EqualFold(r.Currency, ccy) && (best == nil || r.Date > best.Date) {
				best = r
			}
		}
		if best == nil {
			return 0, false
		}
		return a * best.Rate, true
	}
}

// Summary is the payment experience the assessment reads: nil when no
// invoice is on file, so the dimension shows as missing, not as good news.
func Summary(f Figures) *assess.PaymentSummary {
	if f.Invoices == 0 {
		return nil
	}
	share := f.OnTimeShare
	if f.Matured == 0 {
		share = 0.75 // nothing due yet: neither praise nor blame
	}
	return &assess.PaymentSummary{Invoices: f.Invoices, OnTimeShare: share, AvgDaysBeyondTerms: f.DBT12,
		TrendDaysBeyond: f.Trend, OverdueAmount: f.Overdue, Exposure: max(f.Open-f.OnAccount, f.Overdue), MaxDaysOverdue: f.MaxOverdue}
}

// PaymentOf is a customer's payment experience as of now under the
// firm's policy (its currency and rates): what the credit service hands
// the assessment. nil without invoices.
func PaymentOf(r Records, dossierID string, p assess.Policy, now time.Time) (*assess.PaymentSummary, error) {
	l, err := NewBook(r).Ledger(dossierID)
	if err != nil || len(l.Invoices) == 0 {
		return nil, err
	}
	return Summary(Compute(l, now, p.Currency, ConverterOf(p))), nil
}

// Receipts are the money received (payments, and paid amounts of an
// export), in the converter's currency: what promises are checked against.
func Receipts(l Ledger, conv Converter) []Receipt {
	var out []Receipt
	for _, p := range l.Payments {
		if a, ok := conv(p.Amount, p.Currency); ok {
			out = append(out, Receipt{p.Date, a})
		}
	}
	for _, inv := range l.Invoices {
		if inv.PaidAmount > 0 && inv.PaidDate != "" {
			if a, ok := conv(inv.PaidAmount, inv.Currency); ok {
				out = append(out, Receipt{inv.PaidDate, a})
			}
		}
	}
	return out
}

// Scan reads every live record of a kind, for the workspace-wide views.
func Scan[T any](r Records, kind string) ([]T, error) { return scan[T](r, kind, "") }
