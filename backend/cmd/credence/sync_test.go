package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/syncserver/synctest"
	"credence/backend/workspace"
)

// syncServer serves a real credence-server on loopback TLS until the test
// ends, and returns its address.
func syncServer(t *testing.T) string {
	url, _ := synctest.Start(t)
	return url
}

// Two computers and a server, from the command line: A registers, invites
// B, B joins; a dossier added on A is on B after a sync each; a proposal
// made on A is approved on B, and the signature verifies on both.
func TestCLISyncTwoComputers(t *testing.T) {
	url := syncServer(t)
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	const passA, passB = "ann's own passphrase", "bob's own passphrase"
	as := func(want int, dir, user, pass string, args ...string) string {
		t.Helper()
		t.Setenv("CREDENCE_USER", user)
		t.Setenv("CREDENCE_PASSPHRASE", pass)
		var o, e bytes.Buffer
		if c := run(append([]string{"--dir", dir}, args...), strings.NewReader(""), &o, &e); c != want {
			t.Fatalf("%s %v: exit %d, want %d\n%s%s", user, args, c, want, o.String(), e.String())
		}
		return o.String() + e.String()
	}
	a := func(args ...string) string { t.Helper(); return as(0, dirA, "Admin Ann", passA, args...) }
	b := func(args ...string) string { t.Helper(); return as(0, dirB, "Bob Boss", passB, args...) }

	as(0, dirA, "", passA, "init", "--firm", "Ningbo Export", "--user", "Admin Ann", "--lang", "en")
	if out := a("sync", "setup", "--server", url, "--name", "Ann's laptop"); !strings.Contains(out, "fingerprint (pinned): ") {
		t.Fatalf("setup:\n%s", out)
	}
	as(1, dirA, "Admin Ann", passA, "sync", "setup", "--server", url) // once only
	code := strings.TrimSpace(strings.SplitN(a("devices", "invite", "--role", "credit_manager"), "\n", 2)[0])
	if !strings.HasPrefix(code, "CRD2-") {
		t.Fatalf("invite printed %q", code)
	}
	if out := as(1, dirB, "", passB, "join", "--code", "CRD2-AAAAA", "--user", "Bob Boss"); !strings.Contains(out, "not a pairing code") {
		t.Fatalf("join with a bad code:\n%s", out)
	}
	if out := as(0, dirB, "", passB, "join", "--code", code, "--user", "Bob Boss", "--firm", "Ningbo Export", "--lang", "en"); !strings.Contains(out, "paired") {
		t.Fatalf("join:\n%s", out)
	}
	if out := as(1, dirB, "", passB, "join", "--code", code, "--user", "Eve"); !strings.Contains(out, "exists") {
		t.Fatalf("second join in the same folder:\n%s", out)
	}
	if out := a("sync"); !strings.Contains(out, "shared the workspace key with 1 new devices") {
		t.Fatalf("admin sync:\n%s", out)
	}
	b("sync")

	id := strings.Fields(a("dossier", "add", "--latin-name", "Lumiere Import GmbH", "--country", "DE", "--status", "new"))[0]
	a("assess", id)
	pid := strings.TrimSpace(a("credit", "propose", id, "--limit", "5000", "--currency", "USD", "--by", "Admin Ann"))
	var res struct{ Pushed int }
	if err := json.Unmarshal([]byte(a("sync", "--json")), &res); err != nil || res.Pushed == 0 {
		t.Fatalf("sync --json: %+v %v", res, err)
	}
	b("sync")
	if out := b("dossier", "show", id); !strings.Contains(out, "Lumiere Import GmbH") {
		t.Fatalf("dossier on b:\n%s", out)
	}
	if out := b("credit", "approve", pid, "--by", "Bob Boss", "--comment", "four eyes on another computer"); !strings.Contains(out, "approved by Bob Boss") {
		t.Fatalf("approve on b:\n%s", out)
	}
	b("sync")
	a("sync")
	if out := a("credit", "show", id); !strings.Contains(out, "approved by Bob Boss") {
		t.Fatalf("credit show on a:\n%s", out)
	}
	var devs struct {
		Devices []struct{ ID, Name, Role string }
		Granted map[string]string
	}
	if err := json.Unmarshal([]byte(a("devices", "--json")), &devs); err != nil || len(devs.Devices) != 2 {
		t.Fatalf("devices: %+v %v", devs, err)
	}
	for _, d := range devs.Devices { // each holds its role signed by the admin device
		if devs.Granted[d.ID] != d.Role {
			t.Fatalf("device %s (%s): signed role %q", d.Name, d.Role, devs.Granted[d.ID])
		}
	}
	if out := a("devices"); !strings.Contains(out, "credit_manager signed by an admin") {
		t.Fatalf("devices:\n%s", out)
	}
	if out := a("conflicts"); !strings.Contains(out, "no conflicts") {
		t.Fatalf("conflicts:\n%s", out)
	}
	for _, w := range []struct{ dir, user, pass string }{{dirA, "Admin Ann", passA}, {dirB, "Bob Boss", passB}} {
		ws, err := workspace.Open(w.dir, w.pass, workspace.Options{User: w.user})
		if err != nil {
			t.Fatal(err)
		}
		ps, err := ws.Credit.Proposals(id)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ps {
			if p.ID == pid && p.Decision != nil {
				found = true
				if err := ws.Credit.Verify(*p.Decision); err != nil {
					t.Fatalf("%s: the approval made on b does not verify: %v", w.user, err)
				}
			}
		}
		ws.Close()
		if !found {
			t.Fatalf("%s: proposal %s has no decision: %+v", w.user, pid, ps)
		}
	}
	// The same field edited on both before either syncs: a conflict is
	// kept, listed, and resolved for the value that lost, everywhere.
	a("dossier", "update", id, "--notes", "from Ann")
	b("dossier", "update", id, "--notes", "from Bob")
	a("sync")
	b("sync")
	a("sync")
	type conflict struct {
		ID    string
		Field string
		Loser struct{ Value json.RawMessage }
	}
	resolved := false
	for _, side := range []func(...string) string{a, b} {
		var cs []conflict
		if err := json.Unmarshal([]byte(side("conflicts", "--json")), &cs); err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 || resolved {
			continue
		}
		if cs[0].Field != "notes" {
			t.Fatalf("conflict: %+v", cs)
		}
		var loser string
		if err := json.Unmarshal(cs[0].Loser.Value, &loser); err != nil || !strings.HasPrefix(loser, "from ") {
			t.Fatalf("conflict's set-aside value %s", cs[0].Loser.Value)
		}
		side("conflicts", "resolve", cs[0].ID, "loser")
		side("sync")
		a("sync")
		b("sync")
		for _, s := range []func(...string) string{a, b} {
			var d struct{ Notes string }
			if err := json.Unmarshal([]byte(s("dossier", "show", id, "--json")), &d); err != nil || d.Notes != loser {
				t.Fatalf("after resolving for %q: notes %q %v", loser, d.Notes, err)
			}
		}
		resolved = true
	}
	if !resolved {
		t.Fatal("concurrent edits of one field kept no conflict")
	}

	// B removed: it is refused from then on.
	var bID string
	for _, d := range devs.Devices {
		if d.Role == "credit_manager" {
			bID = d.ID
		}
	}
	a("devices", "remove", bID)
	if out := as(1, dirB, "Bob Boss", passB, "sync"); !strings.Contains(out, "removed") {
		t.Fatalf("removed device synced:\n%s", out)
	}
}
