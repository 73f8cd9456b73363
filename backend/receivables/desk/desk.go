package desk

import (
	"credence/backend/assess"
	"slices"
	"strings"
	"time"

	"credence/backend/credit"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/trade"
)

// Desk joins the receivables to the rest of the workspace: the dossiers,
// the firm's currency and rates, the approved limits and reviews.
type Desk struct {
	St     *store.Store
	Book   *receivables.Book
	Credit *credit.Service
	Now    func() time.Time // time.Now when nil
}

// NewDesk returns a desk with a credit service of its own, for tests and
// tools that hold a bare store; the app and the CLI take the workspace's
// desk (backend/workspace), which shares the one credit service.
func NewDesk(st *store.Store) *Desk {
	d := New(st, credit.New(st))
	// A re-assessment from an alert sees what the app's would: customs
	// records, the signed visit and the receivables.
	d.Credit.Evidence = Evidence(st, trade.Evidence(st), d.now)
	return d
}

// New returns the desk over st that assesses through cs; the caller wires
// cs's evidence hook (the workspace does it once for every door).
func New(st *store.Store, cs *credit.Service) *Desk {
	return &Desk{St: st, Book: receivables.NewBook(st), Credit: cs}
}

// Clock is the desk's today: Now, or time.Now.
func (d *Desk) Clock() time.Time { return d.now() }

func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// converter states amounts in the firm's policy currency at its newest
// rates, as the assessment does.
func (d *Desk) converter() (string, receivables.Converter, error) {
	p, err := d.Credit.Policy()
	if err != nil {
		return "", nil, err
	}
	return p.Currency, receivables.ConverterOf(p), nil
}

// Figures are a customer's figures today in the firm's currency.
func (d *Desk) Figures(dossierID string) (receivables.Figures, error) {
	base, conv, err := d.converter()
	if err != nil {
		return receivables.Figures{}, err
	}
	l, err := d.Book.Ledger(dossierID)
	if err != nil {
		return receivables.Figures{}, err
	}
	return receivables.Compute(l, d.now(), base, conv), nil
}

// Customer is everything the receivables tab shows of one customer.
type Customer struct {
	DossierID string                   `json:"dossier_id"`
	Figures   receivables.Figures      `json:"figures"`
	Ledger    receivables.Ledger       `json:"ledger"`
	Limit     float64                  `json:"limit"` // approved, in the figures' currency; 0 none
	Covers    []receivables.Cover      `json:"covers"`
	Insured   float64                  `json:"insured"`
	Entries   []receivables.Entry      `json:"entries"`
	Alerts    []receivables.Alert      `json:"alerts"`
	Hold      receivables.Hold         `json:"hold"`
	Limits    []receivables.BuyerLimit `json:"buyer_limits"`
}

// Customer gathers one customer's receivables, covers, log and alerts.
func (d *Desk) Customer(dossierID string) (Customer, error) {
	dos, err := d.St.Dossier(dossierID)
	if err != nil {
		return Customer{}, err
	}
	base, conv, err := d.converter()
	if err != nil {
		return Customer{}, err
	}
	rules, err := d.Book.Rules()
	if err != nil {
		return Customer{}, err
	}
	pols, err := d.policies()
	if err != nil {
		return Customer{}, err
	}
	c := Customer{DossierID: dossierID}
	if c.Ledger, err = d.Book.Ledger(dossierID); err != nil {
		return c, err
	}
	if c.Entries, err = d.Book.Entries(dossierID); err != nil {
		return c, err
	}
	if c.Limits, err = d.Book.BuyerLimits(dossierID); err != nil {
		return c, err
	}
	if c.Hold, err = d.Book.HoldOf(dossierID); err != nil {
		return c, err
	}
	now := d.now()
	c.Figures = receivables.Compute(c.Ledger, now, base, conv)
	c.Covers = receivables.CoversOf(c.Limits, pols, dos.InsuranceLimits, conv)
	c.Insured = receivables.Insured(c.Covers, now)
	fc := receivables.Facts{DossierID: dossierID, Name: dos.LegalName.Value, Figures: c.Figures, Covers: c.Covers,
		Promises: c.Entries, Receipts: receivables.Receipts(c.Ledger, conv)}
	if err := d.credit(&fc, conv, rules); err != nil {
		return c, err
	}
	if reviews, err := d.Credit.ReviewsDue(now, 0); err == nil {
		for _, r := range reviews {
			if r.DossierID == dossierID && r.Overdue {
				fc.NextReview = r.Due
			}
		}
	}
	c.Limit = fc.Limit
	c.Alerts = receivables.Evaluate(fc, rules, now)
	states, err := d.Book.States()
	if err != nil {
		return c, err
	}
	receivables.Apply(c.Alerts, states)
	return c, nil
}

// credit fills the approved limit and the undecided hits.
func (d *Desk) credit(fc *receivables.Facts, conv receivables.Converter, r receivables.Rules) error {
	st, err := d.Credit.State(fc.DossierID)
	switch {
	case err == nil && st.Valid:
		if v, ok := conv(st.Limit, st.Currency); ok {
			fc.Limit = v
		}
		fc.NextReview = st.NextReview
	case err != nil && !errs.Is(err, errs.NotFound):
		return err
	}
	if r.Sanctions {
		hits, err := d.Credit.Pending(fc.DossierID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		fc.PendingHits = len(hits)
	}
	return nil
}

func (d *Desk) policies() (map[string]receivables.Policy, error) {
	all, err := d.Book.Policies()
	m := make(map[string]receivables.Policy, len(all))
	for _, p := range all {
		m[p.ID] = p
	}
	return m, err
}

// group reads every live record of a kind, by dossier.
func group[T any](r receivables.Records, kind string, dossierOf func(T) string) (map[string][]T, error) {
	all, err := receivables.Scan[T](r, kind)
	m := map[string][]T{}
	for _, x := range all {
		m[dossierOf(x)] = append(m[dossierOf(x)], x)
	}
	return m, err
}

// alertsFull is the alert board computed from every record of every kind
// (each read once for the whole workspace) and every dossier with
// something outstanding: what Alerts, reading one summary per customer,
// must answer; kept for the test that says it does.
func (d *Desk) alertsFull() ([]receivables.Alert, error) {
	base, conv, err := d.converter()
	if err != nil {
		return nil, err
	}
	rules, err := d.Book.Rules()
	if err != nil {
		return nil, err
	}
	pols, err := d.policies()
	if err != nil {
		return nil, err
	}
	inv, err := group(d.St, receivables.KindInvoice, func(x receivables.Invoice) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	pay, err := group(d.St, receivables.KindPayment, func(x receivables.Payment) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	cn, err := group(d.St, receivables.KindCreditNote, func(x receivables.CreditNote) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	dis, err := group(d.St, receivables.KindDispute, func(x receivables.Dispute) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	ord, err := group(d.St, receivables.KindOrder, func(x receivables.Order) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	ent, err := group(d.St, receivables.KindEntry, func(x receivables.Entry) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	lim, err := group(d.St, receivables.KindBuyerLimit, func(x receivables.BuyerLimit) string { return x.DossierID })
	if err != nil {
		return nil, err
	}
	states, err := d.Book.States()
	if err != nil {
		return nil, err
	}
	now := d.now()
	overdueReview, err := d.overdueReviews(now, rules.ReviewOverdue)
	if err != nil {
		return nil, err
	}
	out := []receivables.Alert{}
	rows := d.St.Search(search.Query{Limit: d.St.Count() + 1}).Rows
	for _, row := range rows {
		id := row.ID
		if row.Archived {
			continue
		}
		l := receivables.Ledger{Invoices: inv[id], Payments: pay[id], CreditNotes: cn[id], Disputes: dis[id], Orders: ord[id]}
		if len(l.Invoices)+len(l.Orders)+len(ent[id])+len(lim[id]) == 0 {
			continue
		}
		fc := receivables.Facts{DossierID: id, Name: row.Name, Figures: receivables.Compute(l, now, base, conv), Promises: ent[id], Receipts: receivables.Receipts(l, conv)}
		// The insurer limits typed into the dossier count as cover too, as
		// on the customer's tab; reading the dossier is most of a
		// customer's cost here, so only where something is outstanding.
		if fc.Figures.Exposure > 0 || len(lim[id]) > 0 {
			dos, err := d.St.Dossier(id)
			if err != nil {
				return nil, err
			}
			fc.Covers = receivables.CoversOf(lim[id], pols, dos.InsuranceLimits, conv)
		}
		if err := d.credit(&fc, conv, rules); err != nil {
			return nil, err
		}
		if due, ok := overdueReview[id]; ok {
			fc.NextReview = due
		}
		out = append(out, receivables.Evaluate(fc, rules, now)...)
	}
	return sortAlerts(out, states), nil
}

// sortAlerts applies what was done about the alerts and orders them: open
// first, critical first, then by customer and alert.
func sortAlerts(out []receivables.Alert, states map[string]receivables.AlertState) []receivables.Alert {
	receivables.Apply(out, states)
	slices.SortStableFunc(out, func(a, b receivables.Alert) int {
		switch {
		case a.Handled != b.Handled:
			if b.Handled {
				return -1
			}
			return 1
		case a.Severity != b.Severity:
			if a.Severity == receivables.Critical {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name+a.ID, b.Name+b.ID)
	})
	return out
}

// Act records an action on one of the current alerts; lower_limit also
// re-assesses the customer with today's evidence (a new snapshot whose
// grade bounds the next proposal).
func (d *Desk) Act(alertID, action, note, by string) (receivables.AlertState, error) {
	all, err := d.Alerts()
	if err != nil {
		return receivables.AlertState{}, err
	}
	i := slices.IndexFunc(all, func(a receivables.Alert) bool { return a.ID == alertID })
	if i < 0 {
		return receivables.AlertState{}, errs.New(errs.NotFound, "no alert %q", alertID).WithKey("err.arNoAlert")
	}
	s, err := d.Book.Act(all[i], action, note, by)
	if err != nil {
		return s, err
	}
	if action == receivables.ActLower {
		if _, err := d.Credit.Assess(all[i].DossierID, by, d.now()); err != nil {
			return s, err
		}
	}
	return s, nil
}

// Evidence wraps the credit service's evidence hook (next, may be nil)
// with the payment experience of the receivables, in the firm's currency,
// as of clock() (time.Now when nil: the hook is not told the assessment's
// date).
func Evidence(st *store.Store, next func(string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary), clock func() time.Time) func(string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
	return PaymentEvidence(st, credit.New(st).Policy, next, clock)
}

// PaymentEvidence is Evidence with the firm's policy (its currency and
// rates) read through policy: the workspace passes its one credit
// service's.
func PaymentEvidence(st *store.Store, policy func() (assess.Policy, error), next func(string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary), clock func() time.Time) func(string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
	if clock == nil {
		clock = time.Now
	}
	return func(id string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
		var ts *assess.TradeSummary
		var ps *assess.PaymentSummary
		var vs *assess.VisitSummary
		if next != nil {
			ts, ps, vs = next(id)
		}
		if p, err := policy(); err == nil {
			if s, err := receivables.PaymentOf(st, id, p, clock()); err == nil && s != nil {
				ps = s
			}
		}
		return ts, ps, vs
	}
}

// overdueReviews maps the customers whose credit review is overdue to its
// due date, for the review-overdue rule (nothing when the rule is off).
func (d *Desk) overdueReviews(now time.Time, on bool) (map[string]string, error) {
	out := map[string]string{}
	if !on {
		return out, nil
	}
	reviews, err := d.Credit.ReviewsDue(now, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		if r.Overdue {
			out[r.DossierID] = r.Due
		}
	}
	return out, nil
}
