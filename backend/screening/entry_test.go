package screening

import (
	"context"
	"strings"
	"testing"

	"credence/backend/sanctions"
)

func TestEntryDetailsOfAHit(t *testing.T) {
	st := mustStore(t)
	ss := New(st)
	if _, err := ss.Import(context.Background(), "../../testdata/sanctions/un-consolidated.xml", "", "李雷"); err != nil {
		t.Fatal(err)
	}
	hits, err := ss.ScreenName(sanctions.Query{Name: "AL-QAIDA"}, false)
	if err != nil || len(hits) == 0 {
		t.Fatalf("no hit for a listed name: %v", err)
	}
	e, err := ss.Entry(HitKey(hits[0].List, hits[0].EntryID))
	if err != nil {
		t.Fatal(err)
	}
	if e.Name == "" || len(e.Aliases) == 0 || e.Remarks == "" && len(e.Programs) == 0 {
		t.Fatalf("details a person must compare are missing: %+v", e)
	}
	// A UN entity's address, street to country.
	e, err = ss.Entry(HitKey(sanctions.SourceUN, "6908026")) // COMPAGNIE AERIENNE DES GRANDS LACS
	if err != nil || len(e.Addresses) == 0 || !strings.Contains(e.Addresses[0], "Avenue Président Mobutu, Goma, Democratic Republic of the Congo") {
		t.Fatalf("UN address: %q %v", e.Addresses, err)
	}
	if _, err := ss.Entry("un:does-not-exist"); err == nil {
		t.Fatal("an unknown entry must be not found")
	}
}

// TestOFACEntryAddresses: an OFAC entry carries its addresses from add.csv
// through the stored list to the decision dialog.
func TestOFACEntryAddresses(t *testing.T) {
	st := mustStore(t)
	ss := New(st)
	if _, err := ss.Import(context.Background(), "../../testdata/sanctions/ofac-sdn", "", "李雷"); err != nil {
		t.Fatal(err)
	}
	hits, err := ss.ScreenName(sanctions.Query{Name: "BANCO NACIONAL DE CUBA"}, false)
	if err != nil || len(hits) == 0 {
		t.Fatalf("no hit: %v", err)
	}
	e, err := ss.Entry(HitKey(hits[0].List, hits[0].EntryID))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range e.Addresses {
		if strings.Contains(a, "Madrid E-28036, Spain") { // one of its branches, as add.csv lists it
			found = true
		}
	}
	if !found {
		t.Fatalf("addresses of %s: %q", e.Name, e.Addresses)
	}
}
