package search

import (
	"slices"
	"sync"
)

// slotSet is a query's candidate slots: a sorted list while few, so that
// a rare term costs in proportion to its matches and not to the book, a
// bitset of n slots once the list would outweigh it.
type slotSet struct {
	n      int // slots in the book
	list   []int32
	bits   bitset
	shared bool // bits are a posting's, read only (and maybe shorter than n)
}

// own gives s a bitset of its own before it is changed.
func (s *slotSet) own() {
	if s.shared {
		b := scratchBits(s.n)
		copy(b, s.bits)
		s.bits, s.shared = b, false
	}
}

// add puts slot in s; call settle before reading s.
func (s *slotSet) add(slot int32) {
	if s.bits != nil {
		s.own()
		s.bits.set(slot)
		return
	}
	s.list = append(s.list, slot)
	if len(s.list)*32 > s.n {
		s.toBits()
	}
}

func (s *slotSet) toBits() {
	b := scratchBits(s.n)
	for _, x := range s.list {
		b.set(x)
	}
	s.bits, s.list = b, nil
}

// settle sorts the list and drops repeats: through a bitset where its
// words are not many more than the slots listed (a linear pass beats
// comparing), else by comparing.
func (s *slotSet) settle() {
	switch {
	case s.bits != nil:
	case len(s.list)*256 > s.n:
		t := slotSet{bits: scratchBits(s.n)}
		for _, x := range s.list {
			t.bits.set(x)
		}
		s.list = s.list[:0]
		t.bits.each(func(x int32) { s.list = append(s.list, x) })
		t.release()
	default:
		slices.Sort(s.list)
		s.list = slices.Compact(s.list)
	}
}

// none tells that a settled list is empty (a bitset is not counted).
func (s *slotSet) none() bool { return s.bits == nil && len(s.list) == 0 }

// and keeps in s the slots also in o (both settled).
func (s *slotSet) and(o slotSet) {
	switch {
	case s.bits != nil && o.bits != nil:
		s.own()
		s.bits.and(o.bits)
		o.release()
	case s.bits != nil:
		s.list = filterList(o.list, func(x int32) bool { return s.bits.in(x) })
		s.release()
	case o.bits != nil:
		s.list = filterList(s.list, func(x int32) bool { return o.bits.in(x) })
		o.release()
	default:
		out, j := s.list[:0], 0
		for _, x := range s.list {
			for j < len(o.list) && o.list[j] < x {
				j++
			}
			if j < len(o.list) && o.list[j] == x {
				out = append(out, x)
			}
		}
		s.list = out
	}
}

// or adds o's slots to s (both settled); o is left as it was.
func (s *slotSet) or(o slotSet) {
	if o.none() {
		return // s may be a term's loose list: left as it is
	}
	if s.bits == nil && o.bits == nil {
		for _, x := range o.list {
			s.add(x)
		}
		s.settle()
		return
	}
	if s.bits == nil {
		s.toBits()
	}
	s.own()
	if o.bits != nil {
		s.bits.or(o.bits)
	} else {
		for _, x := range o.list {
			s.bits.set(x)
		}
	}
}

// filterList keeps the slots of l that pass, in place.
func filterList(l []int32, pass func(int32) bool) []int32 {
	out := l[:0]
	for _, x := range l {
		if pass(x) {
			out = append(out, x)
		}
	}
	return out
}

// in is has for a bitset that may be shorter than the book (filter sets
// grow only as far as their highest slot).
func (b bitset) in(i int32) bool {
	w := int(i >> 6)
	return w < len(b) && b[w]&(1<<(i&63)) != 0
}

// hotWords keeps, for the words that many dossiers have, their slots as a
// bitset, built when a query first meets the word and dropped when the
// word's slots change; readers under the index's read lock share it.
type hotWords struct {
	mu   sync.Mutex
	sets map[int32]bitset
}

// bits returns word id's slots (the list m) as a bitset of n slots.
func (h *hotWords) bits(id int32, m []int32, n int) bitset {
	h.mu.Lock()
	defer h.mu.Unlock()
	if b, ok := h.sets[id]; ok {
		return b
	}
	if h.sets == nil || len(h.sets) >= 64 { // a bound on what is kept: 64 book-sized bitsets
		h.sets = map[int32]bitset{}
	}
	b := newBitset(n)
	for _, x := range m {
		b.set(x)
	}
	h.sets[id] = b
	return b
}

// drop forgets word id's bitset: called under the index's write lock.
func (h *hotWords) drop(id int32) {
	if h.sets != nil {
		delete(h.sets, id)
	}
}

// Book-sized bitsets a query makes are taken from and given back to a
// pool: made anew, each would be garbage the size of the book, and at
// 100 000 dossiers the collector's share of that grows with the book.
var scratch sync.Pool

// scratchBits returns a zeroed bitset of n slots.
func scratchBits(n int) bitset {
	w := (n + 63) / 64
	if p, ok := scratch.Get().(*bitset); ok && cap(*p) >= w {
		b := (*p)[:w]
		clear(b)
		return b
	}
	return newBitset(n)
}

// release gives s's bitset back to the pool: s must have made it (never
// a set the index keeps) and not use it again.
func (s *slotSet) release() {
	if s.shared {
		s.bits, s.shared = nil, false
	}
	if s.bits != nil {
		b := s.bits
		s.bits = nil
		scratch.Put(&b)
	}
}
