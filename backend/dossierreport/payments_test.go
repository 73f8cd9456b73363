package dossierreport

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/report"
)

// A customer with receivables gets the receivables section: figures,
// ageing chart, days beyond terms by month, open invoices, collection log.
func TestCreditReportPaymentSection(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, &dossier.Dossier{LegalName: dossier.Fact{Value: "Lumière Import GmbH"}, Country: dossier.Fact{Value: "DE"}, Status: "active"})
	asOf := opts(report.LangEN).Now
	day := func(n int) string { return asOf.AddDate(0, 0, n).Format("2006-01-02") }
	b := receivables.NewBook(st)
	for _, inv := range []receivables.Invoice{
		{Number: "INV-OLD", IssueDate: day(-200), DueDate: day(-170), Amount: 10000, Currency: "USD", PaidAmount: 10000, PaidDate: day(-150)},
		{Number: "INV-LATE", IssueDate: day(-100), DueDate: day(-70), Amount: 25000, Currency: "USD"},
		{Number: "INV-NEW", IssueDate: day(-10), DueDate: day(20), Amount: 12000, Currency: "USD"},
	} {
		if _, err := b.SaveInvoice(d.ID, inv, "李雷"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.AddEntry(d.ID, receivables.Entry{Kind: receivables.EntryPromise, Date: day(-20), PromiseDate: day(-10), PromiseAmount: 25000, Note: "CFO on the phone"}, "李雷"); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{report.LangEN, report.LangZH} {
		var buf bytes.Buffer
		info, err := creditPDF(context.Background(), st, d.ID, opts(lang), &buf)
		if err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "credit-ar-"+lang+".pdf", buf.Bytes())
		if n := pdfPages(t, path); n != info.Pages {
			t.Fatalf("%d pages (Info %d)", n, info.Pages)
		}
		text := runTool(t, "pdftotext", "-layout", path, "-")
		checkGlyphs(t, text)
		if lang == report.LangEN {
			inOrder(t, text, "Receivables", "Exposure", "37,000", "Overdue", "25,000", "longest 70 days", "Days beyond terms",
				"Ageing (USD)", "Days beyond terms by month", "Open invoices", "INV-LATE", "INV-NEW", "Collection log", "promised to pay", "CFO on the phone")
			if strings.Contains(text, "INV-OLD") {
				t.Fatal("a paid invoice among the open ones")
			}
		} else {
			inOrder(t, text, "应收账款", "风险敞口", "账龄（USD）", "按月超期天数", "催收记录", "付款承诺")
		}
	}
}
