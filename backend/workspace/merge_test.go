package workspace

import (
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/trade"
)

// Merging a duplicate into the customer kept moves its trade records,
// receivables (invoices, payments, collection log, customer codes, hold)
// and field visits — photos and signatures pointing at the copied files —
// to the kept dossier, so its assessment counts them; nothing is left on
// the duplicate but what the kept one had already.
func TestMergeMovesTradeReceivablesAndVisits(t *testing.T) {
	w := mustCreate(t)
	keep := mustDossier(t, w, "Lumiere Import GmbH", "DE")
	gone := mustDossier(t, w, "Lumière Import", "DE")
	importCustoms(t, w, gone.ID, "LUMIERE IMPORT GMBH", 24, 20)
	signed := signVisit(t, w, gone.ID, "2026-03-12")

	b := w.Desk.Book
	for _, n := range []string{"INV-1", "INV-2"} {
		if _, err := b.SaveInvoice(gone.ID, receivables.Invoice{Number: n, IssueDate: "2026-01-05", DueDate: "2026-02-04", Amount: 12000, Currency: "USD"}, "Sam Sales"); err != nil {
			t.Fatal(err)
		}
	}
	// The kept customer has INV-2 already: its copy is not overwritten.
	if _, err := b.SaveInvoice(keep.ID, receivables.Invoice{Number: "INV-2", IssueDate: "2026-01-05", DueDate: "2026-02-04", Amount: 999, Currency: "USD"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SavePayment(gone.ID, receivables.Payment{Date: "2026-02-01", Amount: 5000, Currency: "USD"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddEntry(gone.ID, receivables.Entry{Kind: receivables.EntryCall, Date: "2026-02-10", Note: "promised next week"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if err := b.LinkCode("C-1042", gone.ID, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetHold(gone.ID, true, "overdue", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	before, err := w.Evaluate(keep.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}

	m, err := w.Merge(keep.ID, gone.ID, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if m.Dossier.ID != keep.ID || !m.Gone.Archived {
		t.Fatalf("kept %s, gone archived %v", m.Dossier.ID, m.Gone.Archived)
	}
	if recs, _ := trade.Records(w.Store(), keep.ID); len(recs) != 24 || recs[0].DossierID != keep.ID {
		t.Fatalf("kept has %d shipments", len(recs))
	}
	if recs, _ := trade.Records(w.Store(), gone.ID); len(recs) != 0 {
		t.Fatalf("%d shipments left on the duplicate", len(recs))
	}
	l, err := b.Ledger(keep.ID)
	if err != nil || len(l.Invoices) != 2 || len(l.Payments) != 1 {
		t.Fatalf("kept ledger: %d invoices, %d payments, %v", len(l.Invoices), len(l.Payments), err)
	}
	for _, inv := range l.Invoices {
		if inv.Number == "INV-2" && inv.Amount != 999 {
			t.Fatal("the kept customer's invoice was overwritten")
		}
		if inv.DossierID != keep.ID {
			t.Fatalf("invoice %s names %s", inv.Number, inv.DossierID)
		}
	}
	if left, _ := b.Ledger(gone.ID); len(left.Invoices) != 1 || len(left.Payments) != 0 {
		t.Fatalf("duplicate ledger: %d invoices (want the one clash), %d payments", len(left.Invoices), len(left.Payments))
	}
	if m.Moved[receivables.KindInvoice] != 1 || m.Left[receivables.KindInvoice] != 1 {
		t.Fatalf("moved %v left %v", m.Moved, m.Left)
	}
	if es, _ := b.Entries(keep.ID); len(es) != 1 {
		t.Fatalf("collection log: %d", len(es))
	}
	if id, _ := b.CodeOf("C-1042"); id != keep.ID {
		t.Fatalf("customer code links %s", id)
	}
	if h, err := b.HoldOf(keep.ID); err != nil || !h.On {
		t.Fatalf("hold: %+v %v", h, err)
	}
	if vs, _ := w.Visits.Visits(gone.ID); len(vs) != 0 {
		t.Fatalf("%d visits left on the duplicate", len(vs))
	}
	vs, err := w.Visits.Visits(keep.ID)
	if err != nil || len(vs) != 1 || vs[0].ID != signed.ID || !vs[0].Signed() {
		t.Fatalf("kept visits: %+v %v", vs, err)
	}
	files := 0
	for _, s := range vs[0].Signatures {
		if _, _, err := w.Store().Attachment(keep.ID, s.AttachmentID); err != nil {
			t.Fatalf("signature %s not on the kept dossier: %v", s.AttachmentID, err)
		}
		files++
	}
	for _, a := range vs[0].Effective() {
		for _, id := range a.Photos {
			if _, _, err := w.Store().Attachment(keep.ID, id); err != nil {
				t.Fatalf("photo %s not on the kept dossier: %v", id, err)
			}
			files++
		}
	}
	if files < 3 {
		t.Fatalf("only %d files checked", files)
	}
	after, err := w.Evaluate(keep.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{assess.DimTrade, assess.DimVisit} {
		if !dimension(before.Assessment, key).Missing || dimension(after.Assessment, key).Missing {
			t.Errorf("%s: missing %v before the merge, %v after", key, dimension(before.Assessment, key).Missing, dimension(after.Assessment, key).Missing)
		}
	}
	if p := dimension(after.Assessment, assess.DimPayment); p.Missing || p.Factors == nil {
		t.Errorf("payment experience after the merge: %+v", p)
	}
	if r, err := w.CreditReport(keep.ID, time.Time{}); err != nil || r.Visit == nil || r.Trade == nil || r.Payments == nil {
		t.Fatalf("report inputs after the merge: visit %v trade %v payments %v, %v", r.Visit != nil, r.Trade != nil, r.Payments != nil, err)
	}
	if _, err := w.Merge(keep.ID, keep.ID, "Sam Sales"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("merge into itself: %v", err)
	}
}
