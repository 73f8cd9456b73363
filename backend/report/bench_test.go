package report

import (
	"bytes"
	"testing"
)

// onePageThai is a Thai buyer's name for the one-page document.
const onePageThai = "บริษัท สยาม ไลท์ติ้ง จำกัด Siam Lighting Co., Ltd. 暹罗照明有限公司"

// buildOnePage is a one-page bilingual document: Chinese, Latin and Thai
// text, a key/value block and a short table.
func buildOnePage(tb testing.TB, lang string) *Doc {
	tb.Helper()
	opts := sampleOpts
	opts.Lang = lang
	d := New(opts)
	d.Heading(1, headings[0])
	d.Paragraph(companyLine)
	d.Paragraph(onePageThai)
	d.KeyValues(sampleKVs[:4])
	d.Paragraph(sampleParagraphs[0])
	d.Paragraph(sampleParagraphs[1])
	d.Table(sampleCols, sampleRows(8))
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return d
}

// buildLatinPage is a one-page English-only document: no Chinese or Thai.
func buildLatinPage(tb testing.TB) *Doc {
	tb.Helper()
	d := New(Options{Lang: LangEN, FooterText: "Report No. CR-2024-000123", HeaderText: "Credit Assessment Report"})
	d.Heading(1, "Credit Assessment Report")
	d.Paragraph("Shenzhen Bright Lighting Co., Ltd, registered capital 5,000,000 CNY.")
	d.Paragraph(sampleParagraphs[1])
	d.Table([]Column{{Title: "No."}, {Title: "Invoice"}, {Title: "Date"}, {Title: "Status"}},
		[][]string{{"R001", "INV-2024-01000", "2022-01-01", "Paid on time"}, {"R002", "INV-2024-01007", "2022-01-04", "Settled 17 days late"}})
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkOnePage makes a one-page bilingual PDF (zh-CN, en) and an
// English-only one after a first one made before the timer (issue 17: the
// process is warm, the fonts already cut).
//
//	go test -run '^$' -bench OnePage -count 5 ./backend/report/
func BenchmarkOnePage(b *testing.B) {
	for _, lang := range []string{LangZH, LangEN, "latin-only"} {
		build := func() *Doc {
			if lang == "latin-only" {
				return buildLatinPage(b)
			}
			return buildOnePage(b, lang)
		}
		b.Run(lang, func(b *testing.B) {
			var buf bytes.Buffer
			if err := build().Output(&buf); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				d := build()
				if err := d.Output(&buf); err != nil {
					b.Fatal(err)
				}
				if d.Pages() != 1 {
					b.Fatalf("%d pages, want 1", d.Pages())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/doc")
			b.ReportMetric(float64(buf.Len()), "pdf-bytes")
		})
	}
}
