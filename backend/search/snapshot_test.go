package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
)

func snapshot(t testing.TB, ix *Index) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ix.WriteSnapshot(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func restore(t testing.TB, b []byte) *Index {
	t.Helper()
	ix, err := ReadSnapshot(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// sameIndex compares what the snapshot restores or derives with the
// original's: the dictionaries (hash tables included: one process, one
// seed), postings, entries, free slots, archived set, facets and filter
// sets (an emptied filter set and a missing one alike). Sort orders are
// built on use and not compared.
func sameIndex(a, b *Index) error {
	type part struct {
		name string
		x, y any
	}
	for _, p := range []part{
		{"slots", a.slots, b.slots}, {"entries", a.entries, b.entries}, {"free", a.free, b.free},
		{"archived", a.archived, b.archived}, {"arch", a.arch, b.arch},
		{"facets", a.facets, b.facets},
	} {
		if !reflect.DeepEqual(p.x, p.y) {
			return fmt.Errorf("%s differ", p.name)
		}
	}
	if len(a.short) != len(b.short) {
		return fmt.Errorf("%d short grams, %d restored", len(a.short), len(b.short))
	}
	for k, p := range a.short {
		q := b.short[k]
		if q == nil || !slices.Equal(p.list, q.list) || !slices.Equal(p.bits, q.bits) || (p.bits == nil) != (q.bits == nil) {
			return fmt.Errorf("short gram %x differs", k)
		}
	}
	for i, d := range []*dict{&a.words, &a.codes} {
		e := []*dict{&b.words, &b.codes}[i]
		for _, p := range []part{
			{"table", d.table, e.table}, {"wide", d.wide, e.wide}, {"buf", d.buf, e.buf},
			{"offs", d.offs, e.offs}, {"post", d.post, e.post}, {"tri", d.tri, e.tri},
		} {
			if !reflect.DeepEqual(p.x, p.y) && !(reflect.ValueOf(p.x).Len() == 0 && reflect.ValueOf(p.y).Len() == 0) {
				return fmt.Errorf("dict %d: %s differ", i, p.name)
			}
		}
		if !slices.EqualFunc(d.more, e.more, func(x, y []int32) bool { return slices.Equal(x, y) }) {
			return fmt.Errorf("dict %d: more differ", i)
		}
	}
	for _, m := range []map[string]bitset{a.fsets, b.fsets} {
		for k := range m {
			x, y := a.fsets[k], b.fsets[k]
			if n := max(len(x), len(y)); x.count()+y.count() > 0 {
				x, y = append(slices.Clone(x), make(bitset, n-len(x))...), append(slices.Clone(y), make(bitset, n-len(y))...)
				if !slices.Equal(x, y) {
					return fmt.Errorf("filter %q differs", k)
				}
			}
		}
	}
	return nil
}

// sameAnswers asks both indexes the same random queries, duplicate probes
// and facets, and wants the same bytes back as JSON.
func sameAnswers(t *testing.T, step string, r *rand.Rand, a, b *Index, book map[string]*dossier.Dossier, ids []string) {
	t.Helper()
	js := func(v any) string {
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	for range 200 {
		q := randomQuery(r, book, ids)
		x, y := a.Search(q), b.Search(q)
		if js(x) != js(y) {
			t.Fatalf("%s: query %+v:\noriginal %s\nrestored %s", step, q, js(x), js(y))
		}
		sameResult(t, step, q, y, scanSearch(book, q))
	}
	freeMail := func(dom string) bool { return dom == "gmail.com" || dom == "163.com" }
	ma, mb := a.DupMatcher(freeMail), b.DupMatcher(freeMail)
	for range 40 {
		p := book[ids[r.IntN(len(ids))]].Clone()
		if r.IntN(2) == 0 {
			p.ID = ""
		}
		for _, pair := range [][2]any{{a.Duplicates(p, freeMail), b.Duplicates(p, freeMail)}, {ma.Duplicates(p), mb.Duplicates(p)}} {
			if js(pair[0]) != js(pair[1]) {
				t.Fatalf("%s: duplicates of %s:\noriginal %s\nrestored %s", step, p.ID, js(pair[0]), js(pair[1]))
			}
		}
	}
	c1, o1, t1 := a.Facets()
	c2, o2, t2 := b.Facets()
	if js([][]string{c1, o1, t1}) != js([][]string{c2, o2, t2}) || a.Len() != b.Len() || b.Len() != len(book) {
		t.Fatalf("%s: facets or lengths differ", step)
	}
	if err := b.checkGrams(); err != nil {
		t.Fatalf("%s: restored: %v", step, err)
	}
}

// TestSnapshotAnswersWhatTheIndexAnswers: a random book, edited so that
// it has free slots and archived dossiers, written and read back, answers
// every query, duplicate probe and facet as the original does (and as a
// scan does), holds the same structures, and keeps doing so under the same
// later edits, deletes and new dossiers: the rebuilt hash tables, slot
// table and free list serve Put and Remove as the originals do.
func TestSnapshotAnswersWhatTheIndexAnswers(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		book := map[string]*dossier.Dossier{}
		var ids []string
		ix := NewIndex()
		zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 8*3600), time.FixedZone("X", -(3*3600 + 30*60 + 7))}
		for i, d := range randomBook(r, 300, seed) {
			if i%7 == 0 { // times as other devices and zones write them, to the nanosecond
				d.UpdatedAt = d.UpdatedAt.Add(time.Duration(r.IntN(1e9))).In(zones[r.IntN(len(zones))])
			}
			if i == 5 {
				d.UpdatedAt = time.Time{}
			}
			book[d.ID] = d
			ids = append(ids, d.ID)
			ix.Put(d)
		}
		next := 300
		edit := func(ixs ...*Index) {
			switch r.IntN(4) {
			case 0:
				id := ids[r.IntN(len(ids))]
				d := book[id].Clone()
				mutate(r, d)
				book[id] = d
				for _, x := range ixs {
					x.Put(d)
				}
			case 1:
				if len(ids) > 1 {
					k := r.IntN(len(ids))
					for _, x := range ixs {
						x.Remove(ids[k])
					}
					delete(book, ids[k])
					ids = slices.Delete(ids, k, k+1)
				}
			case 2:
				d := randomBook(r, 1, uint64(next))[0]
				d.ID = fmt.Sprintf("id-%04d", next)
				next++
				book[d.ID] = d
				ids = append(ids, d.ID)
				for _, x := range ixs {
					x.Put(d)
				}
			case 3: // saved again unchanged
				d := book[ids[r.IntN(len(ids))]]
				for _, x := range ixs {
					x.Put(d)
				}
			}
		}
		for range 150 {
			edit(ix)
		}
		empty := &dossier.Dossier{ID: "no-tags", LatinName: dossier.Fact{Value: "Nameless Tags"}, Tags: []string{}}
		book[empty.ID] = empty
		ids = append(ids, empty.ID)
		ix.Put(empty)                     // its tags are [] in JSON, not null
		ix.Search(Query{Sort: "updated"}) // built orders are not part of a snapshot
		if len(ix.free) == 0 || ix.archived == 0 {
			t.Fatalf("seed %d: %d free slots, %d archived: the snapshot is not tried on them", seed, len(ix.free), ix.archived)
		}
		b := snapshot(t, ix)
		re := restore(t, b)
		if err := sameIndex(ix, re); err != nil {
			t.Fatalf("seed %d: restored: %v", seed, err)
		}
		if again := snapshot(t, re); !bytes.Equal(again, b) {
			t.Fatalf("seed %d: the restored index writes another snapshot", seed)
		}
		sameAnswers(t, "restored", r, ix, re, book, ids)
		for round := range 200 {
			edit(ix, re)
			if round%50 == 49 {
				sameAnswers(t, fmt.Sprintf("seed %d round %d", seed, round), r, ix, re, book, ids)
			}
		}
		if err := sameIndex(ix, re); err != nil {
			t.Fatalf("seed %d: after the same edits: %v", seed, err)
		}
	}
}

func TestSnapshotOfEmptyIndex(t *testing.T) {
	re := restore(t, snapshot(t, NewIndex()))
	if re.Len() != 0 || re.Search(Query{Text: "acme"}).Total != 0 {
		t.Fatal("an empty index restored is not empty")
	}
	d := &dossier.Dossier{ID: "a", LatinName: dossier.Fact{Value: "Acme Trading"}}
	re.Put(d)
	if res := re.Search(Query{Text: "acm"}); res.Total != 1 || res.Rows[0].ID != "a" {
		t.Fatalf("after a put: %+v", res)
	}
}

// smallSnapshot is an index of a few small dossiers (words, codes, tags,
// a contact, a zone), one removed, one archived.
func smallSnapshot(t testing.TB) []byte {
	at := time.Date(2026, 3, 1, 8, 0, 0, 5, time.FixedZone("", 8*3600))
	ix := NewIndex()
	for _, d := range []*dossier.Dossier{
		{ID: "a", LatinName: dossier.Fact{Value: "Acme Trading"}, Country: dossier.Fact{Value: "DE"}, Tags: []string{"vip"},
			Identifiers: []dossier.Fact{{Value: "DE-0123"}}, Status: "lead", UpdatedAt: at},
		{ID: "b", LegalName: dossier.Fact{Value: "光明贸易有限公司"}, Country: dossier.Fact{Value: "CN"}, Owner: "Tom",
			Phones: []dossier.Fact{{Value: "+86 138 0000 1111"}}, KeyAccount: true},
		{ID: "c", LatinName: dossier.Fact{Value: "Gone Co"}},
		{ID: "d", LatinName: dossier.Fact{Value: "Acme Old"}, Archived: true, Tags: []string{},
			Contacts: []dossier.Contact{{Name: "Li", Email: "li@acme.de"}}, UpdatedAt: at.UTC()},
	} {
		ix.Put(d)
	}
	ix.Remove("c")
	return snapshot(t, ix)
}

// bitsSnapshot is an index of 70 dossiers with short names: the grams
// they share are bitsets, not lists.
func bitsSnapshot(t testing.TB) []byte {
	ix := NewIndex()
	for i := range 70 {
		ix.Put(&dossier.Dossier{ID: fmt.Sprint(i), LatinName: dossier.Fact{Value: fmt.Sprintf("Ab %d", i%9)}})
	}
	for i := range 5 {
		ix.Remove(fmt.Sprint(i * 3))
	}
	return snapshot(t, ix)
}

// TestSnapshotDamage: every cut of a snapshot is an error; a changed byte
// anywhere is an error or an index that still answers without a panic;
// another format or no snapshot at all is an error that says so.
func TestSnapshotDamage(t *testing.T) {
	read, tried := 0, 0
	for k, b := range [][]byte{smallSnapshot(t), bitsSnapshot(t)} {
		flips := []byte{0x01, 0x80, 0xff}
		if k == 1 {
			flips = flips[2:] // mostly the same structure, longer: one change a byte
		}
		for n := range len(b) {
			if _, err := ReadSnapshot(bytes.NewReader(b[:n])); err == nil {
				t.Fatalf("cut at %d of %d: no error", n, len(b))
			} else if !strings.HasPrefix(err.Error(), "read index snapshot: ") {
				t.Fatalf("cut at %d: error %q without its context", n, err)
			}
		}
		for i := range len(b) {
			for _, x := range flips {
				c := slices.Clone(b)
				c[i] ^= x
				if ix := readAndUse(c); ix != nil {
					read++
				}
				tried++
			}
		}
	}
	t.Logf("%d of %d changed snapshots still read", read, tried)
	b := smallSnapshot(t)
	if _, err := ReadSnapshot(bytes.NewReader(append([]byte("CRDSIDX\n\x02"), b[9:]...))); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("another version: %v", err)
	}
	if _, err := ReadSnapshot(strings.NewReader(`{"not":"a snapshot"}`)); err == nil || !strings.Contains(err.Error(), "not an index snapshot") {
		t.Fatalf("not a snapshot: %v", err)
	}
	if _, err := ReadSnapshot(bytes.NewReader(append(slices.Clone(b), 0))); err == nil {
		t.Fatal("a byte past the end: no error")
	}
}

// readAndUse reads b and, when it reads, asks the index what a list asks
// and writes it again: none of it may panic, and what it writes reads back.
func readAndUse(b []byte) *Index {
	ix, err := ReadSnapshot(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	for _, q := range []Query{{}, {Text: "a"}, {Text: "ac"}, {Text: "acme tr"}, {Text: "0123"}, {Text: "光明"},
		{Sort: "updated", Desc: true, Archived: true}, {Sort: "status", Country: "cn"}, {Sort: "verified", Tag: "vip", Offset: 1, Limit: 1}} {
		ix.Search(q)
	}
	ix.Facets()
	ix.Duplicates(&dossier.Dossier{LatinName: dossier.Fact{Value: "Acme Trading"}}, nil)
	ix.DupMatcher(nil).Duplicates(&dossier.Dossier{LatinName: dossier.Fact{Value: "Acme"}})
	var w bytes.Buffer
	if err := ix.WriteSnapshot(&w); err != nil {
		panic(err)
	}
	again, err := ReadSnapshot(bytes.NewReader(w.Bytes()))
	if err != nil {
		panic(fmt.Sprintf("a snapshot read, written again, does not read: %v", err))
	}
	var w2 bytes.Buffer
	if err := again.WriteSnapshot(&w2); err != nil || !bytes.Equal(w.Bytes(), w2.Bytes()) {
		panic("a snapshot read and written twice differs")
	}
	return ix
}

// FuzzReadSnapshot: whatever the bytes, reading them is an error or an
// index that answers and writes itself again, never a panic.
func FuzzReadSnapshot(f *testing.F) {
	f.Add(smallSnapshot(f))
	f.Add(bitsSnapshot(f))
	f.Add(snapshot(f, NewIndex()))
	f.Fuzz(func(t *testing.T, b []byte) {
		readAndUse(b)
	})
}

// A time in the local zone reads back local, unless the machine's zone has
// since moved: then at the offset it was written with, as decoding its
// JSON would give; the instant is the same either way.
func TestSnapshotLocalTimes(t *testing.T) {
	was := time.Local
	defer func() { time.Local = was }()
	time.Local = time.FixedZone("A", 3600)
	at := time.Date(2026, 5, 1, 9, 30, 0, 42, time.Local)
	ix := NewIndex()
	ix.Put(&dossier.Dossier{ID: "a", LatinName: dossier.Fact{Value: "Acme"}, UpdatedAt: at})
	b := snapshot(t, ix)
	for _, c := range []struct {
		zone  *time.Location
		local bool // read back in time.Local
	}{{time.Local, true}, {time.FixedZone("B", 7200), false}} {
		time.Local = c.zone
		got := restore(t, b).Search(Query{}).Rows[0].UpdatedAt
		js, _ := json.Marshal(got)
		if string(js) != `"2026-05-01T09:30:00.000000042+01:00"` || !got.Equal(at) || (got.Location() == time.Local) != c.local {
			t.Fatalf("local zone %s: %s in %v", c.zone, js, got.Location())
		}
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n++; w.n > 2 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// A writer that fails is an error with context, not a short snapshot
// taken for whole.
func TestSnapshotWriteError(t *testing.T) {
	ix := NewIndex()
	r := rand.New(rand.NewPCG(1, 1))
	for _, d := range randomBook(r, 300, 1) {
		ix.Put(d)
	}
	err := ix.WriteSnapshot(&failingWriter{})
	if err == nil || !strings.Contains(err.Error(), "write index snapshot: disk full") {
		t.Fatalf("error %v", err)
	}
}
