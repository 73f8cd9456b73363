package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestListWithoutDateAsksForIt: OFAC's legacy CSV states no publication
// date. Its age is "unknown" (never the import date passed off as
// "today") until the date is given at import or afterwards.
func TestListWithoutDateAsksForIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	if _, e, c := credence(t, "--dir", dir, "init", "--firm", "F", "--user", "U"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	if _, e, c := credence(t, "--dir", dir, "lists", "import", listData(t, "ofac-sdn")); c != 0 {
		t.Fatalf("import: %s", e)
	}
	out, e, c := credence(t, "--dir", dir, "lists")
	if c != 0 || !strings.Contains(out, "unknown") || !strings.Contains(e, "lists dated") {
		t.Fatalf("an undated list must say its age is unknown and how to date it: %q %q", out, e)
	}
	js, _, _ := credence(t, "--dir", dir, "lists", "--json")
	var got struct {
		Lists []struct {
			ID      string `json:"id"`
			AgeDays *int   `json:"age_days"`
		} `json:"lists"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil || len(got.Lists) != 1 || got.Lists[0].AgeDays != nil {
		t.Fatalf("age of an undated list: %s", js)
	}
	if _, e, c := credence(t, "--dir", dir, "lists", "dated", got.Lists[0].ID, "2099-01-01"); c == 0 {
		t.Fatalf("a publication date after the import was accepted: %s", e)
	}
	if out, e, c := credence(t, "--dir", dir, "lists", "dated", got.Lists[0].ID, "2021-06-01"); c != 0 || !strings.Contains(out, "2021-06-01 (as given)") {
		t.Fatalf("dated: %q %q", out, e)
	}
	out, _, _ = credence(t, "--dir", dir, "lists")
	if !strings.Contains(out, "2021-06-01") || strings.Contains(out, "unknown") {
		t.Fatalf("after dating: %s", out)
	}
	// Given at import, for the next version.
	if _, e, c := credence(t, "--dir", dir, "lists", "import", "--published", "2021-07-01", listData(t, "ofac-sdn")); c != 0 {
		t.Fatalf("import --published: %s", e)
	}
	if out, _, _ := credence(t, "--dir", dir, "lists"); !strings.Contains(out, "2021-07-01") {
		t.Fatalf("--published not kept: %s", out)
	}
}
