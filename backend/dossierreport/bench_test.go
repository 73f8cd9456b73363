package dossierreport

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"credence/backend/gen"
	"credence/backend/report"
)

// countWriter counts bytes and throws them away.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkCreditReport6Pages renders a bilingual (Chinese and English
// data) report of about six pages with four phone photos (2000×1500 JPEG,
// downscaled on the way in), in each report language. Budget: < 500 ms and
// < 2 MB per report.
func BenchmarkCreditReport6Pages(b *testing.B) {
	st := mustStore(b)
	d := richDossier("深圳市光明照明科技有限公司", "Shenzhen Guangming Lighting Technology Co., Ltd.")
	d.Identifiers = identifiers(6)
	d.Aliases = []string{"光明照明"}
	d.LegalRecords, d.Banks, d.References = nil, nil, nil
	d.CreditReports = d.CreditReports[:1]
	d = mustCreate(b, st, d)
	for i := 0; i < 4; i++ {
		kind := []string{"licence", "site", "site", "site"}[i]
		if _, err := st.AddAttachment(d.ID, fmt.Sprintf("IMG_%04d.jpg", 3101+i), kind, jpegPhoto(b, 2000, 1500, int64(i)), "李雷"); err != nil {
			b.Fatal(err)
		}
	}
	assessAndApprove(b, st, d.ID, true)
	for _, lang := range []string{report.LangZH, report.LangEN} {
		b.Run(lang, func(b *testing.B) {
			var info Info
			for b.Loop() {
				var err error
				info, err = creditPDF(context.Background(), st, d.ID, opts(lang), &countWriter{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(info.Bytes), "bytes/report")
			b.ReportMetric(float64(info.Pages), "pages")
		})
	}
}

// BenchmarkPortfolio10k renders the portfolio summary of a 10 000-customer
// workspace (about 4 000 of them active or new; 100 assessed).
func BenchmarkPortfolio10k(b *testing.B) {
	st := mustStore(b)
	ds, err := st.CreateDossiers(gen.Dossiers(10000, 1), "李雷", nil)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, d := range ds {
		if n < 100 && (d.Status == "active" || d.Status == "new") {
			assessAndApprove(b, st, d.ID, n%4 == 0)
			n++
		}
	}
	var info Info
	for b.Loop() {
		var err error
		info, err = portfolioPDF(context.Background(), st, opts(report.LangZH), &countWriter{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(info.Bytes), "bytes/report")
	b.ReportMetric(float64(info.Pages), "pages")
	if os.Getenv("REPORT_TEST_OUT") != "" {
		f, err := os.Create(filepath.Join(outDir(b), "portfolio-10k.pdf"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if _, err := portfolioPDF(context.Background(), st, opts(report.LangEN), f); err != nil {
			b.Fatal(err)
		}
	}
}
