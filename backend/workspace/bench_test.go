package workspace

import (
	"fmt"
	"testing"

	"credence/backend/receivables"
)

// BenchmarkMerge merges a duplicate carrying 240 shipments, 200 invoices
// and a signed visit into the kept customer.
func BenchmarkMerge(b *testing.B) {
	w := mustCreate(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		keep := mustDossier(b, w, fmt.Sprintf("Lumiere Import %d", i), "DE")
		gone := mustDossier(b, w, fmt.Sprintf("Lumière Import %d", i), "DE")
		importCustoms(b, w, gone.ID, "LUMIERE IMPORT GMBH", 240, 20)
		for n := range 200 {
			if _, err := w.Desk.Book.SaveInvoice(gone.ID, receivables.Invoice{Number: fmt.Sprintf("INV-%d", n), IssueDate: "2026-01-05", DueDate: "2026-02-04", Amount: 1000, Currency: "USD"}, "Sam Sales"); err != nil {
				b.Fatal(err)
			}
		}
		signVisit(b, w, gone.ID, "2026-03-12")
		b.StartTimer()
		m, err := w.Merge(keep.ID, gone.ID, "Sam Sales")
		if err != nil || m.Moved["trade_row"] != 240 || m.Moved[receivables.KindInvoice] != 200 || m.Moved[kindVisit] != 1 {
			b.Fatalf("moved %v, %v", m.Moved, err)
		}
	}
}
