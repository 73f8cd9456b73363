package sanctions

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchQueries returns 200 realistic query names, the same on every run:
// half are listed names disturbed the way buyers' records disturb them
// (lower case, reordered, a typo, a different legal form), half are ordinary
// company names that should not match.
func benchQueries(ix *Index) []string {
	r := rand.New(rand.NewPCG(1, 2))
	var qs []string
	legal := []string{"Co., Ltd", "LLC", "GmbH", "S.A.", "JSC", "Limited", "Company"}
	for len(qs) < 100 {
		e := ix.entries[r.IntN(len(ix.entries))]
		words := strings.Fields(e.Name)
		switch r.IntN(4) {
		case 0:
			qs = append(qs, strings.ToLower(e.Name))
		case 1:
			r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
			qs = append(qs, strings.Join(words, " "))
		case 2:
			b := []byte(e.Name)
			if len(b) > 3 {
				i := 1 + r.IntN(len(b)-2)
				b[i], b[i+1] = b[i+1], b[i]
			}
			qs = append(qs, string(b))
		default:
			qs = append(qs, e.Name+" "+legal[r.IntN(len(legal))])
		}
	}
	cities := []string{"Shenzhen", "Hamburg", "Dubai", "Istanbul", "Mumbai", "Lagos", "Santos", "Busan", "Jakarta", "Riyadh"}
	words := []string{"Bright", "Golden", "Star", "Ocean", "Green", "Royal", "Eagle", "Pacific", "Silver", "Sun"}
	trades := []string{"Lighting", "Trading", "Textile", "Machinery", "Electronics", "Foods", "Chemicals", "Logistics", "Steel", "Import Export"}
	for len(qs) < 200 {
		qs = append(qs, cities[r.IntN(10)]+" "+words[r.IntN(10)]+" "+trades[r.IntN(10)]+" "+legal[r.IntN(len(legal))])
	}
	return qs
}

// BenchmarkScreenOne screens one name at a time against OFAC SDN + UN and
// reports the median and 95th percentile latency per name.
func BenchmarkScreenOne(b *testing.B) {
	ix := mustRealIndex(b)
	qs := benchQueries(ix)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		ix.Screen(Query{Name: qs[i%len(qs)]}, typicalThreshold, 10)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*95/100].Nanoseconds()), "p95-ns")
}

func BenchmarkNewIndex(b *testing.B) {
	ofac := mustLoad(b, "ofac-sdn")
	un := mustLoad(b, "un-consolidated.xml")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(ofac, un)
	}
}

func BenchmarkLoadOFAC(b *testing.B) {
	p := mustData(b, "ofac-sdn")
	for i := 0; i < b.N; i++ {
		if _, err := Load(p, SourceOFAC); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadUN(b *testing.B) {
	p := mustData(b, "un-consolidated.xml")
	fi, _ := os.Stat(p)
	b.SetBytes(fi.Size())
	for i := 0; i < b.N; i++ {
		if _, err := Load(filepath.Clean(p), SourceUN); err != nil {
			b.Fatal(err)
		}
	}
}
