package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"credence/backend/dossier"
)

// TestDupMatcherAnswersWhatDuplicatesAnswers: on a random book (shared
// names, free-mail and company domains, archived dossiers, contacts'
// phones), the key maps answer for every probe exactly what the scan of
// every entry answers: the same dossiers, reasons and order, the ten-row
// cut included.
func TestDupMatcherAnswersWhatDuplicatesAnswers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	book := randomBook(r, 600, 5)
	ix := NewIndex()
	for _, d := range book {
		ix.Put(d)
	}
	freeMail := func(dom string) bool { return dom == "gmail.com" || dom == "163.com" || dom == "qq.com" }
	m := ix.DupMatcher(freeMail)
	hits := 0
	for i := range 2000 {
		p := book[r.IntN(len(book))].Clone()
		switch i % 5 {
		case 0: // itself: its own id is left out
		case 1:
			p.ID = ""
		case 2: // only the name, as a new row would have it
			p = &dossier.Dossier{LatinName: dossier.Fact{Value: strings.ToUpper(p.DisplayName())}}
		case 3: // another company's phone and a free-mail address
			q := book[r.IntN(len(book))]
			p = &dossier.Dossier{LegalName: dossier.Fact{Value: fmt.Sprintf("Probe %d", i)}, Phones: q.Phones,
				Emails: []dossier.Fact{{Value: "x@gmail.com"}}}
		case 4: // a name many share
			p = &dossier.Dossier{LatinName: dossier.Fact{Value: "Acme Trading"}, Identifiers: book[r.IntN(len(book))].Identifiers}
		}
		want, got := ix.Duplicates(p, freeMail), m.Duplicates(p)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("probe %d (%s): scan %+v\nmaps %+v", i, p.DisplayName(), want, got)
		}
		hits += len(got)
	}
	if hits < 2000 {
		t.Fatalf("only %d duplicates found over all probes: the probes test little", hits)
	}
}
