package desk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/store"
)

// u8Row is one invoice line of a 用友 U8 ageing export.
type u8Row struct {
	code, name, number string
	issue, due         time.Time
	ccy                string
	amount, balance    float64
}

// writeU8 writes an ageing export the way 用友 U8 saves one: a merged
// title, a date line, a two-row header whose ageing buckets sit under a
// merged 账龄 cell, dates as Excel serials and as text, amounts as numbers
// and as text with thousands separators, 人民币/美元 in the currency
// column, a subtotal per customer and a grand total.
func writeU8(tb testing.TB, path string, rows []u8Row) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.MergeCell("A1", "L1")
	sw.SetRow("A1", []any{"应收账龄分析表"})
	sw.SetRow("A2", []any{"截止日期：2026-06-30", nil, nil, "单位：元"})
	sw.MergeCell("I3", "L3")
	sw.SetRow("A3", []any{"客户编码", "客户名称", "单据编号", "单据日期", "到期日", "币种", "原币金额", "原币余额", "账龄"})
	sw.SetRow("A4", []any{nil, nil, nil, nil, nil, nil, nil, nil, "未到期", "1-30天", "31-60天", "60天以上"})
	line := 5
	var total float64
	for i, r := range rows {
		var issue, due any = excelize.Cell{StyleID: dateStyle, Value: r.issue}, r.due.Format("2006/1/2")
		if i%2 == 1 {
			issue, due = r.issue.Format("2006年1月2日"), excelize.Cell{StyleID: dateStyle, Value: r.due}
		}
		var amount any = r.amount
		if i%3 == 0 {
			amount = fmt.Sprintf("%s.00", commas(r.amount))
		}
		sw.SetRow(fmt.Sprintf("A%d", line), []any{r.code, r.name, r.number, issue, due, r.ccy, amount, r.balance})
		line++
		total += r.amount
		if i == len(rows)-1 || rows[i+1].code != r.code {
			sw.SetRow(fmt.Sprintf("A%d", line), []any{r.code, r.name, "小计", nil, nil, nil, nil, nil})
			line++
		}
	}
	sw.SetRow(fmt.Sprintf("A%d", line), []any{"合计", nil, nil, nil, nil, nil, total})
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

func commas(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	out := ""
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(c)
	}
	return out
}

func d(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

func mustDesk(t *testing.T) (*Desk, *store.Store, *dossier.Dossier, *dossier.Dossier) {
	st := mustStore(t)
	a := longCustomer(t, st, "Lumière Import GmbH")
	b, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "杭州明辉贸易有限公司"}, Country: dossier.Fact{Value: "CN"}, Status: "active"}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	dk := NewDesk(st)
	dk.Now, dk.Book.Now = fixed(now), fixed(now)
	return dk, st, a, b
}

var u8Rows = []u8Row{
	{"0101", "杭州明辉贸易有限公司", "XS-0001", d("2026-03-01"), d("2026-03-31"), "人民币", 120000, 20000},
	{"0101", "杭州明辉贸易有限公司", "XS-0002", d("2026-05-10"), d("2026-06-09"), "人民币", 80000, 80000},
	{"0101", "杭州明辉贸易有限公司", "XS-0003", d("2026-06-15"), d("2026-07-15"), "人民币", 50000, 50000},
	{"0102", "LUMIERE IMPORT GMBH", "XS-0004", d("2026-04-01"), d("2026-05-01"), "美元", 15000, 15000},
	{"0102", "LUMIERE IMPORT GMBH", "XS-0005", d("2026-02-01"), d("2026-03-01"), "美元", 9000, 0},
	{"0103", "未知客户有限公司", "XS-0006", d("2026-04-01"), d("2026-05-01"), "人民币", 3000, 3000},
	{"0103", "未知客户有限公司", "XS-0007", d("2026-04-02"), d("2026-05-02"), "人民币", 4000, 4000},
	{"0101", "杭州明辉贸易有限公司", "XS-0008", d("2026-01-10"), d("2026-02-09"), "人民币", -5000, -5000},
}

func TestImportU8AgeingExport(t *testing.T) {
	dk, st, lumiere, minghui := mustDesk(t)
	p := filepath.Join(t.TempDir(), "应收账龄分析表.xlsx")
	writeU8(t, p, u8Rows)
	mapping, err := receivables.FindMapping(st, "用友 U8 应收账龄")
	if err != nil {
		t.Fatal(err)
	}
	res, err := dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: mapping})
	if err != nil {
		t.Fatalf("%v %+v", err, res.Errors)
	}
	if res.Added != 6 || res.Credits != 1 || res.Dossiers[minghui.ID] != 4 || res.Dossiers[lumiere.ID] != 2 || res.Known != 0 {
		t.Fatalf("result %+v", res)
	}
	if len(res.Unmatched) != 1 || res.Unmatched[0].Code != "0103" || res.Unmatched[0].Rows != 2 || res.Unmatched[0].Amount != 7000 {
		t.Fatalf("unmatched %+v", res.Unmatched)
	}
	if res.Skipped < 5 { // header's second row, three subtotals, the total
		t.Fatalf("skipped %d", res.Skipped)
	}
	l, err := dk.Book.Ledger(minghui.ID)
	if err != nil || len(l.Invoices) != 3 || len(l.CreditNotes) != 1 {
		t.Fatalf("ledger %+v %v", l, err)
	}
	i := slices.IndexFunc(l.Invoices, func(x receivables.Invoice) bool { return x.Number == "XS-0001" })
	if inv := l.Invoices[i]; inv.IssueDate != "2026-03-01" || inv.DueDate != "2026-03-31" || inv.Amount != 120000 || inv.PaidAmount != 100000 || inv.Currency != "CNY" || inv.Source != "应收账龄分析表.xlsx" {
		t.Fatalf("invoice %+v", inv)
	}
	lu, _ := dk.Book.Ledger(lumiere.ID)
	if len(lu.Invoices) != 2 || lu.Invoices[0].Currency != "USD" {
		t.Fatalf("lumière %+v", lu.Invoices)
	}
	// Figures as of 30 June: XS-0001 91 days, XS-0002 21 days, XS-0003 not due; 5 000 on account.
	f := receivables.Compute(l, now, "CNY", nil)
	if f.Ageing != [5]float64{50000, 80000, 0, 0, 20000} || f.OnAccount != 5000 || f.Exposure != 145000 || f.MaxOverdue != 91 || f.Largest.Number != "XS-0002" {
		t.Fatalf("figures ageing %v on account %v exposure %v max %d largest %+v", f.Ageing, f.OnAccount, f.Exposure, f.MaxOverdue, f.Largest)
	}

	// The same export again changes nothing, not even a timestamp.
	var before, after receivables.Invoice
	st.GetRecord(receivables.KindInvoice, minghui.ID+"/XS-0001", &before)
	dk.Now = fixed(now.Add(time.Hour))
	again, err := dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: mapping})
	if err != nil || again.Added != 0 || again.Updated != 0 || again.Known != 6 {
		t.Fatalf("re-import %+v %v", again, err)
	}
	st.GetRecord(receivables.KindInvoice, minghui.ID+"/XS-0001", &after)
	if !before.UpdatedAt.Equal(after.UpdatedAt) {
		t.Fatal("re-import rewrote the invoice")
	}
	// Next month's export: XS-0001 paid in full; the unknown customer was
	// added in the meantime and matches by name now.
	if _, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "未知客户有限公司"}}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	rows := slices.Clone(u8Rows)
	rows[0].balance = 0
	writeU8(t, p, rows)
	next, err := dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: mapping})
	if err != nil || next.Updated != 1 || next.Added != 2 || len(next.Unmatched) != 0 {
		t.Fatalf("next month %+v %v", next, err)
	}
	// A later export under another name of the customer matches by the
	// code the first one linked.
	rows = []u8Row{{"0101", "明辉贸易", "XS-0009", d("2026-06-20"), d("2026-07-20"), "人民币", 1000, 1000}}
	writeU8(t, p, rows)
	byCode, err := dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: mapping})
	if err != nil || byCode.Dossiers[minghui.ID] != 1 {
		t.Fatalf("by code %+v %v", byCode, err)
	}
}

func TestImportRefusesABadFileWhole(t *testing.T) {
	dk, _, _, minghui := mustDesk(t)
	p := filepath.Join(t.TempDir(), "bad.xlsx")
	rows := slices.Clone(u8Rows[:3])
	rows = append(rows, u8Row{"0101", "杭州明辉贸易有限公司", "XS-0001", d("2026-03-01"), d("2026-03-31"), "人民币", 999, 0}) // the same invoice, other figures
	rows = append(rows, u8Row{"0101", "杭州明辉贸易有限公司", "XS-0010", d("2026-03-01"), d("2026-03-31"), "比特币", 10, 0})
	writeU8(t, p, rows)
	res, err := dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: receivables.Presets[0].Mapping})
	if !errs.Is(err, errs.Invalid) || res.Written || len(res.Errors) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	keys := []string{res.Errors[0].Key, res.Errors[1].Key}
	if !slices.Contains(keys, "err.arRowTwice") || !slices.Contains(keys, "err.arRowCurrency") {
		t.Fatalf("errors %+v", res.Errors)
	}
	if l, _ := dk.Book.Ledger(minghui.ID); len(l.Invoices) != 0 {
		t.Fatalf("half imported: %d invoices", len(l.Invoices))
	}
	res, err = dk.Import(context.Background(), p, receivables.ImportOptions{Mapping: receivables.Presets[0].Mapping, SkipInvalid: true})
	if err != nil || res.Added != 3 {
		t.Fatalf("skip invalid: %+v %v", res, err)
	}
}

// A 金蝶 export saved as tab-separated GB18030 text, and a plain English
// CSV read without any mapping, matched by the customer's VAT number.
func TestImportKingdeeAndPlainCSV(t *testing.T) {
	dk, _, lumiere, minghui := mustDesk(t)
	dir := t.TempDir()
	kd := "金蝶K/3 应收款账龄分析\n\n客户代码\t客户名称\t单据号码\t单据日期\t收款期限\t币别\t原币金额\t已核销金额\t未核销金额\n" +
		"01.001\t杭州明辉贸易有限公司\tAR-1\t2026年1月5日\t2026年3月5日\t人民币\t1,000.00\t400.00\t600.00\n" +
		"01.001\t杭州明辉贸易有限公司\tAR-2\t2026.02.05\t2026.04.05\tRMB\t2,000.00\t2,000.00\t0.00\n" +
		"合计\t\t\t\t\t\t3,000.00\t2,400.00\t600.00\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(kd)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "kingdee.txt.csv")
	os.WriteFile(p, []byte(gb), 0o600)
	res, err := dk.Import(context.Background(), p, receivables.ImportOptions{})
	if err != nil || res.Added != 2 || res.Dossiers[minghui.ID] != 2 || res.Encoding == "" {
		t.Fatalf("kingdee %+v %v", res, err)
	}
	en := "Customer ID,Customer name,Invoice number,Issue date,Due date,Amount,Currency,Paid amount,Paid date\n" +
		"DE136695976,Lumiere Import,INV-1,2026-01-15,2026-03-15,\"12,500.00\",EUR,12500,2026-04-20\n" +
		"DE 136 695 976,Lumiere Import,INV-2,2026-03-01,2026-04-30,8000,EUR,3000,2026-05-02\n"
	p = filepath.Join(dir, "receivables.csv")
	os.WriteFile(p, []byte(en), 0o600)
	res, err = dk.Import(context.Background(), p, receivables.ImportOptions{})
	if err != nil || res.Added != 2 || res.Dossiers[lumiere.ID] != 2 {
		t.Fatalf("plain %+v %v", res, err)
	}
	l, _ := dk.Book.Ledger(lumiere.ID)
	f := receivables.Compute(l, now, "EUR", nil)
	if f.Open != 5000 || f.MaxOverdue != 61 || f.Items[0].PaidDate != "2026-04-20" || f.Items[0].DaysOverdue != 36 {
		t.Fatalf("figures %+v", f)
	}
}
