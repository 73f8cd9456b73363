// Package standing says where a customer stands at a glance — screening
// state, latest grade, approved limit, next review, open alerts — for the
// customer list and anything else that shows many customers at once. It
// reads what screening and credit decided; it decides nothing itself.
package standing

import (
	"fmt"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/screening"
)

// Screening states of a customer.
const (
	Unscreened = "unscreened" // no list was imported when it was last screened, or never screened
	Clear      = "clear"      // screened, no hit left undecided or confirmed
	Pending    = "pending"    // a hit nobody has decided yet: the customer is on hold
	Match      = "match"      // a hit confirmed as a true match: blocked
)

// Standing is one customer's position.
type Standing struct {
	Screening  string       `json:"screening"`
	Grade      string       `json:"grade"` // latest assessment; "" never assessed or on hold
	Assessed   bool         `json:"assessed"`
	Limit      float64      `json:"limit"` // approved; Currency "" when none
	Currency   string       `json:"currency"`
	Terms      assess.Terms `json:"terms"` // approved terms with their labels
	NextReview string       `json:"next_review"`
	Alerts     int          `json:"alerts"` // open alerts
	// Receivables in the firm's currency, when any invoice is on file.
	Invoices   int     `json:"invoices"`
	Exposure   float64 `json:"exposure"`
	Overdue    float64 `json:"overdue"`
	ARCurrency string  `json:"ar_currency"`
}

// Reader reads standings from one workspace.
type Reader struct {
	credit    *credit.Service
	screening *screening.Service
	// Receivables gives a customer's exposure and overdue; nil leaves them out.
	Receivables func(dossierID string) (receivables.Figures, error)
}

// New returns a Reader over the services of a workspace.
func New(cs *credit.Service, ss *screening.Service) *Reader {
	return &Reader{credit: cs, screening: ss}
}

// Of returns the standing of each dossier id.
func (r *Reader) Of(ids []string) (map[string]Standing, error) {
	alerts, err := r.screening.Alerts(false)
	if err != nil {
		return nil, fmt.Errorf("standing alerts: %w", err)
	}
	open := map[string]int{}
	for _, a := range alerts {
		open[a.DossierID]++
	}
	out := make(map[string]Standing, len(ids))
	for _, id := range ids {
		s := Standing{Alerts: open[id]}
		if s.Screening, err = r.screeningState(id); err != nil {
			return nil, err
		}
		snaps, err := r.credit.Snapshots(id)
		if err != nil {
			return nil, fmt.Errorf("standing of %s: %w", id, err)
		}
		if len(snaps) > 0 {
			s.Assessed, s.Grade, s.NextReview = true, snaps[0].Assessment.Grade, snaps[0].Assessment.NextReview
		}
		switch st, err := r.credit.State(id); {
		case err == nil:
			if st.ProposalID != "" {
				s.Limit, s.Currency, s.Terms = st.Limit, st.Currency, st.Terms
			}
			if st.NextReview != "" {
				s.NextReview = st.NextReview
			}
		case !errs.Is(err, errs.NotFound):
			return nil, fmt.Errorf("standing of %s: %w", id, err)
		}
		if r.Receivables != nil {
			f, err := r.Receivables(id)
			if err != nil {
				return nil, fmt.Errorf("receivables of %s: %w", id, err)
			}
			if f.Invoices > 0 {
				s.Invoices, s.Exposure, s.Overdue, s.ARCurrency = f.Invoices, f.Exposure, f.Overdue, f.Currency
			}
		}
		out[id] = s
	}
	return out, nil
}

func (r *Reader) screeningState(id string) (string, error) {
	res, err := r.screening.Result(id)
	if errs.Is(err, errs.NotFound) {
		return Unscreened, nil
	}
	if err != nil {
		return "", fmt.Errorf("standing of %s: %w", id, err)
	}
	state := Clear
	if len(res.Lists) == 0 {
		state = Unscreened
	}
	for _, h := range res.Hits {
		switch d := h.Current(); {
		case d == nil:
			if state != Match {
				state = Pending
			}
		case d.Verdict == screening.VerdictTrueMatch:
			state = Match
		}
	}
	return state, nil
}
