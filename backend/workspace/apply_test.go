package workspace

import (
	"slices"
	"testing"

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
