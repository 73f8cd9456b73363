package main

import (
	"encoding/json"
	"strings"
	"testing"

	"credence/backend/credit"
	"credence/backend/store"
)

func TestCLIAssess(t *testing.T) {
	dir, id := importedWorkspace(t)

	out, e, c := creditCLI(t, "", "--dir", dir, "assess", id)
	if c != 0 {
		t.Fatalf("assess: %d %s", c, e)
	}
	for _, want := range []string{
		"customer      شركة نجمة الخليج للتجارة العامة", "grade", "score", "completeness", "profile       new/b2b/middle_east",
		"Dimensions", "identity", "credit", "country", "trade      missing",
		"Red flags", "Overrides", "Recommended limit", "bound by", "Terms", "Next review",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("assess output lacks %q:\n%s", want, out)
		}
	}

	out, e, c = creditCLI(t, "", "--dir", dir, "assess", id, "--json")
	if c != 0 {
		t.Fatalf("assess --json: %d %s", c, e)
	}
	var snap credit.Snapshot
	if err := json.Unmarshal([]byte(out), &snap); err != nil {
		t.Fatalf("not a snapshot: %v\n%s", err, out)
	}
	if snap.DossierID != id || snap.By != "李雷" || snap.Assessment.Grade == "" || len(snap.Assessment.Dimensions) != 7 ||
		!strings.HasPrefix(snap.ID, id+"/") {
		t.Fatalf("snapshot: %+v", snap)
	}

	// In Chinese, the explanations follow the language.
	if out, _, c = creditCLI(t, "", "--dir", dir, "assess", id, "--lang", "zh-CN"); c != 0 || !strings.Contains(out, "资信") {
		t.Fatalf("assess in Chinese: %d\n%s", c, out)
	}

	// Each run is stored: three snapshots, newest first, the JSON one among them.
	st, err := store.Open(dir, creditPass, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := credit.New(st).Snapshots(id)
	st.Close()
	if err != nil || len(snaps) != 3 || snaps[1].ID != snap.ID {
		t.Fatalf("stored snapshots: %d %v", len(snaps), err)
	}

	if _, e, c = creditCLI(t, "", "--dir", dir, "assess", "no-such-id"); c != 1 || !strings.Contains(e, "no customer") {
		t.Fatalf("assess a missing id: %d %q", c, e)
	}
	if _, e, c = creditCLI(t, "", "--dir", dir, "assess"); c != 2 || !strings.Contains(e, "needs one ID") {
		t.Fatalf("assess without id: %d %q", c, e)
	}
	if _, e, c = creditCLI(t, "", "--dir", dir, "assess", id, "--lang", "fr"); c != 2 {
		t.Fatalf("assess --lang fr: %d %q", c, e)
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[float64]string{0: "0 USD", 999: "999 USD", 1000: "1,000 USD", 1234567.6: "1,234,568 USD", -50000: "-50,000 USD"} {
		if got := money(in, "USD"); got != want {
			t.Errorf("money(%v) = %q, want %q", in, got, want)
		}
	}
}
