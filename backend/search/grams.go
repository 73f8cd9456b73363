package search

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"
)

// Grams are one, two or three characters packed in a uint64 (21 bits a
// rune). Queries of one or two characters are answered from the slots
// having each gram (exact: a gram never spans two words); longer ones from
// the distinct words having each of their trigrams, checked word by word.

func key1(a rune) uint64    { return uint64(a) }
func key2(a, b rune) uint64 { return 1<<63 | uint64(a)<<21 | uint64(b) }
func key3(a, b, c rune) uint64 {
	return uint64(a)<<42 | uint64(b)<<21 | uint64(c)
}

// shortKey is the gram key of a term of one or two characters.
func shortKey(t string) uint64 {
	a, n := utf8.DecodeRuneInString(t)
	if n == len(t) {
		return key1(a)
	}
	b, _ := utf8.DecodeRuneInString(t[n:])
	return key2(a, b)
}

// appendShortGrams appends the one- and two-character grams of w.
func appendShortGrams(out []uint64, w []byte) []uint64 {
	prev := rune(-1)
	for i := 0; i < len(w); {
		r, n := rune(w[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(w[i:])
		}
		out = append(out, key1(r))
		if prev >= 0 {
			out = append(out, key2(prev, r))
		}
		prev = r
		i += n
	}
	return out
}

// trigrams returns the distinct trigram keys of w (none below three
// characters).
func trigrams(w []byte) []uint64 {
	var rs [3]rune
	var out []uint64
	k := 0
	for i := 0; i < len(w); {
		r, n := rune(w[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(w[i:])
		}
		rs[0], rs[1], rs[2] = rs[1], rs[2], r
		if k++; k >= 3 {
			out = append(out, key3(rs[0], rs[1], rs[2]))
		}
		i += n
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// posting is the set of slots having a gram: a list while few, a bitset
// once the list would outweigh it.
type posting struct {
	list []int32 // unordered
	bits bitset
}

func (p *posting) add(slot int32, slots int) {
	if p.bits != nil {
		for len(p.bits)*64 <= int(slot) {
			p.bits = append(p.bits, 0)
		}
		p.bits.set(slot)
		return
	}
	if n := len(p.list); n > 0 && p.list[n-1] == slot {
		return // the same gram again in the same dossier
	}
	p.list = append(p.list, slot)
	if len(p.list) >= 64 && len(p.list)*32 >= slots {
		b := newBitset(slots)
		for _, s := range p.list {
			b.set(s)
		}
		p.bits, p.list = b, nil
	}
}

func (p *posting) remove(slot int32) {
	if p.bits != nil {
		if int(slot>>6) < len(p.bits) {
			p.bits[slot>>6] &^= 1 << (slot & 63)
		}
		return
	}
	if i := slices.Index(p.list, slot); i >= 0 {
		p.list[i] = p.list[len(p.list)-1]
		p.list = p.list[:len(p.list)-1]
	}
}

// into adds p's slots to an empty s.
func (p *posting) into(s *slotSet) {
	if p.bits != nil {
		s.bits = scratchBits(s.n)
		copy(s.bits, p.bits)
		return
	}
	for _, x := range p.list {
		s.add(x)
	}
}

// idList is an ascending list of word ids stored as varint gaps: the
// trigram lists hold millions of ids, most a byte or two apart.
type idList struct {
	gaps []byte
	last int32
	n    int
}

func (l *idList) add(id int32) {
	if len(l.gaps) == cap(l.gaps) { // grow by a half, not double: millions of ids in all
		l.gaps = slices.Grow(l.gaps, max(8, len(l.gaps)/2))
	}
	l.gaps = binary.AppendUvarint(l.gaps, uint64(id-l.last))
	l.last = id
	l.n++
}

func (l *idList) each(fn func(int32)) {
	var id int32
	for b := l.gaps; len(b) > 0; {
		g, k := binary.Uvarint(b)
		id += int32(g)
		b = b[k:]
		fn(id)
	}
}
