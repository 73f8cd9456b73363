package desk

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/store"
)

// genBook writes a random receivables book for n customers through the
// Book (and a few dossiers with insurance limits typed in), as the app
// would: invoices open, paid, late, in two currencies; payments allocated
// and on account; credit notes, disputes, orders, promises, buyer limits.
func genBook(t *testing.T, st *store.Store, book *receivables.Book, rng *rand.Rand, n int) []*dossier.Dossier {
	t.Helper()
	ds := make([]*dossier.Dossier, n)
	for i := range ds {
		ds[i] = &dossier.Dossier{LegalName: dossier.Fact{Value: fmt.Sprintf("Kunde %03d Handels GmbH", i)}, Status: "active"}
		if i%4 == 0 {
			ds[i].InsuranceLimits = []dossier.InsuranceLimit{{Insurer: "Sinosure", Amount: float64(20000 + 1000*i), Currency: "USD", Expiry: "2026-07-15"}}
		}
		ds[i].Archived = i%17 == 5
	}
	ds, err := st.CreateDossiers(ds, "Sam Sales", nil)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := book.SavePolicy(receivables.Policy{Insurer: "Allianz Trade", Number: "P-1", ValidFrom: "2025-01-01", ValidTo: "2026-12-31", ReportDays: 60, InsuredShare: 0.9}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		if i%5 == 4 {
			continue // no receivables at all
		}
		for j := range rng.IntN(8) {
			issue := now.AddDate(0, 0, -rng.IntN(300))
			inv := receivables.Invoice{Number: fmt.Sprintf("R%d-%d", i, j), IssueDate: issue.Format("2006-01-02"),
				DueDate: issue.AddDate(0, 0, 30+rng.IntN(60)).Format("2006-01-02"), Amount: float64(1000 + rng.IntN(50000)), Currency: []string{"USD", "USD", "EUR"}[rng.IntN(3)]}
			if rng.IntN(2) == 0 {
				inv.PaidAmount = inv.Amount * float64(1+rng.IntN(2)) / 2
				inv.PaidDate = issue.AddDate(0, 0, rng.IntN(120)).Format("2006-01-02")
				if inv.PaidDate > now.Format("2006-01-02") {
					inv.PaidDate = now.Format("2006-01-02")
				}
			}
			if _, err := book.SaveInvoice(d.ID, inv, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
			if rng.IntN(6) == 0 {
				if _, err := book.SavePayment(d.ID, receivables.Payment{Date: now.AddDate(0, 0, -rng.IntN(60)).Format("2006-01-02"), Amount: 1500, Currency: "USD",
					Allocations: []receivables.Allocation{{Invoice: inv.Number, Amount: 1000}}}, "Sam Sales"); err != nil {
					t.Fatal(err)
				}
			}
			if rng.IntN(8) == 0 {
				if _, err := book.SaveDispute(d.ID, receivables.Dispute{Invoice: inv.Number, Opened: now.AddDate(0, 0, -10).Format("2006-01-02"), Reason: "quality"}, "Sam Sales"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if rng.IntN(5) == 0 {
			if _, err := book.SaveCreditNote(d.ID, receivables.CreditNote{Number: fmt.Sprintf("CN%d", i), Date: now.AddDate(0, 0, -20).Format("2006-01-02"), Amount: 700, Currency: "USD"}, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(4) == 0 {
			if _, err := book.SaveOrder(d.ID, receivables.Order{Number: fmt.Sprintf("O%d", i), Date: now.AddDate(0, 0, -5).Format("2006-01-02"), Amount: 30000, Currency: "USD"}, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(3) == 0 {
			if _, err := book.AddEntry(d.ID, receivables.Entry{Kind: receivables.EntryPromise, Date: now.AddDate(0, 0, -20).Format("2006-01-02"),
				PromiseDate: now.AddDate(0, 0, -rng.IntN(20)+5).Format("2006-01-02")}, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(4) == 0 {
			if _, err := book.SaveBuyerLimit(d.ID, receivables.BuyerLimit{PolicyID: pol.ID, Amount: float64(10000 + rng.IntN(90000)), Currency: "USD",
				ValidTo: now.AddDate(0, 0, rng.IntN(60)).Format("2006-01-02")}, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ds
}

// sameBoard checks that the board from the summaries is the board computed
// from every record and dossier.
func sameBoard(t *testing.T, dk *Desk, when string) []receivables.Alert {
	t.Helper()
	fast, err := dk.Alerts()
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	full, err := dk.alertsFull()
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	if !reflect.DeepEqual(fast, full) {
		for i := range min(len(fast), len(full)) {
			if !reflect.DeepEqual(fast[i], full[i]) {
				t.Fatalf("%s: alert %d of %d/%d differs:\nsummaries %+v\nfull      %+v", when, i, len(fast), len(full), fast[i], full[i])
			}
		}
		t.Fatalf("%s: %d alerts from the summaries, %d from the full computation", when, len(fast), len(full))
	}
	return fast
}

// The board read from one summary per customer gives exactly the alerts of
// the full computation: on a generated book, after edits of every kind
// (and of a dossier's insurance limits), after an import, after a write
// the program did not finish (summary left dirty), and after records
// written around the package and the summaries invalidated.
func TestBoardFromSummariesIsTheFullBoard(t *testing.T) {
	st := mustStore(t)
	dk := NewDesk(st)
	dk.Now = fixed(now)
	dk.Book.Now = fixed(now)
	rng := rand.New(rand.NewPCG(14, 17))
	ds := genBook(t, st, dk.Book, rng, 60)
	if got := sameBoard(t, dk, "generated"); len(got) < 20 {
		t.Fatalf("only %d alerts: the book exercises too little", len(got))
	}
	sameBoard(t, dk, "again, covers cached")

	// Edits: every kind, a delete, a dossier's insurance limit.
	d := ds[1]
	if _, err := dk.Book.SaveInvoice(d.ID, receivables.Invoice{Number: "LATE-1", IssueDate: "2026-01-02", DueDate: "2026-02-01", Amount: 90000, Currency: "USD"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := dk.Book.SaveInvoice(ds[2].ID, receivables.Invoice{Number: "R2-0", IssueDate: "2026-01-02", DueDate: "2026-01-20", Amount: 5, Currency: "USD"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if err := dk.Book.Delete(receivables.KindInvoice, ds[3].ID+"/R3-0", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if _, err := dk.Book.AddEntry(ds[6].ID, receivables.Entry{Kind: receivables.EntryPromise, Date: "2026-06-01", PromiseDate: "2026-06-10"}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	full, err := st.Dossier(d.ID) // owes LATE-1: its covers count
	if err != nil {
		t.Fatal(err)
	}
	full.InsuranceLimits = append(full.InsuranceLimits, dossier.InsuranceLimit{Insurer: "Coface", Amount: 5, Currency: "USD", Expiry: "2026-07-05"})
	if _, err := st.SaveDossier(full, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	if got := sameBoard(t, dk, "after edits"); !strings.Contains(fmt.Sprint(got), "Coface") {
		t.Fatal("the insurance limit typed into the dossier raised no alert")
	}

	// An import through the desk: new invoices and a changed one.
	csv := "Customer name,Invoice number,Issue date,Due date,Amount,Currency,Paid amount,Paid date\n" +
		"Kunde 010 Handels GmbH,IMP-1,2026-02-01,2026-03-01,12000,EUR,,\n" +
		"Kunde 010 Handels GmbH,R10-0,2026-02-01,2026-03-03,4000,EUR,1000,2026-04-01\n" +
		"Kunde 011 Handels GmbH,IMP-2,2026-05-01,2026-06-01,-300,EUR,,\n"
	p := filepath.Join(t.TempDir(), "ar.csv")
	if err := os.WriteFile(p, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if res, err := dk.Import(context.Background(), p, receivables.ImportOptions{}); err != nil || res.Added+res.Updated != 3 {
		t.Fatalf("import %+v %v", res, err)
	}
	sameBoard(t, dk, "after an import")

	// A write the program did not finish: the summary marked dirty, the
	// record written, the summary never made again.
	if err := st.PutRecord(receivables.KindSummary, ds[12].ID, receivables.CustomerSummary{DossierID: ds[12].ID, Dirty: true}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutRecord(receivables.KindInvoice, ds[12].ID+"/CRASH", receivables.Invoice{Meta: receivables.Meta{ID: "CRASH", DossierID: ds[12].ID},
		Number: "CRASH", IssueDate: "2026-01-01", DueDate: "2026-01-31", Amount: 77000, Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	got := sameBoard(t, dk, "after an unfinished write")
	if !strings.Contains(fmt.Sprint(got), "CRASH") {
		t.Fatal("the unfinished write's invoice raised no alert")
	}

	// A record written by another writer through WriteFor (a change log
	// applying another device's record, say).
	if err := dk.Book.WriteFor(ds[14].ID, func() error {
		return st.PutRecord(receivables.KindInvoice, ds[14].ID+"/APPLIED", receivables.Invoice{Meta: receivables.Meta{ID: "APPLIED", DossierID: ds[14].ID},
			Number: "APPLIED", IssueDate: "2026-01-01", DueDate: "2026-01-31", Amount: 55000, Currency: "USD"})
	}); err != nil {
		t.Fatal(err)
	}
	if got := sameBoard(t, dk, "after WriteFor"); !strings.Contains(fmt.Sprint(got), "APPLIED") {
		t.Fatal("the applied invoice raised no alert")
	}

	// Records written around the package, then the summaries invalidated.
	if err := st.PutRecord(receivables.KindInvoice, ds[13].ID+"/SYNCED", receivables.Invoice{Meta: receivables.Meta{ID: "SYNCED", DossierID: ds[13].ID},
		Number: "SYNCED", IssueDate: "2026-01-01", DueDate: "2026-01-31", Amount: 66000, Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	if err := dk.Book.InvalidateSummaries(); err != nil {
		t.Fatal(err)
	}
	got = sameBoard(t, dk, "after invalidation")
	if !strings.Contains(fmt.Sprint(got), "SYNCED") {
		t.Fatal("the synced invoice raised no alert")
	}
}
