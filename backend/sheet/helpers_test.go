package sheet

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// writeXLSX writes rows the way a real export looks: a title merged over
// the columns, a date line, a blank line, then the table. A cell that is a
// float64 tagged as a date is written as an Excel date serial with a date
// format, as Excel stores it.
type dateCell float64

func writeXLSX(t testing.TB, path, title string, header []string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	last, _ := excelize.ColumnNumberToName(len(header))
	if title != "" {
		f.SetCellValue(sh, "A1", title)
		if err := f.MergeCell(sh, "A1", last+"1"); err != nil {
			t.Fatal(err)
		}
		f.SetCellValue(sh, "A2", "导出日期 Exported: 2024-03-01")
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	start := 1
	if title != "" {
		start = 4 // row 3 left blank
	}
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	for i, h := range header {
		f.SetCellValue(sh, cell(i+1, start), h)
	}
	for r, row := range rows {
		for c, v := range row {
			n := cell(c+1, start+1+r)
			switch x := v.(type) {
			case dateCell:
				f.SetCellValue(sh, n, float64(x))
				f.SetCellStyle(sh, n, n, dateStyle)
			case nil:
			default:
				f.SetCellValue(sh, n, x)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeGB18030(t testing.TB, path, text string) {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readAll(t testing.TB, path string, s Schema) (*Table, []Row) {
	t.Helper()
	src, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	tb, err := FindHeader(src, s)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row
	for {
		r, err := tb.Next()
		if err != nil {
			break
		}
		rows = append(rows, r)
	}
	return tb, rows
}

func tmp(t testing.TB, name string) string { return filepath.Join(t.TempDir(), name) }

var reDay = regexpMust(`^\d{4}-\d{2}-\d{2}$`)

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
