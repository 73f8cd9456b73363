package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/dossier"
	"credence/backend/search"
)

// The index is built from every dossier, decoded beside the inserts: all of
// them are found, in the same order on every open, and one whose value no
// longer reads (its tag, or its JSON) is left out and reported, never
// locking out the others.
func TestLoadIndexKeepsOrderAndReportsDamage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	var ds []*dossier.Dossier
	for i := range 1000 { // several batches of the loader
		d := sample()
		d.LatinName.Value = fmt.Sprintf("Loader Test %04d", i)
		ds = append(ds, d)
	}
	ids, err := s.CreateDossiers(ds, "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Two dossiers damaged behind the store's back while no index was
	// built (as by another program): one value without its tag, one
	// tagged but not JSON.
	s.Close()
	if s, err = Open(dir, pass, Options{}); err != nil {
		t.Fatal(err)
	}
	badTag, badJSON := ids[10].ID, ids[700].ID
	if err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set([]byte(prefDossier+badTag), []byte(`{"id":"x"}`)); err != nil {
			return err
		}
		return s.set(txn, []byte(prefDossier+badJSON), []byte(`{"id":`))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	fromSnap := false
	list := func() ([]string, []Problem) {
		s, err := Open(dir, pass, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		defer func() { fromSnap = s.snapVersion != 0 }()
		var out []string
		for _, r := range s.Search(search.Query{Limit: 5000}).Rows {
			out = append(out, r.ID)
		}
		return out, s.Damaged()
	}
	first, damage := list()
	if len(first) != 998 || slices.Contains(first, badTag) || slices.Contains(first, badJSON) {
		t.Fatalf("%d dossiers listed; the damaged ones in it: %v %v", len(first), slices.Contains(first, badTag), slices.Contains(first, badJSON))
	}
	if len(damage) != 2 || damage[0].Where != "dossier "+min(badTag, badJSON) || damage[1].Where != "dossier "+max(badTag, badJSON) {
		t.Fatalf("damage reported: %+v", damage)
	}
	// The second open reads the snapshot the first one left, damage
	// included; the third rebuilds again, in the same order.
	snapped, damage := list()
	if !fromSnap || !slices.Equal(first, snapped) || len(damage) != 2 {
		t.Fatalf("from the snapshot (%v): same list %v, damage %+v", fromSnap, slices.Equal(first, snapped), damage)
	}
	if err := os.Remove(filepath.Join(dir, indexSnapFile)); err != nil {
		t.Fatal(err)
	}
	again, _ := list()
	if fromSnap || !slices.Equal(first, again) {
		t.Fatal("the list comes in another order after a reopen")
	}
}
