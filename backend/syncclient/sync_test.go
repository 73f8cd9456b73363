package syncclient

import (
	"context"
	"testing"

	"credence/backend/dossier"
	"credence/backend/store"
)

func addDossier(t testing.TB, st *store.Store, name string) *dossier.Dossier {
	t.Helper()
	d, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: name}, Country: dossier.Fact{Value: "DE"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A dossier made on one device is on the other after both sync, field by
// field, and an edit comes back the other way.
func TestTwoDevicesShareADossier(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "credit_manager")
	d := addDossier(t, a.st, "Lumière Import GmbH")
	if r := a.sync(); r.Pushed == 0 {
		t.Fatalf("a pushed nothing: %+v", r)
	}
	if r := b.sync(); r.Applied == 0 {
		t.Fatalf("b applied nothing: %+v", r)
	}
	got, err := b.st.Dossier(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.LegalName.Value != "Lumière Import GmbH" {
		t.Fatalf("b has %q", got.LegalName.Value)
	}
	got.Notes = "met at Canton fair"
	if _, err := b.st.SaveDossier(got, "Bob"); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()
	back, err := a.st.Dossier(d.ID)
	if err != nil || back.Notes != "met at Canton fair" {
		t.Fatalf("a: %+v %v", back, err)
	}
	sameState(t, a, b)
	if st := b.cl.State(); st.Role != "credit_manager" || st.Workspace != a.st.WorkspaceID() {
		t.Fatalf("b state: %+v", st)
	}
	_ = context.Background()
}
