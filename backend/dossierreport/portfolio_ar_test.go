package dossierreport

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/report"
)

// Exposure and overdue come from the receivables once there are some.
func TestPortfolioShowsExposureAndOverdue(t *testing.T) {
	st := mustStore(t)
	d, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Lumière Import GmbH"}, Status: "active"}, "李雷")
	if err != nil {
		t.Fatal(err)
	}
	quiet, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Quiet Buyer Ltd"}, Status: "active"}, "李雷")
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format("2006-01-02") }
	b := receivables.NewBook(st)
	for _, inv := range []receivables.Invoice{
		{Number: "INV-1", IssueDate: day(-100), DueDate: day(-70), Amount: 25000, Currency: "USD"},
		{Number: "INV-2", IssueDate: day(-10), DueDate: day(20), Amount: 12000, Currency: "USD"},
	} {
		if _, err := b.SaveInvoice(d.ID, inv, "李雷"); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := portfolioRows(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		switch r.ID {
		case d.ID:
			if r.Exposure != 37000 || r.Overdue != 25000 || r.ARCurrency != "USD" {
				t.Fatalf("row %+v", r)
			}
		case quiet.ID:
			if r.Exposure != 0 || r.ARCurrency != "" {
				t.Fatalf("no receivables, yet %+v", r)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := portfolioPDF(context.Background(), st, opts(report.LangEN), &buf); err != nil {
		t.Fatal(err)
	}
	text := runTool(t, "pdftotext", "-layout", writeFile(t, "pf.pdf", buf.Bytes()), "-")
	if !strings.Contains(text, "37,000") || !strings.Contains(text, "25,000") || strings.Contains(text, "appear once receivables are recorded") {
		t.Fatalf("portfolio text:\n%s", text)
	}
}
