package store

import (
	"strconv"
	"testing"

	"credence/backend/search"
)

// BenchmarkSaveCPU10k: the work of a save before its commit (diff,
// history, change log entries, MAC tags) in a transaction then discarded:
// what the log adds to a save without the fsync, which dominates the
// latency and varies with the machine's load.
func BenchmarkSaveCPU10k(b *testing.B) {
	s, err := Open(bookDir(b), pass, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rows := s.Search(search.Query{Limit: 100}).Rows
	old, err := s.Dossier(rows[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		d := old.Clone()
		d.Notes = "edit " + strconv.Itoa(i)
		d.LatinName.Value = "Co " + strconv.Itoa(i)
		txn := s.db.NewTransaction(true)
		if err := s.writeDossier(txn, old, d, "U"); err != nil {
			b.Fatal(err)
		}
		txn.Discard()
		i++
	}
}
