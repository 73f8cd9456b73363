package credit

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/visit"
)

const cslSample = "../../testdata/sanctions/us-csl-sample.csv"

// listedBuyer is a customer whose Latin name is an SDN entry of the CSL
// sample, with an otherwise A-grade dossier.
func listedBuyer(tb testing.TB, s *Service, st *store.Store) (*dossier.Dossier, screening.Result) {
	tb.Helper()
	scr := screening.New(st)
	if _, err := scr.Import(context.Background(), cslSample, "", "Admin Ann"); err != nil {
		tb.Fatal(err)
	}
	d := solidEuropean()
	d.LatinName = dossier.Fact{Value: "200G PSA HOLDINGS LLC"}
	d.Status = "new"
	d = mustCreate(tb, st, d)
	res, hits, err := scr.ScreenDossier(d)
	if err != nil || len(hits) == 0 {
		tb.Fatalf("screen: %v, %d hits", err, len(hits))
	}
	return d, res
}

// An undecided hit puts the customer on hold; approval is refused until
// every hit is decided; deciding false positive brings the grade back, and
// approving makes the customer active.
func TestScreeningGate(t *testing.T) {
	s, st := mustService(t)
	d, res := listedBuyer(t, s, st)

	held, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	a := held.Assessment
	if a.Status != assess.StatusOnHold || a.Grade != "" || a.Limit.Amount != 0 || a.Terms.Code != assess.TermTTAdvance {
		t.Fatalf("with an undecided hit: status %s grade %q limit %.0f terms %s", a.Status, a.Grade, a.Limit.Amount, a.Terms.Code)
	}
	if pend, err := s.Pending(d.ID); err != nil || len(pend) != len(res.Hits) {
		t.Fatalf("pending %d of %d hits: %v", len(pend), len(res.Hits), err)
	}
	p, err := s.as("Sam Sales").Propose(d.ID, held.ID, 0, "", assess.Terms{Code: assess.TermTTAdvance}, "advance only", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager")
	wantCode(t, err, errs.Conflict, "err.screeningUnresolved")

	// Sales may not take compliance decisions; a credit manager may.
	_, err = s.as("Sam Sales").DecideHit(d.ID, res.Hits[0].Key, screening.VerdictFalsePositive, "different address", "Sam Sales")
	wantCode(t, err, errs.Unauthorized, "err.notAllowed")
	alerts, _ := screening.New(st).Alerts(false)
	if len(alerts) == 0 {
		t.Fatal("no open alert for the hit")
	}
	for _, h := range res.Hits {
		if _, err := s.as("Maria Manager").DecideHit(d.ID, h.Key, screening.VerdictFalsePositive, "Miami address, ours is in Bremen", "Maria Manager"); err != nil {
			t.Fatal(err)
		}
	}
	if open, _ := screening.New(st).Alerts(false); len(open) != 0 {
		t.Errorf("%d alerts still open after every hit was decided", len(open))
	}

	// The old proposal rests on the on-hold assessment: still refused.
	_, err = s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager")
	wantCode(t, err, errs.Conflict, "err.assessmentOnHold")

	graded, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if g := graded.Assessment; g.Status != assess.StatusGraded || g.Grade == "" {
		t.Fatalf("after the decisions: status %s grade %q", g.Status, g.Grade)
	}
	p2, err := s.as("Sam Sales").Propose(d.ID, graded.ID, graded.Assessment.Limit.Amount, "", graded.Assessment.Terms, "", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.as("Maria Manager").Decide(p2.ID, true, "ok", "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Dossier(d.ID); got.Status != "active" {
		t.Errorf("status after approval %q, want active", got.Status)
	}
}

// A confirmed true match blocks the customer and declines.
func TestTrueMatchBlocks(t *testing.T) {
	s, st := mustService(t)
	d, res := listedBuyer(t, s, st)
	if _, err := s.as("Admin Ann").DecideHit(d.ID, res.Hits[0].Key, screening.VerdictTrueMatch, "same tax id", "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Dossier(d.ID); got.Status != "blocked" {
		t.Errorf("status %q, want blocked", got.Status)
	}
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if a := sn.Assessment; a.Status != assess.StatusDeclined || a.Grade != "E" || a.Terms.Code != assess.TermDecline {
		t.Errorf("status %s grade %s terms %s", a.Status, a.Grade, a.Terms.Code)
	}
	p, err := s.as("Sam Sales").Propose(d.ID, sn.ID, 0, "", assess.Terms{Code: assess.TermLCSight}, "", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager")
	wantCode(t, err, errs.Conflict, "err.sanctionsConfirmed")
}

// Nobody approves their own proposal, unless the policy says the firm has
// a single approver; then the approval says so and still verifies.
func TestFourEyes(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	sn, err := s.as("Maria Manager").Assess(d.ID, "Maria Manager", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.as("Maria Manager").Propose(d.ID, sn.ID, 50000, "", sn.Assessment.Terms, "", "Maria Manager")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Decide(p.ID, true, "", "maria manager")
	wantCode(t, err, errs.Unauthorized, "err.ownProposal")
	// Withdrawing one's own proposal is fine.
	if r, err := s.as("Maria Manager").Decide(p.ID, false, "withdrawn", "Maria Manager"); err != nil || r.Status != StatusRejected {
		t.Fatalf("reject own: %+v %v", r, err)
	}

	pol, _ := s.Policy()
	pol.SingleApprover = true
	if _, err := s.as("Admin Ann").SavePolicy(pol, "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	p, err = s.as("Maria Manager").Propose(d.ID, sn.ID, 50000, "", sn.Assessment.Terms, "", "Maria Manager")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.as("Maria Manager").Decide(p.ID, true, "one-person firm", "Maria Manager")
	if err != nil {
		t.Fatal(err)
	}
	if got.Decision == nil || !got.Decision.SelfApproved {
		t.Fatalf("decision %+v, want self-approved", got.Decision)
	}
	state, err := s.State(d.ID)
	if err != nil || !state.Valid || !state.SelfApproved {
		t.Fatalf("state %+v %v", state, err)
	}
	// The flag is signed: clearing it breaks the signature.
	a := *got.Decision
	a.SelfApproved = false
	wantCode(t, s.Verify(a), errs.Conflict, "err.tampered")

	// Another approver is never marked self-approved.
	p, _ = s.as("Sam Sales").Propose(d.ID, sn.ID, 40000, "", sn.Assessment.Terms, "", "Sam Sales")
	if got, err := s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager"); err != nil || got.Decision.SelfApproved {
		t.Fatalf("four eyes: %+v %v", got.Decision, err)
	}
}

// Role changes are admin-only and recorded; compliance settings are for
// credit managers and admins.
func TestRolesRecordedAndComplianceRights(t *testing.T) {
	s, st := mustService(t)
	users, _ := s.Users()
	sam := users[slices.IndexFunc(users, func(u User) bool { return u.Name == "Sam Sales" })]
	wantCode(t, s.as("Maria Manager").SetRole(sam.ID, RoleCreditManager, "Maria Manager"), errs.Unauthorized, "err.notAllowed")
	if err := s.as("Admin Ann").SetRole(sam.ID, RoleCreditManager, "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	changes, err := s.RoleChanges()
	if err != nil {
		t.Fatal(err)
	}
	// Ann registered herself; she added Maria and Sam; she promoted Sam.
	if len(changes) != 4 {
		t.Fatalf("%d role changes: %+v", len(changes), changes)
	}
	if c := changes[0]; c.UserID != sam.ID || c.From != RoleSales || c.To != RoleCreditManager || c.By != "Admin Ann" {
		t.Errorf("newest change %+v", c)
	}

	if _, err := st.AddPerson("Sally Sales", RoleSales, testPass); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.as("Sally Sales").SetThreshold(0.7, ""), errs.Unauthorized, "err.notAllowed")
	wantCode(t, s.SetThreshold(0.7, "Maria Manager"), errs.Unauthorized, "err.notYou")
	if err := s.as("Maria Manager").SetThreshold(0.7, "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	if th := screening.New(st).Threshold(); th != 0.7 {
		t.Errorf("threshold %g", th)
	}
	wantCode(t, s.as("Maria Manager").SetThreshold(0.2, "Maria Manager"), errs.Invalid, "err.threshold")
}

// Assess reads the latest signed visit itself, so every door (app, CLI,
// report) sees it; a failed required check becomes a red flag with the
// visitor's note, and a front company caps the grade.
func TestAssessReadsSignedVisit(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	before, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	signedVisit(t, st, d.ID, map[string]visit.Answer{
		"signage_name":    {Value: "fail", Note: "the sign says Hansa Logistik"},
		"premises_tenure": {Value: "shared", Note: "a forwarder's office"},
		"staff_match":     {Value: "far_fewer", Note: "two people for forty claimed"},
	})
	after, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	a := after.Assessment
	if dim := a.Dimensions[slices.IndexFunc(a.Dimensions, func(x assess.Dimension) bool { return x.Key == assess.DimVisit })]; dim.Missing {
		t.Fatal("the signed visit is not in the assessment")
	}
	if !hasFlag(a, assess.FlagFrontCompany) || gradeAbove(a.Grade, "C") {
		t.Errorf("front company: grade %s (was %s), flags %v", a.Grade, before.Assessment.Grade, a.RedFlags)
	}
	if !slices.ContainsFunc(a.RedFlags, func(f assess.RedFlag) bool {
		return f.Code == assess.FlagVisitFailed && strings.Contains(f.EN, "Hansa Logistik")
	}) {
		t.Errorf("no flag with the visitor's note: %v", a.RedFlags)
	}
	// The earlier snapshot is now older than the data.
	fr, err := s.Fresh(before)
	if err != nil || !fr.Stale {
		t.Errorf("before the visit: %+v %v", fr, err)
	}
	if fr, err := s.Fresh(after); err != nil || fr.Stale {
		t.Errorf("fresh snapshot reported stale: %+v %v", fr, err)
	}
}

// A report printed after the dossier changed learns it from Fresh.
func TestFreshAfterDossierChange(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	d, _ = st.Dossier(d.ID)
	d.LegalRecords = append(d.LegalRecords, dossier.LegalRecord{Kind: "bankruptcy", Status: "open", Date: "2026-03-10"})
	if _, err := st.SaveDossier(d, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	fr, err := s.Fresh(sn)
	if err != nil || !fr.Stale || fr.ChangedAt.IsZero() || !strings.Contains(fr.EN, "older than the data (changed") {
		t.Fatalf("%+v %v", fr, err)
	}
	now, err := s.Evaluate(d.ID, testNow)
	if err != nil || now.Assessment.Grade != "E" {
		t.Fatalf("reassessed: %s %v", now.Assessment.Grade, err)
	}
}

// signedVisit walks the built-in office checklist with every required
// item good except those given, and signs it off.
func signedVisit(tb testing.TB, st *store.Store, dossierID string, bad map[string]visit.Answer) {
	tb.Helper()
	vs := visit.New(st)
	v, err := vs.Start(dossierID, visit.BuiltInOffice, "Li Wei", "2026-03-12")
	if err != nil {
		tb.Fatal(err)
	}
	tpl, err := vs.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		tb.Fatal(err)
	}
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)
	for _, it := range tpl.Items() {
		a, isBad := bad[it.ID]
		if !it.Required && !isBad {
			continue
		}
		if !isBad {
			a = visit.Answer{Value: map[visit.ItemType]string{visit.TypePassFail: "pass", visit.TypeYesNo: "yes", visit.TypeNumber: "12", visit.TypeText: "seen", visit.TypeDate: "2026-03-12"}[it.Type]}
			if it.Type == visit.TypeChoice {
				a.Value = it.Choices[0].Value
			}
		}
		a.ItemID = it.ID
		if a.Value != "" {
			if v, err = vs.Answer(v.ID, a); err != nil {
				tb.Fatalf("%s: %v", it.ID, err)
			}
		}
		n := it.MinPhotos
		if it.Type == visit.TypePhoto && n == 0 || isBad && it.PhotoOnBad {
			n = max(n, 1)
		}
		for i := range n {
			if v, err = vs.AddPhoto(v.ID, it.ID, fmt.Sprintf("%s-%d.jpg", it.ID, i), jpeg, time.Time{}, ""); err != nil {
				tb.Fatal(err)
			}
		}
	}
	sig := signature(tb)
	if _, err := vs.Sign(v.ID, visit.RoleVisitor, "Li Wei", sig, ""); err != nil {
		tb.Fatal(err)
	}
	if v, err = vs.Sign(v.ID, visit.RoleCustomer, "Katrin Müller", sig, ""); err != nil || !v.Signed() {
		tb.Fatalf("sign-off: %v", err)
	}
}

func signature(tb testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 12))
	for x := range 40 {
		img.SetGray(x, 6+x%4, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// A policy saved before the gates existed gets them by default; a gate
// switched off stays off.
func TestOldPolicyGetsNewRules(t *testing.T) {
	s, st := mustService(t)
	old := map[string]any{"policy": map[string]any{"currency": "EUR"}, "saved_by": "Admin Ann"}
	if err := st.PutRecord(kindPolicy, policyID, old); err != nil {
		t.Fatal(err)
	}
	p, err := s.Policy()
	if err != nil {
		t.Fatal(err)
	}
	if p.Currency != "EUR" || p.Consumer == nil || p.NoEvidence == nil || len(p.CountryCeilings) == 0 || p.HomeCountry != "CN" {
		t.Fatalf("old policy read as %+v", p)
	}
	p = assess.DefaultPolicy()
	p.Consumer = nil
	if _, err := s.as("Admin Ann").SavePolicy(p, "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Policy(); got.Consumer != nil || got.NoEvidence == nil {
		t.Errorf("switched-off consumer rule came back: %+v", got.Consumer)
	}
}

// A recorded search of court and insolvency records reaches the
// assessment as "checked, nothing found".
func TestLegalCheckRecorded(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	_, err := s.as("Sam Sales").RecordLegalCheck(d.ID, "litigation", " ", "", "Sam Sales")
	wantCode(t, err, errs.Invalid, "err.legalCheckSource")
	_, err = s.as("Sam Sales").RecordLegalCheck(d.ID, "fraud", "x", "", "Sam Sales")
	wantCode(t, err, errs.Invalid, "err.choice")
	if _, err := s.as("Sam Sales").RecordLegalCheck(d.ID, "litigation", "Amtsgericht Bremen", "2026-03-10", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	cs, err := s.LegalChecks(d.ID)
	if err != nil || len(cs) != 1 || cs[0].By != "Sam Sales" {
		t.Fatalf("checks %+v %v", cs, err)
	}
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, f := range sn.Assessment.Dimensions[2].Factors {
		codes = append(codes, f.Code)
	}
	if !slices.Contains(codes, "litigation_checked") || !slices.Contains(codes, "bankruptcy_not_checked") {
		t.Errorf("credit factors %v", codes)
	}
}

// A customer on hold is on the board at once, even with a limit approved
// before the hit appeared.
func TestOnHoldOnTheBoard(t *testing.T) {
	s, st := mustService(t)
	d, _ := listedBuyer(t, s, st)
	if _, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow); err != nil {
		t.Fatal(err)
	}
	rs, err := s.ReviewsDue(testNow, 0)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r Review) bool { return r.DossierID == d.ID })
	if i < 0 || !rs[i].OnHold || rs[i].Grade != "" {
		t.Fatalf("reviews due %+v", rs)
	}
}

// Approving more than the assessment recommends needs a reason, and the
// signed approval says it was above the recommendation.
func TestAboveRecommendationNeedsReason(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	rec := sn.Assessment
	p, err := s.as("Sam Sales").Propose(d.ID, sn.ID, rec.Limit.Amount*2, "", rec.Terms, "big order coming", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.as("Maria Manager").Decide(p.ID, true, " ", "Maria Manager")
	wantCode(t, err, errs.Invalid, "err.aboveRecommendation")
	got, err := s.as("Maria Manager").Decide(p.ID, true, "parent company guarantee on file", "Maria Manager")
	if err != nil || !got.Decision.AboveRecommendation {
		t.Fatalf("%+v %v", got.Decision, err)
	}
	if err := s.Verify(*got.Decision); err != nil {
		t.Fatal(err)
	}
	a := *got.Decision
	a.AboveRecommendation = false
	wantCode(t, s.Verify(a), errs.Conflict, "err.tampered")
	// Better terms than recommended count too.
	p, _ = s.as("Sam Sales").Propose(d.ID, sn.ID, 1000, "", assess.Terms{Code: assess.TermOA, Days: 120}, "", "Sam Sales")
	_, err = s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager")
	wantCode(t, err, errs.Invalid, "err.aboveRecommendation")
}
