package standing_test

import (
	"context"
	"testing"
	"time"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/receivables/desk"
	"credence/backend/screening"
	"credence/backend/standing"
	"credence/backend/store/storetest"
)

func TestStandingFollowsScreeningDecisions(t *testing.T) {
	st := storetest.New(t)
	ss, cs := screening.New(st), credit.New(st)
	mk := func(name, country string) string {
		d, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: name}, Country: dossier.Fact{Value: country}}, "李雷")
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	early := mk("Early Bird Trading GmbH", "DE") // screened before any list existed
	if _, _, err := ss.ScreenDossier(mustGet(t, st, early)); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Import(context.Background(), "../../testdata/sanctions/ofac-sdn", "", "李雷"); err != nil {
		t.Fatal(err)
	}
	clean, listed := mk("Quiet Harbour Lighting GmbH", "DE"), mk("BANCO NACIONAL DE CUBA", "CU")
	never := mk("Never Screened Ltd", "GB")
	for _, id := range []string{clean, listed} {
		if _, _, err := ss.ScreenDossier(mustGet(t, st, id)); err != nil {
			t.Fatal(err)
		}
	}
	r := standing.New(cs, ss)
	check := func(id, want string) {
		t.Helper()
		got, err := r.Of([]string{id})
		if err != nil {
			t.Fatal(err)
		}
		if got[id].Screening != want {
			t.Fatalf("screening state %q, want %q", got[id].Screening, want)
		}
	}
	check(early, standing.Unscreened)
	check(never, standing.Unscreened)
	check(clean, standing.Clear)
	check(listed, standing.Pending)
	res, err := ss.Result(listed)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no hit for a listed bank: %v", err)
	}
	for _, h := range res.Hits {
		if _, err := ss.Decide(listed, h.Key, screening.VerdictFalsePositive, "different bank, checked the registry", "王芳"); err != nil {
			t.Fatal(err)
		}
	}
	check(listed, standing.Clear)
	if _, err := ss.Decide(listed, res.Hits[0].Key, screening.VerdictTrueMatch, "same entity, same address in Havana", "王芳"); err != nil {
		t.Fatal(err)
	}
	check(listed, standing.Match)
}

func mustGet(t *testing.T, st interface {
	Dossier(string) (*dossier.Dossier, error)
}, id string) *dossier.Dossier {
	t.Helper()
	d, err := st.Dossier(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestStandingCarriesExposureAndOverdue(t *testing.T) {
	st := storetest.New(t)
	d, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Owing Buyer Ltd"}}, "李雷")
	if err != nil {
		t.Fatal(err)
	}
	quiet, _ := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "No Invoices GmbH"}}, "李雷")
	book := receivables.NewBook(st)
	old := time.Now().AddDate(0, 0, -90).Format("2006-01-02")
	due := time.Now().AddDate(0, 0, -45).Format("2006-01-02")
	if _, err := book.SaveInvoice(d.ID, receivables.Invoice{Number: "INV-1", IssueDate: old, DueDate: due, Amount: 12000, Currency: "USD"}, "李雷"); err != nil {
		t.Fatal(err)
	}
	r := standing.New(credit.New(st), screening.New(st))
	r.Receivables = desk.NewDesk(st).Figures
	got, err := r.Of([]string{d.ID, quiet.ID})
	if err != nil {
		t.Fatal(err)
	}
	if s := got[d.ID]; s.Invoices != 1 || s.Exposure != 12000 || s.Overdue != 12000 || s.ARCurrency != "USD" {
		t.Fatalf("standing of the owing buyer: %+v", s)
	}
	if s := got[quiet.ID]; s.Invoices != 0 || s.ARCurrency != "" {
		t.Fatalf("a customer without invoices shows receivables: %+v", s)
	}
}
