package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/workspace"
)

// `contact erase` and `dossier erase` erase and print the tombstone;
// `erasures` lists them; `retention --dry-run` lists, erases nothing.
func TestCLIErase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	run := func(want int, args ...string) string {
		t.Helper()
		out, e, c := cli(t, pass, append([]string{"--dir", dir}, args...)...)
		if c != want {
			t.Fatalf("%v: exit %d, want %d: %s %s", args, c, want, out, e)
		}
		return out + e
	}
	run(0, "init", "--firm", "F", "--user", "Lei Li", "--lang", "en")
	id := strings.TrimSpace(run(0, "dossier", "add", "--name", "Hansa Licht GmbH", "--country", "DE"))
	other := strings.TrimSpace(run(0, "dossier", "add", "--name", "Nordlicht AG", "--country", "DE"))
	ws, err := workspace.Open(dir, pass, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ws.Store().Dossier(id)
	d.Contacts = []dossier.Contact{{Name: "Qwertz Person", Email: "qp@example.de"}}
	if _, err := ws.SaveDossier(d, "Lei Li"); err != nil {
		t.Fatal(err)
	}
	ws.Close()

	if out := run(1, "contact", "erase", id, "Qwertz Person"); !strings.Contains(out, "say why") {
		t.Errorf("no reason: %s", out)
	}
	if out := run(0, "contact", "erase", id, "qwertz person", "--reason", "asked by e-mail"); !strings.Contains(out, "erased contact") {
		t.Errorf("contact erase: %s", out)
	}
	if out := run(0, "dossier", "show", id); strings.Contains(out, "Qwertz") {
		t.Errorf("the contact is still shown: %s", out)
	}
	run(0, "dossier", "erase", other, "--reason", "customer asked")
	var es []store.Erasure
	if err := json.Unmarshal([]byte(run(0, "erasures", "--json")), &es); err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].What != store.ErasedContact || es[1].What != store.ErasedDossier || es[0].ByName != "Lei Li" {
		t.Errorf("erasures %+v", es)
	}
	run(0, "dossier", "archive", id)
	if out := run(0, "retention", "--dry-run", "--years", "1"); !strings.Contains(out, "no customer is due") {
		t.Errorf("retention: %s", out)
	}
	if out := run(2, "retention"); !strings.Contains(out, "policy is off") {
		t.Errorf("retention without a policy: %s", out)
	}
}
