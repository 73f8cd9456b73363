package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"credence/backend/dossier"
)

// Row is what a list of customers shows; it carries no more than that.
type Row struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	LatinName    string    `json:"latin_name"`
	Country      string    `json:"country"`
	Status       string    `json:"status"`
	Segment      string    `json:"segment"`
	BusinessType string    `json:"business_type"`
	Owner        string    `json:"owner"`
	Tags         []string  `json:"tags"`
	KeyAccount   bool      `json:"key_account"`
	Archived     bool      `json:"archived"`
	Facts        int       `json:"facts"`
	Verified     int       `json:"verified"`
	Contradicted int       `json:"contradicted"`
	UpdatedAt    time.Time `json:"updated_at"`
}

type entry struct {
	row     Row
	text    string // folded names, aliases, e-mails, website, contacts
	compact string // compacted identifiers and phones, "|"-separated
	sortKey string // folded display name
	dup     dupKeys
}

// Index is an in-memory index of all dossiers of a workspace. It is safe
// for concurrent use.
type Index struct {
	mu      sync.RWMutex
	entries map[string]*entry
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{entries: map[string]*entry{}} }

// Put adds or replaces a dossier.
func (ix *Index) Put(d *dossier.Dossier) {
	v := d.Verification()
	e := &entry{row: Row{
		ID: d.ID, Name: d.DisplayName(), LatinName: d.LatinName.Value, Country: d.Country.Value,
		Status: d.Status, Segment: d.Segment, BusinessType: d.BusinessType, Owner: d.Owner,
		Tags: slices.Clone(d.Tags), KeyAccount: d.KeyAccount, Archived: d.Archived,
		Facts: v.Facts, Verified: v.Verified, Contradicted: v.Contradicted, UpdatedAt: d.UpdatedAt,
	}}
	words := []string{d.LegalName.Value, d.LatinName.Value, d.Website.Value, d.LegalRepresentative.Value}
	words = append(words, d.Aliases...)
	words = append(words, d.Tags...)
	var codes []string
	for _, f := range d.Emails {
		words = append(words, f.Value)
	}
	for _, f := range d.Identifiers {
		words = append(words, f.Value)
		codes = append(codes, Compact(f.Value))
	}
	for _, f := range d.Phones {
		codes = append(codes, Compact(f.Value))
	}
	for _, c := range d.Contacts {
		words = append(words, c.Name, c.Email, c.WeChat)
		for _, p := range []string{c.Phone, c.WhatsApp} {
			if p != "" {
				codes = append(codes, Compact(p))
			}
		}
	}
	folded := make([]string, 0, len(words))
	for _, w := range words {
		if f := Fold(w); f != "" {
			folded = append(folded, f)
		}
	}
	e.text = strings.Join(folded, " | ")
	e.compact = strings.Join(codes, "|")
	e.sortKey = Fold(e.row.Name)
	e.dup = keysOf(d)
	ix.mu.Lock()
	ix.entries[d.ID] = e
	ix.mu.Unlock()
}

// Remove drops a dossier.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	delete(ix.entries, id)
	ix.mu.Unlock()
}

// Len is the number of dossiers indexed, archived ones included.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.entries)
}

// Query selects and orders rows. Empty fields do not filter.
type Query struct {
	Text         string `json:"text"`
	Country      string `json:"country"`
	Status       string `json:"status"`
	Segment      string `json:"segment"`
	BusinessType string `json:"business_type"`
	Owner        string `json:"owner"`
	Tag          string `json:"tag"`
	KeyAccount   bool   `json:"key_account"` // only key accounts
	Archived     bool   `json:"archived"`    // show archived dossiers instead of current ones
	Sort         string `json:"sort"`        // name (default), updated, country, status, verified
	Desc         bool   `json:"desc"`
	Offset       int    `json:"offset"`
	Limit        int    `json:"limit"` // 0 = 200
}

// Result is one page of rows and the number of all matches.
type Result struct {
	Total int   `json:"total"`
	Rows  []Row `json:"rows"`
}

// Search runs q.
func (ix *Index) Search(q Query) Result {
	terms := strings.Fields(Fold(q.Text))
	compactQ := Compact(q.Text)
	ix.mu.RLock()
	matches := make([]*entry, 0, 256)
	for _, e := range ix.entries {
		if e.row.Archived != q.Archived ||
			(q.Country != "" && !strings.EqualFold(e.row.Country, q.Country)) ||
			(q.Status != "" && e.row.Status != q.Status) ||
			(q.Segment != "" && e.row.Segment != q.Segment) ||
			(q.BusinessType != "" && e.row.BusinessType != q.BusinessType) ||
			(q.Owner != "" && e.row.Owner != q.Owner) ||
			(q.Tag != "" && !slices.Contains(e.row.Tags, q.Tag)) ||
			(q.KeyAccount && !e.row.KeyAccount) {
			continue
		}
		if len(terms) > 0 && !e.matches(terms, compactQ) {
			continue
		}
		matches = append(matches, e)
	}
	ix.mu.RUnlock()

	less := func(a, b *entry) int { return strings.Compare(a.sortKey, b.sortKey) }
	switch q.Sort {
	case "updated":
		less = func(a, b *entry) int { return a.row.UpdatedAt.Compare(b.row.UpdatedAt) }
	case "country":
		less = func(a, b *entry) int { return strings.Compare(a.row.Country, b.row.Country) }
	case "status":
		less = func(a, b *entry) int {
			return slices.Index(dossier.Statuses, a.row.Status) - slices.Index(dossier.Statuses, b.row.Status)
		}
	case "verified":
		less = func(a, b *entry) int { return ratio(a) - ratio(b) }
	}
	sort.SliceStable(matches, func(i, j int) bool {
		c := less(matches[i], matches[j])
		if c == 0 {
			if c = strings.Compare(matches[i].sortKey, matches[j].sortKey); c == 0 {
				c = strings.Compare(matches[i].row.ID, matches[j].row.ID)
			}
			return c < 0 // ties always by name then id, whatever the direction
		}
		if q.Desc {
			return c > 0
		}
		return c < 0
	})
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	res := Result{Total: len(matches)}
	for i := q.Offset; i < len(matches) && i < q.Offset+limit; i++ {
		if i >= 0 {
			res.Rows = append(res.Rows, matches[i].row)
		}
	}
	return res
}

// ratio is the verified share in per mille, for sorting.
func ratio(e *entry) int {
	if e.row.Facts == 0 {
		return 0
	}
	return e.row.Verified * 1000 / e.row.Facts
}

// matches: every term appears in the text, or the whole query, compacted,
// appears in an identifier or phone (so "9144 0300" finds 91440300…).
func (e *entry) matches(terms []string, compactQ string) bool {
	all := true
	for _, t := range terms {
		if !strings.Contains(e.text, t) {
			all = false
			break
		}
	}
	if all {
		return true
	}
	return len(compactQ) >= 3 && strings.Contains(e.compact, compactQ)
}
