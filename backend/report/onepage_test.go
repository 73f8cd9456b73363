package report

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func onePage(tb testing.TB) []byte {
	tb.Helper()
	d := New(Options{Title: "One page", FooterText: "R-1", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	d.Heading(1, "深圳光明照明有限公司 Shenzhen Guangming Lighting Co., Ltd.")
	d.Paragraph("Customer since 2019; pays within terms. 客户自2019年起合作，按期付款。บริษัท สยาม จำกัด")
	d.KeyValues([]KV{{Key: "国家 Country", Value: "中国 CN"}, {Key: "Limit", Value: "USD 250 000"}})
	d.Table([]Column{{Title: "发票 Invoice"}, {Title: "Amount"}}, [][]string{{"INV-1", "12 000"}, {"INV-2", "8 500"}})
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// The fonts are parsed once per process and shared: documents built at the
// same time come out as the one built alone (same size: gofpdf writes its
// fonts in map order, so not the same bytes) and their Chinese, Latin and
// Thai text reads back (a subset made from a shared reader position, or
// from font bytes another document wrote into, draws other glyphs or
// breaks the file). Run with -race it also proves the sharing read-only.
func TestFontsSharedAcrossDocuments(t *testing.T) {
	needTool(t, "pdftotext")
	want := onePage(t)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = onePage(t) }()
	}
	wg.Wait()
	for i, g := range append(got, want) {
		if len(g) != len(want) {
			t.Fatalf("document %d built concurrently is %d bytes, the one built alone %d", i, len(g), len(want))
		}
		path := filepath.Join(t.TempDir(), "one.pdf")
		if err := os.WriteFile(path, g, 0o644); err != nil {
			t.Fatal(err)
		}
		assertInOrder(t, runTool(t, "pdftotext", path, "-"), "深圳光明照明有限公司", "Shenzhen Guangming Lighting",
			"客户自2019年起合作", "บริษัท", "INV-2", "8 500")
		assertEmbedded(t, path, 3)
	}
}

// BenchmarkOnePage builds a one-page document (Chinese, Latin, Thai, a
// table) after a first one has loaded the fonts: what every quick export
// after the first costs.
//
//	go test -run '^$' -bench OnePage -benchmem ./backend/report/
func BenchmarkOnePage(b *testing.B) {
	onePage(b)
	var size int
	for b.Loop() {
		size = len(onePage(b))
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
