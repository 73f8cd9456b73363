package store_test

import (
	"errors"
	"slices"
	"testing"

	"credence/backend/dossier"
	"credence/backend/gen"
	"credence/backend/store/storetest"
)

// EachDossier yields every dossier, archived included, in id order, the
// same as a read of each, and stops at the callback's error.
func TestEachDossier(t *testing.T) {
	st := storetest.New(t)
	made, err := st.CreateDossiers(gen.Dossiers(40, 2), "gen", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetArchived(made[3].ID, true, "u"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	if err := st.EachDossier(func(d *dossier.Dossier) error {
		one, err := st.Dossier(d.ID)
		if err != nil || one.LegalName.Value != d.LegalName.Value || one.Archived != d.Archived {
			t.Errorf("%s: %+v != %+v (%v)", d.ID, d, one, err)
		}
		seen = append(seen, d.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ids, _ := st.DossierIDs()
	if !slices.Equal(seen, ids) || len(seen) != 40 {
		t.Fatalf("saw %d dossiers, want the %d ids in order", len(seen), len(ids))
	}
	stop := errors.New("enough")
	n := 0
	if err := st.EachDossier(func(*dossier.Dossier) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("stopped after %d with %v", n, err)
	}
}
