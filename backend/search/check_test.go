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
		for _, g := range ix.gramsOf(e.words()) {
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
			for _, id := range [][]int32{e.words(), e.codes()}[i] {
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

// Words that meet at one place of the table (many do: a place is a few
// bits of the hash) are told apart by the words themselves, through the
// table's growth, and a word not added is not found.
func TestDictWordsMeetingInTheTable(t *testing.T) {
	d := newDict()
	var ids []int32
	for i := range 5000 {
		ids = append(ids, d.add(fmt.Sprintf("w%d", i), int32(i)))
	}
	home := map[uint64]int{}
	met := 0
	mask := uint64(len(d.table) - 1)
	for i := range 5000 {
		w := fmt.Sprintf("w%d", i)
		if home[maphash.String(wordSeed, w)&mask]++; home[maphash.String(wordSeed, w)&mask] == 2 {
			met++
		}
		if id, ok := d.lookup(w); !ok || id != ids[i] || int(id) != i {
			t.Fatalf("%s: %d %v, want %d", w, id, ok, i)
		}
		if again := d.add(w, int32(i)); again != ids[i] {
			t.Fatalf("%s added again as %d, want %d", w, again, ids[i])
		}
		if _, ok := d.lookup(fmt.Sprintf("x%d", i)); ok {
			t.Fatalf("x%d found, never added", i)
		}
	}
	if met == 0 || 4*5000 > 3*len(d.table) {
		t.Fatalf("%d places shared, table of %d: the test asks nothing", met, len(d.table))
	}
}
