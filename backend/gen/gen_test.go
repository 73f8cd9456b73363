package gen

import (
	"io"
	"slices"
	"testing"
	"time"

	"credence/backend/dossier"
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

// A generated dossier is the size of one a firm has worked with: the
// issue's list (contacts, facts with sources, a credit report, notes,
// update times spread out, names on the lists) checked over a book.
func TestDossiersLookLikeRealOnes(t *testing.T) {
	book := Dossiers(5000, 1)
	var contacts, sourced, facts, reports, listed int
	var noteBytes int
	days := map[string]bool{}
	first, last := book[0].UpdatedAt, book[0].UpdatedAt
	for _, d := range book {
		contacts += len(d.Contacts)
		for _, f := range []dossier.Fact{d.LegalName, d.LatinName, d.RegisteredAddress, d.Website, d.Emails[0], d.Phones[0], d.Identifiers[0]} {
			if f.Value != "" {
				facts++
				if len(f.Sources) > 0 && f.State != "" {
					sourced++
				}
			}
		}
		reports += len(d.CreditReports)
		noteBytes += len(d.Notes)
		if slices.Contains(Listed, d.LatinName.Value) {
			listed++
		}
		if d.UpdatedAt.Before(d.CreatedAt) {
			t.Fatalf("%s: updated %v before created %v", d.LatinName.Value, d.UpdatedAt, d.CreatedAt)
		}
		// Nothing was seen after the dossier was last saved.
		saved := d.UpdatedAt.Format(time.DateOnly)
		for _, f := range []dossier.Fact{d.LegalName, d.LatinName, d.RegisteredAddress, d.Website, d.Emails[0], d.Phones[0], d.Identifiers[0]} {
			for _, s := range f.Sources {
				if s.Date > saved {
					t.Fatalf("%s: a source of %s, saved %s", d.LatinName.Value, s.Date, saved)
				}
			}
		}
		for _, r := range d.CreditReports {
			if r.Date > saved {
				t.Fatalf("%s: a credit report of %s, saved %s", d.LatinName.Value, r.Date, saved)
			}
		}
		days[d.UpdatedAt.Format(time.DateOnly)] = true
		if d.UpdatedAt.Before(first) {
			first = d.UpdatedAt
		}
		if d.UpdatedAt.After(last) {
			last = d.UpdatedAt
		}
	}
	n := len(book)
	if c := float64(contacts) / float64(n); c < 1.8 || c > 3 {
		t.Errorf("%.2f contacts a customer, want about 2.5", c)
	}
	if sourced != facts {
		t.Errorf("%d of %d facts have a source and a state", sourced, facts)
	}
	if r := float64(reports) / float64(n); r < 0.5 || r > 0.7 {
		t.Errorf("%.2f of customers have a credit report, want about 0.6", r)
	}
	if b := noteBytes / n; b < 100 {
		t.Errorf("notes of %d bytes on average", b)
	}
	if listed < 2 || listed > 12 {
		t.Errorf("%d of %d customers named as on the lists, want about 5", listed, n)
	}
	if len(days) < 500 || last.Sub(first) < 2*365*24*time.Hour {
		t.Errorf("updated on %d days from %v to %v: not spread out", len(days), first, last)
	}
}
