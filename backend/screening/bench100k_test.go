package screening

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"credence/backend/gen"
	"credence/backend/memstat"
	"credence/backend/store"
)

// BenchmarkRescreenAll100k re-screens a 100 000-customer book with no list
// change (budget: 30 s, Go memory 400 MB), in the app's case (index: the
// search index built first, as after unlock) and the CLI's (noindex: a
// list import, which builds none). The book is the workspace folder in
// $CREDENCE_BENCH_WS (opened with $CREDENCE_PASSPHRASE; it is written to,
// so give it a copy), e.g. one made by `credence generate --count 100000
// --seed 1` then `credence lists import` of OFAC and UN; without it one is
// built here first (about two minutes, Badger still compacting it: give
// a settled one for figures). start-MB is what the Go runtime held before
// the re-screen (after a forced collection and release: the index, the
// lists, Badger's caches), peak-MB the most it held during the re-screen,
// live-MB the heap after it and a forced collection, cpu-ms the process's
// CPU time.
func BenchmarkRescreenAll100k(b *testing.B) {
	b.Run("index", func(b *testing.B) { benchRescreen100k(b, true) })
	b.Run("noindex", func(b *testing.B) { benchRescreen100k(b, false) })
}

func benchRescreen100k(b *testing.B, index bool) {
	st := book100k(b)
	svc := New(st)
	if err := svc.Warm(); err != nil {
		b.Fatal(err)
	}
	if index {
		st.Count() // builds the search index, as the app does at unlock
	}
	debug.FreeOSMemory() // the set-up's garbage is not the re-screen's memory
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	held := m.Sys - m.HeapReleased
	var cpu time.Duration
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c0 := memstat.CPUTime()
		peak = max(peak, memstat.Peak(func() {
			if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
				b.Fatal(err)
			}
		}))
		cpu += memstat.CPUTime() - c0
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(held)/(1<<20), "start-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "live-MB")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
	runtime.KeepAlive(svc)
}

// book100k opens $CREDENCE_BENCH_WS, or builds a 100 000-customer book
// screened once against OFAC and UN.
func book100k(b *testing.B) *store.Store {
	b.Helper()
	if dir := os.Getenv("CREDENCE_BENCH_WS"); dir != "" {
		st, err := store.Open(dir, os.Getenv("CREDENCE_PASSPHRASE"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	st := mustStore(b)
	if _, err := st.BulkCreate(gen.Stream(100000, 1), "gen", nil); err != nil {
		b.Fatal(err)
	}
	svc := New(st)
	mustImport(b, svc)
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	return st
}
