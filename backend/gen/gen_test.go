package gen

import (
	"io"
	"testing"
)

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

func TestStreamIsTheSameBook(t *testing.T) {
	book, next := Dossiers(300, 9), Stream(300, 9)
	for i, want := range book {
		d, err := next()
		if err != nil || d.LatinName.Value != want.LatinName.Value || d.Emails[0].Value != want.Emails[0].Value || d.Notes != want.Notes {
			t.Fatalf("dossier %d: %+v %v", i, d, err)
		}
	}
	if _, err := next(); err != io.EOF {
		t.Fatalf("after the last: %v", err)
	}
}
