package search

import "math/bits"

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

// filterPage answers a query of filters alone (and the archived choice).
func (ix *Index) filterPage(groups []filterGroup, archived bool, o order, lo, hi int) Result {
	list := ix.order(o)
	var p bitset
	for _, g := range groups {
		u := newBitset(len(list))
		for i, k := range g.keys {
			u.or(ix.placesOf(k, g.sets[i], o))
		}
		if p == nil {
			p = u
		} else {
			p.and(u)
		}
	}
	a := ix.placesOf("", ix.arch, o)
	total := 0
	for i := range p {
		if archived {
			p[i] &= a[i]
		} else {
			p[i] &^= a[i]
		}
		total += bits.OnesCount64(p[i])
	}
	res := Result{Total: total}
	if k := min(hi, total) - lo; k > 0 {
		res.Rows = make([]Row, 0, k)
	}
	seen := 0 // matches before word i
	for i, w := range p {
		if seen >= hi {
			break
		}
		c := bits.OnesCount64(w)
		if seen+c <= lo {
			seen += c
			continue
		}
		for ; w != 0 && seen < hi; w &= w - 1 {
			if seen >= lo {
				res.Rows = append(res.Rows, ix.entries[list[i*64+bits.TrailingZeros64(w)]].row)
			}
			seen++
		}
	}
	return res
}
