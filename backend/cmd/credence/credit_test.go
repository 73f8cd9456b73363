package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/screening"
)

// Every decision of the credit tab from a script, under the same rules:
// a listed name is on hold, approval is refused, sales may not decide the
// hit, a credit manager decides it false positive, the grade appears, the
// proposer cannot approve their own proposal, another manager can.
func TestCLICreditDecisions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	cli := func(want int, args ...string) string {
		t.Helper()
		// Each person unlocks with their own passphrase; --by must name them.
		user := "Admin Ann"
		if i := slices.Index(args, "--by"); i >= 0 {
			user = args[i+1]
		}
		t.Setenv("CREDENCE_USER", user)
		out, e, c := creditCLI(t, "", append([]string{"--dir", dir}, args...)...)
		if c != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, c, want, out, e)
		}
		return out + e
	}
	cli(0, "init", "--firm", "宁波出口", "--user", "Admin Ann", "--lang", "en")
	cli(0, "lists", "import", "../../../testdata/sanctions/us-csl-sample.csv")
	t.Setenv("CREDENCE_NEW_PASSPHRASE", creditPass)
	cli(0, "people", "add", "Maria Manager", "--role", "credit_manager")
	cli(0, "people", "add", "Sam Sales", "--role", "sales")
	cli(1, "credit", "set-role", "Sam Sales", "admin", "--by", "Maria Manager") // admins only
	if out := cli(0, "credit", "users"); !strings.Contains(out, "Maria Manager") || !strings.Contains(out, "(new) → credit_manager") {
		t.Fatalf("users:\n%s", out)
	}
	id := strings.TrimSpace(cli(0, "dossier", "add", "--latin-name", "200G PSA HOLDINGS LLC", "--country", "US", "--status", "new"))
	id = strings.Fields(id)[0]

	var snap credit.Snapshot
	if err := json.Unmarshal([]byte(cli(0, "assess", id, "--json")), &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Assessment.Status != assess.StatusOnHold || snap.Assessment.Grade != "" {
		t.Fatalf("listed name: status %s grade %q", snap.Assessment.Status, snap.Assessment.Grade)
	}
	if out := cli(0, "assess", id); !strings.Contains(out, "ON HOLD: screening unresolved") {
		t.Fatalf("assess text:\n%s", out)
	}
	pid := strings.TrimSpace(cli(0, "credit", "propose", id, "--by", "Sam Sales"))
	if out := cli(1, "credit", "approve", pid, "--by", "Maria Manager"); !strings.Contains(out, "undecided") {
		t.Fatalf("approval while on hold:\n%s", out)
	}
	var show creditShow
	if err := json.Unmarshal([]byte(cli(0, "credit", "show", id, "--json")), &show); err != nil || len(show.Pending) == 0 {
		t.Fatalf("show: %+v %v", show, err)
	}
	entry := show.Pending[0].EntryID
	cli(2, "screen", "decide", id, entry, "--true-match", "--false-positive", "--reason", "x")
	cli(2, "screen", "decide", id, entry, "--false-positive")
	if out := cli(1, "screen", "decide", id, entry, "--false-positive", "--reason", "Miami, we sell to Texas", "--by", "Sam Sales"); !strings.Contains(out, "only a credit manager or an admin") {
		t.Fatalf("sales deciding:\n%s", out)
	}
	for _, h := range show.Pending {
		cli(0, "screen", "decide", id, h.Key, "--false-positive", "--reason", "different tax id", "--by", "Maria Manager")
	}
	cli(1, "credit", "approve", pid, "--by", "Maria Manager") // rests on the on-hold assessment

	if err := json.Unmarshal([]byte(cli(0, "assess", id, "--json")), &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Assessment.Status == assess.StatusOnHold || snap.Assessment.Grade == "" {
		t.Fatalf("after the decision: status %s grade %q", snap.Assessment.Status, snap.Assessment.Grade)
	}
	pid = strings.TrimSpace(cli(0, "credit", "propose", id, "--terms", "deposit_bl", "--deposit", "30", "--limit", "5000", "--by", "Maria Manager"))
	if out := cli(1, "credit", "approve", pid, "--by", "Maria Manager"); !strings.Contains(out, "cannot approve it too") {
		t.Fatalf("own proposal:\n%s", out)
	}
	if out := cli(0, "credit", "approve", pid, "--by", "Admin Ann", "--comment", "four eyes"); !strings.Contains(out, "approved by Admin Ann") || strings.Contains(out, "self-approved") {
		t.Fatalf("approve:\n%s", out)
	}
	if out := cli(0, "dossier", "show", id); !strings.Contains(out, "active") {
		t.Fatalf("status after approval:\n%s", out)
	}
	if out := cli(0, "credit", "show", id); !strings.Contains(out, "5,000 USD") || !strings.Contains(out, "approved by Admin Ann") {
		t.Fatalf("credit show:\n%s", out)
	}
	cli(2, "credit", "legal-check", id, "--kind", "fraud", "--source", "x")
	if out := cli(0, "credit", "legal-check", id, "--kind", "litigation", "--source", "PACER", "--date", "2026-03-01"); !strings.Contains(out, "nothing found") {
		t.Fatalf("legal-check:\n%s", out)
	}
	if out := cli(0, "assess", id); !strings.Contains(out, "searched on 2026-03-01 (PACER)") {
		t.Fatalf("the search is not in the assessment:\n%s", out)
	}
	cli(2, "credit", "reject", pid)
	cli(2, "credit", "fly")
}

// The argument parsers of the decision commands never panic, and whatever
// they accept is a well-formed decision.
func FuzzCreditArgs(f *testing.F) {
	for _, s := range []string{
		"screen decide\x00d1\x00ofac_sdn:123\x00--true-match\x00--reason\x00same address",
		"screen decide\x00d1\x00123\x00--false-positive\x00--reason=other person\x00--json",
		"screen decide\x00d1\x00--reason\x00\x00--true-match",
		"propose\x00d1\x00--limit\x0050000\x00--terms\x00oa\x00--days\x0060",
		"propose\x00d1\x00--terms\x00deposit_bl\x00--deposit\x00100",
		"propose\x00d1\x00--limit\x00NaN",
		"propose\x00d1\x00--limit\x00-1e309",
		"approve\x00p1\x00--comment\x00ok",
		"reject\x00p1",
		"reject\x00p1\x00--comment\x00 \x00--by\x00Maria",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		parts := strings.Split(line, "\x00")
		verb, args := parts[0], parts[1:]
		switch verb {
		case "screen decide":
			a, err := parseDecide(args)
			if err != nil {
				return
			}
			if a.verdict != screening.VerdictTrueMatch && a.verdict != screening.VerdictFalsePositive || a.reason == "" || a.dossierID == "" || a.entry == "" {
				t.Fatalf("accepted %q as %+v", line, a)
			}
		case "propose":
			a, err := parsePropose(args)
			if err != nil {
				return
			}
			if a.dossierID == "" || a.limit != nil && !(*a.limit >= 0) {
				t.Fatalf("accepted %q as %+v", line, a)
			}
			if a.terms != nil {
				b := assess.DefaultPolicy()
				b.Bands[0].Terms = *a.terms
				b.Bands[0].Terms.EN = ""
				if err := b.Validate(); err != nil && strings.Contains(err.Error(), "bands.A.terms") {
					t.Fatalf("accepted terms %+v the policy calls invalid: %v", *a.terms, err)
				}
			}
		case "approve", "reject":
			a, err := parseDecision(verb, args)
			if err != nil {
				return
			}
			if a.proposalID == "" || verb == "reject" && a.comment == "" || a.approve != (verb == "approve") {
				t.Fatalf("accepted %q as %+v", line, a)
			}
		default:
			if !utf8.ValidString(verb) {
				return
			}
		}
	})
}
