package store

import (
	"path/filepath"
	"testing"

	"credence/backend/gen"
)

// BenchmarkApplyFirstSync: what a new device spends in Apply taking in the
// whole log of 2 000 customers (the first sync, without the network and the
// sealing): the changes are read once from a source workspace.
//
//	go test -run '^$' -bench ApplyFirstSync -benchtime 3x ./backend/store/
func BenchmarkApplyFirstSync(b *testing.B) {
	src, err := Create(filepath.Join(b.TempDir(), "src"), pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if _, err := src.CreateDossiers(gen.Dossiers(2000, 1), "U", nil); err != nil {
		b.Fatal(err)
	}
	cs, _, err := src.Changes(nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(cs)), "changes")
	for b.Loop() {
		b.StopTimer()
		dst, err := Create(filepath.Join(b.TempDir(), "dst"), pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < len(cs); i += 500 {
			if _, err := dst.Apply(cs[i:min(i+500, len(cs))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if dst.Count() != 2000 {
			b.Fatalf("%d dossiers after the sync", dst.Count())
		}
		dst.Close()
		b.StartTimer()
	}
}
