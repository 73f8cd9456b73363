package receivables

import (
	"slices"
	"strings"
)

var entryKinds = []string{EntryCall, EntryEmail, EntryPromise, EntryDispute, EntryNote, EntryReminder}

// AddEntry writes a line of the customer's collection log. A promise to
// pay needs its date; a broken one raises an alert.
func (b *Book) AddEntry(dossierID string, e Entry, by string) (Entry, error) {
	if !slices.Contains(entryKinds, e.Kind) {
		return e, invalid("kind", "call, email, promise, dispute, note or reminder")
	}
	if e.Date == "" {
		e.Date = b.now().Format(day)
	}
	if err := checkDay("date", e.Date, true); err != nil {
		return e, err
	}
	if err := checkDay("promise_date", e.PromiseDate, e.Kind == EntryPromise); err != nil {
		return e, err
	}
	if e.PromiseAmount < 0 {
		return e, invalid("promise_amount", "must not be below zero")
	}
	e.Note, e.By, e.At = strings.TrimSpace(e.Note), by, b.now()
	b.stamp(&e.Meta, dossierID, newID(b.now()), by)
	return e, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindEntry, dossierID+"/"+e.ID, e) })
}

// Entries is a customer's collection log, oldest first.
func (b *Book) Entries(dossierID string) ([]Entry, error) {
	out, err := scan[Entry](b.r, KindEntry, dossierID+"/")
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := strings.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return a.At.Compare(b.At)
	})
	return out, err
}
