package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"credence/backend/errs"
)

func TestRecords(t *testing.T) {
	s := MustCreate(t)
	type rec struct{ N int }
	if err := s.GetRecord("screen", "a", &rec{}); errs.Code(err) != errs.NotFound {
		t.Fatalf("missing record: %v", err)
	}
	for i := 0; i < 5; i++ {
		if err := s.PutRecord("screen", fmt.Sprintf("d1/%d", i), rec{i}); err != nil {
			t.Fatal(err)
		}
	}
	s.PutRecord("screen", "d2/0", rec{9})
	s.PutRecord("screening_alert", "d1/9", rec{99}) // another kind with a common prefix
	var got []int
	err := s.ScanRecords("screen", "d1/", func(id string, v []byte) error {
		var r rec
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		got = append(got, r.N)
		return nil
	})
	if err != nil || fmt.Sprint(got) != "[0 1 2 3 4]" {
		t.Fatalf("scan: %v %v", got, err)
	}
	if err := s.PutRecords("screen", map[string]any{"d3/a": rec{1}, "d3/b": rec{2}}); err != nil {
		t.Fatal(err)
	}
	var r rec
	if err := s.GetRecord("screen", "d3/b", &r); err != nil || r.N != 2 {
		t.Fatalf("batch put: %v %v", r, err)
	}
	big := bytes.Repeat([]byte("x"), 3<<20)
	if err := s.PutRaw("sanctions_list", "ofac", big); err != nil {
		t.Fatal(err)
	}
	if b, err := s.GetRaw("sanctions_list", "ofac"); err != nil || !bytes.Equal(b, big) {
		t.Fatalf("raw: %v", err)
	}
	s.DeleteRecord("screen", "d3/a")
	if err := s.GetRecord("screen", "d3/a", &r); errs.Code(err) != errs.NotFound {
		t.Fatalf("deleted: %v", err)
	}
	if err := s.PutRecord("a/b", "x", 1); errs.Code(err) != errs.Invalid {
		t.Fatalf("bad kind: %v", err)
	}
	// A kind without a sync policy cannot be written at all.
	if err := s.PutRecord("no_policy_yet", "x", 1); errs.Code(err) != errs.Invalid {
		t.Fatalf("unregistered kind: %v", err)
	}
}

// ReplaceRecords moves records in one transaction: the copies appear and
// the originals go together, and a refused id changes nothing.
func TestReplaceRecords(t *testing.T) {
	s := MustCreate(t)
	type rec struct{ N int }
	for i := range 3 {
		if err := s.PutRecord("trade_row", fmt.Sprintf("d1/%d", i), rec{i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ReplaceRecords("trade_row", map[string]any{"d2/0": rec{0}, "d2/1": rec{1}}, []string{"d1/0", "d1/1"}); err != nil {
		t.Fatal(err)
	}
	ids := func(prefix string) string {
		var out []string
		s.ScanRecords("trade_row", prefix, func(id string, _ []byte) error { out = append(out, id); return nil })
		return fmt.Sprint(out)
	}
	if a, b := ids("d1/"), ids("d2/"); a != "[d1/2]" || b != "[d2/0 d2/1]" {
		t.Fatalf("after the move: %s %s", a, b)
	}
	if err := s.ReplaceRecords("trade_row", map[string]any{"d3/0": rec{2}}, []string{""}); err == nil {
		t.Fatal("a bad id was accepted")
	}
	if got := ids("d3/"); got != "[]" {
		t.Fatalf("a refused replace wrote %s", got)
	}
}
