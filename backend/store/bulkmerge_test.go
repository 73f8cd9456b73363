package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/gen"
	"credence/backend/search"
)

// mergeEdits are the same edits of a generated book in any store holding
// it, in the order of the stored ids, as the import gives them; the
// generated customer's number (in its notes) says which edit.
func mergeEdits(t *testing.T, s *Store) []*dossier.Dossier {
	t.Helper()
	var out []*dossier.Dossier
	for _, r := range s.Search(search.Query{Limit: s.Count() + 1}).Rows {
		d, err := s.Dossier(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var i int
		fmt.Sscanf(d.Notes, "Generated customer %d.", &i)
		switch i % 4 {
		case 0:
			d.Notes += " Met at the fair."
		case 1:
			d.Emails = append(d.Emails, dossier.Fact{Value: "new" + d.Emails[0].Value})
		case 2:
			d.Country.Value, d.Tags = "DE", append(d.Tags, "moved")
		case 3: // unchanged
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *dossier.Dossier) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// twoBooks are two stores holding the same generated book, with a note
// of what a sync left for an open form (p/) on a few dossiers of each.
func twoBooks(t *testing.T, n int) (a, b *Store) {
	t.Helper()
	book := gen.Dossiers(n, 11)
	a, b = MustCreate(t), MustCreate(t)
	for _, s := range []*Store{a, b} {
		stored, err := s.CreateDossiers(book, "U", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range stored[:5] {
			if err := s.putJSON(prefSeenBy+d.ID, map[string][]string{"website": {"old.example"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return a, b
}

// seenNotes counts the p/ notes a store holds.
func seenNotes(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	for _, r := range s.Search(search.Query{Limit: s.Count() + 1}).Rows {
		var seen map[string][]string
		if err := s.getJSON(prefSeenBy+r.ID, &seen); err == nil {
			n++
		} else if !errs.Is(err, errs.NotFound) {
			t.Fatal(err)
		}
	}
	return n
}

// A merge of most of the book written as a new database writes what
// SaveDossier writes, one save at a time: the dossiers, their history,
// the change log with each change based on the field's merge state, and
// no note of a sync for the forms it saves; it leaves the index, Verify
// and a save after it as they would be, and reopens.
func TestBulkSaveStreamWritesWhatSaveDossierWrites(t *testing.T) {
	streamed := withStreamMin(t, 100)
	a, b := twoBooks(t, 250)
	for _, d := range mergeEdits(t, a) {
		if _, err := a.SaveDossier(d, "U"); err != nil {
			t.Fatal(err)
		}
	}
	eb := mergeEdits(t, b)
	var seen []int
	next, i := from(eb), 0
	saved, err := b.BulkSaveSized(len(eb), func() (*dossier.Dossier, *dossier.Dossier, error) {
		d, err := next()
		if i++; err != nil || i%2 == 0 {
			return d, nil, err // read here
		}
		stored, err := b.Dossier(d.ID) // given, as the import does
		return d, stored, err
	}, "U", func(done int) { seen = append(seen, done) })
	if err != nil || *streamed != 1 {
		t.Fatalf("%d saved, %d streamed: %v", saved, *streamed, err)
	}
	if want := len(eb) - len(eb)/4; saved < want-2 || saved > want+2 || len(seen) == 0 || seen[len(seen)-1] != saved {
		t.Fatalf("%d saved (a quarter of %d is unchanged), progress %v", saved, len(eb), seen)
	}
	sameWritten(t, a, b)
	// What the merge wrote over is gone, not kept as an older version.
	if err := b.view(func(txn *badger.Txn) error {
		o := badger.DefaultIteratorOptions
		o.AllVersions = true
		it := txn.NewIterator(o)
		defer it.Close()
		var last []byte
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if bytes.Equal(k, last) && (bytes.HasPrefix(k, []byte(prefDossier)) || bytes.HasPrefix(k, []byte(prefVersion))) {
				return fmt.Errorf("%s kept two versions", describeKey(k))
			}
			last = it.Item().KeyCopy(last[:0])
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if na, nb := seenNotes(t, a), seenNotes(t, b); na != nb || na > 2 {
		t.Fatalf("sync notes left: %d by saves, %d by the merge", na, nb)
	}
	moved := func(s *Store) int { return s.Search(search.Query{Tag: "moved", Limit: 1000}).Total }
	if got := moved(b); got == 0 || got != moved(a) {
		t.Fatalf("index: %d tagged, want %d", got, moved(a))
	}
	d, _ := b.Dossier(eb[3].ID)
	d.Notes = "after the merge"
	if _, err := b.SaveDossier(d, "U"); err != nil {
		t.Fatal(err)
	}
	written(t, b) // the sequence goes on without a gap
	rep, err := b.Verify(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	re, _ := reopen(t, b)
	if got, _ := re.Dossier(d.ID); got.Notes != d.Notes || moved(re) != moved(a) {
		t.Fatalf("reopened: notes %q, %d tagged", got.Notes, moved(re))
	}
}

// A merge small against the book, or into a workspace much larger than
// what it writes, goes through transactions.
func TestBulkSaveStreamOnlyForMuchOfTheBook(t *testing.T) {
	streamed := withStreamMin(t, 20)
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(100, 4), "U", nil); err != nil {
		t.Fatal(err)
	}
	edits := mergeEdits(t, s)
	merge := func(ds []*dossier.Dossier) {
		t.Helper()
		if _, err := mergeAll(s, ds); err != nil {
			t.Fatal(err)
		}
	}
	merge(edits[:40]) // 40 of 100
	if *streamed != 0 {
		t.Fatal("a merge of 40 into a book of 100 was written as a new database")
	}
	merge(edits[40:]) // 60 of 100
	if *streamed != 1 {
		t.Fatal("a merge of 60 into a book of 100 went through transactions")
	}
	if !s.streamSaves(60) || s.streamSaves(19) {
		t.Fatal("the rule changed")
	}
	// Up to 256 MB a workspace is rewritten as for a load of new
	// dossiers; past that, only by a merge writing much of it.
	for _, c := range []struct {
		size int64
		n    int
		want bool
	}{{200 << 20, 20, true}, {600 << 20, 2000, false}, {600 << 20, 100000, true}, {3 << 30, 100000, false}} {
		if got := rewritable(c.size, c.n); got != c.want {
			t.Fatalf("a merge of %d into %d MB rewritten: %v", c.n, c.size>>20, got)
		}
	}
}

// A dossier refused in the middle (stale: changed since it was read) ends
// the merge with those before it stored and none after, as BulkSave ends.
func TestBulkSaveStreamStopsAtAStaleDossier(t *testing.T) {
	streamed := withStreamMin(t, 20)
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(60, 5), "U", nil); err != nil {
		t.Fatal(err)
	}
	edits := mergeEdits(t, s)
	for _, d := range edits {
		d.Notes += " Checked."
		d.Tags = append(d.Tags, "checked")
	}
	edits[30].UpdatedAt = edits[30].UpdatedAt.Add(-1e9)
	saved, err := mergeAll(s, edits)
	if errs.Code(err) != errs.Conflict || saved != 30 || *streamed != 1 {
		t.Fatalf("%d saved, %d streamed: %v", saved, *streamed, err)
	}
	for i, e := range edits {
		d, err := s.Dossier(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.HasSuffix(d.Notes, " Checked."); got != (i < 30) {
			t.Fatalf("dossier %d: notes %q", i, d.Notes)
		}
	}
	if r := s.Search(search.Query{Tag: "checked", Limit: 100}); r.Total != 30 {
		t.Fatalf("the index finds %d checked", r.Total)
	}
	written(t, s)
	if rep, err := s.Verify(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// A merge that fails while writing stores nothing, and the index answers
// what the workspace holds again.
func TestBulkSaveStreamFailureStoresNothing(t *testing.T) {
	withStreamMin(t, 20)
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(60, 5), "U", nil); err != nil {
		t.Fatal(err)
	}
	before, logged := written(t, s)
	edits := mergeEdits(t, s)
	for _, d := range edits {
		d.Tags = append(d.Tags, "checked")
	}
	broken := errors.New("the disk failed")
	bulkStage = func(at string) error {
		if at == "complete" {
			return broken
		}
		return nil
	}
	saved, err := mergeAll(s, edits)
	bulkStage = nil
	if !errors.Is(err, broken) || saved != 0 {
		t.Fatalf("%d saved: %v", saved, err)
	}
	after, log := written(t, s)
	if len(log) != len(logged) || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("the failed merge changed the workspace")
	}
	if r := s.Search(search.Query{Tag: "checked", Limit: 100}); r.Total != 0 {
		t.Fatalf("the index still finds %d checked", r.Total)
	}
	if _, err := os.Stat(filepath.Join(s.dir, bulkDir)); !os.IsNotExist(err) {
		t.Fatal("the new database was left behind")
	}
}

// Dossiers out of id order cannot be streamed: the merge stores nothing
// and says so, instead of writing a database Badger would refuse.
func TestBulkSaveStreamRefusesDossiersOutOfOrder(t *testing.T) {
	withStreamMin(t, 20)
	s := MustCreate(t)
	if _, err := s.CreateDossiers(gen.Dossiers(40, 5), "U", nil); err != nil {
		t.Fatal(err)
	}
	_, logged := written(t, s)
	edits := mergeEdits(t, s)
	for _, d := range edits {
		d.Notes += " Checked."
	}
	edits[10], edits[11] = edits[11], edits[10]
	saved, err := mergeAll(s, edits)
	if errs.Code(err) != errs.Internal || saved != 0 {
		t.Fatalf("%d saved: %v", saved, err)
	}
	if _, log := written(t, s); len(log) != len(logged) {
		t.Fatal("the refused merge logged changes")
	}
}

// mergeAll gives ds to BulkSaveSized as an import would, the stored
// copies left for it to read.
func mergeAll(s *Store, ds []*dossier.Dossier) (int, error) {
	next := from(ds)
	return s.BulkSaveSized(len(ds), func() (*dossier.Dossier, *dossier.Dossier, error) {
		d, err := next()
		return d, nil, err
	}, "U", nil)
}
