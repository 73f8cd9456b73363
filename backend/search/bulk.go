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
	rows     []Row
	keys     []dupKeys
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
		if e == nil || e.row.Archived {
			continue
		}
		n := int32(len(m.rows))
		m.rows = append(m.rows, e.row)
		m.keys = append(m.keys, e.dup) // entries are replaced, not changed: safe to share
		for i, ks := range [4][]string{e.dup.ids, e.dup.domains, e.dup.phones, e.dup.names} {
			for _, k := range ks {
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
	k := keysOf(d)
	domains := k.domains[:0:0]
	for _, dom := range k.domains {
		if m.freeMail == nil || !m.freeMail(dom) {
			domains = append(domains, dom)
		}
	}
	mine := [4][]string{k.ids, domains, k.phones, k.names}
	reasons := [4]string{DupIdentifier, DupEmailDomain, DupPhone, DupName}
	var cand []int32
	for i, ks := range mine {
		for _, key := range ks {
			cand = append(cand, m.by[i][key]...)
		}
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	var out []Duplicate
	for _, n := range cand {
		if m.rows[n].ID == d.ID {
			continue
		}
		e := m.keys[n]
		theirs := [4][]string{e.ids, e.domains, e.phones, e.names}
		var why []string
		for i := range mine {
			if overlaps(mine[i], theirs[i]) {
				why = append(why, reasons[i])
			}
		}
		if len(why) > 0 {
			out = append(out, Duplicate{Row: m.rows[n], Reasons: why})
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
