package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/gen"
)

// The index must answer exactly what a plain scan of the book answers.
// scanSearch is that scan, written as simply as possible: every dossier's
// folded values joined in one string, every match sorted, a page cut.

type scanned struct {
	row     Row
	text    string
	compact string
	sortKey string
}

func scanEntry(d *dossier.Dossier) scanned {
	v := d.Verification()
	e := scanned{row: Row{
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
	var folded []string
	for _, w := range words {
		if f := Fold(w); f != "" {
			folded = append(folded, f)
		}
	}
	e.text = strings.Join(folded, " | ")
	e.compact = strings.Join(codes, "|")
	e.sortKey = Fold(e.row.Name)
	return e
}

// scanCache keeps the reference's folded text per dossier copy (dossiers
// are replaced, never changed in place), so the test runs in seconds.
var scanCache = map[*dossier.Dossier]scanned{}

func scanSearch(book map[string]*dossier.Dossier, q Query) Result {
	terms := strings.Fields(Fold(q.Text))
	compactQ := Compact(q.Text)
	var matches []scanned
	for _, d := range book {
		e, ok := scanCache[d]
		if !ok {
			e = scanEntry(d)
			scanCache[d] = e
		}
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
		if len(terms) > 0 {
			all := true
			for _, t := range terms {
				all = all && strings.Contains(e.text, t)
			}
			if !all && !(len(compactQ) >= 3 && strings.Contains(e.compact, compactQ)) {
				continue
			}
		}
		matches = append(matches, e)
	}
	ratio := func(e scanned) int {
		if e.row.Facts == 0 {
			return 0
		}
		return e.row.Verified * 1000 / e.row.Facts
	}
	primary := func(a, b scanned) int {
		switch q.Sort {
		case "updated":
			return a.row.UpdatedAt.Compare(b.row.UpdatedAt)
		case "country":
			return strings.Compare(a.row.Country, b.row.Country)
		case "status":
			return slices.Index(dossier.Statuses, a.row.Status) - slices.Index(dossier.Statuses, b.row.Status)
		case "verified":
			return ratio(a) - ratio(b)
		}
		return strings.Compare(a.sortKey, b.sortKey)
	}
	slices.SortFunc(matches, func(a, b scanned) int {
		if c := primary(a, b); c != 0 {
			if q.Desc {
				return -c
			}
			return c
		}
		// ties by name then id, ascending whatever the direction
		if c := strings.Compare(a.sortKey, b.sortKey); c != 0 {
			return c
		}
		return strings.Compare(a.row.ID, b.row.ID)
	})
	limit := q.Limit
	if limit <= 0 {
		limit = 200
	}
	res := Result{Total: len(matches)}
	for i := max(q.Offset, 0); i < len(matches) && i < q.Offset+limit; i++ {
		res.Rows = append(res.Rows, matches[i].row)
	}
	return res
}

// randomBook is a generated book made harder: shared and empty names,
// names that are prefixes of others, equal update times, fact states.
func randomBook(r *rand.Rand, n int, seed uint64) []*dossier.Dossier {
	book := gen.Dossiers(n, seed)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, d := range book {
		d.ID = fmt.Sprintf("id-%04d", i)
		d.UpdatedAt = base.Add(time.Duration(r.IntN(40)) * time.Hour)
		mutate(r, d)
	}
	return book
}

var tagPool = []string{"canton-fair", "referral", "alibaba", "exhibition", "vip", "展会"}

func mutate(r *rand.Rand, d *dossier.Dossier) {
	switch r.IntN(8) {
	case 0:
		d.LegalName.Value, d.LatinName.Value = "", "" // no name at all
	case 1:
		d.LatinName.Value = "Acme" // prefix of the next
		d.LegalName.Value = ""
	case 2:
		d.LatinName.Value = "Acme Trading"
		d.LegalName.Value = ""
	case 3:
		d.LegalName.Value = "ÄCME  Société Générale"
	}
	d.Archived = r.IntN(5) == 0
	d.Tags = nil
	for range r.IntN(3) {
		d.Tags = append(d.Tags, tagPool[r.IntN(len(tagPool))])
	}
	states := []string{"", dossier.Verified, dossier.Contradicted, dossier.Unverified}
	d.LatinName.State = states[r.IntN(len(states))]
	d.Website.State = states[r.IntN(len(states))]
	if r.IntN(4) == 0 {
		d.Status = "weird" // not among dossier.Statuses
	}
	if r.IntN(3) == 0 {
		d.Country.Value = strings.ToLower(d.Country.Value)
	}
	if r.IntN(4) == 0 {
		d.Contacts = append(d.Contacts, dossier.Contact{Name: "Zhang San", Phone: fmt.Sprintf("+86 138 %04d %04d", r.IntN(10000), r.IntN(10000)), WeChat: "wx_" + d.ID})
	}
}

// randomQuery picks a shape people type, often taken from a dossier so
// that it matches something.
func randomQuery(r *rand.Rand, book map[string]*dossier.Dossier, ids []string) Query {
	var q Query
	var d *dossier.Dossier
	if len(ids) > 0 {
		d = book[ids[r.IntN(len(ids))]]
	}
	frag := func(s string, n int) string {
		rs := []rune(s)
		if len(rs) == 0 {
			return ""
		}
		n = min(n, len(rs))
		i := r.IntN(len(rs) - n + 1)
		return string(rs[i : i+n])
	}
	switch r.IntN(12) {
	case 0:
		q.Text = string(rune('a' + r.IntN(26)))
	case 1:
		q.Text = frag("深圳市光明照明贸易有限公司宁波华鑫", 1+r.IntN(3))
	case 2:
		if d != nil && len(d.Identifiers) > 0 {
			id := frag(d.Identifiers[0].Value, 3+r.IntN(8))
			if r.IntN(2) == 0 && len(id) > 4 {
				id = id[:2] + "-" + id[2:4] + " " + id[4:]
			}
			q.Text = id
		}
	case 3:
		if d != nil && len(d.Emails) > 0 {
			q.Text = d.Emails[0].Value
			if r.IntN(2) == 0 {
				q.Text = frag(q.Text, 4+r.IntN(6))
			}
		}
	case 4:
		if d != nil && len(d.Phones) > 0 {
			q.Text = frag(d.Phones[0].Value, 3+r.IntN(10))
		}
	case 5:
		if d != nil {
			q.Text = frag(d.LatinName.Value, 2+r.IntN(12))
		}
	case 6:
		q.Text = []string{"acme", "ACME trading", "societe generale", "müller gmbh", "lighting co", "zzz", "  ", "a b", "+86", "wx_id"}[r.IntN(10)]
	case 7:
		q.Text = frag("0123456789", 2+r.IntN(4))
	case 8: // two characters, then three: the short grams and the trigrams
		if d != nil {
			q.Text = frag(Fold(d.DisplayName()), 2+r.IntN(2))
		}
	case 9: // several words of one dossier, short and long
		if d != nil && len(d.Contacts) > 0 {
			q.Text = frag(d.Contacts[0].Name, 1+r.IntN(3)) + " " + frag(d.LegalName.Value, 2+r.IntN(4))
		}
	}
	q.Sort = []string{"", "name", "updated", "country", "status", "verified", "bogus"}[r.IntN(7)]
	q.Desc = r.IntN(2) == 0
	q.Archived = r.IntN(5) == 0
	if r.IntN(4) == 0 {
		q.Country = []string{"CN", "de", "Gb", "XX"}[r.IntN(4)]
	}
	if r.IntN(6) == 0 {
		q.Status = []string{"lead", "active", "weird"}[r.IntN(3)]
	}
	if r.IntN(8) == 0 {
		q.Segment = "b2c"
	}
	if r.IntN(8) == 0 {
		q.BusinessType = dossier.BusinessTypes[r.IntN(len(dossier.BusinessTypes))]
	}
	if r.IntN(6) == 0 {
		q.Owner = []string{"李雷", "Tom", "nobody"}[r.IntN(3)]
	}
	if r.IntN(5) == 0 {
		q.Tag = tagPool[r.IntN(len(tagPool))]
	}
	q.KeyAccount = r.IntN(10) == 0
	q.Offset = []int{0, 0, 0, 1, 7, 50, 190, 1000}[r.IntN(8)]
	q.Limit = []int{0, 1, 10, 50}[r.IntN(4)]
	return q
}

func sameResult(t *testing.T, step string, q Query, got, want Result) {
	t.Helper()
	if got.Total != want.Total || len(got.Rows) != len(want.Rows) {
		t.Fatalf("%s: query %+v: total %d rows %d, the scan finds total %d rows %d", step, q, got.Total, len(got.Rows), want.Total, len(want.Rows))
	}
	for i := range got.Rows {
		g, w := got.Rows[i], want.Rows[i]
		if g.ID != w.ID || g.Name != w.Name || g.Country != w.Country || g.Verified != w.Verified ||
			!g.UpdatedAt.Equal(w.UpdatedAt) || !slices.Equal(g.Tags, w.Tags) || g.Archived != w.Archived {
			t.Fatalf("%s: query %+v: row %d is %+v, the scan gives %+v", step, q, i, g, w)
		}
	}
}

func TestIndexAnswersWhatAScanAnswers(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		book := map[string]*dossier.Dossier{}
		var ids []string
		ix := NewIndex()
		check := func(step string, ix *Index, n int) {
			for range n {
				q := randomQuery(r, book, ids)
				sameResult(t, step, q, ix.Search(q), scanSearch(book, q))
			}
		}
		for _, d := range randomBook(r, 400, seed) {
			book[d.ID] = d
			ids = append(ids, d.ID)
			ix.Put(d)
		}
		check("built", ix, 300)
		// Edits, deletes and new dossiers between queries, as in the app.
		next := 400
		for round := range 200 {
			switch r.IntN(4) {
			case 0: // edit
				id := ids[r.IntN(len(ids))]
				d := book[id].Clone()
				mutate(r, d)
				d.UpdatedAt = d.UpdatedAt.Add(time.Duration(r.IntN(3)) * time.Hour)
				book[id] = d
				ix.Put(d)
			case 1: // delete
				if len(ids) > 1 {
					k := r.IntN(len(ids))
					ix.Remove(ids[k])
					delete(book, ids[k])
					ids = slices.Delete(ids, k, k+1)
				}
				ix.Remove("never-there")
			case 2: // new
				d := randomBook(r, 1, uint64(next))[0]
				d.ID = fmt.Sprintf("id-%04d", next)
				next++
				book[d.ID] = d
				ids = append(ids, d.ID)
				ix.Put(d)
			case 3: // the same dossier saved again unchanged
				ix.Put(book[ids[r.IntN(len(ids))]])
			}
			check(fmt.Sprintf("round %d", round), ix, 5)
			if round%25 == 0 {
				if err := ix.checkGrams(); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		}
		if err := ix.checkGrams(); err != nil {
			t.Fatalf("after the edits: %v", err)
		}
		// Facets come from counts kept on every change: the same as
		// collecting the values of every dossier.
		sets := [3]map[string]bool{{}, {}, {}}
		for _, d := range book {
			sets[0][d.Country.Value], sets[1][d.Owner] = true, true
			for _, t := range d.Tags {
				sets[2][t] = true
			}
		}
		c, o, tg := ix.Facets()
		for i, got := range [][]string{c, o, tg} {
			var want []string
			for k := range sets[i] {
				if k != "" {
					want = append(want, k)
				}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("facets %d: %v, the book has %v", i, got, want)
			}
		}
		if ix.Len() != len(book) {
			t.Fatalf("Len %d, book %d", ix.Len(), len(book))
		}
		// A restart rebuilds the index from the stored dossiers.
		re := NewIndex()
		for _, id := range ids {
			re.Put(book[id])
		}
		check("rebuilt", re, 300)
		if err := re.checkGrams(); err != nil {
			t.Fatalf("rebuilt: %v", err)
		}
		check("after rebuild, old index", ix, 50)
		// Rebuilt in place with most of the book changed, as a merge of
		// a list into most of the book is: nothing of the old is left.
		for _, id := range ids {
			if r.IntN(4) > 0 {
				d := book[id].Clone()
				mutate(r, d)
				book[id] = d
			}
		}
		gone := ids[len(ids)-1]
		delete(book, gone)
		ids = ids[:len(ids)-1]
		if err := ix.Rebuild(func(put func(*dossier.Dossier)) error {
			for _, id := range ids {
				put(book[id])
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		check("rebuilt in place", ix, 300)
		if err := ix.checkGrams(); err != nil || ix.Len() != len(book) {
			t.Fatalf("rebuilt in place: %d indexed, book %d: %v", ix.Len(), len(book), err)
		}
		if c2, o2, tg2 := ix.Facets(); fmt.Sprint(c2, o2, tg2) != fmt.Sprint(facetsOf(book)) {
			t.Fatalf("rebuilt in place: facets %v %v %v", c2, o2, tg2)
		}
	}
}

// facetsOf are the facets of a new index of book.
func facetsOf(book map[string]*dossier.Dossier) ([]string, []string, []string) {
	ix := NewIndex()
	for _, d := range book {
		ix.Put(d)
	}
	return ix.Facets()
}
