package trade

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/dossier"
	"credence/backend/memstat"
)

func writeBigCustoms(tb testing.TB, path string, n int) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	sw.MergeCell("A1", "M1")
	sw.SetRow("A1", []any{"海关数据 Customs records"})
	hdr := make([]any, len(customsHeader))
	for i, h := range customsHeader {
		hdr[i] = h
	}
	sw.SetRow("A3", hdr)
	sup := []string{"Ningbo Light Co., Ltd.", "Shenzhen Bright Tech", "Xiamen Lumen", "Osram Asia Sdn Bhd", "Foshan Lamps"}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		if err := sw.SetRow(cell, []any{i, 43000 + i/40, "LUMIERE IMPORT GMBH", sup[i%len(sup)], "中国", "8539.50", "LED lamps",
			1000 + i%500, "PCS", fmt.Sprintf("%d", 2000+i%900), fmt.Sprintf("%d,%03d", 10+i%90, i%1000), "Ningbo", "Hamburg"}); err != nil {
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

// BenchmarkImportXLSX100k imports 100 000 shipments of one buyer, matched
// by the importer's name, then derives its figures.
func BenchmarkImportXLSX100k(b *testing.B) {
	p := filepath.Join(b.TempDir(), "customs.xlsx")
	writeBigCustoms(b, p, 100000)
	for b.Loop() {
		b.StopTimer()
		st := mustStore(b)
		d, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Lumière Import GmbH"}}, "bench")
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		var res Result
		peak := memstat.Peak(func() { res, err = Import(context.Background(), st, p, Options{}) })
		if err != nil || res.Added != 100000 {
			b.Fatalf("%v: %d added", err, res.Added)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.StopTimer()
		t0 := time.Now()
		f, _, err := FiguresOf(st, d.ID)
		if err != nil || f.Summary.Shipments != 100000 {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "figures-ms")
		b.StartTimer()
	}
}
