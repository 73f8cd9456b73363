package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Each person unlocks the CLI with their own passphrase ($CREDENCE_USER
// and $CREDENCE_PASSPHRASE); only an admin manages people; a wrong
// passphrase, someone else's or an unknown name is refused.
func TestCLIPeople(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const annPass, samPass = "ann's own passphrase", "sam's own passphrase"
	as := func(want int, user, pass string, args ...string) string {
		t.Helper()
		t.Setenv("CREDENCE_USER", user)
		t.Setenv("CREDENCE_PASSPHRASE", pass)
		var o, e bytes.Buffer
		if c := run(append([]string{"--dir", dir}, args...), strings.NewReader(""), &o, &e); c != want {
			t.Fatalf("%s %v: exit %d, want %d\n%s%s", user, args, c, want, o.String(), e.String())
		}
		return o.String() + e.String()
	}
	as(0, "", annPass, "init", "--firm", "F", "--user", "Admin Ann", "--lang", "en")
	t.Setenv("CREDENCE_NEW_PASSPHRASE", samPass)
	as(0, "Admin Ann", annPass, "people", "add", "Sam Sales", "--role", "sales")
	as(2, "Admin Ann", annPass, "people", "add", "Nobody")
	if out := as(1, "Admin Ann", annPass, "people", "add", "sam sales", "--role", "sales"); !strings.Contains(out, "already a user called") {
		t.Fatalf("name taken:\n%s", out)
	}

	var rows []personRow
	if err := json.Unmarshal([]byte(as(0, "Sam Sales", samPass, "people", "--json")), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("people --json: %+v %v", rows, err)
	}
	if rows[1].Name != "Sam Sales" || !rows[1].You || !rows[1].CanUnlock || rows[0].You || rows[0].Role != "admin" {
		t.Fatalf("rows: %+v", rows)
	}
	if out := as(0, "", samPass, "people"); !strings.Contains(out, "Sam Sales  sales") || !strings.Contains(out, "(you)") {
		t.Fatalf("people:\n%s", out)
	}

	for _, tc := range []struct{ user, pass string }{{"Sam Sales", annPass}, {"Admin Ann", samPass}, {"Mallory", samPass}} {
		if out := as(1, tc.user, tc.pass, "people"); !strings.Contains(out, "wrong passphrase") {
			t.Fatalf("%s with another's passphrase:\n%s", tc.user, out)
		}
	}
	t.Setenv("CREDENCE_NEW_PASSPHRASE", "eve's passphrase")
	if out := as(1, "Sam Sales", samPass, "people", "add", "Eve", "--role", "admin"); !strings.Contains(out, "only an admin") {
		t.Fatalf("sales adding people:\n%s", out)
	}
	as(1, "Sam Sales", samPass, "people", "remove", "Admin Ann")
	as(1, "Sam Sales", samPass, "people", "passphrase", "Admin Ann")

	t.Setenv("CREDENCE_NEW_PASSPHRASE", "sam's reset passphrase")
	as(0, "Admin Ann", annPass, "people", "passphrase", "Sam Sales")
	as(1, "Sam Sales", samPass, "people")
	as(0, "Sam Sales", "sam's reset passphrase", "people")
	as(0, "Admin Ann", annPass, "people", "remove", "Sam Sales")
	as(1, "Sam Sales", "sam's reset passphrase", "people")
	if out := as(0, "Admin Ann", annPass, "people"); !strings.Contains(out, "removed") {
		t.Fatalf("after remove:\n%s", out)
	}
}
