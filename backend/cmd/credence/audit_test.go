package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/audit"
	"credence/backend/store"
)

// The CLI's doors record once each (two looks at a dossier are one view),
// `audit` lists and filters them as sentences, the report's footer names
// the printer, and `audit verify` passes an intact trail and fails (exit 1,
// a sentence) on an edited entry.
func TestCLIAuditTrail(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "F", "--user", "Lei Li", "--lang", "en"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", "Hansa Licht GmbH", "--country", "DE")
	if c != 0 {
		t.Fatalf("add: %s", e)
	}
	id := strings.TrimSpace(out)
	run := func(args ...string) string {
		t.Helper()
		out, e, c := cli(t, pass, append([]string{"--dir", dir}, args...)...)
		if c != 0 {
			t.Fatalf("%v: %d %s", args, c, e)
		}
		return out
	}
	run("dossier", "show", id)
	run("dossier", "show", id, "--json")
	run("dossier", "export", id)
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	run("report", id, "--out", pdf, "--lang", "en")
	run("backup", "--out", filepath.Join(t.TempDir(), "b.credence-backup"))

	var rows []struct {
		audit.Entry
		UserName    string      `json:"user_name"`
		SubjectName string      `json:"subject_name"`
		Sentence    audit.Words `json:"sentence"`
	}
	if err := json.Unmarshal([]byte(run("audit", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, string(r.Action)+" "+r.Subject)
		if r.UserName != "Lei Li" {
			t.Errorf("entry by %q: %+v", r.UserName, r)
		}
	}
	if want := "backup workspace|print " + id + "|export_json " + id + "|view " + id; strings.Join(got, "|") != want {
		t.Fatalf("entries %q, want %q", strings.Join(got, "|"), want)
	}
	if out := run("audit", "--action", "view", "--customer", id, "--user", "Lei Li", "--since", "2020-01-01"); strings.Count(out, "\n") != 1 ||
		!strings.Contains(out, "Lei Li opened the file of Hansa Licht GmbH") || !strings.Contains(out, "this computer") {
		t.Errorf("filtered text: %q", out)
	}
	if _, e, c := cli(t, pass, "--dir", dir, "audit", "--since", "yesterday"); c != 1 || !strings.Contains(e, "not a date") {
		t.Errorf("a bad day: %d %q", c, e)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil || !strings.Contains(string(text), "printed by Lei Li at ") {
		t.Errorf("the report's footer: %v\n%s", err, text)
	}
	if out := run("audit", "verify"); !strings.Contains(out, "intact") {
		t.Fatalf("verify: %q", out)
	}

	// Someone with the passphrase rewrites who printed the report.
	st, err := store.Open(dir, pass, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e0 := rows[1].Entry
	e0.User = "someone-else"
	if err := st.PutRecords(audit.KindEntry, map[string]any{e0.ID(): e0}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, e, c = cli(t, pass, "--dir", dir, "audit", "verify")
	if c != 1 || !strings.Contains(out, "BROKEN Entry 3 on this computer was changed after it was written.") {
		t.Fatalf("tampered: %d %q %q", c, out, e)
	}
}

// `subject export` writes the JSON and the PDF of every place a person
// appears, and is itself audited (without the name).
func TestCLISubjectExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	cli(t, pass, "--dir", dir, "init", "--firm", "F", "--user", "Lei Li", "--lang", "en")
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", "Wang Fang", "--segment", "b2c", "--country", "CN", "--email", "wf@home.example")
	if c != 0 {
		t.Fatalf("add: %s", e)
	}
	id := strings.TrimSpace(out)
	cli(t, pass, "--dir", dir, "dossier", "add", "--name", "Other Co", "--country", "DE")
	outDir := filepath.Join(t.TempDir(), "sar")
	out, e, c = cli(t, pass, "--dir", dir, "subject", "export", "--name", "wang fang", "--out", outDir)
	if c != 0 || !strings.Contains(out, "in 1 customer files (of 2 read)") {
		t.Fatalf("subject export: %d %s %s", c, out, e)
	}
	b, err := os.ReadFile(filepath.Join(outDir, "subject-access.json"))
	if err != nil || !strings.Contains(string(b), "wf@home.example") || !strings.Contains(string(b), id) {
		t.Fatalf("json: %v %s", err, b)
	}
	if fi, err := os.Stat(filepath.Join(outDir, "subject-access.pdf")); err != nil || fi.Size() == 0 {
		t.Fatalf("pdf: %v", err)
	}
	out, _, _ = cli(t, pass, "--dir", dir, "audit", "--action", "subject_export", "--json")
	if strings.Count(out, `"action": "subject_export"`) != 1 || strings.Contains(out, "Wang") {
		t.Errorf("the export's entry: %s", out)
	}
	if _, _, c := cli(t, pass, "--dir", dir, "subject", "export", "--out", outDir); c != 2 {
		t.Errorf("no name: exit %d", c)
	}
}
