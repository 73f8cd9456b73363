package store

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"credence/backend/gen"
	"credence/backend/memstat"
	"credence/backend/search"
)

// The budgets (DEVELOPERS.md): list/search < 50 ms and save < 10 ms with
// 10 000 customers; Go-side memory < 150 MB resident. These benchmarks
// measure them on a generated 10 000-customer workspace; BENCHMARKS.md
// keeps the figures.

const benchBook = 10_000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// bookDir builds the 10 000-customer workspace once per test binary.
func bookDir(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "credence-bench-")
		if benchErr != nil {
			return
		}
		dir := filepath.Join(benchDir, "ws")
		s, err := Create(dir, pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF})
		if err != nil {
			benchErr = err
			return
		}
		_, benchErr = s.CreateDossiers(gen.Dossiers(benchBook, 1), "U", nil)
		s.Close()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "ws")
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("CREDENCE_CRASH_CHILD"); dir != "" {
		crashChild(dir) // the child of the crash test, not a test run
	}
	if spec := os.Getenv("CREDENCE_RESTORE_CHILD"); spec != "" {
		restoreChild(spec) // the child of the killed-restore test
	}
	if dir := os.Getenv("CREDENCE_BULK_CHILD"); dir != "" {
		bulkChild(dir) // the child of the stream-load crash test
	}
	if dir := os.Getenv("CREDENCE_REKEY_CHILD"); dir != "" {
		rekeyChild(dir) // the child of the killed re-key test
	}
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkOpen10k: unlock to a usable list (with cheap KDF parameters, so
// the figure is Badger, its table check and the index; Argon2id is measured
// separately): the index rebuilt from the dossiers, or loaded from the
// snapshot a clean close left. With $CREDENCE_BENCH_WS (and
// $CREDENCE_PASSPHRASE) it opens that workspace instead, e.g. a copy of a
// generated 100 000-customer one.
func BenchmarkOpen10k(b *testing.B) {
	dir, pw := bookDir(b), pass
	if ws := os.Getenv("CREDENCE_BENCH_WS"); ws != "" {
		dir, pw = ws, os.Getenv("CREDENCE_PASSPHRASE")
	}
	open := func(b *testing.B) (*Store, uint64) {
		var s *Store
		peak := memstat.Peak(func() {
			var err error
			if s, err = Open(dir, pw, Options{}); err != nil {
				b.Fatal(err)
			}
			s.Count() // builds or loads the index, as the app does at unlock
		})
		return s, peak
	}
	b.Run("rebuild", func(b *testing.B) {
		var peak uint64
		for b.Loop() {
			b.StopTimer()
			os.Remove(filepath.Join(dir, indexSnapFile))
			runtime.GC()
			b.StartTimer()
			s, p := open(b)
			peak = max(peak, p)
			if s.snapVersion != 0 {
				b.Fatal("the index came from a snapshot")
			}
			b.StopTimer()
			s.indexReady.Store(false) // no snapshot at close: the next round rebuilds too
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	})
	b.Run("snapshot", func(b *testing.B) {
		s, _ := open(b) // leaves the snapshot at close
		t0 := time.Now()
		s.snapVersion = 0 // write it even if one was loaded
		s.Close()
		closing := time.Since(t0)
		var size int64
		if fi, err := os.Stat(filepath.Join(dir, indexSnapFile)); err == nil {
			size = fi.Size()
		}
		var peak uint64
		for b.Loop() {
			b.StopTimer()
			runtime.GC()
			b.StartTimer()
			s, p := open(b)
			peak = max(peak, p)
			if s.snapVersion == 0 {
				b.Fatal("the index was rebuilt")
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(float64(closing.Milliseconds()), "close-ms")
		b.ReportMetric(float64(size)/(1<<20), "file-MB")
	})
}

func BenchmarkArgon2idDefault(b *testing.B) {
	m, _, _, err := newMeta("u", "U", pass, defaultKDFForBench())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.unlock("", pass); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch10k runs a mix of queries people type and reports the
// median and 95th percentile of one query.
func BenchmarkSearch10k(b *testing.B) {
	s, err := Open(bookDir(b), pass, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	queries := []search.Query{
		{Text: "lighting"}, {Text: "光明"}, {Text: "muller gmbh"}, {Text: "gmail"}, {Text: "+86"},
		{Text: "al noor trading"}, {Country: "DE"}, {Status: "active", Sort: "updated", Desc: true},
		{}, {Text: "sao jorge"}, {Text: "CN0001"}, {Text: "nothing matches this"},
	}
	s.idx() // built at unlock in the app (WarmIndex), not by the first query
	var lat []time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		q.Limit = 50
		t := time.Now()
		s.Search(q)
		lat = append(lat, time.Since(t))
		i++
	}
	reportPercentiles(b, lat)
}

// BenchmarkSave10k edits one dossier in a 10 000-customer workspace: a
// durable (fsynced) transaction with its history entries.
func BenchmarkSave10k(b *testing.B) {
	s, err := Open(bookDir(b), pass, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rows := s.Search(search.Query{Limit: 100}).Rows
	d, err := s.Dossier(rows[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		d.Notes = "edit " + strconv.Itoa(i)
		t := time.Now()
		d, err = s.SaveDossier(d, "U")
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		i++
	}
	reportPercentiles(b, lat)
}

// BenchmarkMemory10k reports the resident memory of this process with the
// 10 000-customer workspace open and searched (Go heap and Badger caches).
func BenchmarkMemory10k(b *testing.B) {
	dir, pw := bookDir(b), pass
	if ws := os.Getenv("CREDENCE_BENCH_WS"); ws != "" { // as BenchmarkOpen10k
		dir, pw = ws, os.Getenv("CREDENCE_PASSPHRASE")
	}
	for b.Loop() {
		s, err := Open(dir, pw, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{"lighting", "光明", "gmbh"} {
			s.Search(search.Query{Text: q})
		}
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		b.ReportMetric(float64(ms.Sys-ms.HeapReleased)/(1<<20), "held-MB")
		b.ReportMetric(float64(memstat.RSS())/(1<<20), "rss-MB")
		b.ReportMetric(float64(memstat.Anon())/(1<<20), "rss-anon-MB")
		s.Close()
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkCreateDossiers: the bulk path of `credence generate` and the
// customer import, into a new workspace; peak-MB is the Go runtime's
// memory taken from the OS (heap and Badger's tables) at its highest.
//
//	go test -run '^$' -bench CreateDossiers -benchtime 1x ./backend/store/
func BenchmarkCreateDossiers10k(b *testing.B)  { benchCreate(b, 10_000) }
func BenchmarkCreateDossiers100k(b *testing.B) { benchCreate(b, 100_000) }

func benchCreate(b *testing.B, n int) {
	for b.Loop() {
		b.StopTimer()
		book := gen.Dossiers(n, 1)
		s, err := Create(filepath.Join(b.TempDir(), "ws"), pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		var peak uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				peak = max(peak, m.Sys-m.HeapReleased)
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		if _, err := s.CreateDossiers(book, "U", nil); err != nil {
			b.Fatal(err)
		}
		close(stop)
		<-done
		b.StopTimer()
		if s.Count() != n {
			b.Fatalf("count %d", s.Count())
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkCheckTables10k is the check every open pays before Badger opens
// (tablecheck.go): every table of 10 000 dossiers read, decrypted and
// checksummed.
func BenchmarkCheckTables10k(b *testing.B) {
	dir := bookDir(b)
	s, err := Open(dir, pass, Options{})
	if err != nil {
		b.Fatal(err)
	}
	key := append([]byte(nil), s.dataKey...)
	lsm, vlog := s.db.Size()
	s.Close()
	b.ReportMetric(float64(lsm>>20), "lsm-MiB")
	b.ReportMetric(float64(vlog>>20), "vlog-MiB")
	for b.Loop() {
		if err := checkTablesClosed(filepath.Join(dir, dbDir), key); err != nil {
			b.Fatal(err)
		}
	}
}
