package gen

import "testing"

func TestDossiersAreValidAndDeterministic(t *testing.T) {
	a, b := Dossiers(500, 7), Dossiers(500, 7)
	ids := 0
	for i, d := range a {
		d.Normalize(func() string { ids++; return "x" })
		if err := d.Validate(); err != nil {
			t.Fatalf("dossier %d invalid: %v", i, err)
		}
		if d.LatinName.Value != b[i].LatinName.Value {
			t.Fatal("same seed, different book")
		}
	}
}
