package search

import (
	"fmt"
	"math/bits"
)

// A query of filters alone is answered in the places of its order: each
// filter set is kept, on first use, as the places of the order that hold
// its slots, so the matches are counted and the page found by reading
// bitsets a bit a dossier, without reading the matches one by one.

type place struct {
	key string // a key of Index.fsets, or "" for the archived set
	o   order
}

// placesOf returns which places of o's list hold a slot of b.
func (ix *Index) placesOf(key string, b bitset, o order) bitset {
	list := ix.order(o)
	ix.orderMu.Lock()
	defer ix.orderMu.Unlock()
	k := place{key, o}
	if p, ok := ix.places[k]; ok {
		return p
	}
	if ix.places == nil || len(ix.places) >= 64 { // a bound on what is kept: 64 book-sized bitsets
		ix.places = map[place]bitset{}
	}
	p := newBitset(len(list))
	for i, slot := range list {
		if b.in(slot) {
			p.set(int32(i))
		}
	}
	ix.places[k] = p
	return p
}

// filterPage answers a query of filters alone (and the archived choice):
// the places passing are the AND of each filter's, read word by word
// twice (to count, then to the page), so nothing book-sized is made.
func (ix *Index) filterPage(groups []filterGroup, archived bool, o order, lo, hi int) Result {
	list := ix.order(o)
	sets := make([]bitset, 0, len(groups)+1)
	for _, g := range groups {
		if len(g.keys) == 1 {
			sets = append(sets, ix.placesOf(g.keys[0], g.sets[0], o))
			continue
		}
		u := newBitset(len(list)) // several spellings of a country: rare
		for i, k := range g.keys {
			u.or(ix.placesOf(k, g.sets[i], o))
		}
		sets = append(sets, u)
	}
	a := ix.placesOf("", ix.arch, o)
	word := func(i int) uint64 {
		w := a[i]
		if !archived {
			w = ^w
		}
		for _, s := range sets {
			w &= s[i]
		}
		return w
	}
	n := (len(list) + 63) / 64
	keys := make([][]string, len(groups))
	for i, g := range groups {
		keys[i] = g.keys
	}
	key := fmt.Sprintf("%t%q", archived, keys) // quoted: no two queries alike; the order aside
	ix.orderMu.Lock()
	total, ok := ix.totals[key]
	ix.orderMu.Unlock()
	if !ok {
		for i := range n {
			total += bits.OnesCount64(word(i))
		}
		ix.orderMu.Lock()
		if ix.totals == nil || len(ix.totals) >= 256 {
			ix.totals = map[string]int{}
		}
		ix.totals[key] = total
		ix.orderMu.Unlock()
	}
	res := Result{Total: total}
	if k := min(hi, total) - lo; k > 0 {
		res.Rows = make([]Row, 0, k)
	}
	seen := 0 // matches before word i
	for i := 0; i < n && seen < hi; i++ {
		w := word(i)
		c := bits.OnesCount64(w)
		if seen+c <= lo {
			seen += c
			continue
		}
		for ; w != 0 && seen < hi; w &= w - 1 {
			if seen >= lo {
				res.Rows = append(res.Rows, ix.entries[list[i*64+bits.TrailingZeros64(w)]].row())
			}
			seen++
		}
	}
	return res
}
