package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs one command line in-process, with the passphrase in the
// environment as a script would set it.
func cli(t *testing.T, pass string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("CREDENCE_PASSPHRASE", pass)
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

func TestCLIWorkflow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", "深圳市光明照明有限公司", "--latin-name", "Shenzhen Guangming Lighting",
		"--alias", "Bright Lighting", "--country", "CN", "--email", "sales@gm-light.cn", "--phone", "+86 755 8888 1234", "--id", "uscc:91440300MA5F00000X")
	if c != 0 {
		t.Fatalf("add: %d %s", c, e)
	}
	id := strings.TrimSpace(out)
	if len(id) != 36 {
		t.Fatalf("add printed %q, want an id", out)
	}
	out, _, c = cli(t, pass, "--dir", dir, "dossier", "list", "--query", "bright", "--json")
	var res struct {
		Total int `json:"total"`
		Rows  []struct {
			ID, Name string
		} `json:"rows"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total != 1 || res.Rows[0].ID != id || res.Rows[0].Name != "深圳市光明照明有限公司" {
		t.Fatalf("list: %d %s", c, out)
	}
	out, _, c = cli(t, pass, "--dir", dir, "dossier", "show", id, "--json")
	if c != 0 || !strings.Contains(out, `"value": "91440300MA5F00000X"`) {
		t.Fatalf("show: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "dossier", "show", id); c != 0 || !strings.Contains(out, "Bright Lighting") {
		t.Fatalf("show text: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "history", id); c != 0 || !strings.Contains(out, "legal_name") {
		t.Fatalf("history: %s", out)
	}

	// Errors: a sentence on stderr and a non-zero code; nothing changed.
	if _, e, c = cli(t, "wrong passphrase!", "--dir", dir, "dossier", "list"); c != 1 || !strings.Contains(e, "wrong passphrase") {
		t.Fatalf("wrong passphrase: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "add", "--name", "X", "--country", "China"); c != 1 || !strings.Contains(e, "two-letter") {
		t.Fatalf("bad country: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "show", "no-such-id"); c != 1 || !strings.Contains(e, "no customer") {
		t.Fatalf("missing id: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "frobnicate"); c != 2 || !strings.Contains(e, "unknown command") {
		t.Fatalf("unknown command: %d %q", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "add", "--id", "novalue"); c != 2 {
		t.Fatalf("bad --id: %d %q", c, e)
	}

	// Backup and restore into a new folder.
	backup := filepath.Join(t.TempDir(), "b.credence-backup")
	if _, e, c = cli(t, pass, "--dir", dir, "backup", "--out", backup); c != 0 {
		t.Fatalf("backup: %s", e)
	}
	other := filepath.Join(t.TempDir(), "restored")
	if _, e, c = cli(t, "not the one", "--dir", other, "restore", "--from", backup); c != 1 || !strings.Contains(e, "wrong passphrase") {
		t.Fatalf("restore with wrong passphrase: %d %q", c, e)
	}
	if out, e, c = cli(t, pass, "--dir", other, "restore", "--from", backup); c != 0 || !strings.Contains(out, "restored 1 customers") {
		t.Fatalf("restore: %d %s %s", c, out, e)
	}
	if out, _, c = cli(t, pass, "--dir", other, "dossier", "list", "--query", "光明"); c != 0 || !strings.Contains(out, id) {
		t.Fatalf("restored list: %s", out)
	}
	if _, e, c = cli(t, pass, "--dir", other, "restore", "--from", backup); c != 1 || !strings.Contains(e, "already exists") {
		t.Fatalf("restore over workspace: %d %q", c, e)
	}

	// Archive hides it from the current list.
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "archive", id); c != 0 {
		t.Fatalf("archive: %s", e)
	}
	if out, _, _ = cli(t, pass, "--dir", dir, "dossier", "list", "--json"); !strings.Contains(out, `"total": 0`) {
		t.Fatalf("archived still listed: %s", out)
	}
}

func TestCLIGenerate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	cli(t, pass, "--dir", dir, "init", "--firm", "F", "--user", "U")
	if out, e, c := cli(t, pass, "--dir", dir, "generate", "--count", "300"); c != 0 || !strings.Contains(out, "now has 300") {
		t.Fatalf("generate: %d %s %s", c, out, e)
	}
}

func TestCLINoWorkspace(t *testing.T) {
	_, e, c := cli(t, "x", "--dir", filepath.Join(t.TempDir(), "none"), "dossier", "list")
	if c != 1 || !strings.Contains(e, "no workspace") {
		t.Fatalf("%d %q", c, e)
	}
}
