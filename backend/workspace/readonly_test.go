package workspace

import (
	"bytes"
	"testing"

	"credence/backend/store"
)

// TestReadOnlyWorkspaceStillReads: a workspace open read-only (here its
// disk "full": the reserve is larger than any disk) shows its dossiers and
// exports them; the trail entries those would write are what it cannot
// take, and they must not stand in the way of rescuing the data.
func TestReadOnlyWorkspaceStillReads(t *testing.T) {
	w := mustCreate(t)
	d := mustDossier(t, w, "Read Only Trading", "DE")
	dir := w.Dir()
	w.Close()

	opt := testOptions()
	opt.Store = store.Options{KDF: opt.Store.KDF, MinFree: 1 << 62}
	ro, err := Open(dir, pass, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.Store().ReadOnly() {
		t.Fatal("the workspace did not open read-only")
	}
	got, err := ro.ViewDossier(d.ID)
	if err != nil || got.ID != d.ID {
		t.Fatalf("view in a read-only workspace: %v", err)
	}
	var buf bytes.Buffer
	if err := ro.ExportDossierXLSX(d.ID, "en", &buf); err != nil || buf.Len() == 0 {
		t.Fatalf("export from a read-only workspace: %v", err)
	}
	if _, err := ro.CreateDossier(dossierOf("New One", "DE"), "Sam Sales"); err == nil {
		t.Fatal("a read-only workspace took a new dossier")
	}
}
