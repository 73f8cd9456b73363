package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func cliIn(t *testing.T, pass, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Setenv("CREDENCE_PASSPHRASE", pass)
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), code
}

// passwd asks for the new passphrase twice: a typo changes nothing.
// --rekey changes the passphrase and the data key.
func TestCLIPasswdConfirmsAndRekeys(t *testing.T) {
	os.Unsetenv("CREDENCE_NEW_PASSPHRASE")
	dir := filepath.Join(t.TempDir(), "ws")
	const old, next, third = "first passphrase", "second passphrase", "third passphrase"
	if _, e, c := cliIn(t, old, "", "--dir", dir, "init", "--firm", "F", "--user", "U"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	if _, e, c := cliIn(t, old, next+"\n"+next+"x\n", "--dir", dir, "passwd"); c != 1 || !strings.Contains(e, "differ") {
		t.Fatalf("mismatched passwd: %d %q", c, e)
	}
	if _, e, c := cliIn(t, old, "", "--dir", dir, "dossier", "list"); c != 0 {
		t.Fatalf("old passphrase after a refused change: %d %s", c, e)
	}
	if out, e, c := cliIn(t, old, next+"\n"+next+"\n", "--dir", dir, "passwd"); c != 0 || !strings.Contains(out, "passphrase changed") {
		t.Fatalf("passwd: %d %q %q", c, out, e)
	}
	if out, e, c := cliIn(t, next, third+"\n"+third+"\n", "--dir", dir, "passwd", "--rekey"); c != 0 || !strings.Contains(out, "new data key") {
		t.Fatalf("passwd --rekey: %d %q %q", c, out, e)
	}
	if _, e, c := cliIn(t, next, "", "--dir", dir, "dossier", "list"); c != 1 || !strings.Contains(e, "wrong passphrase") {
		t.Fatalf("previous passphrase after re-key: %d %s", c, e)
	}
	if _, e, c := cliIn(t, third, "", "--dir", dir, "dossier", "list"); c != 0 {
		t.Fatalf("new passphrase after re-key: %d %s", c, e)
	}
}
