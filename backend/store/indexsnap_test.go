package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/gen"
	"credence/backend/search"
)

// snapQueries are list shapes whose answers must not depend on whether the
// index came from the snapshot or from the dossiers.
var snapQueries = []search.Query{
	{Limit: 5000},
	{Text: "a", Limit: 50},
	{Text: "gmbh", Limit: 5000, Sort: "name", Desc: true},
	{Text: "光明", Limit: 5000},
	{Text: "+86", Limit: 5000, Sort: "updated"},
	{Country: "DE", Limit: 5000},
	{Archived: true, Limit: 5000},
	{Limit: 20, Offset: 40, Sort: "country"},
}

// answers lists what the store's index answers, and its facets.
func answers(t *testing.T, s *Store) string {
	t.Helper()
	var out []any
	for _, q := range snapQueries {
		out = append(out, s.Search(q))
	}
	c, o, g := s.Facets()
	out = append(out, c, o, g, s.Count())
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// reopen closes s and opens its workspace again; fromSnap says whether the
// index then came from the snapshot.
func reopen(t *testing.T, s *Store) (_ *Store, fromSnap bool) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s.snapErr != nil {
		t.Fatalf("close wrote no snapshot: %v", s.snapErr)
	}
	s, err := Open(s.dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Count()
	return s, s.snapVersion != 0
}

// rebuilt is what an index built from the dossiers answers: the snapshot
// file is set aside for one open.
func rebuilt(t *testing.T, s *Store) (_ *Store, want string) {
	t.Helper()
	dir := s.dir
	s.Close()
	snap := filepath.Join(dir, indexSnapFile)
	b, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(snap)
	s2, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = answers(t, s2)
	if s2.snapVersion != 0 {
		t.Fatal("the index came from a snapshot that was removed")
	}
	s2.indexReady.Store(false) // close without writing a new snapshot
	s2.Close()
	if err := os.WriteFile(snap, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s3.Close() })
	return s3, want
}

// TestIndexSnapshotAfterCleanClose: a clean close leaves the index, and the
// next open answers from it exactly what a rebuild answers; edits made
// after loading it (a save, an archive, a new dossier) reach the next
// snapshot; a close with nothing written leaves the file as it was.
func TestIndexSnapshotAfterCleanClose(t *testing.T) {
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(300, 7), "U", nil); err != nil {
		t.Fatal(err)
	}
	before := answers(t, s)
	s, fromSnap := reopen(t, s)
	if !fromSnap {
		t.Fatal("the index was rebuilt after a clean close")
	}
	if got := answers(t, s); got != before {
		t.Fatal("the snapshot answers differently from the index it was taken of")
	}
	s, want := rebuilt(t, s)
	if got := answers(t, s); got != want || s.snapVersion == 0 {
		t.Fatalf("from the snapshot (%v) the answers differ from a rebuild's", s.snapVersion != 0)
	}

	// Edits on top of the loaded snapshot.
	rows := s.Search(search.Query{Limit: 3}).Rows
	d := mustGet(t, s, rows[0].ID)
	d.LatinName.Value = "Snapshot Renamed Trading GmbH"
	if _, err := s.SaveDossier(d, "U"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetArchived(rows[1].ID, true, "U"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDossier(sample(), "U"); err != nil {
		t.Fatal(err)
	}
	after := answers(t, s)
	s, fromSnap = reopen(t, s)
	if !fromSnap || answers(t, s) != after {
		t.Fatalf("the edits made over a loaded snapshot were not in the next one (from snapshot: %v)", fromSnap)
	}
	if got := s.Search(search.Query{Text: "snapshot renamed", Limit: 5}).Total; got != 1 {
		t.Fatalf("renamed dossier found %d times", got)
	}
	s, want = rebuilt(t, s)
	if answers(t, s) != want {
		t.Fatal("after edits, the snapshot answers differently from a rebuild")
	}

	// Nothing written: the close keeps the file.
	st, _ := os.Stat(filepath.Join(s.dir, indexSnapFile))
	s, fromSnap = reopen(t, s)
	st2, _ := os.Stat(filepath.Join(s.dir, indexSnapFile))
	if !fromSnap || st == nil || st2 == nil || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatalf("a close after no write rewrote the snapshot (from snapshot: %v)", fromSnap)
	}
}

// TestIndexSnapshotNotUsedWhenStale: the snapshot is used only for the
// database it was taken of, unchanged. A program that wrote a dossier
// without loading the index (here: behind the store's back), a changed
// byte, another workspace's file, and a database without the mark all
// give an index rebuilt from the dossiers, which sees the write.
func TestIndexSnapshotNotUsedWhenStale(t *testing.T) {
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(50, 3), "U", nil); err != nil {
		t.Fatal(err)
	}
	s.Count()
	s, fromSnap := reopen(t, s)
	if !fromSnap {
		t.Fatal("no snapshot to start from")
	}
	dir := s.dir
	snap := filepath.Join(dir, indexSnapFile)
	good, _ := os.ReadFile(snap)

	// A dossier written without the index, then a close that writes no
	// snapshot (the index was never built in that session).
	s.Close()
	s, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := sample()
	d.ID = "written-without-the-index"
	d.LatinName.Value = "Behind The Back Ltd"
	raw, _ := json.Marshal(d)
	if err := s.db.Update(func(txn *badger.Txn) error { return s.set(txn, []byte(prefDossier+d.ID), raw) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.Search(search.Query{Text: "behind the back", Limit: 5}).Total != 1 || s.snapVersion != 0 {
		t.Fatalf("a stale snapshot was used (from snapshot: %v)", s.snapVersion != 0)
	}
	s.Close()

	for name, file := range map[string][]byte{
		"a changed byte":       flip(good, len(good)/2),
		"cut short":            good[:len(good)-20],
		"another workspace's":  otherSnapshot(t),
		"the mark of an older": good, // the database now holds a newer mark
	} {
		if err := os.WriteFile(snap, file, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, pass, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Search(search.Query{Text: "behind the back", Limit: 5}).Total != 1 || s.snapVersion != 0 || s.Count() != 51 {
			t.Errorf("%s snapshot: used (%v) or the index is wrong", name, s.snapVersion != 0)
		}
		if len(s.Damaged()) != 0 {
			t.Errorf("%s snapshot reported as damage: %v", name, s.Damaged())
		}
		s.indexReady.Store(false) // keep the file under test for the next case
		s.Close()
	}
}

// otherSnapshot is a valid snapshot of another workspace.
func otherSnapshot(t *testing.T) []byte {
	o := MustCreate(t)
	if _, err := o.CreateDossier(sample(), "U"); err != nil {
		t.Fatal(err)
	}
	o.Count()
	o.Close()
	b, err := os.ReadFile(filepath.Join(o.dir, indexSnapFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestErasureRemovesTheIndexSnapshot: the snapshot holds customers' names;
// erasing one removes the file at once rather than at the next close.
func TestErasureRemovesTheIndexSnapshot(t *testing.T) {
	s := MustCreate(t)
	d, err := s.CreateDossier(sample(), "U")
	if err != nil {
		t.Fatal(err)
	}
	s.Count()
	s, _ = reopen(t, s)
	if _, err := os.Stat(filepath.Join(s.dir, indexSnapFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseDossier(d.ID, "the customer asked"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.dir, indexSnapFile)); !os.IsNotExist(err) {
		t.Fatalf("the snapshot is still there after an erasure: %v", err)
	}
	s, _ = reopen(t, s)
	if s.Count() != 0 {
		t.Fatalf("%d dossiers after erasing the only one", s.Count())
	}
}

// TestIndexSnapshotKeepsTheDiskReserve: on a disk that the snapshot would
// push into the reserve Badger's own close needs, the close writes none
// (the next open rebuilds) instead of filling the disk.
func TestIndexSnapshotKeepsTheDiskReserve(t *testing.T) {
	s := MustCreate(t)
	if _, err := s.CreateDossier(sample(), "U"); err != nil {
		t.Fatal(err)
	}
	s.Count()
	free, ok := freeSpace(s.dir)
	if !ok {
		t.Fatal("free space unknown here")
	}
	lsm, _ := s.db.Size()
	s.minFree = free - lsm - 100 // the 600 bytes the snapshot needs are not there
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if errKey(s.snapErr) != "err.diskNearlyFull" {
		t.Fatalf("close on a nearly full disk: %v", s.snapErr)
	}
	if _, err := os.Stat(filepath.Join(s.dir, indexSnapFile)); !os.IsNotExist(err) {
		t.Fatalf("a snapshot was written into the reserve: %v", err)
	}
}
