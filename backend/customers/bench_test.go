package customers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/gen"
	"credence/backend/memstat"
	"credence/backend/store"
)

// writeBig writes an n-row customer list with the streaming writer (a
// merged title, dates as serials, amounts as text).
func writeBig(tb testing.TB, path string, n int) { writeBigPhones(tb, path, n, "+49 30 %07d") }

// writeBigPhones is writeBig with the phones in another format (a list
// exported again after every number was corrected).
func writeBigPhones(tb testing.TB, path string, n int, phone string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	sw.MergeCell("A1", "I1")
	sw.SetRow("A1", []any{"客户名单 Customer list"})
	sw.SetRow("A3", []any{"序号", "客户名称", "国家", "邮箱", "电话", "VAT", "成立日期", "注册资本", "业务员"})
	countries := []string{"DE", "德国", "United States", "FR", "Brazil", "VN"}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		if err := sw.SetRow(cell, []any{i, fmt.Sprintf("Buyer %06d Trading GmbH", i), countries[i%len(countries)],
			fmt.Sprintf("buy@buyer%06d.de", i), fmt.Sprintf(phone, i), fmt.Sprintf("DE%09d", 100000000+i),
			40000 + i%5000, fmt.Sprintf("%d,000", 1+i%900), "Li Wei"}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportXLSX10k and 100k import a customer list into an empty
// workspace (read, match, validate, store with history and change log);
// the new customers' screening runs after it and is not counted. peak-MB
// is the most memory the Go runtime held meanwhile (Badger included),
// cpu-ms the process's CPU time (both cores, Badger's compactions
// included): the figure the machine's other load does not change.
// BenchmarkImportXLSX10kFirst is the first importer, for the before.
func BenchmarkImportXLSX10k(b *testing.B)      { benchImport(b, 10000, Import) }
func BenchmarkImportXLSX100k(b *testing.B)     { benchImport(b, 100000, Import) }
func BenchmarkImportXLSX10kFirst(b *testing.B) { benchImport(b, 10000, importSlice) }

func benchImport(b *testing.B, n int, imp func(context.Context, *store.Store, string, Options) (Result, error)) {
	p := filepath.Join(b.TempDir(), "big.xlsx")
	writeBig(b, p, n)
	for b.Loop() {
		b.StopTimer()
		st := mustStore(b)
		debug.FreeOSMemory() // the sheet writer's garbage is not the import's memory
		b.StartTimer()
		var res Result
		var err error
		cpu := memstat.CPUTime()
		peak := memstat.Peak(func() { res, err = imp(context.Background(), st, p, Options{User: "bench"}) })
		b.ReportMetric(float64((memstat.CPUTime() - cpu).Milliseconds()), "cpu-ms")
		if err != nil || len(res.Created) != n {
			b.Fatalf("%v: %d created", err, len(res.Created))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.StopTimer()
		again := time.Now()
		if res, err = imp(context.Background(), st, p, Options{User: "bench"}); err != nil || len(res.Created) != 0 || res.Unchanged != n {
			b.Fatalf("again: %v: %d created, %d unchanged", err, len(res.Created), res.Unchanged)
		}
		b.ReportMetric(float64(time.Since(again).Milliseconds()), "reimport-ms")
		b.StartTimer()
	}
}

// BenchmarkImportXLSX10kChanged imports a 10 000-row list into a
// workspace that holds it already with other phone numbers: every row is
// merged into its stored dossier (10 000 saves). First: the first importer.
func BenchmarkImportXLSX10kChanged(b *testing.B)      { benchChanged(b, 10000, Import) }
func BenchmarkImportXLSX10kChangedFirst(b *testing.B) { benchChanged(b, 10000, importSlice) }

// BenchmarkImportXLSX100kChanged: the same at 100 000, the month's list
// from the ERP imported again into the book it made (every row a save
// through transactions into a 100 000-customer workspace).
func BenchmarkImportXLSX100kChanged(b *testing.B) { benchChanged(b, 100000, Import) }

func benchChanged(b *testing.B, n int, imp func(context.Context, *store.Store, string, Options) (Result, error)) {
	dir := b.TempDir()
	p, q := filepath.Join(dir, "big.xlsx"), filepath.Join(dir, "changed.xlsx")
	writeBig(b, p, n)
	writeBigPhones(b, q, n, "+49 40 %07d")
	for b.Loop() {
		b.StopTimer()
		st := mustStore(b)
		if _, err := Import(context.Background(), st, p, Options{User: "bench"}); err != nil {
			b.Fatal(err)
		}
		debug.FreeOSMemory()
		b.StartTimer()
		cpu := memstat.CPUTime()
		var res Result
		var err error
		stopAnon := memstat.SampleAnon()
		peak := memstat.Peak(func() { res, err = imp(context.Background(), st, q, Options{User: "bench"}) })
		anon := stopAnon()
		b.ReportMetric(float64((memstat.CPUTime() - cpu).Milliseconds()), "cpu-ms")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(float64(anon)/(1<<20), "rss-anon-MB")
		if err != nil || len(res.Merged) != n || len(res.Created) != 0 {
			b.Fatalf("%v: %d merged, %d created", err, len(res.Merged), len(res.Created))
		}
	}
}

// BenchmarkImportXLSX100kIntoBook imports a 100 000-row list of new
// customers into a workspace that holds customers already: by default
// 100 000, too large a workspace for a rewrite, so it goes through
// transactions. It opens $CREDENCE_BENCH_WS with $CREDENCE_PASSPHRASE
// instead when set (a copy: it is written to), e.g. a book of 20 000 that
// the load rewrites. Run with -benchtime 1x.
func BenchmarkImportXLSX100kIntoBook(b *testing.B) {
	p := filepath.Join(b.TempDir(), "big.xlsx")
	writeBig(b, p, 100000)
	var st *store.Store
	if dir := os.Getenv("CREDENCE_BENCH_WS"); dir != "" {
		var err error
		if st, err = store.Open(dir, os.Getenv("CREDENCE_PASSPHRASE"), store.Options{}); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
	} else {
		st = mustStore(b)
		if _, err := st.BulkCreate(gen.Stream(100000, 1), "gen", nil); err != nil {
			b.Fatal(err)
		}
	}
	before := st.Count()
	debug.FreeOSMemory()
	for b.Loop() {
		var res Result
		var err error
		cpu := memstat.CPUTime()
		peak := memstat.Peak(func() { res, err = Import(context.Background(), st, p, Options{User: "bench"}) })
		b.ReportMetric(float64((memstat.CPUTime() - cpu).Milliseconds()), "cpu-ms")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		if err != nil || len(res.Created) != 100000 {
			b.Fatalf("%v: %d created", err, len(res.Created))
		}
	}
	if st.Count() != before+100000 {
		b.Fatalf("the book holds %d, want %d", st.Count(), before+100000)
	}
}
