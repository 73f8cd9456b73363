package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A list cut at a line end in a format without end marker (CSL) is refused
// with a sentence saying by how much; --allow-shrink takes it; rollback
// brings the whole list back. An OFAC folder with a cut sdn.csv is refused.
func TestCLIListShrinkRollback(t *testing.T) {
	dir := newWorkspace(t)
	csl := listData(t, "us-csl-sample.csv")
	if out, e, c := credence(t, "--dir", dir, "lists", "import", csl); c != 0 || !strings.Contains(out, "us_csl: 115 entries") {
		t.Fatalf("import: %d %q %q", c, out, e)
	}
	b, err := os.ReadFile(csl)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(cut, b[:len(b)/3+bytes.IndexByte(b[len(b)/3:], '\n')+1], 0o600); err != nil {
		t.Fatal(err)
	}
	_, e, c := credence(t, "--dir", dir, "lists", "import", cut)
	if c != 1 || !strings.Contains(e, "of the 115 entries") || !strings.Contains(e, "--allow-shrink") {
		t.Fatalf("shrunk import: %d %q", c, e)
	}
	if out, e, c := credence(t, "--dir", dir, "lists", "import", "--allow-shrink", cut); c != 0 || strings.Contains(out, "115 entries") {
		t.Fatalf("confirmed import: %d %q %q", c, out, e)
	}
	out, e, c := credence(t, "--dir", dir, "lists", "rollback", "us_csl")
	if c != 0 || !strings.Contains(out, "us_csl: back to the version") || !strings.Contains(out, "115 entries") {
		t.Fatalf("rollback: %d %q %q", c, out, e)
	}
	if out, _, _ := credence(t, "--dir", dir, "lists"); !strings.Contains(out, "115") {
		t.Fatalf("lists after rollback: %q", out)
	}

	ofac := t.TempDir()
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		b, err := os.ReadFile(filepath.Join(listData(t, "ofac-sdn"), n))
		if err != nil {
			t.Fatal(err)
		}
		if n == "sdn.csv" {
			b = b[:len(b)-200+bytes.IndexByte(b[len(b)-200:], '\n')+1]
		}
		os.WriteFile(filepath.Join(ofac, n), b, 0o600)
	}
	if _, e, c := credence(t, "--dir", dir, "lists", "import", ofac); c != 1 || !strings.Contains(e, "ends too early") {
		t.Fatalf("cut OFAC import: %d %q", c, e)
	}
}
