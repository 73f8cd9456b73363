package screening

import (
	"testing"

	"credence/backend/dossier"
	"credence/backend/gen"
)

// The generator names one customer in a thousand after a listed company
// (gen.Listed), so a generated book has hits to screen and review: each of
// those names must be a hit against the real OFAC SDN and UN lists.
func TestGeneratedListedNamesAreHits(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	mustImport(t, svc)
	for _, name := range gen.Listed {
		d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: name}, Country: dossier.Fact{Value: "CN"}})
		r, _, err := svc.ScreenDossier(d)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 {
			t.Errorf("%s: no hit", name)
		}
	}
}
