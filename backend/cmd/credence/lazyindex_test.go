package main

import (
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/workspace"
)

// TestCommandsWithoutIndex: commands that never list, search or save do
// not decode every dossier to build the search index (4.5 s of CPU at
// 100 000 customers); listing does.
func TestCommandsWithoutIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "lazy index passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "F", "--user", "U", "--lang", "en"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	if _, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", "Lazy Index Trading", "--country", "DE"); c != 0 {
		t.Fatalf("add: %s", e)
	}
	if _, e, c := cli(t, pass, "--dir", dir, "lists", "import", "../../../testdata/sanctions/us-csl-sample.csv"); c != 0 {
		t.Fatalf("lists import: %s", e)
	}
	var opened []*workspace.Workspace
	openedHook = func(w *workspace.Workspace) { opened = append(opened, w) }
	t.Cleanup(func() { openedHook = nil })

	built := func(args ...string) bool {
		t.Helper()
		opened = nil
		if out, e, c := cli(t, pass, append([]string{"--dir", dir}, args...)...); c != 0 {
			t.Fatalf("%s: %d %s %s", strings.Join(args, " "), c, out, e)
		}
		if len(opened) != 1 {
			t.Fatalf("%s opened %d workspaces", strings.Join(args, " "), len(opened))
		}
		return opened[0].Store().IndexReady()
	}
	for _, args := range [][]string{
		{"screen", "--name", "Nobody In Particular"},
		{"audit"},
		{"lists"},
		{"people", "list"},
	} {
		if built(args...) {
			t.Errorf("%q built the search index", strings.Join(args, " "))
		}
	}
	if !built("dossier", "list") {
		t.Error("dossier list did not build the search index it answers from")
	}
}
