package credit

import (
	"context"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/screening"
)

func TestSnapshotsImmutableAndOrdered(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	if _, err := s.as("Sam Sales").Assess("no-such-dossier", "Sam Sales", testNow); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unknown dossier: %v", err)
	}
	// Assessed out of date order: listed by date, newest first.
	days := []int{2, 0, 5, 1}
	made := map[string]Snapshot{}
	for _, n := range days {
		sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow.AddDate(0, 0, n))
		if err != nil {
			t.Fatal(err)
		}
		made[sn.ID] = sn
	}
	list, err := s.Snapshots(d.ID)
	if err != nil || len(list) != 4 {
		t.Fatalf("snapshots: %d %v", len(list), err)
	}
	for i, want := range []int{5, 2, 1, 0} {
		if !list[i].At.Equal(testNow.AddDate(0, 0, want)) {
			t.Fatalf("snapshot %d at %v, want day %d", i, list[i].At, want)
		}
	}

	// Changing the dossier changes no stored snapshot.
	old := list[0]
	cur, _ := st.Dossier(d.ID)
	cur.CreditReports = nil
	if _, err := st.SaveDossier(cur, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow.AddDate(0, 0, 6)); err != nil {
		t.Fatal(err)
	}
	again, err := s.Snapshot(d.ID, old.ID)
	if err != nil || !reflect.DeepEqual(again.Assessment, made[old.ID].Assessment) || again.By != "Sam Sales" {
		t.Fatalf("stored snapshot changed: %v", err)
	}
	if _, err := s.Snapshot("other", old.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("snapshot under another dossier: %v", err)
	}
	if l, _ := s.Snapshots("nobody"); len(l) != 0 {
		t.Fatalf("snapshots of nobody: %v", l)
	}
}

func TestCompareAfterDossierChanged(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	before, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := st.Dossier(d.ID)
	cur.LegalRecords = append(cur.LegalRecords, dossier.LegalRecord{Kind: "bankruptcy", Court: "AG Bremen", Date: "2026-03-01", Status: "open"})
	cur.References = append(cur.References, dossier.Reference{Who: "Yiwu Trading", Payment: "default"})
	if _, err := st.SaveDossier(cur, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	after, err := s.as("Maria Manager").Assess(d.ID, "Maria Manager", testNow.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := s.Compare(d.ID, before.ID, after.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]assess.Difference{}
	for _, df := range diffs {
		kinds[df.Kind+"/"+df.Key] = df
	}
	g, ok := kinds["grade/"]
	if !ok || g.From != before.Assessment.Grade || g.To != "E" {
		t.Fatalf("grade difference missing or wrong: %+v in %+v", g, diffs)
	}
	if _, ok := kinds["flag_added/"+assess.FlagBankruptcy]; !ok {
		t.Fatalf("no bankruptcy flag added in %+v", diffs)
	}
	if same, err := s.Compare(d.ID, before.ID, before.ID); err != nil || len(same) != 0 || same == nil {
		t.Fatalf("a snapshot against itself: %v %v", same, err)
	}
	if _, err := s.Compare(d.ID, before.ID, "nope"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("missing snapshot: %v", err)
	}
}

func TestRedFlagSeverities(t *testing.T) {
	for _, tc := range []struct {
		code, field, want string
	}{
		{redflags.CodeSanctionsConfirmed, "legal_name", assess.SeverityDecline},
		{redflags.CodeSanctionsHit, "legal_name", assess.SeverityHold},
		{redflags.CodeSanctionsNotScreened, "", assess.SeverityWarn},
		{redflags.CodeIdentifierInvalid, "identifiers[0]", assess.SeverityCap},
		{redflags.CodeFactContradicted, "legal_representative", assess.SeverityCap},
		// The engine caps these itself: passed on as details only.
		{redflags.CodeFactContradicted, "legal_name", assess.SeverityWarn},
		{redflags.CodeFactContradicted, "identifiers[1]", assess.SeverityWarn},
		{redflags.CodeFactContradicted, "website", assess.SeverityWarn},
		{redflags.CodeFactContradicted, "emails[0]", assess.SeverityWarn},
		{redflags.CodeFreeMail, "emails[0]", assess.SeverityWarn},
		{redflags.CodeHighRiskCountry, "country", assess.SeverityWarn},
	} {
		t.Run(tc.code+" "+tc.field, func(t *testing.T) {
			got := toAssessFlag(redflags.Flag{Code: tc.code, Field: tc.field, Severity: redflags.High, EN: "en", ZH: "zh"})
			if got.Severity != tc.want || got.Code != tc.code || got.EN != "en" || got.Source == "" {
				t.Fatalf("%+v, want severity %s", got, tc.want)
			}
		})
	}
}

func TestAssessUsesRedFlagsAndEvidence(t *testing.T) {
	s, st := mustService(t)

	// An LEI that fails its check digits caps the grade.
	bad := solidEuropean()
	bad.Identifiers[0].Value = "529900T8BM49AURSDO56"
	d := mustCreate(t, st, bad)
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !hasOverride(sn.Assessment, redflags.CodeIdentifierInvalid) || gradeAbove(sn.Assessment.Grade, "C") {
		t.Fatalf("invalid identifier: grade %s overrides %+v", sn.Assessment.Grade, sn.Assessment.Overrides)
	}

	// A free-mail "trading company": flagged, never graded well.
	g := mustCreate(t, st, gmailTrader())
	sn, err = s.as("Sam Sales").Assess(g.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFlag(sn.Assessment, redflags.CodeFreeMail) || gradeAbove(sn.Assessment.Grade, "D") || sn.Assessment.Limit.Amount != 0 {
		t.Fatalf("gmail trader: grade %s limit %v flags %+v", sn.Assessment.Grade, sn.Assessment.Limit.Amount, sn.Assessment.RedFlags)
	}

	// Evidence from elsewhere (receivables here) reaches the engine.
	s.Evidence = func(id string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
		if id != d.ID {
			return nil, nil, nil
		}
		return nil, &assess.PaymentSummary{Invoices: 24, OnTimeShare: 0.95, AvgDaysBeyondTerms: 2}, nil
	}
	sn, _ = s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	for _, dim := range sn.Assessment.Dimensions {
		if dim.Key == assess.DimPayment && dim.Missing {
			t.Fatalf("payment evidence ignored: %+v", dim)
		}
	}
}

func TestConfirmedSanctionsMatchDeclines(t *testing.T) {
	const list = "../../testdata/sanctions/us-csl-sample.csv"
	if _, err := os.Stat(list); err != nil {
		t.Fatalf("list data missing from the repository: %v", err)
	}
	s, st := mustService(t)
	scr := screening.New(st)
	if _, err := scr.Import(context.Background(), list, "", "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "200G PSA HOLDINGS LLC"}, Country: dossier.Fact{Value: "US"}})
	res, hits, err := scr.ScreenDossier(d)
	if err != nil || len(hits) == 0 {
		t.Fatalf("screen: %v hits %d", err, len(hits))
	}
	if _, err := scr.Decide(d.ID, res.Hits[0].Key, screening.VerdictTrueMatch, "same address in Miami", "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	a := sn.Assessment
	if a.Grade != "E" || a.Terms.Code != assess.TermDecline || a.Limit.Amount != 0 || !hasOverride(a, redflags.CodeSanctionsConfirmed) {
		t.Fatalf("confirmed match: grade %s terms %s overrides %+v", a.Grade, a.Terms.Code, a.Overrides)
	}
	p, err := s.as("Sam Sales").Propose(d.ID, sn.ID, 0, "USD", assess.Terms{Code: assess.TermLCSight}, "L/C only?", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.as("Admin Ann").Decide(p.ID, true, "", "Admin Ann")
	wantCode(t, err, errs.Conflict, "err.sanctionsConfirmed")
	if r, err := s.as("Maria Manager").Decide(p.ID, false, "sanctioned", "Maria Manager"); err != nil || r.Status != StatusRejected {
		t.Fatalf("rejecting: %+v %v", r, err)
	}
}

func hasFlag(a assess.Assessment, code string) bool {
	return slices.ContainsFunc(a.RedFlags, func(f assess.RedFlag) bool { return f.Code == code })
}

func hasOverride(a assess.Assessment, code string) bool {
	return slices.ContainsFunc(a.Overrides, func(o assess.Override) bool { return o.Code == code })
}

// gradeAbove: g is a better grade than limit.
func gradeAbove(g, limit string) bool {
	return slices.Index(assess.Grades, g) < slices.Index(assess.Grades, limit)
}

func TestReviewsDue(t *testing.T) {
	s, st := mustService(t)
	now := testNow
	mk := func(name string, key bool) *dossier.Dossier {
		d := solidEuropean()
		d.LegalName = verified(name, "registry")
		d.KeyAccount = key
		return mustCreate(t, st, d)
	}
	// Assessed 13 months ago, never approved: the snapshot's review is overdue.
	old := mk("Alpha Old GmbH", false)
	if _, err := s.as("Sam Sales").Assess(old.ID, "Sam Sales", now.AddDate(-2, 0, 0)); err != nil {
		t.Fatal(err)
	}
	// Approved long ago (the approval's date sets the review): overdue,
	// and later than Alpha's.
	appr := mk("Bravo Approved GmbH", true)
	sn, _ := s.as("Sam Sales").Assess(appr.ID, "Sam Sales", now.AddDate(-1, 0, 0))
	s.Now = func() time.Time { return now.AddDate(0, -7, 0) }
	p, _ := s.as("Sam Sales").Propose(appr.ID, sn.ID, 50000, "USD", assess.Terms{Code: assess.TermOA, Days: 30}, "", "Sam Sales")
	if _, err := s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return now }
	// A date set by hand within the window.
	manual := mk("Charlie Manual GmbH", false)
	if _, err := s.as("Sam Sales").Assess(manual.ID, "Sam Sales", now); err != nil {
		t.Fatal(err)
	}
	if err := s.as("Sam Sales").SetNextReview(manual.ID, now.AddDate(0, 0, 10).Format("2006-01-02"), "Sam Sales"); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("sales sets a review date: %v", err)
	}
	if err := s.as("Maria Manager").SetNextReview(manual.ID, "next week", "Maria Manager"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("bad date: %v", err)
	}
	if err := s.as("Maria Manager").SetNextReview(manual.ID, now.AddDate(0, 0, 10).Format("2006-01-02"), "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	// Due tomorrow.
	soon := mk("Delta Soon GmbH", false)
	if _, err := s.as("Sam Sales").Assess(soon.ID, "Sam Sales", now.AddDate(-1, 0, 1)); err != nil {
		t.Fatal(err)
	}
	// Assessed today: due in a year, outside the window; never assessed: not listed.
	fresh := mk("Echo Fresh GmbH", false)
	if _, err := s.as("Sam Sales").Assess(fresh.ID, "Sam Sales", now); err != nil {
		t.Fatal(err)
	}
	mk("Foxtrot Never GmbH", false)
	// Archived customers are not reviewed.
	gone := mk("Golf Archived GmbH", false)
	s.as("Sam Sales").Assess(gone.ID, "Sam Sales", now.AddDate(-2, 0, 0))
	if _, err := st.SetArchived(gone.ID, true, "Admin Ann"); err != nil {
		t.Fatal(err)
	}

	got, err := s.ReviewsDue(now, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.Name)
	}
	want := []string{"Alpha Old GmbH", "Bravo Approved GmbH", "Delta Soon GmbH", "Charlie Manual GmbH"}
	if !slices.Equal(names, want) {
		t.Fatalf("reviews due %v, want %v (%+v)", names, want, got)
	}
	if !got[0].Overdue || !got[1].Overdue || got[2].Overdue || got[3].Overdue {
		t.Fatalf("overdue marks: %+v", got)
	}
	if !got[1].KeyAccount || got[1].Grade == "" || got[3].Due != "2026-03-26" {
		t.Fatalf("details: %+v", got)
	}
	// Clearing the date set by hand goes back to the assessment's.
	if err := s.as("Maria Manager").SetNextReview(manual.ID, "", "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ReviewsDue(now, 30*24*time.Hour)
	if len(got) != 3 {
		t.Fatalf("after clearing: %+v", got)
	}
}
