package store

import (
	"credence/backend/dossier"
	"credence/backend/search"
)

// Duplicates lists current dossiers that look like d (same identifier,
// company domain, phone or name); freeMail tells domains that prove nothing.
func (s *Store) Duplicates(d *dossier.Dossier, freeMail func(string) bool) []search.Duplicate {
	c := d.Clone()
	c.Normalize(func() string { return "" })
	return s.idx().Duplicates(c, freeMail)
}
