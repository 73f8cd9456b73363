package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sanctionsData = "../../../testdata/sanctions"

// credence runs one command line in-process with the passphrase in the
// environment (main_test.go's cli, for the screening commands).
func credence(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("CREDENCE_PASSPHRASE", "screening cli passphrase")
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

func listData(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(sanctionsData, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("list data missing from the repository: %v", err)
	}
	return p
}

// newWorkspace makes a workspace with an English interface.
func newWorkspace(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	if _, e, c := credence(t, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	return dir
}

func TestCLIScreening(t *testing.T) {
	ofac, un := listData(t, "ofac-sdn"), listData(t, "un-consolidated.xml")
	dir := newWorkspace(t)

	// Before any import: lists says so, screen fails with a sentence.
	if out, _, c := credence(t, "--dir", dir, "lists"); c != 0 || !strings.Contains(out, "no sanctions list imported") {
		t.Fatalf("lists empty: %d %q", c, out)
	}
	if out, e, c := credence(t, "--dir", dir, "screen", "--name", "Banco Nacional de Cuba"); c != 1 || out != "" || !strings.Contains(e, "no sanctions list") {
		t.Fatalf("screen without lists: %d %q %q", c, out, e)
	}

	out, _, c := credence(t, "--dir", dir, "dossier", "add", "--name", "Banco Nacional de Cuba", "--country", "CU",
		"--email", "compras@gmail.com", "--type", "importer", "--id", "lei:5493001KJTIIGC8Y1R13")
	if c != 0 {
		t.Fatalf("add: %d", c)
	}
	cuban := strings.TrimSpace(out)
	out, _, c = credence(t, "--dir", dir, "dossier", "add", "--name", "Hamburg Nordlicht Lighting GmbH", "--country", "DE", "--website", "nordlicht.de", "--email", "info@nordlicht.de")
	if c != 0 {
		t.Fatalf("add: %d", c)
	}
	plain := strings.TrimSpace(out)

	// A file that is no list: a sentence naming it, exit 1.
	bad := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(bad, []byte("hello\n"), 0o600)
	if _, e, c := credence(t, "--dir", dir, "lists", "import", bad); c != 1 || !strings.Contains(e, "notes.txt") {
		t.Fatalf("bad import: %d %q", c, e)
	}
	if _, e, c := credence(t, "--dir", dir, "lists", "import"); c != 2 {
		t.Fatalf("import without path: %d %q", c, e)
	}

	out, e, c := credence(t, "--dir", dir, "lists", "import", ofac, un)
	if c != 0 || !strings.Contains(out, "ofac_sdn: ") || !strings.Contains(out, "un: ") || !strings.Contains(out, "published 2026-02-27") ||
		!strings.Contains(out, "re-screened 2 customers: ") || !strings.Contains(e, "re-screened 2 of 2") {
		t.Fatalf("import: %d\n%s\n%s", c, out, e)
	}
	if strings.Contains(out, " 0 new hits") {
		t.Fatalf("import found no new hit: %s", out)
	}
	out, _, c = credence(t, "--dir", dir, "lists")
	if c != 0 || !strings.Contains(out, "ofac_sdn") || !strings.Contains(out, "un-consolidated.xml") || !strings.Contains(out, "days") || !strings.Contains(out, "threshold 0.85") {
		t.Fatalf("lists: %s", out)
	}
	if out, _, c = credence(t, "--dir", dir, "lists", "history", "--json"); c != 0 || strings.Count(out, `"source"`) != 2 {
		t.Fatalf("history: %s", out)
	}
	// A format named explicitly; re-importing finds nothing new.
	if out, _, c = credence(t, "--dir", dir, "lists", "import", "--format", "un", un); c != 0 || !strings.Contains(out, ": 0 new hits") {
		t.Fatalf("re-import: %s", out)
	}

	// screen --json: hits at or above the threshold, best first.
	out, _, c = credence(t, "--dir", dir, "screen", "--name", "Banco Nacional de Cuba", "--json")
	var res struct {
		Hits []struct {
			List, Name  string
			EntryID     string  `json:"entry_id"`
			MatchedName string  `json:"matched_name"`
			Score       float64 `json:"score"`
		} `json:"hits"`
		Candidates []json.RawMessage `json:"candidates"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Hits) == 0 {
		t.Fatalf("screen json: %d %s", c, out)
	}
	if h := res.Hits[0]; h.List != "ofac_sdn" || h.EntryID != "306" || h.Name != "BANCO NACIONAL DE CUBA" || h.MatchedName == "" || h.Score < 0.85 || h.Score > 1 {
		t.Fatalf("first hit %+v", h)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Score > res.Hits[i-1].Score || res.Hits[i].Score < 0.85 {
			t.Fatalf("order/threshold: %+v", res.Hits)
		}
	}
	if res.Candidates != nil {
		t.Fatal("candidates without --all")
	}
	out, _, c = credence(t, "--dir", dir, "screen", "--name", "Korea Mining Development Trading", "--country", "KP", "--all", "--json")
	if c != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Candidates == nil || len(res.Hits) < 2 {
		t.Fatalf("screen --all: %s", out)
	}
	if out, _, c = credence(t, "--dir", dir, "screen", "--name", "Korea Mining Development Trading", "--all"); c != 0 ||
		!strings.Contains(out, "KOREA MINING DEVELOPMENT TRADING CORPORATION") || !strings.Contains(out, "below the threshold") {
		t.Fatalf("screen text: %s", out)
	}
	if out, _, c = credence(t, "--dir", dir, "screen", "--name", "Hamburg Nordlicht Lighting GmbH", "--json"); c != 0 || !strings.Contains(out, `"hits": []`) {
		t.Fatalf("ordinary name: %s", out)
	}
	if _, _, c = credence(t, "--dir", dir, "screen"); c != 2 {
		t.Fatalf("screen without name: %d", c)
	}

	// check: flags of each kind, most severe first.
	out, _, c = credence(t, "--dir", dir, "check", cuban, "--json")
	var flags struct {
		Flags []struct {
			Code, Severity, Field, Compared, EN, ZH string
		} `json:"flags"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &flags) != nil {
		t.Fatalf("check: %d %s", c, out)
	}
	codes := map[string]string{}
	for _, f := range flags.Flags {
		codes[f.Code] = f.Severity
		if f.EN == "" || f.ZH == "" {
			t.Errorf("flag without sentence %+v", f)
		}
	}
	for code, sev := range map[string]string{"sanctions_hit": "high", "identifier_invalid": "high", "freemail_company": "high"} {
		if codes[code] != sev {
			t.Errorf("check lacks %s (%s): %+v", code, sev, flags.Flags)
		}
	}
	if flags.Flags[0].Severity != "high" {
		t.Errorf("not sorted: %+v", flags.Flags)
	}
	if out, _, c = credence(t, "--dir", dir, "check", plain, "--json"); c != 0 || !strings.Contains(out, `"flags": []`) {
		t.Fatalf("check plain: %s", out)
	}
	if out, _, c = credence(t, "--dir", dir, "check", cuban); c != 0 || !strings.Contains(out, "HIGH") || !strings.Contains(out, "red flags:") {
		t.Fatalf("check text: %s", out)
	}
	if _, e, c := credence(t, "--dir", dir, "check", "no-such-id"); c != 1 || !strings.Contains(e, "no customer") {
		t.Fatalf("check unknown: %d %s", c, e)
	}

	// Threshold.
	if _, e, c := credence(t, "--dir", dir, "lists", "threshold", "0.3"); c != 1 || !strings.Contains(e, "between 0.5 and 1.0") {
		t.Fatalf("bad threshold: %d %s", c, e)
	}
	if out, _, c := credence(t, "--dir", dir, "lists", "threshold", "0.97"); c != 0 || !strings.Contains(out, "0.97") {
		t.Fatalf("threshold: %d %s", c, out)
	}
}
