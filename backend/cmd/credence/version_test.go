package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionNeedsNoWorkspace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	out, e, c := cli(t, "", "--dir", dir, "version")
	if c != 0 || !strings.HasPrefix(out, "Credence dev (") {
		t.Fatalf("version: %d %q %q", c, out, e)
	}
	out, _, c = cli(t, "", "version", "--json")
	var v struct{ Version, Platform string }
	if c != 0 || json.Unmarshal([]byte(out), &v) != nil || v.Version != "dev" || v.Platform == "" {
		t.Fatalf("version --json: %d %q", c, out)
	}
	if _, _, c = cli(t, "", "version", "--bogus"); c != 2 {
		t.Fatalf("bad flag: exit %d, want 2", c)
	}
}
