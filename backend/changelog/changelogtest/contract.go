// Package changelogtest is the contract every changelog.Log keeps: the
// in-memory log and the Badger store both run it.
package changelogtest

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"credence/backend/changelog"
	"credence/backend/hlc"
)

// Log is what the suite needs: a log whose merged state it can read.
type Log interface {
	changelog.Log
	changelog.StateReader
}

// Device makes changes as a remote device would: its own sequence, HLCs
// the test chooses.
type Device struct {
	Name string
	seq  uint64
}

// Write is a change of field (value nil: removal) at wall ms, written on
// base (zero: nothing seen).
func (d *Device) Write(kind, entity, field string, value any, wall int64, base changelog.Version) changelog.Change {
	d.seq++
	c := changelog.Change{ID: changelog.NewID(), Kind: kind, Entity: entity, Field: field,
		HLC: hlc.Timestamp{Wall: wall}, Device: d.Name, Seq: d.seq, User: "user-" + d.Name, Base: base}
	if value == nil {
		c.Deleted = true
	} else {
		c.Value, _ = json.Marshal(value)
	}
	return c
}

// Delete is a tombstone of a whole record.
func (d *Device) Delete(kind, entity string, wall int64, base changelog.Version) changelog.Change {
	return d.Write(kind, entity, "", nil, wall, base)
}

// Kinds the suite writes: one field-level, one append-only.
const (
	FieldKind  = "credit_policy"
	AppendKind = "assessment"
)

// Run runs the contract against logs made by newLog (a fresh one per call).
func Run(t *testing.T, newLog func(t *testing.T) Log) {
	t.Run("Ordering", func(t *testing.T) { ordering(t, newLog(t)) })
	t.Run("ResumeAtEqualHLC", func(t *testing.T) { resumeEqual(t, newLog(t)) })
	t.Run("IdempotentApply", func(t *testing.T) { idempotent(t, newLog, newLog(t)) })
	t.Run("GapDeferred", func(t *testing.T) { gap(t, newLog(t)) })
	t.Run("Tombstones", func(t *testing.T) { tombstones(t, newLog(t)) })
	t.Run("ConflictsKept", func(t *testing.T) { conflicts(t, newLog) })
	t.Run("DeleteVersusEdit", func(t *testing.T) { deleteVsEdit(t, newLog(t)) })
	t.Run("AppendUnion", func(t *testing.T) { appendUnion(t, newLog(t)) })
	t.Run("Refused", func(t *testing.T) { refused(t, newLog(t)) })
}

func apply(t *testing.T, l Log, cs ...changelog.Change) changelog.ApplyResult {
	t.Helper()
	res, err := l.Apply(cs)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return res
}

func entity(t *testing.T, l Log, kind, id string) (map[string]string, bool) {
	t.Helper()
	f, ok, err := l.Entity(kind, id)
	if err != nil {
		t.Fatalf("entity %s/%s: %v", kind, id, err)
	}
	out := map[string]string{}
	for k, v := range f {
		out[k] = string(v)
	}
	return out, ok
}

// remote keeps only changes not written by the log itself (a store
// backfills nothing in an empty workspace, but may hold its own).
func all(t *testing.T, l Log) []changelog.Change {
	t.Helper()
	cs, _, err := l.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func ordering(t *testing.T, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	apply(t, l, a.Write(FieldKind, "p", "x", 1, 10, changelog.Version{}), a.Write(FieldKind, "p", "y", 2, 20, changelog.Version{}),
		a.Write(FieldKind, "p", "z", 3, 30, changelog.Version{}))
	apply(t, l, b.Write(FieldKind, "q", "x", 1, 15, changelog.Version{}), b.Write(FieldKind, "q", "y", 2, 25, changelog.Version{}))
	got := all(t, l)
	want := []int64{10, 15, 20, 25, 30}
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d", len(got), len(want))
	}
	for i, c := range got {
		if c.HLC.Wall != want[i] {
			t.Fatalf("change %d at %d, want %d (oldest first)", i, c.HLC.Wall, want[i])
		}
	}
}

func resumeEqual(t *testing.T, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	apply(t, l, a.Write(FieldKind, "p", "x", "a1", 100, changelog.Version{}), b.Write(FieldKind, "q", "x", "b1", 100, changelog.Version{}),
		a.Write(FieldKind, "p", "y", "a2", 100, changelog.Version{}), b.Write(FieldKind, "q", "y", "b2", 200, changelog.Version{}))
	seen := map[string]bool{}
	var cur changelog.Cursor
	for i := 0; i < 10; i++ {
		cs, next, err := l.Changes(cur, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		if seen[cs[0].ID] {
			t.Fatalf("change %s returned twice", cs[0].ID)
		}
		seen[cs[0].ID] = true
		cur = next
	}
	if len(seen) != 4 {
		t.Fatalf("paging one at a time returned %d of 4 changes (equal HLCs skipped?)", len(seen))
	}
	if cur["dev-a"] != 2 || cur["dev-b"] != 2 {
		t.Fatalf("cursor %v", cur)
	}
	if cs, _, _ := l.Changes(cur, 0); len(cs) != 0 {
		t.Fatalf("%d changes after the end", len(cs))
	}
}

func idempotent(t *testing.T, newLog func(*testing.T) Log, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	var batch []changelog.Change
	for i := 0; i < 6; i++ {
		batch = append(batch, a.Write(FieldKind, "p", "x", i, int64(10+i), changelog.Version{}))
		batch = append(batch, b.Write(FieldKind, "p", "y", i, int64(10+i), changelog.Version{}))
	}
	batch = append(batch, a.Delete(FieldKind, "p", 100, changelog.Version{HLC: hlc.Timestamp{Wall: 16}, Device: "dev-b"}))
	if res := apply(t, l, batch...); res.Applied != len(batch) {
		t.Fatalf("first apply: %+v", res)
	}
	first, _ := entity(t, l, FieldKind, "p")
	// The same batch again, shuffled and with copies inside: nothing new.
	again := append(append([]changelog.Change(nil), batch...), batch[:4]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(again), func(i, j int) { again[i], again[j] = again[j], again[i] })
	if res := apply(t, l, again...); res.Applied != 0 || res.Duplicates != len(again) {
		t.Fatalf("second apply: %+v", res)
	}
	if second, _ := entity(t, l, FieldKind, "p"); !equal(first, second) {
		t.Fatalf("state changed on re-apply: %v → %v", first, second)
	}
	// Another log fed the reversed batch ends the same.
	other := newLog(t)
	rev := append([]changelog.Change(nil), batch...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	apply(t, other, rev...)
	if got, _ := entity(t, other, FieldKind, "p"); !equal(first, got) {
		t.Fatalf("order changed the state: %v vs %v", first, got)
	}
	if n := len(all(t, l)); n != len(batch) {
		t.Fatalf("log holds %d changes, want %d", n, len(batch))
	}
}

func gap(t *testing.T, l Log) {
	a := &Device{Name: "dev-a"}
	c1, c2 := a.Write(FieldKind, "p", "x", 1, 10, changelog.Version{}), a.Write(FieldKind, "p", "x", 2, 20, changelog.Version{HLC: hlc.Timestamp{Wall: 10}, Device: "dev-a"})
	if res := apply(t, l, c2); res.Deferred != 1 || res.Applied != 0 {
		t.Fatalf("a change after a gap: %+v", res)
	}
	if cs := all(t, l); len(cs) != 0 {
		t.Fatalf("deferred change stored: %d", len(cs))
	}
	apply(t, l, c1)
	apply(t, l, c2)
	if f, _ := entity(t, l, FieldKind, "p"); f["x"] != "2" {
		t.Fatalf("after the gap filled: %v", f)
	}
}

func tombstones(t *testing.T, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	w := a.Write(FieldKind, "p", "x", "one", 10, changelog.Version{})
	del := a.Delete(FieldKind, "p", 20, w.Version())
	res := apply(t, l, w, del)
	if len(res.Conflicts) != 0 {
		t.Fatalf("a delete of what was seen is no conflict: %+v", res.Conflicts)
	}
	if f, ok := entity(t, l, FieldKind, "p"); ok {
		t.Fatalf("deleted record still there: %v", f)
	}
	cs := all(t, l)
	if len(cs) != 2 || !cs[1].Deleted || cs[1].Field != "" {
		t.Fatalf("the tombstone is not in the log: %+v", cs)
	}
	// Written again by someone who saw the delete: back, with only the new field.
	res = apply(t, l, b.Write(FieldKind, "p", "y", "two", 30, del.Version()))
	f, ok := entity(t, l, FieldKind, "p")
	if !ok || len(f) != 1 || f["y"] != `"two"` || len(res.Conflicts) != 0 {
		t.Fatalf("re-created record: %v %v %+v", f, ok, res.Conflicts)
	}
	// An older edit of x arriving late stays under the tombstone.
	apply(t, l, b.Write(FieldKind, "p", "x", "late", 5, changelog.Version{}))
	if f, _ := entity(t, l, FieldKind, "p"); f["x"] != "" {
		t.Fatalf("an edit older than the delete showed again: %v", f)
	}
}

func conflicts(t *testing.T, newLog func(*testing.T) Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	ea := a.Write(FieldKind, "p", "limit", 100, 10, changelog.Version{})
	eb := b.Write(FieldKind, "p", "limit", 200, 20, changelog.Version{})
	var ids []string
	for _, order := range [][]changelog.Change{{ea, eb}, {eb, ea}} {
		l := newLog(t)
		var found []changelog.Conflict
		for _, c := range order {
			found = append(found, apply(t, l, c).Conflicts...)
		}
		if f, _ := entity(t, l, FieldKind, "p"); f["limit"] != "200" {
			t.Fatalf("last writer should win: %v", f)
		}
		if len(found) != 1 {
			t.Fatalf("want one conflict, got %+v", found)
		}
		k := found[0]
		if string(k.Loser.Value) != "100" || string(k.Winner.Value) != "200" || k.Field != "limit" || k.Loser.User != "user-dev-a" || k.Loser.Version != ea.Version() {
			t.Fatalf("conflict does not keep both values and who: %+v", k)
		}
		ids = append(ids, k.ID)
	}
	if ids[0] != ids[1] {
		t.Fatalf("the same conflict has two ids: %v", ids)
	}
	// A later edit made on top of the winner is no conflict.
	l := newLog(t)
	apply(t, l, ea, eb)
	if res := apply(t, l, a.Write(FieldKind, "p", "limit", 300, 30, eb.Version())); len(res.Conflicts) != 0 {
		t.Fatalf("sequential edit reported as conflict: %+v", res.Conflicts)
	}
	// Equal HLCs: the device id decides, the same everywhere.
	l2 := newLog(t)
	a, b = &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	x, y := a.Write(FieldKind, "r", "f", "from-a", 50, changelog.Version{}), b.Write(FieldKind, "r", "f", "from-b", 50, changelog.Version{})
	apply(t, l2, y, x)
	if f, _ := entity(t, l2, FieldKind, "r"); f["f"] != `"from-b"` {
		t.Fatalf("tie not broken by device id: %v", f)
	}
}

func deleteVsEdit(t *testing.T, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	w := a.Write(FieldKind, "p", "x", "v1", 10, changelog.Version{})
	apply(t, l, w)
	// b deletes having seen v1; a edits x again, not having seen the delete.
	del := b.Delete(FieldKind, "p", 30, w.Version())
	edit := a.Write(FieldKind, "p", "x", "v2", 20, w.Version())
	res := apply(t, l, del, edit)
	if _, ok := entity(t, l, FieldKind, "p"); ok {
		t.Fatal("the later delete should win")
	}
	if len(res.Conflicts) != 1 || string(res.Conflicts[0].Loser.Value) != `"v2"` || !res.Conflicts[0].Winner.RecordDeleted {
		t.Fatalf("an edit concurrent with a delete must be kept as a conflict: %+v", res.Conflicts)
	}
	// An edit after the delete that had not seen it brings the record back,
	// and the lost delete is the conflict.
	res = apply(t, l, a.Write(FieldKind, "p", "x", "v3", 40, edit.Version()))
	f, ok := entity(t, l, FieldKind, "p")
	if !ok || f["x"] != `"v3"` {
		t.Fatalf("newer edit should show: %v", f)
	}
	if len(res.Conflicts) != 1 || !res.Conflicts[0].Loser.RecordDeleted {
		t.Fatalf("the lost delete must be kept as a conflict: %+v", res.Conflicts)
	}
}

func appendUnion(t *testing.T, l Log) {
	a, b := &Device{Name: "dev-a"}, &Device{Name: "dev-b"}
	sa := a.Write(AppendKind, "snap-a", "", map[string]any{"score": 40}, 10, changelog.Version{})
	sb := b.Write(AppendKind, "snap-b", "", map[string]any{"score": 70}, 10, changelog.Version{})
	apply(t, l, sa, sb, sa)
	for id, want := range map[string]string{"snap-a": `{"score":40}`, "snap-b": `{"score":70}`} {
		f, ok := entity(t, l, AppendKind, id)
		if !ok || compact(f[""]) != want {
			t.Fatalf("%s: %v %v", id, f, ok)
		}
	}
}

func refused(t *testing.T, l Log) {
	a := &Device{Name: "dev-a"}
	for _, c := range []changelog.Change{
		a.Write("no_such_kind", "x", "f", 1, 10, changelog.Version{}),
		a.Write("assessment_latest", "x", "", 1, 10, changelog.Version{}),
		a.Write("credit_user_key", "x", "", 1, 10, changelog.Version{}),
	} {
		if _, err := l.Apply([]changelog.Change{c}); err == nil {
			t.Fatalf("kind %s applied", c.Kind)
		}
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if compact(b[k]) != compact(v) {
			return false
		}
	}
	return true
}

func compact(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
