package search

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"credence/backend/gen"
)

// Search at 10 000 and 100 000 generated dossiers, each query shape on its
// own, with p50/p95 of one query; the ratio of the two books is what
// BENCHMARKS.md reports (sub-linear is the aim). Build also reports the
// index's heap.
//
//	go test -run '^$' -bench 'Index' -benchtime 200x ./backend/search/

var benchIndexes = map[int]*Index{}

func benchIndex(b *testing.B, n int) *Index {
	if b != nil {
		b.Helper()
	}
	if ix, ok := benchIndexes[n]; ok {
		return ix
	}
	book := gen.Dossiers(n, 1)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	ix := NewIndex()
	for i, d := range book {
		d.ID = fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		d.UpdatedAt = base.Add(time.Duration(i*7919%n) * time.Minute)
		ix.Put(d)
	}
	benchIndexes[n] = ix
	return ix
}

var benchShapes = []struct {
	name string
	q    Query
}{
	{"letter", Query{Text: "a"}},
	{"han", Query{Text: "光明"}},
	{"words", Query{Text: "muller gmbh"}},
	{"identifier", Query{Text: "CN0001"}},
	{"identifier-punct", Query{Text: "CN-000 12"}},
	// A whole registration number, of customer 4 321: the same one answer
	// in both books, where "CN0001" has none at 10 000 and some at 100 000.
	{"identifier-whole", Query{Text: "GB049654325"}},
	{"email", Query{Text: "sales42@"}},
	{"freemail", Query{Text: "gmail"}},
	{"phone", Query{Text: "+86 12"}},
	{"none", Query{Text: "nothing matches this"}},
	{"empty-name", Query{}},
	{"empty-name-desc", Query{Desc: true}},
	{"empty-updated", Query{Sort: "updated", Desc: true}},
	{"empty-country", Query{Sort: "country"}},
	{"empty-status", Query{Sort: "status"}},
	{"empty-verified", Query{Sort: "verified", Desc: true}},
	{"filter-country", Query{Country: "DE"}},
	{"filter-status-updated", Query{Status: "active", Sort: "updated", Desc: true}},
	{"page-far", Query{Offset: 5000}},
}

func benchShapesAt(b *testing.B, n int) {
	ix := benchIndex(b, n)
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			q := s.q
			if q.Limit == 0 {
				q.Limit = 50
			}
			// The first query of a column builds its order.
			if res := ix.Search(q); s.name == "identifier-whole" && res.Total != 1 {
				b.Fatalf("%s: %d matches, want the one customer", q.Text, res.Total)
			}
			var lat []time.Duration
			for b.Loop() {
				t := time.Now()
				ix.Search(q)
				lat = append(lat, time.Since(t))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

func BenchmarkIndexSearch10k(b *testing.B)  { benchShapesAt(b, 10_000) }
func BenchmarkIndexSearch100k(b *testing.B) { benchShapesAt(b, 100_000) }

// BenchmarkIndexSearchAfterEdit100k: a save re-indexes one dossier, then the
// list asks again (the orders are updated in place, not rebuilt).
func BenchmarkIndexSearchAfterEdit100k(b *testing.B) {
	ix := benchIndex(b, 100_000)
	d := gen.Dossiers(1, 5)[0]
	d.ID = "edited"
	i := 0
	for b.Loop() {
		d.LatinName.Value = fmt.Sprintf("Edited %d", i)
		i++
		ix.Put(d)
		ix.Search(Query{Limit: 50})
	}
	ix.Remove("edited")
}

func BenchmarkIndexFacets100k(b *testing.B) {
	ix := benchIndex(b, 100_000)
	for b.Loop() {
		ix.Facets()
	}
}

// BenchmarkIndexBuild reports the time to index a book and the heap the
// index keeps (the dossiers themselves are dropped after Put).
func BenchmarkIndexBuild(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				book := gen.Dossiers(n, 1)
				for i, d := range book {
					d.ID = fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
				}
				ix := NewIndex()
				for _, d := range book {
					ix.Put(d)
				}
				ix.Search(Query{Limit: 50})
				book = nil
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MiB")
				runtime.KeepAlive(ix)
			}
		})
	}
}

// BenchmarkSnapshot100k: what an unlock waits for with a snapshot (read)
// against without one (build: every dossier Put, decoding aside), what a
// clean close adds (write), the snapshot's size, and the heap of the
// restored index against the built one.
//
//	go test -run '^$' -bench Snapshot100k -benchtime 1x ./backend/search/
func BenchmarkSnapshot100k(b *testing.B) {
	const n = 100_000
	heap := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	h0 := heap()
	book := gen.Dossiers(n, 1)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, d := range book {
		d.ID = fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		d.UpdatedAt = base.Add(time.Duration(i*7919%n) * time.Minute)
	}
	start := time.Now()
	ix := NewIndex()
	for _, d := range book {
		ix.Put(d)
	}
	build := time.Since(start)
	book = nil
	built := heap() - h0
	for b.Loop() {
		var buf bytes.Buffer
		start := time.Now()
		if err := ix.WriteSnapshot(&buf); err != nil {
			b.Fatal(err)
		}
		write := time.Since(start)
		h1 := heap()
		start = time.Now()
		re, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		restored := heap() - h1 // the snapshot's bytes held on both sides
		size := buf.Len()
		if re.Len() != ix.Len() {
			b.Fatalf("restored %d of %d", re.Len(), ix.Len())
		}
		b.ReportMetric(float64(build.Milliseconds()), "build-ms")
		b.ReportMetric(float64(write.Milliseconds()), "write-ms")
		b.ReportMetric(float64(read.Milliseconds()), "read-ms")
		b.ReportMetric(float64(size)/1e6, "MB")
		b.ReportMetric(float64(built)/(1<<20), "built-heap-MiB")
		b.ReportMetric(float64(restored)/(1<<20), "restored-heap-MiB")
		runtime.KeepAlive(re)
	}
	runtime.KeepAlive(ix)
}
