package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIDossierUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--latin-name", "Acme Trading Ltd", "--country", "GB", "--email", "old@acme.co.uk",
		"--phone", "+44 20 7946 0000", "--id", "gb_company:01234567", "--tag", "fair-2024", "--website", "acme.co.uk")
	if c != 0 {
		t.Fatalf("add: %s", e)
	}
	id := strings.TrimSpace(out)
	out, e, c = cli(t, pass, "--dir", dir, "dossier", "update", id, "--country", "IE", "--email", "buy@acme.co.uk", "--remove-email", "old@acme.co.uk",
		"--remove-id", "gb_company:01234567", "--id", "vat:IE6388047V", "--remove-tag", "fair-2024", "--tag", "key", "--clear", "website", "--status", "new")
	if c != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("update: %d %s %s", c, out, e)
	}
	out, _, _ = cli(t, pass, "--dir", dir, "dossier", "show", id, "--json")
	var d struct {
		Country struct{ Value string } `json:"country"`
		Website struct{ Value string } `json:"website"`
		Status  string                 `json:"status"`
		Emails  []struct{ Value string }
		Ids     []struct{ Type, Value string } `json:"identifiers"`
		Phones  []struct{ Value string }
		Tags    []string
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Country.Value != "IE" || d.Website.Value != "" || d.Status != "new" || len(d.Emails) != 1 || d.Emails[0].Value != "buy@acme.co.uk" ||
		len(d.Ids) != 1 || d.Ids[0].Type != "vat" || len(d.Phones) != 1 || len(d.Tags) != 1 || d.Tags[0] != "key" {
		t.Fatalf("after update: %+v", d)
	}
	// The same update again changes nothing; removing what is not there
	// is refused and changes nothing either.
	if out, _, c = cli(t, pass, "--dir", dir, "dossier", "update", id, "--country", "IE"); c != 0 || !strings.Contains(out, "nothing changed") {
		t.Fatalf("no-op update: %s", out)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "update", id, "--remove-email", "nobody@acme.co.uk", "--country", "FR"); c == 0 || !strings.Contains(e, "nobody@acme.co.uk") {
		t.Fatalf("bad removal: %d %s", c, e)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "dossier", "update", id, "--country", "Ireland"); c == 0 {
		t.Fatalf("invalid country accepted: %s", e)
	}
	out, _, _ = cli(t, pass, "--dir", dir, "history", id, "--json")
	if !strings.Contains(out, "IE6388047V") {
		t.Fatalf("history lacks the update: %s", out)
	}
}
