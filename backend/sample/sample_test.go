package sample

import (
	"context"
	"path/filepath"
	"testing"
	"time"
	"unicode"

	"credence/backend/credit"
	"credence/backend/screening"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/visit"
)

func TestBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	st, err := Build(context.Background(), dir, "en", now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	set, err := st.Settings()
	if err != nil || set.Language != "en" || set.IdleLockMinutes != 0 || set.FirmName == "" {
		t.Fatalf("settings %+v %v", set, err)
	}
	if n := st.Count(); n != generated+len(handWritten()) {
		t.Fatalf("%d customers", n)
	}

	scr := screening.New(st)
	lists, err := scr.Lists()
	if err != nil || len(lists) != 1 {
		t.Fatalf("lists %+v %v", lists, err)
	}
	var chinese, foreign, hits int
	var hitName string
	var visited string
	res := st.Search(search.Query{Limit: 1000})
	for _, row := range res.Rows {
		if row.Country == "CN" && hasHan(row.Name) {
			chinese++
		} else if row.Country != "CN" {
			foreign++
		}
		r, err := scr.Result(row.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Lists) != 1 {
			t.Errorf("%s was not screened: %+v", row.LatinName, r)
		}
		if len(r.Hits) > 0 {
			hits++
			hitName = row.LatinName
		}
		if row.LatinName == VisitedName {
			visited = row.ID
		}
	}
	if chinese < 3 || foreign < 10 {
		t.Fatalf("%d Chinese and %d foreign customers", chinese, foreign)
	}
	if hits != 1 || hitName != HitName {
		t.Fatalf("%d hits, on %q; want one, on %q", hits, hitName, HitName)
	}

	vs, err := visit.New(st).Visits(visited)
	if err != nil || len(vs) != 1 || !vs[0].Signed() || len(vs[0].Signatures) != 2 {
		t.Fatalf("visits of %s: %+v %v", VisitedName, vs, err)
	}
	sum, err := visit.New(st).Summary(visited)
	if err != nil || sum == nil {
		t.Fatalf("visit summary %+v %v", sum, err)
	}

	cr := credit.New(st)
	graded, approved := 0, 0
	for _, row := range res.Rows {
		if state, err := cr.State(row.ID); err == nil && state.Valid && state.Limit > 0 && !state.SelfApproved {
			approved++
		}
		snaps, err := cr.Snapshots(row.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(snaps) > 0 && snaps[0].Assessment.Grade != "" {
			graded++
		}
	}
	if approved < 3 {
		t.Fatalf("%d approved limits", approved)
	}
	if graded < assessed-1 { // the listed customer is on hold, without a grade
		t.Fatalf("%d customers graded, want %d", graded, assessed-1)
	}

	// It is a real workspace: it opens again with its passphrase.
	st.Close()
	again, err := store.Open(dir, Passphrase, store.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	again.Close()

	// And a folder that holds a workspace is never overwritten.
	if _, err := Build(context.Background(), dir, "zh-CN", now); err == nil {
		t.Fatal("built a sample over an existing workspace")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
