package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/dossier"
	"credence/backend/gen"
	"credence/backend/search"
)

// BenchmarkLogYear10k: what the change log costs on disk for 10 000
// customers with a year of edits (50 per customer, 1 to 3 fields each,
// spread evenly over 365 days by the store's clock), and what a save costs
// in that workspace. Run once: -benchtime 1x.
func BenchmarkLogYear10k(b *testing.B) {
	const customers, editsEach, perTxn = 10_000, 50, 100
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "ws")
		clock := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
		s, err := Create(dir, pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF, Now: func() time.Time { return clock }})
		if err != nil {
			b.Fatal(err)
		}
		ds, err := s.CreateDossiers(gen.Dossiers(customers, 1), "U", nil)
		if err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(7, 11))
		total := customers * editsEach
		step := 365 * 24 * time.Hour / time.Duration(total)
		for done := 0; done < total; done += perTxn {
			s.logMu.Lock()
			err := s.commit(func(txn *badger.Txn) error {
				for k := 0; k < perTxn; k++ {
					i := r.IntN(len(ds))
					d := ds[i].Clone()
					for n := 1 + r.IntN(3); n > 0; n-- {
						yearEdit(d, r)
					}
					d.Normalize(newID)
					clock = clock.Add(step)
					d.UpdatedAt = clock
					if err := s.writeDossier(txn, ds[i], d, "U"); err != nil {
						return err
					}
					ds[i] = d
				}
				return nil
			})
			s.logMu.Unlock()
			if err != nil {
				b.Fatal(err)
			}
		}
		sizes := map[string]int64{}
		var changes int64
		s.view(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.DefaultIteratorOptions)
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				k := string(it.Item().Key())
				p, _, _ := strings.Cut(k, "/")
				sizes[p] += int64(len(k)) + it.Item().ValueSize()
				if p == "c" {
					changes++
				}
			}
			return nil
		})
		// A save in the year-old workspace.
		var lat []time.Duration
		rows := s.Search(search.Query{Limit: 100}).Rows
		for i := 0; i < 300; i++ {
			d, _ := s.Dossier(rows[i%len(rows)].ID)
			d.Notes = fmt.Sprint("bench ", i)
			clock = clock.Add(time.Second)
			t := time.Now()
			if _, err := s.SaveDossier(d, "U"); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		reportPercentiles(b, lat)
		s.Close()
		b.ReportMetric(float64(changes), "changes")
		for p, n := range sizes {
			b.ReportMetric(float64(n)/(1<<20), p+"/-MB")
		}
		b.ReportMetric(float64(dirSize(dir))/(1<<20), "disk-MB")
	}
}

// yearEdit is one of the edits people make over a year.
func yearEdit(d *dossier.Dossier, r *rand.Rand) {
	switch r.IntN(6) {
	case 0:
		d.Notes = fmt.Sprintf("called %d, promised payment next week", r.IntN(1000))
	case 1:
		d.Phones = append(d.Phones, dossier.Fact{Value: fmt.Sprintf("+49 30 %07d", r.IntN(9_999_999))})
	case 2:
		d.Tags = append(d.Tags[:0:0], fmt.Sprint("tag", r.IntN(20)))
	case 3:
		d.Emails = append(d.Emails, dossier.Fact{Value: fmt.Sprintf("buyer%d@example.com", r.IntN(1000))})
	case 4:
		d.LatinName.Value = fmt.Sprintf("%s %d", strings.Fields(d.LatinName.Value + " Co")[0], r.IntN(100))
	default:
		d.Owner = fmt.Sprint("rep", r.IntN(8))
	}
}
