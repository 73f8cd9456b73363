package desk

import (
	"credence/backend/dossier"
	"credence/backend/receivables"
	"fmt"
	"slices"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/errs"
)

func paymentDim(a assess.Assessment) assess.Dimension {
	i := slices.IndexFunc(a.Dimensions, func(x assess.Dimension) bool { return x.Key == assess.DimPayment })
	return a.Dimensions[i]
}

// A customer who paid on time for a year and now slips: the payment
// experience fed from its invoices downgrades it, with the factors shown,
// and its review comes sooner.
func TestSlippingCustomerIsDowngraded(t *testing.T) {
	st := mustStore(t)
	d := longCustomer(t, st, "Lumière Import GmbH")
	cs := credit.New(st)
	cs.Evidence = Evidence(st, nil, fixed(now))
	pol, err := cs.Policy()
	if err != nil {
		t.Fatal(err)
	}
	ccy := pol.Currency
	book := receivables.NewBook(st)
	book.Now = fixed(now)

	before, err := cs.Assess(d.ID, "Sam Sales", now)
	if err != nil {
		t.Fatal(err)
	}
	if !paymentDim(before.Assessment).Missing {
		t.Fatal("no invoices yet: the payment dimension should be missing")
	}
	// Twelve months of invoices, each paid on its due date.
	for m := 0; m < 12; m++ {
		issue := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC).AddDate(0, m, 0)
		due := issue.AddDate(0, 0, 30)
		if due.After(now.AddDate(0, 0, -60)) {
			break
		}
		if _, err := book.SaveInvoice(d.ID, receivables.Invoice{Number: fmt.Sprintf("GOOD-%02d", m), IssueDate: issue.Format("2006-01-02"), DueDate: due.Format("2006-01-02"),
			Amount: 20000, Currency: ccy, PaidAmount: 20000, PaidDate: due.Format("2006-01-02")}, "Sam Sales"); err != nil {
			t.Fatal(err)
		}
	}
	onTime, err := cs.Assess(d.ID, "Sam Sales", now)
	if err != nil {
		t.Fatal(err)
	}
	// Then the last three months: paid five to seven weeks late, and one
	// invoice of 40 000 still open 75 days past due.
	for i, late := range []int{35, 42, 49} {
		due := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 10*i)
		if _, err := book.SaveInvoice(d.ID, receivables.Invoice{Number: fmt.Sprintf("LATE-%d", i), IssueDate: due.AddDate(0, 0, -30).Format("2006-01-02"), DueDate: due.Format("2006-01-02"),
			Amount: 20000, Currency: ccy, PaidAmount: 20000, PaidDate: due.AddDate(0, 0, late).Format("2006-01-02")}, "Sam Sales"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := book.SaveInvoice(d.ID, receivables.Invoice{Number: "OPEN-1", IssueDate: "2026-03-17", DueDate: "2026-04-16", Amount: 40000, Currency: ccy}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	slipped, err := cs.Assess(d.ID, "Sam Sales", now)
	if err != nil {
		t.Fatal(err)
	}
	good, bad := paymentDim(onTime.Assessment), paymentDim(slipped.Assessment)
	if good.Missing || bad.Missing || bad.Score >= good.Score {
		t.Fatalf("payment dimension %.1f → %.1f", good.Score, bad.Score)
	}
	var codes []string
	for _, f := range bad.Factors {
		codes = append(codes, f.Code)
	}
	for _, want := range []string{"on_time", "days_beyond_terms", "trend_worsening", "overdue", "max_overdue"} {
		if !slices.Contains(codes, want) {
			t.Errorf("factor %s not shown: %v", want, codes)
		}
	}
	if slipped.Assessment.Score >= onTime.Assessment.Score || slipped.Assessment.Grade <= onTime.Assessment.Grade {
		t.Fatalf("grade %s (%.1f) → %s (%.1f): slipping did not downgrade", onTime.Assessment.Grade, onTime.Assessment.Score,
			slipped.Assessment.Grade, slipped.Assessment.Score)
	}
	if slipped.Assessment.NextReview >= onTime.Assessment.NextReview {
		t.Fatalf("review %s → %s: not brought forward", onTime.Assessment.NextReview, slipped.Assessment.NextReview)
	}
	t.Logf("grade %s (%.1f, review %s) → %s (%.1f, review %s); payment %.0f → %.0f: %v", onTime.Assessment.Grade, onTime.Assessment.Score,
		onTime.Assessment.NextReview, slipped.Assessment.Grade, slipped.Assessment.Score, slipped.Assessment.NextReview, good.Score, bad.Score, codes)
}

func TestTombstonesAndAlertsThroughTheStore(t *testing.T) {
	st := mustStore(t)
	d := longCustomer(t, st, "Lumière Import GmbH")
	desk := NewDesk(st)
	desk.Now, desk.Book.Now = fixed(now), fixed(now)
	pol, _ := desk.Credit.Policy()
	inv, err := desk.Book.SaveInvoice(d.ID, receivables.Invoice{Number: " inv 7 ", IssueDate: "2026-03-01", DueDate: "2026-04-01", Amount: 9000, Currency: pol.Currency}, "Sam Sales")
	if err != nil || inv.ID != "INV7" {
		t.Fatalf("%+v %v", inv, err)
	}
	if _, err := desk.Book.SaveInvoice(d.ID, receivables.Invoice{Number: "X", IssueDate: "2026-03-01", DueDate: "2026-02-01", Amount: 1, Currency: "CNY"}, "Sam Sales"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("due before issue: %v", err)
	}
	if _, err := desk.Book.AddEntry(d.ID, receivables.Entry{Kind: receivables.EntryPromise, Date: "2026-05-01", PromiseDate: "2026-05-15", Note: "CFO on the phone"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	alerts, err := desk.Alerts()
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, a := range alerts {
		rules = append(rules, a.Rule)
	}
	if !slices.Contains(rules, receivables.RuleOverdue) || !slices.Contains(rules, receivables.RulePromise) {
		t.Fatalf("alerts %v", rules)
	}
	i := slices.IndexFunc(alerts, func(a receivables.Alert) bool { return a.Rule == receivables.RuleOverdue })
	if _, err := desk.Act(alerts[i].ID, receivables.ActHandled, "", "Sam Sales"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("handled without a note: %v", err)
	}
	if _, err := desk.Act(alerts[i].ID, receivables.ActRemind, "second reminder", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Act(alerts[i].ID, receivables.ActHold, "", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Act(alerts[i].ID, receivables.ActHandled, "agreed a payment plan", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	c, err := desk.Customer(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	j := slices.IndexFunc(c.Alerts, func(a receivables.Alert) bool { return a.Rule == receivables.RuleOverdue })
	if !c.Alerts[j].Handled || c.Alerts[j].Note != "agreed a payment plan" || !c.Hold.On || len(c.Entries) != 2 || c.Entries[1].Kind != receivables.EntryReminder {
		t.Fatalf("after acting: %+v hold %+v entries %+v", c.Alerts[j], c.Hold, c.Entries)
	}
	// A delete leaves a tombstone under the same key.
	if err := desk.Book.Delete(receivables.KindInvoice, d.ID+"/INV7", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	l, _ := desk.Book.Ledger(d.ID)
	var tomb receivables.Invoice
	if err := st.GetRecord(receivables.KindInvoice, d.ID+"/INV7", &tomb); err != nil || len(l.Invoices) != 0 || !tomb.Deleted || tomb.DeletedBy != "Sam Sales" || tomb.Number != "inv 7" {
		t.Fatalf("tombstone %+v, ledger %d: %v", tomb, len(l.Invoices), err)
	}
}

// The board and the tab see the same cover: an insurer limit typed into
// the dossier that expires soon raises its alert on both.
func TestDossierInsuranceLimitOnTheBoard(t *testing.T) {
	st := mustStore(t)
	d := longCustomer(t, st, "Lumière Import GmbH")
	dk := NewDesk(st)
	dk.Now, dk.Book.Now = fixed(now), fixed(now)
	pol, _ := dk.Credit.Policy()
	d.InsuranceLimits = []dossier.InsuranceLimit{{ID: "il1", Insurer: "Sinosure", Amount: 5000, Currency: pol.Currency, Expiry: "2026-07-10"}}
	if _, err := st.SaveDossier(d, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := dk.Book.SaveInvoice(d.ID, receivables.Invoice{Number: "A1", IssueDate: "2026-06-01", DueDate: "2026-07-30", Amount: 9000, Currency: pol.Currency}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	board, err := dk.Alerts()
	if err != nil {
		t.Fatal(err)
	}
	c, err := dk.Customer(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	rules := func(as []receivables.Alert) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Rule)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Contains(rules(board), receivables.RuleCoverExpiring) || !slices.Equal(rules(board), rules(c.Alerts)) {
		t.Fatalf("board %v, tab %v", rules(board), rules(c.Alerts))
	}
}
