package desk

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
	"credence/backend/receivables"
	"credence/backend/store"
)

// customers creates n current dossiers named 客户N贸易有限公司.
func customers(tb testing.TB, st *store.Store, n int) []*dossier.Dossier {
	ds := make([]*dossier.Dossier, n)
	for i := range ds {
		ds[i] = &dossier.Dossier{LegalName: dossier.Fact{Value: fmt.Sprintf("客户%05d贸易有限公司", i)}, Status: "active"}
	}
	out, err := st.CreateDossiers(ds, "bench", nil)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// writeBigU8 writes an ageing export of n invoices over 1 000 customers,
// laid out as U8 saves one (title, two-row header, serial dates, amounts
// as text with separators).
func writeBigU8(tb testing.TB, path string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	sw.MergeCell("A1", "L1")
	sw.SetRow("A1", []any{"应收账龄分析表"})
	sw.MergeCell("I3", "L3")
	sw.SetRow("A3", []any{"客户编码", "客户名称", "单据编号", "单据日期", "到期日", "币种", "原币金额", "原币余额", "账龄"})
	sw.SetRow("A4", []any{nil, nil, nil, nil, nil, nil, nil, nil, "未到期", "1-30天", "31-60天", "60天以上"})
	for i := 0; i < n; i++ {
		c := i % 1000
		cell, _ := excelize.CoordinatesToCellName(1, 5+i)
		issue := 45600 + i%300
		if err := sw.SetRow(cell, []any{fmt.Sprintf("C%04d", c), fmt.Sprintf("客户%05d贸易有限公司", c), fmt.Sprintf("XS-%07d", i),
			issue, issue + 60, "人民币", fmt.Sprintf("%d,%03d.50", 10+i%90, i%1000), i % 5000}); err != nil {
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

// BenchmarkImportXLSX100k imports an ageing export of 100 000 invoices of
// 1 000 customers matched by name.
func BenchmarkImportXLSX100k(b *testing.B) {
	p := filepath.Join(b.TempDir(), "ageing.xlsx")
	writeBigU8(b, p, 100000)
	for b.Loop() {
		b.StopTimer()
		st := mustStore(b)
		customers(b, st, 1000)
		dk := NewDesk(st)
		runtime.GC()
		b.StartTimer()
		var res receivables.ImportResult
		var err error
		peak := memstat.Peak(func() { res, err = dk.Import(context.Background(), p, receivables.ImportOptions{}) })
		if err != nil || res.Added != 100000 || len(res.Dossiers) != 1000 {
			b.Fatalf("%v: %d added for %d customers", err, res.Added, len(res.Dossiers))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.StopTimer()
		t0 := time.Now()
		again, err := dk.Import(context.Background(), p, receivables.ImportOptions{})
		if err != nil || again.Known != 100000 {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "reimport-ms")
		b.StartTimer()
	}
}

// BenchmarkAlerts10k evaluates ageing and every rule for 10 000 customers
// with 10 invoices each (100 000 invoices, a fifth of them overdue) and a
// promise to pay each. ns/op is the board from the summaries; first-ms the
// first board, which builds them; full-ms the board computed from every
// record and dossier (the way before the summaries), in the same run;
// cpu-ms/op the process's CPU time per board (all cores, GC and Badger
// included), which a machine shared with other work does not inflate.
func BenchmarkAlerts10k(b *testing.B) {
	st := mustStore(b)
	ds := customers(b, st, 10000)
	base := now.AddDate(0, -6, 0)
	invs := map[string]any{}
	entries := map[string]any{}
	flush := func(kind string, m map[string]any) {
		if err := st.PutRecords(kind, m); err != nil {
			b.Fatal(err)
		}
		clear(m)
	}
	for i, d := range ds {
		for j := 0; j < 10; j++ {
			issue := base.AddDate(0, 0, 15*j+i%7)
			inv := receivables.Invoice{Meta: receivables.Meta{ID: fmt.Sprintf("INV%d", j), DossierID: d.ID}, Number: fmt.Sprintf("INV%d", j),
				IssueDate: issue.Format("2006-01-02"), DueDate: issue.AddDate(0, 0, 30).Format("2006-01-02"), Amount: 10000, Currency: "USD"}
			if j%5 != 0 {
				inv.PaidAmount, inv.PaidDate = 10000, issue.AddDate(0, 0, 30+i%20).Format("2006-01-02")
			}
			invs[d.ID+"/"+inv.ID] = inv
		}
		entries[d.ID+"/P"] = receivables.Entry{Meta: receivables.Meta{ID: "P", DossierID: d.ID}, Kind: receivables.EntryPromise,
			Date: now.AddDate(0, 0, -20).Format("2006-01-02"), PromiseDate: now.AddDate(0, 0, -10).Format("2006-01-02")}
		if len(invs) >= 500 {
			flush(receivables.KindInvoice, invs)
			flush(receivables.KindEntry, entries)
		}
	}
	flush(receivables.KindInvoice, invs)
	flush(receivables.KindEntry, entries)
	dk := NewDesk(st)
	dk.Now = fixed(now)
	// The records were written around the book, as a workspace from
	// before the summaries: the first board builds them (and reads every
	// dossier once for its insurance limits).
	t0 := time.Now()
	first, err := dk.Alerts()
	if err != nil {
		b.Fatal(err)
	}
	firstMS := time.Since(t0).Milliseconds()
	t0, fullCPU := time.Now(), memstat.CPUTime()
	full, err := dk.alertsFull()
	if err != nil || len(full) != len(first) {
		b.Fatalf("%d alerts from the full computation, %d from the summaries: %v", len(full), len(first), err)
	}
	fullMS, fullCPU := time.Since(t0).Milliseconds(), memstat.CPUTime()-fullCPU
	cpu0 := memstat.CPUTime()
	for b.Loop() {
		all, err := dk.Alerts()
		if err != nil || len(all) < 10000 {
			b.Fatalf("%d alerts: %v", len(all), err)
		}
		b.ReportMetric(float64(len(all)), "alerts")
	}
	b.ReportMetric(float64((memstat.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(firstMS), "first-ms")
	b.ReportMetric(float64(fullMS), "full-ms")
	b.ReportMetric(float64(fullCPU.Milliseconds()), "full-cpu-ms")
}
