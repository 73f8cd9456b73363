package search

import (
	"fmt"
	"hash/maphash"
	"slices"
	"testing"
)

// checkGrams recomputes, from the entries and the dictionary's words, the
// slots of every short gram, word and code and the words of every trigram,
// and compares them with what the index keeps up to date on every Put and
// Remove.
func (ix *Index) checkGrams() error {
	want := map[uint64][]int32{}
	for slot, e := range ix.entries {
		if e == nil {
			continue
		}
		for _, g := range ix.gramsOf(e.words) {
			want[g] = append(want[g], int32(slot))
		}
	}
	for g, p := range ix.short {
		var got []int32
		if p.bits != nil {
			p.bits.each(func(s int32) { got = append(got, s) })
		} else {
			got = slices.Clone(p.list)
		}
		slices.Sort(got)
		if !slices.Equal(got, want[g]) {
			return fmt.Errorf("gram %x: slots %v, the entries say %v", g, got, want[g])
		}
		delete(want, g)
	}
	for g, w := range want {
		return fmt.Errorf("gram %x of slots %v not kept", g, w)
	}
	for i, d := range []*dict{&ix.words, &ix.codes} {
		slots := map[int32][]int32{} // each word's slots, as the entries say
		for slot, e := range ix.entries {
			if e == nil {
				continue
			}
			for _, id := range [][]int32{e.words, e.codes}[i] {
				slots[id] = append(slots[id], int32(slot))
			}
		}
		for id := range int32(len(d.post)) {
			var got []int32
			switch p := d.post[id]; {
			case p >= 0:
				got = []int32{p}
			case p <= -2:
				got = slices.Sorted(slices.Values(d.more[-2-p]))
			}
			if !slices.Equal(got, slots[id]) {
				return fmt.Errorf("dict %d, word %q: slots %v, the entries say %v", i, d.word(id), got, slots[id])
			}
		}
		tri := map[uint64][]int32{}
		for id := range int32(len(d.post)) {
			for _, k := range trigrams(d.word(id)) {
				tri[k] = append(tri[k], id)
			}
		}
		if len(tri) != len(d.tri) {
			return fmt.Errorf("%d trigrams kept, the words have %d", len(d.tri), len(tri))
		}
		for k, ids := range tri {
			var got []int32
			if l := d.tri[k]; l != nil {
				l.each(func(id int32) { got = append(got, id) })
				if l.n != len(got) {
					return fmt.Errorf("trigram %x: %d words counted, %d listed", k, l.n, len(got))
				}
			}
			if !slices.Equal(got, ids) {
				return fmt.Errorf("trigram %x: words %v, the words say %v", k, got, ids)
			}
		}
	}
	return nil
}

// Two words with one hash (forced here: 64-bit hashes of real words do not
// meet) are told apart by the words themselves.
func TestDictHashClash(t *testing.T) {
	d := newDict()
	a := d.add("alpha", 1)
	d.ids[maphash.String(wordSeed, "beta")] = a // beta now hashes where alpha is
	b := d.add("beta", 2)
	if a == b {
		t.Fatal("beta was taken for alpha")
	}
	if id, ok := d.lookup("beta"); !ok || id != b {
		t.Fatalf("beta: %d %v, want %d", id, ok, b)
	}
	if id, ok := d.lookup("alpha"); !ok || id != a {
		t.Fatalf("alpha: %d %v, want %d", id, ok, a)
	}
	if again := d.add("beta", 3); again != b {
		t.Fatalf("beta added again as %d, want %d", again, b)
	}
}
