package screening

import (
	"context"
	"slices"
	"testing"
	"time"

	"credence/backend/gen"
	"credence/backend/sanctions"
)

// BenchmarkScreenDossier screens one dossier (read the previous result,
// screen every name, store the result durably) against OFAC SDN + UN, and
// reports the median and 95th percentile.
func BenchmarkScreenDossier(b *testing.B) {
	st := mustStore(b)
	svc := New(st)
	mustImport(b, svc)
	if err := svc.Warm(); err != nil {
		b.Fatal(err)
	}
	book, err := st.CreateDossiers(gen.Dossiers(200, 3), "gen", nil)
	if err != nil {
		b.Fatal(err)
	}
	book[0].LatinName.Value = "Banco Nacional de Cuba" // one with a hit
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, _, err := svc.ScreenDossier(book[i%len(book)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds()), "p95-µs")
}

// BenchmarkRescreenAll10k re-screens a 10 000-customer book against OFAC
// SDN + UN (budget: 30 s on 2 cores).
func BenchmarkRescreenAll10k(b *testing.B) {
	st := mustStore(b)
	svc := New(st)
	mustImport(b, svc)
	if _, err := st.CreateDossiers(gen.Dossiers(10000, 1), "gen", nil); err != nil {
		b.Fatal(err)
	}
	if err := svc.Warm(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportOFAC imports the OFAC SDN folder (parse, encode, store)
// and then builds the index over OFAC + UN, as the first screening after
// an import does.
func BenchmarkImportOFAC(b *testing.B) {
	st := mustStore(b)
	svc := New(st)
	mustImport(b, svc)
	p := data(b, "ofac-sdn")
	var build time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Import(context.Background(), p, sanctions.SourceOFAC, "bench"); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := svc.Warm(); err != nil {
			b.Fatal(err)
		}
		build += time.Since(t0)
	}
	b.ReportMetric(float64(build.Milliseconds())/float64(b.N), "index-ms")
}
