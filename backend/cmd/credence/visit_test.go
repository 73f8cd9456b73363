package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/store"
	"credence/backend/visit"
)

func TestCLIVisit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	out, _, _ := cli(t, pass, "--dir", dir, "dossier", "add", "--latin-name", "Acme GmbH", "--country", "DE")
	dossierID := strings.TrimSpace(out)

	out, e, c := cli(t, pass, "--dir", dir, "visit", "templates")
	if c != 0 || !strings.Contains(out, "builtin-office") || !strings.Contains(out, "Factory visit") || !strings.Contains(out, "built-in") {
		t.Fatalf("templates: %d %s %s", c, out, e)
	}
	out, _, c = cli(t, pass, "--dir", dir, "visit", "templates", "--json")
	var ts []visit.Template
	if c != 0 || json.Unmarshal([]byte(out), &ts) != nil || len(ts) != 4 {
		t.Fatalf("templates json: %s", out)
	}

	// Export a built-in, edit it, import it: the firm's own template.
	out, e, c = cli(t, pass, "--dir", dir, "visit", "export-template", "builtin-warehouse")
	if c != 0 || !strings.Contains(out, `"zh": "仓库实地考察"`) {
		t.Fatalf("export: %d %s", c, e)
	}
	file := filepath.Join(t.TempDir(), "warehouse.json")
	os.WriteFile(file, []byte(out), 0o600)
	out, e, c = cli(t, pass, "--dir", dir, "visit", "import-template", file)
	f := strings.Fields(out)
	if c != 0 || len(f) != 2 || f[0] == "builtin-warehouse" || f[1] != "1" {
		t.Fatalf("import of a built-in must give a new id: %d %q %s", c, out, e)
	}
	ours := f[0]
	out, _, _ = cli(t, pass, "--dir", dir, "visit", "export-template", ours)
	os.WriteFile(file, []byte(strings.Replace(out, `"en": "Warehouse visit"`, `"en": "Our warehouse visit"`, 1)), 0o600)
	if out, e, c = cli(t, pass, "--dir", dir, "visit", "import-template", file); c != 0 || out != ours+" 2\n" {
		t.Fatalf("re-import makes version 2: %d %q %s", c, out, e)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "visit", "export-template", ours, "--version", "1"); c != 0 || strings.Contains(out, "Our warehouse") {
		t.Fatalf("version 1: %s", out)
	}
	if out, _, _ = cli(t, pass, "--dir", dir, "visit", "templates"); !strings.Contains(out, "Our warehouse visit") {
		t.Fatalf("templates after import: %s", out)
	}

	// A broken file: a sentence naming the item, exit 1, nothing saved.
	exp, _, _ := cli(t, pass, "--dir", dir, "visit", "export-template", ours)
	os.WriteFile(file, []byte(strings.Replace(exp, `"type": "number"`, `"type": "integer"`, 1)), 0o600)
	if _, e, c = cli(t, pass, "--dir", dir, "visit", "import-template", file); c != 1 || !strings.Contains(e, `item "storage_area"`) || !strings.Contains(e, `"integer"`) {
		t.Fatalf("bad import: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "visit", "export-template", "nope"); c != 1 || !strings.Contains(e, "no checklist template") {
		t.Fatalf("missing template: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "visit", "frob"); c != 2 || !strings.Contains(e, "unknown visit subcommand") {
		t.Fatalf("usage: %d %q", c, e)
	}

	// A visit done in the app, seen from the CLI.
	st, err := store.Open(dir, pass, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := visit.New(st)
	v, err := svc.Start(dossierID, visit.BuiltInOffice, "张伟", "2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	svc.Answer(v.ID, visit.Answer{ItemID: "address_matches", Value: "fail", Note: "registered one street away"})
	svc.Answer(v.ID, visit.Answer{ItemID: "signage_name", Value: "pass"})
	st.Close()

	out, e, c = cli(t, pass, "--dir", dir, "visit", "list", dossierID)
	if c != 0 || !strings.Contains(out, v.ID) || !strings.Contains(out, "in_progress") || !strings.Contains(out, "1 visits") {
		t.Fatalf("list: %d %s %s", c, out, e)
	}
	out, _, c = cli(t, pass, "--dir", dir, "visit", "list", dossierID, "--json")
	var rows []struct {
		ID             string  `json:"id"`
		Score          float64 `json:"score"`
		FailedRequired int     `json:"failed_required"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0].FailedRequired != 1 {
		t.Fatalf("list json: %s", out)
	}
	out, e, c = cli(t, pass, "--dir", dir, "visit", "show", v.ID)
	for _, want := range []string{"Office visit (builtin-office v1)", "failed", "registered one street away", "Address and premises —", "fail", "0.00 ×3", "before sign-off", "not answered"} {
		if c != 0 || !strings.Contains(out, want) {
			t.Fatalf("show lacks %q: %d %s %s", want, c, out, e)
		}
	}
	out, _, c = cli(t, pass, "--dir", dir, "visit", "show", v.ID, "--json")
	var d struct {
		Visit visit.Visit `json:"visit"`
		Score visit.Score `json:"score"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Visit.Answers["signage_name"].Value != "pass" || len(d.Score.Sections) != 5 {
		t.Fatalf("show json: %s", out)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "visit", "show", "nope"); c != 1 || !strings.Contains(e, "no field visit") {
		t.Fatalf("missing visit: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "visit", "list", "nope"); c != 1 {
		t.Fatalf("missing dossier: %d %q", c, e)
	}
}
