package screening

import (
	"slices"

	"credence/backend/errs"
	"credence/backend/sanctions"
)

// EntryDetails is what a list says about a listed party, for the person
// deciding whether a hit is the customer: the details they must compare.
type EntryDetails struct {
	Key        string   `json:"key"`
	List       string   `json:"list"`
	EntryID    string   `json:"entry_id"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Kind       string   `json:"kind"`
	Programs   []string `json:"programs"`
	Countries  []string `json:"countries"`
	BirthDates []string `json:"birth_dates"`
	Addresses  []string `json:"addresses"`
	Remarks    string   `json:"remarks"`
}

// Entry returns the current list's entry behind a hit key; errs.NotFound
// when no current list holds it (the list was rolled back or replaced).
func (s *Service) Entry(hitKey string) (EntryDetails, error) {
	sn, err := s.snapshot()
	if err != nil {
		return EntryDetails{}, err
	}
	e := sn.entries[hitKey]
	if e == nil {
		return EntryDetails{}, errs.New(errs.NotFound, "no current list holds the entry %s", hitKey).
			WithKey("err.entryNotFound")
	}
	return details(hitKey, e), nil
}

func details(key string, e *sanctions.Entry) EntryDetails {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return slices.Clone(s)
	}
	return EntryDetails{Key: key, List: e.List, EntryID: e.ID, Name: e.Name, Aliases: nz(e.Aliases), Kind: e.Kind,
		Programs: nz(e.Programs), Countries: nz(e.Countries), BirthDates: nz(e.BirthDates), Addresses: nz(e.Addresses), Remarks: e.Remarks}
}
