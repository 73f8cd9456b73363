package credit

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
)

func TestProposeAndDecide(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	snap, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.State(d.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("state before any approval: %v", err)
	}
	rec := snap.Assessment
	oa60 := assess.Terms{Code: assess.TermOA, Days: 60}

	// Bad proposals.
	for _, tc := range []struct {
		name     string
		snapshot string
		limit    float64
		ccy      string
		terms    assess.Terms
		code     string
	}{
		{"negative limit", snap.ID, -1, "USD", oa60, errs.Invalid},
		{"unknown terms", snap.ID, 1000, "USD", assess.Terms{Code: "cash"}, errs.Invalid},
		{"open account without days", snap.ID, 1000, "USD", assess.Terms{Code: assess.TermOA}, errs.Invalid},
		{"bad currency", snap.ID, 1000, "dollar", oa60, errs.Invalid},
		{"no such snapshot", d.ID + "/nope", 1000, "USD", oa60, errs.NotFound},
		{"another dossier's snapshot", "other/" + snap.ID, 1000, "USD", oa60, errs.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.as("Sam Sales").Propose(d.ID, tc.snapshot, tc.limit, tc.ccy, tc.terms, "", "Sam Sales")
			wantCode(t, err, tc.code, "")
		})
	}

	p, err := s.as("Sam Sales").Propose(d.ID, snap.ID, rec.Limit.Amount, "", rec.Terms, "as recommended", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != StatusPending || p.Currency != "USD" || p.By != "Sam Sales" || p.Terms.EN == "" {
		t.Fatalf("proposal: %+v", p)
	}

	for _, tc := range []struct {
		name    string
		approve bool
		comment string
		by      string
		code    string
		key     string
	}{
		{"sales cannot approve", true, "", "Sam Sales", errs.Unauthorized, "err.notAllowed"},
		{"sales cannot approve by naming the manager", true, "", "Sam Sales|Maria Manager", errs.Unauthorized, "err.notYou"},
		{"a stranger's name is not an identity", true, "", "Maria Manager|Mallory", errs.Unauthorized, "err.notYou"},
		{"rejection needs a comment", false, "  ", "Maria Manager", errs.Invalid, "err.commentRequired"},
		{"no such proposal", true, "", "Maria Manager", errs.NotFound, "err.proposalNotFound"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := p.ID
			if tc.code == errs.NotFound {
				id = d.ID + "/missing"
			}
			as, by, _ := strings.Cut(tc.by, "|")
			if by == "" {
				by = as
			}
			_, err := s.as(as).Decide(id, tc.approve, tc.comment, by)
			wantCode(t, err, tc.code, tc.key)
		})
	}

	s.Now = func() time.Time { return testNow.Add(time.Hour) }
	got, err := s.as("Maria Manager").Decide(p.ID, true, "agreed", "Maria Manager")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusApproved || got.Decision == nil || !got.Decision.Approved || got.Decision.By != "Maria Manager" || len(got.Decision.Signature) != 64 {
		t.Fatalf("decided: %+v", got)
	}
	if _, err := s.as("Admin Ann").Decide(p.ID, false, "changed my mind", "Admin Ann"); !errs.Is(err, errs.Conflict) {
		t.Fatalf("second decision: %v", err)
	}
	state, err := s.State(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	months := rec.PolicyRow.KeyAccountReviewMonths // a key account
	want := State{DossierID: d.ID, Limit: rec.Limit.Amount, Currency: "USD", Terms: p.Terms, ApprovedBy: "Maria Manager", ApprovedByID: got.Decision.UserID,
		ApprovedAt: testNow.Add(time.Hour), ProposalID: p.ID, Grade: rec.Grade, NextReview: testNow.AddDate(0, months, 0).Format("2006-01-02"), Valid: true}
	if !equalState(state, want) {
		t.Fatalf("state\n got %+v\nwant %+v", state, want)
	}

	// A rejected newer proposal leaves the approved one current; an
	// admin may decide too.
	p2, err := s.as("Sam Sales").Propose(d.ID, snap.ID, 400000, "USD", assess.Terms{Code: assess.TermOA, Days: 90}, "they asked for more", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := s.as("Admin Ann").Decide(p2.ID, false, "too much for grade "+rec.Grade, "Admin Ann"); err != nil || r.Status != StatusRejected || s.Verify(*r.Decision) != nil {
		t.Fatalf("reject: %+v %v", r, err)
	}
	if st2, _ := s.State(d.ID); st2.ProposalID != p.ID || !st2.Valid {
		t.Fatalf("state after a rejection: %+v", st2)
	}
	ps, err := s.Proposals(d.ID)
	if err != nil || len(ps) != 2 || ps[0].ID != p2.ID || ps[1].ID != p.ID {
		t.Fatalf("proposals newest first: %v %v", ps, err)
	}

	// An admin approves a third proposal: it becomes current.
	s.Now = func() time.Time { return testNow.Add(2 * time.Hour) }
	p3, _ := s.as("Sam Sales").Propose(d.ID, snap.ID, 100000, "USD", assess.Terms{Code: assess.TermOA, Days: 45}, "", "Sam Sales")
	if _, err := s.as("Admin Ann").Decide(p3.ID, true, "", "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	if st3, _ := s.State(d.ID); st3.ProposalID != p3.ID || st3.Limit != 100000 || st3.ApprovedBy != "Admin Ann" || !st3.Valid {
		t.Fatalf("state after the admin's approval: %+v", st3)
	}
}

func equalState(a, b State) bool {
	at, bt := a.ApprovedAt, b.ApprovedAt
	a.ApprovedAt, b.ApprovedAt = time.Time{}, time.Time{}
	return a == b && at.Equal(bt)
}

func TestTamperedApprovalIsDetected(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(r *proposalRec)
	}{
		{"limit of the signed decision", func(r *proposalRec) { r.Decision.Limit *= 10 }},
		{"terms of the signed decision", func(r *proposalRec) { r.Decision.Terms.Days = 180 }},
		{"approver's name", func(r *proposalRec) { r.Decision.By = "Admin Ann" }},
		{"approver's id", func(r *proposalRec) { r.Decision.UserID = "someone-else" }},
		{"date", func(r *proposalRec) { r.Decision.At = r.Decision.At.Add(-time.Hour) }},
		{"signature", func(r *proposalRec) { r.Decision.Signature[0] ^= 1 }},
		{"proposal's limit only", func(r *proposalRec) { r.Limit *= 10 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, st := mustService(t)
			d := mustCreate(t, st, solidEuropean())
			snap, _ := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
			p, err := s.as("Sam Sales").Propose(d.ID, snap.ID, 50000, "USD", assess.Terms{Code: assess.TermOA, Days: 30}, "", "Sam Sales")
			if err != nil {
				t.Fatal(err)
			}
			p, err = s.as("Maria Manager").Decide(p.ID, true, "ok", "Maria Manager")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Verify(*p.Decision); err != nil {
				t.Fatalf("untouched approval: %v", err)
			}
			var r proposalRec
			if err := st.GetRecord(kindProposal, p.ID, &r); err != nil {
				t.Fatal(err)
			}
			tc.tamper(&r)
			if err := st.PutRecord(kindProposal, p.ID, r); err != nil {
				t.Fatal(err)
			}
			state, err := s.State(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if state.Valid {
				t.Fatalf("tampered state reads valid: %+v", state)
			}
			ps, _ := s.Proposals(d.ID)
			if r.Decision.Limit != p.Decision.Limit || r.Decision.By != p.Decision.By || r.Decision.UserID != p.Decision.UserID ||
				!r.Decision.At.Equal(p.Decision.At) || r.Decision.Terms != p.Decision.Terms || r.Decision.Signature[0] != p.Decision.Signature[0] {
				wantCode(t, s.Verify(*ps[0].Decision), errs.Conflict, "err.tampered")
			}
		})
	}
}

func TestConcurrentDecisions(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	snap, _ := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	p, err := s.as("Sam Sales").Propose(d.ID, snap.ID, 1000, "USD", assess.Terms{Code: assess.TermTTAdvance}, "", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]error, 8)
	s.as("Maria Manager")
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The one service of the workspace serialises decisions.
			_, results[i] = s.Decide(p.ID, i%3 != 0, fmt.Sprintf("decision %d", i), "")
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		switch {
		case err == nil:
			ok++
		case !errs.Is(err, errs.Conflict):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d decisions succeeded, want exactly one", ok)
	}
}
