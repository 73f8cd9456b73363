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
