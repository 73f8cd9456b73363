package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"credence/backend/dossier"
)

const creditPass = "credit cli passphrase"

// creditCLI runs one command line in-process with stdin, the passphrase in
// the environment as a script would set it.
func creditCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("CREDENCE_PASSPHRASE", creditPass)
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), code
}

// docExample is the example of docs/dossier-json.md.
func docExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../../docs/dossier-json.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("no JSON example in docs/dossier-json.md")
	}
	return string(m[1])
}

// importedWorkspace makes a workspace with the documented example imported and
// returns the folder and the new dossier's id.
func importedWorkspace(t *testing.T) (dir, id string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	if _, e, c := creditCLI(t, "", "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	file := filepath.Join(t.TempDir(), "gulf.json")
	os.WriteFile(file, []byte(docExample(t)), 0o600)
	out, e, c := creditCLI(t, "", "--dir", dir, "dossier", "import", file)
	if c != 0 {
		t.Fatalf("import: %d %s", c, e)
	}
	return dir, strings.TrimSpace(out)
}

func TestCLIExportImport(t *testing.T) {
	dir, id := importedWorkspace(t)
	if len(id) != 36 {
		t.Fatalf("import printed %q, want an id", id)
	}
	out, e, c := creditCLI(t, "", "--dir", dir, "dossier", "export", id)
	if c != 0 {
		t.Fatalf("export: %d %s", c, e)
	}
	var got, want dossier.Dossier
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	json.Unmarshal([]byte(docExample(t)), &want)
	if got.ID != id || got.Emails[0].ID == want.Emails[0].ID || got.CreatedBy != "李雷" || len(got.Attachments) != 0 {
		t.Fatalf("ids, stamps or attachments carried over: %s", out)
	}
	if got.LegalName.Value != want.LegalName.Value || got.RegistrationDate.Sources[1].Value != "2012-01-01" ||
		got.CreditReports[0].RecommendedLimit != 80000 || got.Soft.ResponseHours != 48 || got.Expected.RequestedTerms != "oa_90" {
		t.Fatalf("export lost data: %s", out)
	}

	// Export, then import the export from standard input: a second customer.
	if out2, e, c := creditCLI(t, out, "--dir", dir, "dossier", "import", "-"); c != 0 || strings.TrimSpace(out2) == id {
		t.Fatalf("import from standard input: %d %s %s", c, out2, e)
	}
	if out, _, c := creditCLI(t, "", "--dir", dir, "dossier", "list", "--json"); c != 0 || !strings.Contains(out, `"total": 2`) {
		t.Fatalf("after importing the export: %s", out)
	}

	bad := func(name, doc string) string {
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, []byte(doc), 0o600)
		return p
	}
	for _, tc := range []struct {
		name, file string
		code       int
		want       string
	}{
		{"misspelt field", bad("typo.json", `{"legal_nmae": {"value": "X"}}`), 1, `unknown field "legal_nmae"; nothing was imported`},
		{"wrong type", bad("type.json", `{"legal_name": {"value": "X"}, "emails": [{"value": 42}]}`), 1, `field "emails[0].value": want a string`},
		{"invalid dossier", bad("country.json", `{"legal_name": {"value": "X"}, "country": {"value": "Germany"}}`), 1, "two-letter"},
		{"broken JSON", bad("broken.json", "{\n  \"legal_name\": {\"value\": \"X\"},\n  oops\n}"), 1, "line 3, column 3"},
		{"missing file", filepath.Join(t.TempDir(), "nope.json"), 1, "nope.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e, c := creditCLI(t, "", "--dir", dir, "dossier", "import", tc.file)
			if c != tc.code || !strings.Contains(e, tc.want) {
				t.Fatalf("%d %q, want %d and %q", c, e, tc.code, tc.want)
			}
		})
	}
	if out, _, _ := creditCLI(t, "", "--dir", dir, "dossier", "list", "--json"); !strings.Contains(out, `"total": 2`) {
		t.Fatalf("a refused import changed the workspace: %s", out)
	}
	if _, e, c := creditCLI(t, "", "--dir", dir, "dossier", "export", "no-such-id"); c != 1 || !strings.Contains(e, "no customer") {
		t.Fatalf("export of a missing id: %d %q", c, e)
	}
	if _, e, c := creditCLI(t, "", "--dir", dir, "dossier", "export"); c != 2 || !strings.Contains(e, "needs one ID") {
		t.Fatalf("export without id: %d %q", c, e)
	}
	if _, e, c := creditCLI(t, "", "--dir", dir, "dossier", "import"); c != 2 || !strings.Contains(e, "FILE.json") {
		t.Fatalf("import without file: %d %q", c, e)
	}
}
