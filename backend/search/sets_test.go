package search

import (
	"fmt"
	"testing"

	"credence/backend/dossier"
)

// TestManyDossiersAWordAfterEdits: a word that many dossiers have is read
// from a bitset kept between queries, and a filter from its places in an
// order, both kept until a change; after edits and removals that change
// them, the answers still equal a scan's.
func TestManyDossiersAWordAfterEdits(t *testing.T) {
	ix := NewIndex()
	book := map[string]*dossier.Dossier{}
	put := func(d *dossier.Dossier) { book[d.ID] = d; ix.Put(d) }
	for i := range 900 {
		name := fmt.Sprintf("Hotword Trading %03d", i)
		if i%3 == 0 {
			name = fmt.Sprintf("Coldword Kft %03d", i)
		}
		country := []string{"DE", "de", "CN"}[i%3]
		put(&dossier.Dossier{ID: fmt.Sprintf("%04d", i), LatinName: dossier.Fact{Value: name},
			Country: dossier.Fact{Value: country}, Status: []string{"lead", "active"}[i%2], Archived: i%7 == 0})
	}
	queries := []Query{
		{Text: "hotword"}, {Text: "trading"}, {Text: "hotword 12"}, {Text: "ho trading"},
		{Text: "coldword", Archived: true}, {Text: "hotword", Country: "de", Sort: "country"},
		{Country: "DE"}, {Country: "de", Status: "active", Sort: "updated", Desc: true},
		{Country: "cn", Archived: true}, {Status: "lead", Offset: 100, Limit: 30},
	}
	check := func(step string) {
		t.Helper()
		for _, q := range queries {
			for _, off := range []int{q.Offset, 0, 40} {
				q.Offset = off
				sameResult(t, step, q, ix.Search(q), scanSearch(book, q))
			}
		}
	}
	check("built")
	for i := 0; i < 900; i += 5 { // words, countries, statuses and the archived mark change
		d := new(dossier.Dossier) // a new one: the scan caches by pointer
		*d = *book[fmt.Sprintf("%04d", i)]
		d.LatinName.Value = fmt.Sprintf("Coldword Trading %03d", i)
		d.Country.Value = "CN"
		d.Status = "active"
		d.Archived = !d.Archived
		put(d)
	}
	check("edited")
	for i := 1; i < 900; i += 4 {
		id := fmt.Sprintf("%04d", i)
		delete(book, id)
		ix.Remove(id)
	}
	check("removed")
	for i := range 300 { // new dossiers in freed and new slots
		put(&dossier.Dossier{ID: fmt.Sprintf("n%03d", i), LatinName: dossier.Fact{Value: fmt.Sprintf("Hotword New %03d", i)},
			Country: dossier.Fact{Value: "de"}, Status: "lead"})
	}
	check("added")
}

// A query of one short term reads that gram's posting as it is, without a
// copy: the bitset may end before the book does (slots added later
// without the gram), and what the query adds (code matches, filters) must
// go to a copy, never into the posting. The Han fragment also matches
// phones (codes, not words) of dossiers whose names lack it.
func TestOneShortTermReadsItsPostingAsItIs(t *testing.T) {
	ix := NewIndex()
	book := map[string]*dossier.Dossier{}
	put := func(d *dossier.Dossier) { book[d.ID] = d; ix.Put(d) }
	for i := range 200 { // "q" and 光明 in every one: their postings become bitsets
		put(&dossier.Dossier{ID: fmt.Sprintf("a%03d", i), LatinName: dossier.Fact{Value: fmt.Sprintf("Quartz %03d", i)},
			LegalName: dossier.Fact{Value: fmt.Sprintf("光明照明%03d", i)}, Country: dossier.Fact{Value: []string{"DE", "CN"}[i%2]},
			Archived: i%5 == 0})
	}
	for i := range 400 { // slots past those bitsets' end; 光明 only in a phone
		d := &dossier.Dossier{ID: fmt.Sprintf("b%03d", i), LatinName: dossier.Fact{Value: fmt.Sprintf("Zeta %03d", i)},
			Country: dossier.Fact{Value: "DE"}, Archived: i%7 == 0}
		if i%3 == 0 {
			d.Phones = []dossier.Fact{{Value: fmt.Sprintf("光明 %04d", i)}}
		}
		put(d)
	}
	if p := ix.short[shortKey("q")]; p.bits == nil || len(p.bits)*64 >= len(ix.entries) {
		t.Fatalf("the test needs a bitset posting shorter than the book (%d words, %d slots)", len(p.bits), len(ix.entries))
	}
	var queries []Query
	for _, text := range []string{"q", "Q", "光明", "光", "z"} {
		for _, q := range []Query{{}, {Archived: true}, {Country: "de"}, {Sort: "updated", Desc: true}, {Offset: 150, Limit: 30}} {
			q.Text = text
			queries = append(queries, q)
		}
	}
	for round := range 2 { // the second round finds the postings as the first left them
		for _, q := range queries {
			sameResult(t, fmt.Sprint("round ", round), q, ix.Search(q), scanSearch(book, q))
		}
		if err := ix.checkGrams(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

// In a book of many slots, a term's few matches stay a list, sorted and
// without repeats by settle: here dossiers with two words holding the term
// (one slot met twice) and words of several dossiers (slots out of order).
func TestFewMatchesInABigBook(t *testing.T) {
	ix := NewIndex()
	book := map[string]*dossier.Dossier{}
	put := func(d *dossier.Dossier) { book[d.ID] = d; ix.Put(d) }
	for i := range 30_000 {
		name := fmt.Sprintf("Filler %05d", i)
		switch {
		case i%1000 == 7: // two words with the term
			name = fmt.Sprintf("Zyxwv Zyxwvq%d", i)
		case i%1000 == 500: // one word many dossiers share, met late
			name = "Zyxwvk Trading"
		}
		put(&dossier.Dossier{ID: fmt.Sprintf("%05d", 30_000-i), LatinName: dossier.Fact{Value: name}, Archived: i%3000 == 7})
	}
	for _, q := range []Query{{Text: "zyxwv"}, {Text: "yxwvq"}, {Text: "zyxwv", Archived: true}, {Text: "zyxwv", Offset: 20, Limit: 10}, {Text: "zyxwv trad"}} {
		sameResult(t, "big book", q, ix.Search(q), scanSearch(book, q))
	}
}
