package app

import (
	"os"
	"path/filepath"
	"testing"

	"credence/backend/dossier"
	"credence/backend/search"
)

// TestRestoreReplacingKeepsTheOldWorkspace: restoring from Settings over an
// open workspace brings the backup's dossiers back, sets the replaced
// workspace aside instead of deleting it, and a wrong passphrase or a
// damaged file changes nothing.
func TestRestoreReplacingKeepsTheOldWorkspace(t *testing.T) {
	ws, ds, _, _ := services(t)
	const pass = "restore me 2026 please"
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Backed Up GmbH"}}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ws.credence-backup")
	if err := ws.Backup(file); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Added Later Ltd"}}); err != nil {
		t.Fatal(err)
	}
	names := func() map[string]bool {
		res, err := ds.List(search.Query{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, r := range res.Rows {
			out[r.Name] = true
		}
		return out
	}

	if _, err := ws.RestoreReplacing(file, "not the passphrase"); err == nil {
		t.Fatal("a wrong passphrase restored")
	}
	damaged := filepath.Join(t.TempDir(), "damaged.credence-backup")
	b, _ := os.ReadFile(file)
	os.WriteFile(damaged, b[:len(b)/2], 0o600)
	if _, err := ws.RestoreReplacing(damaged, pass); err == nil {
		t.Fatal("a cut backup restored")
	}
	if n := names(); !n["Backed Up GmbH"] || !n["Added Later Ltd"] {
		t.Fatalf("a failed restore changed the workspace: %v", n)
	}

	res, err := ws.RestoreReplacing(file, pass)
	if err != nil {
		t.Fatal(err)
	}
	if n := names(); !n["Backed Up GmbH"] || n["Added Later Ltd"] {
		t.Fatalf("after the restore: %v", n)
	}
	if _, err := os.Stat(filepath.Join(res.KeptAt, "meta.json")); err != nil {
		t.Fatalf("the replaced workspace was not kept at %s: %v", res.KeptAt, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(res.KeptAt), "*.restoring-*"))
	if len(leftovers) != 0 {
		t.Fatalf("restore left %v", leftovers)
	}
}
