package customers

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/xuri/excelize/v2"

	"credence/backend/memstat"
)

// writeBig writes an n-row customer list with the streaming writer (a
// merged title, dates as serials, amounts as text).
func writeBig(tb testing.TB, path string, n int) {
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
			fmt.Sprintf("buy@buyer%06d.de", i), fmt.Sprintf("+49 30 %07d", i), fmt.Sprintf("DE%09d", 100000000+i),
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
// workspace (read, match, validate, store in batches); the new customers'
// screening runs after it and is not counted.
func BenchmarkImportXLSX10k(b *testing.B)  { benchImport(b, 10000) }
func BenchmarkImportXLSX100k(b *testing.B) { benchImport(b, 100000) }

func benchImport(b *testing.B, n int) {
	p := filepath.Join(b.TempDir(), "big.xlsx")
	writeBig(b, p, n)
	for b.Loop() {
		b.StopTimer()
		st := mustStore(b)
		debug.FreeOSMemory() // the sheet writer's garbage is not the import's memory
		b.StartTimer()
		var res Result
		var err error
		peak := memstat.Peak(func() { res, err = Import(context.Background(), st, p, Options{User: "bench"}) })
		if err != nil || len(res.Created) != n {
			b.Fatalf("%v: %d created", err, len(res.Created))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	}
}
