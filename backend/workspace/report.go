package workspace

import (
	"context"
	"fmt"
	"time"

	"credence/backend/dossierreport/input"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/redflags"
	"credence/backend/search"
	"credence/backend/trade"
	"credence/backend/visit"
)

// CreditReport gathers what the credit report of a dossier is made from,
// as of now (the receivables' figures; zero is the present). The report
// package renders it: dossierreport.Credit(ctx, in, opt, w).
func (w *Workspace) CreditReport(dossierID string, now time.Time) (input.Credit, error) {
	if now.IsZero() {
		now = time.Now()
	}
	d, err := w.st.Dossier(dossierID)
	if err != nil {
		return input.Credit{}, err
	}
	in := input.Credit{Dossier: d, Files: w.st}
	cs := w.Credit
	snaps, err := cs.Snapshots(d.ID)
	if err != nil {
		return in, err
	}
	if len(snaps) > 0 {
		in.Snapshot = &snaps[0]
		fr, err := cs.Fresh(snaps[0]) // with the evidence hook: as every door assesses
		if err != nil {
			return in, err
		}
		if fr.Stale {
			in.Stale = &fr
		}
	}
	if in.Proposals, err = cs.Proposals(d.ID); err != nil {
		return in, err
	}
	switch state, err := cs.State(d.ID); {
	case err == nil:
		in.State = &state
	case !errs.Is(err, errs.NotFound):
		return in, err
	}
	// The report shows the screening as it stands; it screens nothing.
	if in.Lists, err = w.Screening.Lists(); err != nil {
		return in, err
	}
	switch res, err := w.Screening.Result(d.ID); {
	case err == nil:
		in.Screening = &res
	case !errs.Is(err, errs.NotFound):
		return in, err
	}
	in.Flags = redflags.Check(d, in.Screening)
	if in.Payments, err = w.payments(d.ID, now); err != nil {
		return in, err
	}
	if f, has, err := trade.FiguresOf(w.st, d.ID); err != nil {
		return in, err
	} else if has {
		in.Trade = &input.Trade{Figures: f}
	}
	if in.Visit, in.Visits, err = w.LatestSignedVisit(d.ID); err != nil {
		return in, err
	}
	return in, nil
}

// payments are a customer's receivables figures as of now in the
// policy's currency and the newest twelve lines of its collection log; nil
// when it has none.
func (w *Workspace) payments(dossierID string, now time.Time) (*input.Payments, error) {
	b := w.Desk.Book
	l, err := b.Ledger(dossierID)
	if err != nil || len(l.Invoices)+len(l.Orders) == 0 {
		return nil, err
	}
	p, err := w.Credit.Policy()
	if err != nil {
		return nil, err
	}
	in := &input.Payments{Figures: receivables.Compute(l, now, p.Currency, receivables.ConverterOf(p))}
	if in.Entries, err = b.Entries(dossierID); err != nil {
		return nil, err
	}
	if n := len(in.Entries); n > 12 {
		in.Entries = in.Entries[n-12:]
	}
	return in, nil
}

// PortfolioRows gathers the customers of the portfolio summary (see
// input.InPortfolio), with receivables as of now; the report sorts them.
func (w *Workspace) PortfolioRows(ctx context.Context, now time.Time) ([]input.PortfolioRow, error) {
	if now.IsZero() {
		now = time.Now()
	}
	cs := w.Credit
	alerts, err := w.Screening.Alerts(false)
	if err != nil {
		return nil, fmt.Errorf("portfolio alerts: %w", err)
	}
	alerted := make(map[string]bool, len(alerts))
	for _, a := range alerts {
		alerted[a.DossierID] = true
	}
	pol, err := cs.Policy()
	if err != nil {
		return nil, err
	}
	book, conv := w.Desk.Book, receivables.ConverterOf(pol)
	rows := []input.PortfolioRow{}
	res := w.st.Search(search.Query{Limit: w.st.Count() + 1})
	for i, row := range res.Rows {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("report cancelled: %w", err)
			}
		}
		pr := input.PortfolioRow{ID: row.ID, Name: row.Name, Country: row.Country}
		approved := false
		switch s, err := cs.State(row.ID); {
		case err == nil:
			pr.Limit, pr.Currency, pr.Valid = s.Limit, s.Currency, s.Valid
			pr.NextReview = s.NextReview
			approved = s.ProposalID != ""
		case !errs.Is(err, errs.NotFound):
			return nil, err
		}
		if !input.InPortfolio(row.Status, approved, alerted[row.ID]) {
			continue
		}
		snaps, err := cs.Snapshots(row.ID)
		if err != nil {
			return nil, err
		}
		if len(snaps) > 0 {
			a := snaps[0].Assessment
			pr.Grade, pr.Score = a.Grade, a.Score
			if pr.NextReview == "" {
				pr.NextReview = a.NextReview
			}
		}
		l, err := book.Ledger(row.ID)
		if err != nil {
			return nil, err
		}
		if len(l.Invoices)+len(l.Orders) > 0 {
			f := receivables.Compute(l, now, pol.Currency, conv)
			pr.Exposure, pr.Overdue, pr.ARCurrency = f.Exposure, f.Overdue, f.Currency
		}
		rows = append(rows, pr)
	}
	return rows, nil
}

// VisitReport gathers what the report of one field visit is made from.
// Errors: errs.NotFound for an unknown visit.
func (w *Workspace) VisitReport(visitID string) (input.VisitReport, error) {
	v, err := w.Visits.Visit(visitID)
	if err != nil {
		return input.VisitReport{}, err
	}
	t, err := w.Visits.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return input.VisitReport{}, err
	}
	d, err := w.st.Dossier(v.DossierID)
	if err != nil {
		return input.VisitReport{}, err
	}
	out := input.VisitReport{Dossier: d, Visit: input.Visit{Visit: v, Template: t, Score: visit.Scoring(t, v)}, Read: w.st}
	for _, id := range input.VisitFiles(v, t) {
		for _, a := range d.Attachments {
			if a.ID == id {
				out.Files = append(out.Files, input.AttachmentHash{ID: a.ID, SHA256: a.SHA256})
			}
		}
	}
	return out, nil
}
