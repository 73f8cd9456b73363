package search

import (
	"slices"
	"strings"

	"credence/backend/dossier"
)

// PutMany adds or replaces many dossiers, as Put does each (a bulk
// import hands its committed batches here).
func (ix *Index) PutMany(ds []*dossier.Dossier) {
	for _, d := range ds {
		ix.Put(d)
	}
}

// DupMatcher answers Duplicates for many entries against a snapshot of
// the index taken once, from maps of each key (identifier, domain, phone,
// name) to the dossiers holding it, instead of comparing every dossier:
// what a bulk import asks for each of its rows. The snapshot leaves out
// archived dossiers, as Duplicates does.
type DupMatcher struct {
	freeMail func(string) bool
	ents     []*entry              // entries are replaced, not changed: safe to share
	by       [4]map[string][]int32 // ids, domains, phones, names → snapshot positions
}

// DupMatcher snapshots the current dossiers' match keys.
func (ix *Index) DupMatcher(freeMail func(domain string) bool) *DupMatcher {
	m := &DupMatcher{freeMail: freeMail}
	for i := range m.by {
		m.by[i] = map[string][]int32{}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, e := range ix.entries {
		if e == nil || e.archived() {
			continue
		}
		n := int32(len(m.ents))
		m.ents = append(m.ents, e)
		for i := range m.by {
			for k := range e.dup.group(i) {
				if l := m.by[i][k]; len(l) == 0 || l[len(l)-1] != n {
					m.by[i][k] = append(l, n)
				}
			}
		}
	}
	return m
}

// Duplicates is Index.Duplicates over the snapshot: the same dossiers,
// reasons and order.
func (m *DupMatcher) Duplicates(d *dossier.Dossier) []Duplicate {
	k := mine(d, m.freeMail)
	var cand []int32
	for i, ks := range k {
		for _, key := range ks {
			cand = append(cand, m.by[i][key]...)
		}
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	var out []Duplicate
	for _, n := range cand {
		e := m.ents[n]
		if e.id() == d.ID {
			continue
		}
		if why := reasons(k, e.dup); len(why) > 0 {
			out = append(out, Duplicate{Row: e.row(), Reasons: why})
		}
	}
	slices.SortFunc(out, func(a, b Duplicate) int {
		if len(a.Reasons) != len(b.Reasons) {
			return len(b.Reasons) - len(a.Reasons)
		}
		return strings.Compare(a.Row.ID, b.Row.ID)
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}
