package screening

import (
	"sort"
	"strings"
)

// ReasonKeptConfirmed marks a hit confirmed as a true match that the last
// screening no longer found (the entry left the list, the list was cut
// short, the name was edited, the threshold raised). A confirmed match is
// lifted only by a person recording a new decision, never by a list.
const ReasonKeptConfirmed = "confirmed_kept"

// keepConfirmed appends to r every hit whose current decision is a true
// match and that r lacks, taken from the previous result or, when that lost
// it too, rebuilt from its key. It returns the kept hits' count.
func keepConfirmed(r *Result, prev *Result, dec map[string]archived) int {
	have := make(map[string]bool, len(r.Hits))
	for _, h := range r.Hits {
		have[h.Key] = true
	}
	var keys []string
	for k, a := range dec {
		if n := len(a.Decisions); n > 0 && a.Decisions[n-1].Verdict == VerdictTrueMatch && !have[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := dec[k]
		h := Hit{Key: k}
		for _, p := range prev.Hits {
			if p.Key == k {
				h = p
				break
			}
		}
		if h.List == "" {
			h.List, h.EntryID, _ = strings.Cut(k, ":")
			h.Name = h.EntryID
		}
		h.FirstSeen, h.Decisions = a.FirstSeen, a.Decisions
		if !strings.Contains(strings.Join(h.Reasons, ","), ReasonKeptConfirmed) {
			h.Reasons = append(append([]string(nil), h.Reasons...), ReasonKeptConfirmed)
		}
		r.Hits = append(r.Hits, h)
	}
	return len(keys)
}
