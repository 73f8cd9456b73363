package refdata

import "strings"

// Domains is a set of mail domains.
type Domains struct {
	Meta Meta
	set  map[string]bool
}

func newDomains(m Meta, rows [][]string) Domains {
	d := Domains{Meta: m, set: make(map[string]bool, len(rows))}
	for _, r := range rows {
		d.set[strings.ToLower(strings.TrimSpace(r[0]))] = true
	}
	return d
}

// Has reports whether host or one of its parent domains is in the set:
// mx.mailinator.com matches mailinator.com.
func (d Domains) Has(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	for h != "" {
		if d.set[h] {
			return true
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok || !strings.Contains(rest, ".") {
			return false
		}
		h = rest
	}
	return false
}

// List returns the domains, sorted.
func (d Domains) List() []string {
	out := make([]string, 0, len(d.set))
	for k := range d.set {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
