package credit

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/search"
)

// State is a dossier's current credit: the newest approved limit and
// terms, who approved them, and when the customer is next reviewed.
type State struct {
	DossierID    string       `json:"dossier_id"`
	Limit        float64      `json:"limit"`
	Currency     string       `json:"currency"`
	Terms        assess.Terms `json:"terms"`
	ApprovedBy   string       `json:"approved_by"` // the approver's name now
	ApprovedByID string       `json:"approved_by_id"`
	ApprovedAt   time.Time    `json:"approved_at"`
	ProposalID   string       `json:"proposal_id"`
	Grade        string       `json:"grade"`
	NextReview   string       `json:"next_review"` // YYYY-MM-DD
	Valid        bool         `json:"valid"`       // the approval's signature verified
	// NoRole: the signature verifies but the approver never held a role
	// that may approve (Valid is false then too): said as such, not as a
	// tampered record.
	NoRole bool `json:"no_role,omitempty"`
	// SelfApproved: the approver had proposed it (single-approver policy).
	SelfApproved bool `json:"self_approved,omitempty"`
}

// review is a next-review date set by hand; it wins over the approval's
// when set after it.
type review struct {
	Date string    `json:"date"` // YYYY-MM-DD; "" cleared
	By   string    `json:"by"`
	ByID string    `json:"by_id,omitempty"`
	At   time.Time `json:"at"`
}

// State returns the dossier's current credit: errs.NotFound
// ("err.noCreditDecision") when no limit was ever approved. The approval
// is verified on every read; Valid is false when it was tampered with, and
// the values shown are then not to be trusted.
func (s *Service) State(dossierID string) (State, error) {
	recs, err := s.proposals(dossierID)
	if err != nil {
		return State{}, err
	}
	cur, ok := current(recs)
	if !ok {
		return State{}, errs.New(errs.NotFound, "no credit limit was approved for customer %s yet", dossierID).
			WithKey("err.noCreditDecision", "id", dossierID)
	}
	var rv *review
	var r review
	if err := s.st.GetRecord(kindReview, dossierID, &r); err == nil {
		rv = &r
	} else if !errs.Is(err, errs.NotFound) {
		return State{}, err
	}
	st := stateOf(cur, rv)
	st.ApprovedBy = s.UserName(cur.Decision.UserID)
	switch err := s.Verify(*cur.Decision); {
	case err == nil:
		st.Valid = consistent(cur, dossierID)
	case errs.Is(err, errs.Conflict):
		st.Valid = false
		e, _ := errs.As(err)
		st.NoRole = e.Key == "err.approverRole"
	default:
		return State{}, err
	}
	return st, nil
}

// current is the approved proposal decided last.
func current(recs []proposalRec) (proposalRec, bool) {
	var best proposalRec
	found := false
	for _, r := range recs {
		if r.Status != StatusApproved || r.Decision == nil || !r.Decision.Approved {
			continue
		}
		if !found || r.Decision.At.After(best.Decision.At) {
			best, found = r, true
		}
	}
	return best, found
}

func stateOf(cur proposalRec, rv *review) State {
	a := cur.Decision
	st := State{
		DossierID: cur.DossierID, Limit: a.Limit, Currency: a.Currency, Terms: a.Terms,
		ApprovedBy: a.By, ApprovedByID: a.UserID, ApprovedAt: a.At, ProposalID: a.ProposalID, Grade: cur.Grade, NextReview: cur.NextReview,
		SelfApproved: a.SelfApproved,
	}
	if rv != nil && rv.At.After(a.At) && rv.Date != "" {
		st.NextReview = rv.Date
	}
	return st
}

// consistent: the signed approval belongs to this proposal and dossier,
// and the proposal shows what was approved.
func consistent(p proposalRec, dossierID string) bool {
	a := p.Decision
	return a.ProposalID == p.ID && a.DossierID == dossierID && p.DossierID == dossierID &&
		a.Limit == p.Limit && a.Currency == p.Currency && a.Terms == p.Terms
}

// SetNextReview sets the dossier's next review date (YYYY-MM-DD; "" goes
// back to the one the grade sets). Only a credit manager or an admin may.
func (s *Service) SetNextReview(dossierID, date, by string) error {
	date = strings.TrimSpace(date)
	if date != "" {
		if _, err := time.Parse(dateLayout, date); err != nil {
			return invalid("next_review", "err.date", "date must be written YYYY-MM-DD")
		}
	}
	actor, err := s.actor(by)
	if err != nil {
		return err
	}
	if !actor.Role.CanDecide() {
		return errNotAllowed("set review dates")
	}
	if _, err := s.st.Dossier(dossierID); err != nil {
		return err
	}
	return s.st.PutRecord(kindReview, dossierID, review{Date: date, By: actor.Name, ByID: actor.ID, At: s.now()})
}

// Review is one customer whose credit review is due.
type Review struct {
	DossierID  string `json:"dossier_id"`
	Name       string `json:"name"`
	Grade      string `json:"grade"`
	Due        string `json:"due"` // YYYY-MM-DD
	Overdue    bool   `json:"overdue"`
	KeyAccount bool   `json:"key_account"`
	// OnHold: the newest assessment is on hold for undecided sanctions
	// hits (it is due at once, so it shows on the board).
	OnHold bool `json:"on_hold,omitempty"`
}

// ReviewsDue lists the current (not archived) customers whose review is
// overdue or due within the window from now, overdue first, then by date.
// The due date is the current credit's (approval or a date set by hand),
// else the latest assessment's; customers never assessed are not listed.
func (s *Service) ReviewsDue(now time.Time, within time.Duration) ([]Review, error) {
	approved := map[string]proposalRec{}
	all, err := s.proposals("")
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if cur, ok := current([]proposalRec{approved[r.DossierID], r}); ok {
			approved[r.DossierID] = cur
		}
	}
	reviews := map[string]review{}
	if err := scanInto(s, kindReview, reviews); err != nil {
		return nil, err
	}
	latests := map[string]latest{}
	if err := scanInto(s, kindLatest, latests); err != nil {
		return nil, err
	}

	today := now.Format(dateLayout)
	horizon := now.Add(within).Format(dateLayout)
	out := []Review{}
	rows := s.st.Search(search.Query{Limit: s.st.Count() + 1}).Rows
	for _, row := range rows {
		var due, grade string
		l, hasLatest := latests[row.ID]
		if hasLatest {
			due, grade = l.NextReview, l.Grade
		}
		onHold := hasLatest && l.Status == assess.StatusOnHold
		rv, hasRv := reviews[row.ID]
		if cur, ok := approved[row.ID]; ok {
			var p *review
			if hasRv {
				p = &rv
			}
			st := stateOf(cur, p)
			due, grade = st.NextReview, st.Grade
		} else if hasRv && rv.Date != "" {
			due = rv.Date
		}
		if onHold && (due == "" || l.NextReview < due) {
			due, grade = l.NextReview, "" // held up now, whatever was approved before
		}
		if due == "" || due > horizon {
			continue
		}
		out = append(out, Review{DossierID: row.ID, Name: row.Name, Grade: grade, Due: due, Overdue: due < today, KeyAccount: row.KeyAccount, OnHold: onHold})
	}
	slices.SortStableFunc(out, func(a, b Review) int {
		switch {
		case a.Overdue != b.Overdue:
			if a.Overdue {
				return -1
			}
			return 1
		case a.Due != b.Due:
			return strings.Compare(a.Due, b.Due)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// scanInto reads every record of kind (ids are dossier ids) into m.
func scanInto[T any](s *Service, kind string, m map[string]T) error {
	return s.st.ScanRecords(kind, "", func(id string, b []byte) error {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s %s", kind, id)
		}
		m[id] = v
		return nil
	})
}
