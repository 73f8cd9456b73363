package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// verify reports a sound workspace as such; after a byte of a table is
// changed it names the damage, exits 1, and backup refuses unless told.
func TestCLIVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "verify test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "F", "--user", "U"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	for _, n := range []string{"Alpha Trading", "Beta Imports", "Gamma Ltd"} {
		if _, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", n, "--country", "DE"); c != 0 {
			t.Fatalf("add: %s", e)
		}
	}
	if _, e, c := cli(t, pass, "--dir", dir, "generate", "--count", "200"); c != 0 {
		t.Fatalf("generate: %s", e)
	}
	if out, e, c := cli(t, pass, "--dir", dir, "verify"); c != 0 || !strings.Contains(out, "checked 203 customers") || !strings.Contains(out, "no damage found") {
		t.Fatalf("verify sound: %d %q %q", c, out, e)
	}
	// Each flip on a fresh copy of the sound workspace: a run that opens
	// it for writing lets Badger compact, and a compaction meeting a
	// damaged block rewrites the table without what follows it (a Badger
	// hazard, noted in issue 11): a flip made for the next round in a
	// table already compacted away would test nothing.
	for k := 1; k < 20; k += 3 {
		ws := filepath.Join(t.TempDir(), "ws")
		if err := os.CopyFS(ws, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		ssts, _ := filepath.Glob(filepath.Join(ws, "db", "*.sst"))
		if len(ssts) == 0 {
			t.Fatal("no table written")
		}
		b, _ := os.ReadFile(ssts[0])
		b[len(b)*k/20] ^= 0x10
		os.WriteFile(ssts[0], b, 0o600)
		bk := filepath.Join(t.TempDir(), "b.credence")
		if _, e, c := cli(t, pass, "--dir", ws, "backup", "--out", bk); c != 1 || !strings.Contains(e, "damaged") {
			t.Fatalf("backup of a damaged workspace (flip at %d/20): %d %q", k, c, e)
		}
		if _, err := os.Stat(bk); err == nil {
			t.Fatal("refused backup left a file")
		}
		// Whether Badger refuses the table at open or Verify finds the
		// bad block, the answer is exit 1 and a sentence.
		out, e, c := cli(t, pass, "--dir", ws, "verify")
		if c != 1 || !(strings.Contains(out, "DAMAGED") || strings.Contains(e, "the workspace database is damaged")) {
			t.Fatalf("flip at %d/20 of the table: %d %q %q", k, c, out, e)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"report.pdf\u202efdp.exe": `report.pdf\u{202E}fdp.exe`,
		"a\x1b[31mred\r\nb\x00":   `a\u{001B}[31mred\u{000D}\u{000A}b\u{0000}`,
		"深圳 Shenzhen":             "深圳 Shenzhen",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
