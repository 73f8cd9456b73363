package workspace

import (
	"context"
	"slices"
	"testing"
	"time"

	"credence/backend/credit"

	"credence/backend/receivables"
)

// An overdue invoice entered on another computer reaches this one's alert
// board after the sync, although this board had already built its
// receivables summaries: applying marks them for a rebuild.
func TestApplyRemoteKeepsTheBoardRight(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	d := mustDossier(t, a, "Lumiere Import GmbH", "DE")
	if _, err := b.Desk.Alerts(); err != nil { // b's summaries are built, empty
		t.Fatal(err)
	}
	if _, err := a.Desk.Book.SaveInvoice(d.ID, receivables.Invoice{Number: "INV-9", IssueDate: "2025-06-01", DueDate: "2025-07-01",
		Amount: 48000, Currency: "USD"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	cs, _, err := a.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(cs); err != nil {
		t.Fatal(err)
	}
	alerts, err := b.Desk.Alerts()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(alerts, func(x receivables.Alert) bool { return x.DossierID == d.ID }) {
		t.Fatalf("b's board after the sync: %+v", alerts)
	}
}

// What this device derives from shared records is derived again when they
// arrive: a customer entered elsewhere is screened against this device's
// lists, and an assessment made elsewhere becomes its latest (the review
// list shows its grade).
func TestApplyRemoteDerives(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	if _, err := b.Screening.Import(context.Background(), "../../testdata/sanctions/un-consolidated.xml", "un", ""); err != nil {
		t.Fatal(err)
	}
	listed := mustDossier(t, a, "Compagnie Aerienne des Grands Lacs", "CD")
	if _, err := a.Credit.Assess(listed.ID, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	cs, _, err := a.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Apply(cs); err != nil {
		t.Fatal(err)
	}
	r, err := b.Screening.Result(listed.ID)
	if err != nil || len(r.Hits) == 0 {
		t.Fatalf("screened on b: %+v %v", r, err)
	}
	due, err := b.Credit.ReviewsDue(time.Now().AddDate(5, 0, 0), 0)
	if err != nil || !slices.ContainsFunc(due, func(x credit.Review) bool { return x.DossierID == listed.ID && x.Grade != "" }) {
		t.Fatalf("reviews on b: %+v %v", due, err)
	}
}
