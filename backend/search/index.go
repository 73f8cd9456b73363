package search

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

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

// entry is one dossier in the index. A book of 100 000 holds as many, so
// it is kept small (152 bytes, from 384 as a Row with its extras): its own
// strings are cut from one, the filter values many dossiers share are one
// record per combination, and the Row a page shows is made when asked.
type entry struct {
	text      string    // id, name, latin name, then the sort key (the folded name)
	cut       [3]uint32 // where the name, the latin name and the sort key start in text
	nwords    int32     // nums[:nwords] are word ids, the rest code ids
	facts     int32
	verified  int32
	contra    int32 // contradicted facts
	ratio     int16 // verified share in per mille
	statusPos int8  // position in dossier.Statuses, -1 when unknown
	flags     uint8 // flagKeyAccount, flagArchived
	attrs     *attrs
	tags      []string
	updated   time.Time
	nums      []int32 // word ids, then code ids; nil for none
	dup       dupKeys
}

// Entry flags.
const (
	flagKeyAccount = 1 << iota
	flagArchived
)

// attrs are the filter values of a dossier that many dossiers share; the
// index keeps each combination once (Index.attrs).
type attrs struct{ country, status, segment, businessType, owner string }

func (e *entry) id() string      { return e.text[:e.cut[0]] }
func (e *entry) sortKey() string { return e.text[e.cut[2]:] }
func (e *entry) archived() bool  { return e.flags&flagArchived != 0 }
func (e *entry) words() []int32  { return e.nums[:e.nwords:e.nwords] }
func (e *entry) codes() []int32  { return e.nums[e.nwords:] }

// row is what a page of the list shows of e.
func (e *entry) row() Row {
	a := e.attrs
	return Row{
		ID: e.id(), Name: e.text[e.cut[0]:e.cut[1]], LatinName: e.text[e.cut[1]:e.cut[2]],
		Country: a.country, Status: a.status, Segment: a.segment, BusinessType: a.businessType, Owner: a.owner,
		Tags: e.tags, KeyAccount: e.flags&flagKeyAccount != 0, Archived: e.archived(),
		Facts: int(e.facts), Verified: int(e.verified), Contradicted: int(e.contra), UpdatedAt: e.updated,
	}
}

// newEntry makes an entry of a row's values but the shared attrs, which
// put or the snapshot reader sets. text is the row's id, name and latin
// name, then the sort key.
func newEntry(r *Row, text string) *entry {
	e := &entry{
		text: text,
		tags: r.Tags, updated: r.UpdatedAt,
		facts: int32(r.Facts), verified: int32(r.Verified), contra: int32(r.Contradicted),
		statusPos: int8(slices.Index(dossier.Statuses, r.Status)),
	}
	e.cut = [3]uint32{uint32(len(r.ID)), uint32(len(r.ID) + len(r.Name)), uint32(len(r.ID) + len(r.Name) + len(r.LatinName))}
	if r.Facts > 0 {
		e.ratio = int16(r.Verified * 1000 / r.Facts)
	}
	if r.KeyAccount {
		e.flags |= flagKeyAccount
	}
	if r.Archived {
		e.flags |= flagArchived
	}
	return e
}

// Index is an in-memory index of all dossiers of a workspace. It is safe
// for concurrent use.
//
// Dossiers live in numbered slots. Words of the folded text and compacted
// identifiers and phones are kept once each with the slots that have them
// (posting lists), and the distinct words are searched end to end, so
// a term finds the few words that contain it instead of reading every
// dossier. Sort orders are built on first use and kept up to date on small
// edits, so a page is cut from an ordered list instead of sorting matches.
type Index struct {
	mu       sync.RWMutex
	slots    map[string]int32
	entries  []*entry // by slot; nil when free
	free     []int32
	archived int    // how many entries are archived
	arch     bitset // which slots are archived
	words    dict
	codes    dict
	short    map[uint64]*posting // slots having each one- or two-character gram of their words
	attrs    map[attrs]*attrs    // each combination of filter values once; kept until a rebuild
	facets   [3]map[string]int   // countries, owners, tags in use, with counts
	fsets    map[string]bitset   // the slots having each filter value ("c\x00DE" …)

	orderMu sync.Mutex        // guards orders when built under a read lock
	orders  map[order][]int32 // slots sorted, per column and direction
	ranks   map[order][]int32 // each slot's place in orders[o], built on demand, dropped on any change
	touched atomic.Int32      // edits applied to the orders since the last search
	places  map[place]bitset  // which places of an order hold a filter set's slots, built on demand, dropped on any change
	totals  map[string]int    // the totals of filter queries, kept as places are
}

type order struct {
	col  int
	desc bool
}

// Sort columns.
const (
	colName = iota
	colUpdated
	colCountry
	colStatus
	colVerified
)

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{slots: map[string]int32{}, words: newDict(), codes: newDict(), short: map[uint64]*posting{},
		attrs: map[attrs]*attrs{}, facets: [3]map[string]int{{}, {}, {}}, fsets: map[string]bitset{}, orders: map[order][]int32{},
		ranks: map[order][]int32{}}
}

// Put adds or replaces a dossier.
func (ix *Index) Put(d *dossier.Dossier) {
	p := prepare(d)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.put(p)
}

// Rebuild empties the index, then fill puts the book back (put called
// from one goroutine at a time); every query and change waits until it
// returns. It is for a change to most of the book written at once: the
// old entries are let go before the new ones are made, instead of the
// book being held twice.
func (ix *Index) Rebuild(fill func(put func(*dossier.Dossier)) error) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	fresh := NewIndex()
	ix.slots, ix.entries, ix.free, ix.archived, ix.arch = fresh.slots, nil, nil, 0, nil
	ix.words.reset()
	ix.codes.reset()
	ix.short, ix.attrs, ix.facets, ix.fsets = fresh.short, fresh.attrs, fresh.facets, fresh.fsets
	ix.orders, ix.ranks, ix.places, ix.totals = fresh.orders, fresh.ranks, nil, nil
	ix.touched.Store(0)
	return fill(func(d *dossier.Dossier) { ix.put(prepare(d)) })
}

// prepared is what Put makes of a dossier before taking the lock.
type prepared struct {
	d     *dossier.Dossier
	e     *entry
	attrs attrs
	words []string
	codes []string
	grams []uint64
}

func prepare(d *dossier.Dossier) prepared {
	v := d.Verification()
	r := Row{
		ID: d.ID, Name: d.DisplayName(), LatinName: d.LatinName.Value, Country: d.Country.Value,
		Status: d.Status, Segment: d.Segment, BusinessType: d.BusinessType, Owner: d.Owner,
		Tags: slices.Clone(d.Tags), KeyAccount: d.KeyAccount, Archived: d.Archived,
		Facts: v.Facts, Verified: v.Verified, Contradicted: v.Contradicted, UpdatedAt: d.UpdatedAt,
	}
	e := newEntry(&r, r.ID+r.Name+r.LatinName+Fold(r.Name))
	a := attrs{r.Country, r.Status, r.Segment, r.BusinessType, r.Owner}
	values := []string{d.LegalName.Value, d.LatinName.Value, d.Website.Value, d.LegalRepresentative.Value}
	values = append(values, d.Aliases...)
	values = append(values, d.Tags...)
	var codes []string
	for _, f := range d.Emails {
		values = append(values, f.Value)
	}
	for _, f := range d.Identifiers {
		values = append(values, f.Value)
		codes = append(codes, Compact(f.Value))
	}
	for _, f := range d.Phones {
		codes = append(codes, Compact(f.Value))
	}
	for _, c := range d.Contacts {
		values = append(values, c.Name, c.Email, c.WeChat)
		for _, p := range []string{c.Phone, c.WhatsApp} {
			if p != "" {
				codes = append(codes, Compact(p))
			}
		}
	}
	var words []string
	for _, v := range values {
		for _, w := range strings.Fields(Fold(v)) {
			if !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	grams := make([]uint64, 0, 256) // repeats included: adding a slot twice is once
	for _, w := range words {
		grams = appendShortGrams(grams, []byte(w))
	}
	codes = slices.DeleteFunc(codes, func(c string) bool { return c == "" })
	slices.Sort(codes)
	codes = slices.Compact(codes)
	e.dup = keysOf(d).pack()
	return prepared{d, e, a, words, codes, grams}
}

// put is Put with the lock held.
func (ix *Index) put(p prepared) {
	d, e, words, codes, grams := p.d, p.e, p.words, p.codes, p.grams
	e.attrs = ix.intern(p.attrs)
	e.nwords = int32(len(words)) // one id a word, added or found
	slot, ok := ix.slots[d.ID]
	var had *entry // what the slot held: a dossier saved again keeps most of its words
	if ok {
		had = ix.entries[slot]
		ix.unfilter(had, slot)
	} else if n := len(ix.free); n > 0 {
		slot, ix.free = ix.free[n-1], ix.free[:n-1]
	} else {
		slot = int32(len(ix.entries))
		ix.entries = append(ix.entries, nil)
		if len(ix.arch)*64 < len(ix.entries) {
			ix.arch = append(ix.arch, 0)
		}
	}
	ix.slots[d.ID] = slot
	ix.entries[slot] = e
	if had == nil {
		if n := len(words) + len(codes); n > 0 {
			e.nums = make([]int32, 0, n)
		}
		for _, w := range words {
			e.nums = append(e.nums, ix.words.add(w, slot))
		}
		for _, c := range codes {
			e.nums = append(e.nums, ix.codes.add(c, slot))
		}
	} else {
		e.nums = ix.words.reput(had.words(), words, slot, nil)
		e.nums = ix.codes.reput(had.codes(), codes, slot, e.nums)
		// Only the grams the slot gains or loses: dropping a slot from a
		// common gram's list reads the list whole.
		slices.Sort(grams)
		var gone []uint64
		gone, grams = sortedDiff(ix.gramsOf(had.words()), slices.Compact(grams))
		for _, g := range gone {
			ix.short[g].remove(slot)
		}
	}
	for _, g := range grams {
		p := ix.short[g]
		if p == nil {
			p = &posting{}
			ix.short[g] = p
		}
		p.add(slot, len(ix.entries))
	}
	if e.archived() {
		ix.archived++
		ix.arch.set(slot)
	}
	ix.count(e, 1)
	for _, k := range filterKeys(e) {
		b := ix.fsets[k]
		for len(b)*64 <= int(slot) {
			b = append(b, 0)
		}
		b.set(slot)
		ix.fsets[k] = b
	}
	ix.reorder(slot, ok, true)
}

// intern returns the index's one copy of a.
func (ix *Index) intern(a attrs) *attrs {
	p, ok := ix.attrs[a]
	if !ok {
		p = &a
		ix.attrs[a] = p
	}
	return p
}

// unindex takes the entry in slot out of everything but the slot table.
func (ix *Index) unindex(slot int32) {
	e := ix.entries[slot]
	for _, g := range ix.gramsOf(e.words()) {
		ix.short[g].remove(slot)
	}
	for _, w := range e.words() {
		ix.words.drop(w, slot)
	}
	for _, c := range e.codes() {
		ix.codes.drop(c, slot)
	}
	ix.unfilter(e, slot)
}

// gramsOf returns the distinct one- and two-character grams of the words,
// sorted.
func (ix *Index) gramsOf(words []int32) []uint64 {
	var grams []uint64
	for _, w := range words {
		grams = appendShortGrams(grams, ix.words.word(w))
	}
	slices.Sort(grams)
	return slices.Compact(grams)
}

// sortedDiff returns what of the sorted a is not in the sorted b, and
// what of b is not in a.
func sortedDiff[T cmp.Ordered](a, b []T) (onlyA, onlyB []T) {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			onlyA, a = append(onlyA, a[0]), a[1:]
		case b[0] < a[0]:
			onlyB, b = append(onlyB, b[0]), b[1:]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return append(onlyA, a...), append(onlyB, b...)
}

// unfilter takes entry e in slot out of the archived set, the facet
// counts and the filter sets.
func (ix *Index) unfilter(e *entry, slot int32) {
	if e.archived() {
		ix.archived--
		ix.arch[slot>>6] &^= 1 << (slot & 63)
	}
	ix.count(e, -1)
	for _, k := range filterKeys(e) {
		ix.fsets[k][slot>>6] &^= 1 << (slot & 63)
	}
}

// termMatch are the slots having a word that contains t. A term alone
// (loose) may get a short gram's posting as it is, read only, or its list
// unsorted: nothing is ANDed with it, and a posting has no repeats.
func (ix *Index) termMatch(t string, loose bool) slotSet {
	if utf8.RuneCountInString(t) > 2 {
		return ix.words.match(t, len(ix.entries))
	}
	s := slotSet{n: len(ix.entries)}
	p := ix.short[shortKey(t)]
	switch {
	case p == nil:
	case loose && p.bits != nil:
		s.bits, s.shared = p.bits, true
	case loose:
		s.list = append(s.list, p.list...)
	default:
		p.into(&s)
		s.settle()
	}
	return s
}

// filterKeys name the filter values of e, keys of Index.fsets.
func filterKeys(e *entry) []string {
	a := e.attrs
	keys := []string{"c\x00" + a.country, "s\x00" + a.status, "g\x00" + a.segment,
		"b\x00" + a.businessType, "o\x00" + a.owner}
	for _, t := range e.tags {
		keys = append(keys, "t\x00"+t)
	}
	if e.flags&flagKeyAccount != 0 {
		keys = append(keys, "k\x00")
	}
	return keys
}

// filterGroup is one filter of a query: a slot passes when it is in one
// of the sets (a country in any case: every spelling in use that folds
// alike), named by their keys in Index.fsets.
type filterGroup struct {
	keys []string
	sets []bitset
}

// filters are q's filters (the archived choice aside), nil when none.
func (ix *Index) filters(q *Query) []filterGroup {
	var groups []filterGroup
	one := func(k string) { groups = append(groups, filterGroup{[]string{k}, []bitset{ix.fsets[k]}}) }
	if q.Country != "" {
		var g filterGroup
		for c := range ix.facets[0] {
			if strings.EqualFold(c, q.Country) {
				g.keys = append(g.keys, "c\x00"+c)
				g.sets = append(g.sets, ix.fsets["c\x00"+c])
			}
		}
		groups = append(groups, g)
	}
	for _, f := range []struct{ key, v string }{{"s", q.Status}, {"g", q.Segment}, {"b", q.BusinessType}, {"o", q.Owner}, {"t", q.Tag}} {
		if f.v != "" {
			one(f.key + "\x00" + f.v)
		}
	}
	if q.KeyAccount {
		one("k\x00")
	}
	return groups
}

// passes tells whether slot is in some set of every group.
func passes(groups []filterGroup, slot int32) bool {
	for _, g := range groups {
		if !slices.ContainsFunc(g.sets, func(b bitset) bool { return b.in(slot) }) {
			return false
		}
	}
	return true
}

// filtered are the slots passing the groups, as one bitset of n slots.
func filtered(groups []filterGroup, n int) bitset {
	var out bitset
	for _, g := range groups {
		u := scratchBits(n)
		for _, b := range g.sets {
			u.or(b)
		}
		if out == nil {
			out = u
		} else {
			out.and(u)
			(&slotSet{bits: u}).release()
		}
	}
	return out
}

// count adds n to the facet counts of e's values.
func (ix *Index) count(e *entry, n int) {
	bump := func(m map[string]int, k string) {
		if m[k] += n; m[k] <= 0 {
			delete(m, k)
		}
	}
	bump(ix.facets[0], e.attrs.country)
	bump(ix.facets[1], e.attrs.owner)
	for _, t := range e.tags {
		bump(ix.facets[2], t)
	}
}

// reorder keeps the built sort orders in step with a change of slot: a
// few edits are applied in place (a binary search and a copy each); past
// that, as in a bulk import, the orders are dropped and rebuilt on demand.
func (ix *Index) reorder(slot int32, was, is bool) {
	clear(ix.ranks)
	clear(ix.places)
	clear(ix.totals)
	if len(ix.orders) == 0 {
		return
	}
	if ix.touched.Add(1) > 32 {
		clear(ix.orders)
		return
	}
	for o, list := range ix.orders {
		if i := slices.Index(list, slot); was && i >= 0 {
			list = slices.Delete(list, i, i+1)
		}
		if is {
			cmp := ix.compare(o)
			i, _ := slices.BinarySearchFunc(list, slot, cmp)
			list = slices.Insert(list, i, slot)
		}
		ix.orders[o] = list
	}
}

// Remove drops a dossier.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	slot, ok := ix.slots[id]
	if !ok {
		return
	}
	ix.unindex(slot)
	ix.reorder(slot, true, false)
	ix.entries[slot] = nil
	delete(ix.slots, id)
	ix.free = append(ix.free, slot)
}

// Len is the number of dossiers indexed, archived ones included.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.slots)
}

// Facets are the countries, owners and tags of all dossiers, archived
// ones included, sorted; kept as counts on every change, so asking is cheap.
func (ix *Index) Facets() (countries, owners, tags []string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	keys := func(m map[string]int) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			if k != "" {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	return keys(ix.facets[0]), keys(ix.facets[1]), keys(ix.facets[2])
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
	folded := Fold(q.Text)
	terms := strings.Fields(folded)
	compactQ := strings.ReplaceAll(folded, " ", "") // Compact, without folding twice
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	lo, hi := max(q.Offset, 0), q.Offset+limit
	o := order{col: column(q.Sort), desc: q.Desc}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.touched.Store(0)

	var cand *slotSet // nil: every dossier is a candidate
	defer func() {
		if cand != nil {
			cand.release()
		}
	}()
	if len(terms) > 0 {
		// Each term from the grams: one or two characters from the
		// slots having them, longer ones from the words having their
		// trigrams; no dossier and no word list is read end to end.
		// Past a term that leaves nothing, the others are not looked up.
		slices.SortStableFunc(terms, func(a, b string) int { return len(b) - len(a) })
		for i, t := range terms {
			m := ix.termMatch(t, len(terms) == 1)
			if i == 0 {
				cand = &m
			} else {
				cand.and(m)
			}
			if cand.none() {
				break
			}
		}
		if len(compactQ) >= 3 {
			c := ix.codes.match(compactQ, len(ix.entries))
			cand.or(c)
			c.release()
		}
	}
	groups := ix.filters(&q)
	if cand == nil && groups != nil {
		return ix.filterPage(groups, q.Archived, o, lo, hi)
	}
	if groups != nil {
		switch {
		case cand == nil:
			cand = &slotSet{n: len(ix.entries), bits: filtered(groups, len(ix.entries))}
		case cand.bits != nil:
			f := slotSet{bits: filtered(groups, len(ix.entries))}
			cand.own()
			cand.bits.and(f.bits)
			f.release()
		default: // a few slots: each looked up, no set as large as the book made
			cand.list = filterList(cand.list, func(x int32) bool { return passes(groups, x) })
		}
	}
	// cand holds the text and every filter exactly, so only the archived
	// choice is left, read from a bitset: no entry is read but the page's.
	if cand != nil && cand.bits == nil {
		cand.list = filterList(cand.list, func(x int32) bool { return ix.arch.has(x) == q.Archived })
		return ix.top(o, cand.list, len(cand.list), lo, hi)
	}
	total := len(ix.slots) - ix.archived
	if q.Archived {
		total = ix.archived
	}
	n := 0
	if cand != nil {
		total = cand.bits.countWith(ix.arch, q.Archived)
		n = total
	}
	res := Result{}
	if k := min(hi, total) - lo; k > 0 {
		res.Rows = make([]Row, 0, k)
	}
	// The total is known: walk the order to the end of the page. Where
	// the matches are not many, the walk has a budget of a few steps a
	// match: they may sit together at the far end of the order (Chinese
	// names after Latin ones), where it would read most of the book.
	budget := len(ix.slots) + 1
	if cand != nil && n*8 <= len(ix.slots) {
		// Spread evenly, hi matches are met within hi*slots/n steps:
		// past eight times that they sit together, and the walk gives up.
		budget = 4*n + hi
		if n > 0 {
			budget = min(budget, 8*hi*len(ix.slots)/n+64)
		}
	}
	for _, slot := range ix.order(o) {
		if res.Total >= hi {
			break
		}
		if budget--; budget < 0 {
			break
		}
		if (cand == nil || cand.bits.in(slot)) && ix.arch.has(slot) == q.Archived {
			if res.Total >= lo {
				res.Rows = append(res.Rows, ix.entries[slot].row())
			}
			res.Total++
		}
	}
	if budget >= 0 {
		res.Total = total
		return res
	}
	// Over budget: the matches by their rank in the order.
	var slots []int32
	cand.bits.each(func(slot int32) {
		if ix.arch.has(slot) == q.Archived {
			slots = append(slots, slot)
		}
	})
	return ix.top(o, slots, total, lo, hi)
}

// top cuts the page lo:hi of slots (the matches, total of them) in the
// order o: the first hi by their rank, kept in a bounded heap.
func (ix *Index) top(o order, slots []int32, total, lo, hi int) Result {
	res := Result{Total: total}
	if lo >= len(slots) || hi <= 0 {
		return res
	}
	r := ix.rank(o)
	heap := make([]int32, 0, min(hi, len(slots)))
	for _, slot := range slots {
		if len(heap) < hi {
			heap = append(heap, slot)
			up(heap, r)
		} else if r[slot] < r[heap[0]] {
			heap[0] = slot
			down(heap, r)
		}
	}
	slices.SortFunc(heap, func(a, b int32) int { return cmp.Compare(r[a], r[b]) })
	res.Rows = make([]Row, 0, len(heap)-lo)
	for i := lo; i < len(heap); i++ {
		res.Rows = append(res.Rows, ix.entries[heap[i]].row())
	}
	return res
}

// up and down keep h a max-heap of slots by rank r (the last pushed, the
// replaced top).
func up(h []int32, r []int32) {
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if r[h[p]] >= r[h[i]] {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func down(h []int32, r []int32) {
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && r[h[c+1]] > r[h[c]] {
			c++
		}
		if r[h[i]] >= r[h[c]] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

func column(sort string) int {
	switch sort {
	case "updated":
		return colUpdated
	case "country":
		return colCountry
	case "status":
		return colStatus
	case "verified":
		return colVerified
	}
	return colName
}

// compare orders two slots by o's column, then by name and id ascending
// whatever the direction.
func (ix *Index) compare(o order) func(a, b int32) int {
	return func(a, b int32) int {
		x, y := ix.entries[a], ix.entries[b]
		var c int
		switch o.col {
		case colUpdated:
			c = x.updated.Compare(y.updated)
		case colCountry:
			c = strings.Compare(x.attrs.country, y.attrs.country)
		case colStatus:
			c = int(x.statusPos) - int(y.statusPos)
		case colVerified:
			c = int(x.ratio) - int(y.ratio)
		default:
			c = strings.Compare(x.sortKey(), y.sortKey())
		}
		if c != 0 {
			if o.desc {
				return -c
			}
			return c
		}
		if c = strings.Compare(x.sortKey(), y.sortKey()); c != 0 {
			return c
		}
		return strings.Compare(x.id(), y.id())
	}
}

// rank returns each slot's place in the order o, so that matches are
// sorted by comparing integers, not names.
func (ix *Index) rank(o order) []int32 {
	list := ix.order(o)
	ix.orderMu.Lock()
	defer ix.orderMu.Unlock()
	if r, ok := ix.ranks[o]; ok {
		return r
	}
	r := make([]int32, len(ix.entries))
	for i, slot := range list {
		r[slot] = int32(i)
	}
	ix.ranks[o] = r
	return r
}

// order returns the slots sorted as o asks, building the list if needed.
// Other columns than the name are sorted on the name order's ranks, so a
// rebuild compares integers, not strings.
func (ix *Index) order(o order) []int32 {
	ix.orderMu.Lock()
	defer ix.orderMu.Unlock()
	if list, ok := ix.orders[o]; ok {
		return list
	}
	byName, ok := ix.orders[order{}]
	if !ok {
		byName = make([]int32, 0, len(ix.slots))
		for _, slot := range ix.slots {
			byName = append(byName, slot)
		}
		slices.SortFunc(byName, ix.compare(order{}))
		ix.orders[order{}] = byName
	}
	if o == (order{}) {
		return byName
	}
	list := slices.Clone(byName)
	if o.col == colName { // descending: reverse, keeping equal names in id order
		slices.Reverse(list)
		for i := 0; i < len(list); {
			j := i + 1
			for j < len(list) && ix.entries[list[j]].sortKey() == ix.entries[list[i]].sortKey() {
				j++
			}
			slices.Reverse(list[i:j])
			i = j
		}
	} else {
		cmp := ix.compare(o)
		slices.SortStableFunc(list, func(a, b int32) int {
			x, y := ix.entries[a], ix.entries[b]
			var c int
			switch o.col {
			case colUpdated:
				c = x.updated.Compare(y.updated)
			case colCountry:
				c = strings.Compare(x.attrs.country, y.attrs.country)
			default:
				return cmp(a, b)
			}
			if o.desc {
				return -c
			}
			return c
		})
	}
	ix.orders[o] = list
	return list
}

// dict keeps each distinct word once, with the slots that have it. The
// words sit end to end in one buffer; a term of three characters or more
// is looked for in the words having its rarest trigram.
type dict struct {
	table []int32            // a word's id plus one at its hash's place, 0 for none (lookup)
	tri   map[uint64]*idList // the words having each trigram
	wide  bool               // some word has a character beyond ASCII
	buf   []byte             // every word once, each followed by a 0 byte
	offs  []int32            // where word i starts is offs[i], where it ends offs[i+1]-1
	post  []int32            // the word's one slot, -1 for none, or -2-k for the slots more[k]
	more  [][]int32
	hot   hotWords // bitsets of the words many dossiers have, built on use
}

func newDict() dict {
	return dict{tri: map[uint64]*idList{}, offs: []int32{0}}
}

// reset empties d as newDict makes it.
func (d *dict) reset() {
	n := newDict()
	d.table, d.tri, d.wide, d.buf, d.offs, d.post, d.more = n.table, n.tri, n.wide, n.buf, n.offs, n.post, n.more
	d.hot.mu.Lock()
	d.hot.sets = nil
	d.hot.mu.Unlock()
}

func (d *dict) word(id int32) []byte { return d.buf[d.offs[id] : d.offs[id+1]-1] }

func (d *dict) add(w string, slot int32) int32 {
	id, at, ok := d.find(w)
	if !ok {
		id = int32(len(d.post))
		d.buf = append(append(d.buf, w...), 0)
		d.offs = append(d.offs, int32(len(d.buf)))
		d.post = append(d.post, -1)
		if 4*len(d.post) > 3*len(d.table) {
			d.rehash()
		} else {
			d.table[at] = id + 1
		}
		for _, k := range trigrams([]byte(w)) {
			l := d.tri[k]
			if l == nil {
				l = &idList{}
				d.tri[k] = l
			}
			l.add(id)
		}
		for i := 0; i < len(w) && !d.wide; i++ {
			d.wide = w[i] >= utf8.RuneSelf
		}
	}
	d.hot.drop(id)
	switch p := d.post[id]; {
	case p == -1:
		d.post[id] = slot
	case p >= 0:
		d.more = append(d.more, []int32{p, slot})
		d.post[id] = -1 - int32(len(d.more))
	default:
		d.more[-2-p] = append(d.more[-2-p], slot)
	}
	return id
}

var wordSeed = maphash.MakeSeed()

// The table finding a word's id is open-addressed (linear probing) and
// holds ids only, the words being compared in buf: 4 bytes a place, at
// most three quarters full, where a map from hash to id took 20 MB for
// 100 000 customers' words. Words are never taken out of a dict, so no
// place is ever emptied again.

// lookup returns the id of word w.
func (d *dict) lookup(w string) (int32, bool) {
	id, _, ok := d.find(w)
	return id, ok
}

// find returns the id of word w, or the empty place where it would go
// (-1 while the table is empty).
func (d *dict) find(w string) (id int32, at int, ok bool) {
	if len(d.table) == 0 {
		return 0, -1, false
	}
	mask := uint64(len(d.table) - 1)
	for i := maphash.String(wordSeed, w) & mask; ; i = (i + 1) & mask {
		v := d.table[i]
		if v == 0 {
			return 0, int(i), false
		}
		if string(d.word(v-1)) == w {
			return v - 1, 0, true
		}
	}
}

// rehash places every word in a table sized for them, in id order: the
// order add placed them in, so a table rebuilt from a snapshot is the one
// the index had.
func (d *dict) rehash() {
	n := len(d.offs) - 1
	size := 64
	for 4*n > 3*size {
		size *= 2
	}
	d.table = make([]int32, size)
	mask := uint64(size - 1)
	for id := range int32(n) {
		i := maphash.Bytes(wordSeed, d.word(id)) & mask // as maphash.String of the word
		for d.table[i] != 0 {
			i = (i + 1) & mask
		}
		d.table[i] = id + 1
	}
}

// reput gives slot the words ws where it had the word ids had, and
// returns ids with the ids of ws appended (nil for none, as a snapshot
// restores it): a word kept is left alone (a common word's list
// is long, and dropping the slot from it reads it whole), a word lost is
// dropped, a new one added. A new slot adds its words (Put): looking each
// up here first would make building the index slower.
func (d *dict) reput(had []int32, ws []string, slot int32, ids []int32) []int32 {
	var kept []int32
	for _, w := range ws {
		if id, ok := d.lookup(w); ok && slices.Contains(had, id) {
			ids, kept = append(ids, id), append(kept, id)
			continue
		}
		ids = append(ids, d.add(w, slot))
	}
	for _, id := range had {
		if !slices.Contains(kept, id) {
			d.drop(id, slot)
		}
	}
	return ids
}

func (d *dict) drop(id, slot int32) {
	d.hot.drop(id)
	switch p := d.post[id]; {
	case p == slot:
		d.post[id] = -1
	case p <= -2:
		m := d.more[-2-p]
		if i := slices.Index(m, slot); i >= 0 {
			m[i] = m[len(m)-1]
			d.more[-2-p] = m[:len(m)-1]
		}
	}
}

// mark adds the slots having word id.
func (d *dict) mark(b *slotSet, id int32) {
	switch p := d.post[id]; {
	case p >= 0:
		b.add(p)
	case p <= -2:
		m := d.more[-2-p]
		if len(m) >= 256 && len(m)*32 >= b.n { // a word of many dossiers: one pass of words, not a bit a slot
			b.or(slotSet{n: b.n, bits: d.hot.bits(id, m, b.n)})
			return
		}
		for _, slot := range m {
			b.add(slot)
		}
	}
}

// match sets the slots having a word that contains t: the words having
// every trigram of t, each checked; below three characters (a short
// compacted code), every word.
func (d *dict) match(t string, slots int) (b slotSet) {
	b.n = slots
	needle := []byte(t)
	keys := trigrams(needle)
	if len(keys) == 0 {
		if !d.wide && utf8.RuneCountInString(t) < len(t) {
			return b // a character beyond ASCII that no word has
		}
		d.scan(needle, &b)
		b.settle()
		return b
	}
	// The words of the rarest trigram, each checked: checking a short
	// word costs less than looking it up in the other trigrams' lists.
	var cands *idList
	for _, k := range keys {
		l := d.tri[k]
		if l == nil {
			return b
		}
		if cands == nil || l.n < cands.n {
			cands = l
		}
	}
	exact := utf8.RuneCountInString(t) == 3 // one trigram: having it is containing t
	cands.each(func(id int32) {
		if exact || bytes.Contains(d.word(id), needle) {
			d.mark(&b, id)
			// Past what settle would sort through a bitset anyway, the
			// rest is marked in one (a bit each, no list grown).
			if b.bits == nil && len(b.list)*256 > slots {
				b.toBits()
			}
		}
	})
	if b.bits == nil {
		b.settle() // a word of several slots may repeat one of another word
	} else if c := b.bits.count(); c*32 <= slots { // few: a sorted list
		list := make([]int32, 0, c)
		b.bits.each(func(x int32) { list = append(list, x) })
		b.release()
		b.list = list
	}
	return b
}

// scan sets the slots having a word that contains needle, reading every word.
func (d *dict) scan(needle []byte, b *slotSet) {
	id := 0 // the word holding a hit: only ever moves forward
	for i := 0; i < len(d.buf); {
		j := bytes.Index(d.buf[i:], needle)
		if j < 0 {
			break
		}
		for pos := int32(i + j); d.offs[id+1] <= pos; {
			id++
		}
		d.mark(b, int32(id))
		i = int(d.offs[id+1]) // on to the next word
	}
}

type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// and and or take a shorter o as padded with zeros (filter sets grow
// only as far as their highest slot).
func (b bitset) and(o bitset) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}
func (b bitset) or(o bitset) {
	for i := range min(len(b), len(o)) {
		b[i] |= o[i]
	}
}
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// countWith counts the bits set in b and in o (in), or in b but not in o.
// Two loops without a branch or a bounds check inside: a one-letter query
// counts the whole book this way.
func (b bitset) countWith(o bitset, in bool) int {
	n := 0
	if len(o) < len(b) { // past o's end, nothing is in o
		if !in {
			n = b[len(o):].count()
		}
		b = b[:len(o)]
	}
	o = o[:len(b)]
	if in {
		for i, w := range b {
			n += bits.OnesCount64(w & o[i])
		}
	} else {
		for i, w := range b {
			n += bits.OnesCount64(w &^ o[i])
		}
	}
	return n
}

func (b bitset) each(fn func(int32)) {
	for i, w := range b {
		for w != 0 {
			fn(int32(i*64 + bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
}
