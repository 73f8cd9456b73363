package customers

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"credence/backend/dossier"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

func mustStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Create(filepath.Join(tb.TempDir(), "ws"), "correct horse battery",
		store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, store.Options{KDF: storetest.CheapKDF})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// serial marks a cell written as an Excel date serial with a date format.
type serial float64

// writeSheet writes a customer list as people keep one: a title merged
// across the columns, an export-date line, a blank row, the header, the
// rows (nil leaves a row blank) and a totals row at the end.
func writeSheet(tb testing.TB, path string, header []string, rows [][]any) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	last, _ := excelize.ColumnNumberToName(len(header))
	sw.MergeCell("A1", last+"1")
	sw.SetRow("A1", []any{"宁波出口有限公司 客户名单 Customer list"})
	sw.SetRow("A2", []any{"导出时间：2024-03-01 09:00"})
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	sw.SetRow("A4", hdr)
	n := 5
	for _, r := range rows {
		cells := make([]any, len(r))
		for i, v := range r {
			if s, ok := v.(serial); ok {
				cells[i] = excelize.Cell{StyleID: dateStyle, Value: float64(s)}
			} else {
				cells[i] = v
			}
		}
		sw.SetRow(fmt.Sprintf("A%d", n), cells)
		n++
	}
	sw.SetRow(fmt.Sprintf("A%d", n), []any{"合计", fmt.Sprintf("%d 家", len(rows))})
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

var header = []string{"序号", "客户名称", "英文名称", "国家", "邮箱", "电话", "统一社会信用代码/VAT", "成立日期", "注册资本", "联系人", "业务员", "状态", "备注"}

// customerRows are n customers; every 50th row is blank, as sheets edited
// by hand have.
func customerRows(n int) [][]any {
	countries := []string{"德国", "DE", "United States", "美国", "Brazil", "越南", "GB", "法国"}
	var rows [][]any
	for i := 1; i <= n; i++ {
		if i%50 == 0 {
			rows = append(rows, nil)
		}
		date := any(serial(40000 + i))
		if i%3 == 0 {
			date = fmt.Sprintf("20%02d年%d月%d日", 10+i%14, 1+i%12, 1+i%28)
		}
		capital := fmt.Sprintf("%d,%03d", 1+i%900, i%1000)
		if i%4 == 0 {
			capital = "１２３，４５６" // full-width, as a Chinese input method types it
		}
		rows = append(rows, []any{
			i, fmt.Sprintf("Buyer %04d Trading GmbH", i), fmt.Sprintf("Buyer %04d Trading", i), countries[i%len(countries)],
			fmt.Sprintf("purchasing@buyer%04d.de", i), fmt.Sprintf("+49 30 %07d", 1000000+i),
			fmt.Sprintf("DE%09d", 100000000+i), date, capital, fmt.Sprintf("Contact %d", i), "Li Wei", "成交客户", "",
		})
	}
	return rows
}

func simplifiedchineseEncode(s string) ([]byte, error) {
	return simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
}

// byName loads the one current dossier of that display name.
func byName(tb testing.TB, st *store.Store, name string) *dossier.Dossier {
	tb.Helper()
	var found []string
	for _, r := range st.Search(search.Query{Limit: st.Count() + 1}).Rows {
		if r.Name == name {
			found = append(found, r.ID)
		}
	}
	if len(found) != 1 {
		tb.Fatalf("%d dossiers named %q", len(found), name)
	}
	d, err := st.Dossier(found[0])
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
