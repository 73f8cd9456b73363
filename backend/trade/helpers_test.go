package trade

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

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

var customsHeader = []string{"序号", "进口日期", "进口商", "供应商", "原产国", "海关编码", "产品描述", "数量", "单位", "毛重(kg)", "金额(USD)", "起运港", "目的港"}

// shipment is one row of a customs export; day is days since 2021-01-01.
type shipment struct {
	day      int
	importer string
	supplier string
	country  string
	value    float64
}

// writeCustoms writes a customs-data export as vendors deliver them: a
// title over the columns, a query line, a blank row, Chinese headers,
// dates as Excel serials or text, amounts as text with separators (some
// full-width), and a totals row.
func writeCustoms(tb testing.TB, path string, rows []shipment) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	sw.MergeCell("A1", "M1")
	sw.SetRow("A1", []any{"海关数据查询结果 Customs records"})
	sw.SetRow("A2", []any{"查询条件：进口商 = …  数据来源：某海关数据服务"})
	hdr := make([]any, len(customsHeader))
	for i, h := range customsHeader {
		hdr[i] = h
	}
	sw.SetRow("A4", hdr)
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	var total float64
	for i, s := range rows {
		t := base.AddDate(0, 0, s.day)
		var date any = excelize.Cell{StyleID: dateStyle, Value: t}
		if i%3 == 1 {
			date = t.Format("2006/1/2")
		}
		value := any(fmt.Sprintf("%s", commas(s.value)))
		if i%5 == 2 {
			value = "＄" + fullWidth(fmt.Sprintf("%.0f", s.value))
		}
		total += s.value
		sw.SetRow(fmt.Sprintf("A%d", 5+i), []any{i + 1, date, s.importer, s.supplier, s.country, "8539.50", "LED lamps", 1000 + i, "PCS", "2,400", value, "Ningbo", "Hamburg"})
	}
	sw.SetRow(fmt.Sprintf("A%d", 5+len(rows)), []any{"合计", nil, nil, nil, nil, nil, nil, nil, nil, nil, total})
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

func fullWidth(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c >= '0' && c <= '9' {
			r[i] = c - '0' + '０'
		}
	}
	return string(r)
}

func writeFile(tb testing.TB, path, s string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		tb.Fatal(err)
	}
}
