package customers

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/errs"
)

// column of an exported sheet: headers in both languages, the kind of
// cell (text, number, money, date, bool) and a width in characters.
type column struct {
	en, zh string
	kind   string
	width  float64
}

const (
	cText  = "text"
	cInt   = "int"
	cMoney = "money"
	cPct   = "pct"
	cDate  = "date"
	cTime  = "time"
	cBool  = "bool"
)

// book writes a workbook sheet by sheet, streaming the rows: every sheet
// has a bold header row that stays frozen while scrolling, and cells of
// their proper types (numbers as numbers, dates as dates) so that the
// manager can sum and filter in Excel.
type book struct {
	f      *excelize.File
	lang   string
	styles map[string]int
	head   int
	n      int
}

func newBook(lang string) (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f, lang: lang, styles: map[string]int{}}
	var err error
	fmts := map[string]string{cInt: "#,##0", cMoney: "#,##0.00", cPct: "0%", cDate: "yyyy-mm-dd", cTime: "yyyy-mm-dd hh:mm"}
	for k, f := range fmts {
		fmtCopy := f
		if b.styles[k], err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtCopy}); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "workbook style")
		}
	}
	wrap := &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
	if b.styles[cText], err = f.NewStyle(wrap); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "workbook style")
	}
	if b.head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}}}); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "workbook style")
	}
	return b, nil
}

// sheet writes one sheet; rows yields each row's values in column order
// (nil for an empty cell) and returns false when done.
func (b *book) sheet(nameEN, nameZH string, cols []column, rows func(emit func(vals ...any) error) error) error {
	name := nameEN
	if b.lang == "zh-CN" {
		name = nameZH
	}
	if b.n == 0 {
		if err := b.f.SetSheetName(b.f.GetSheetName(0), name); err != nil {
			return errs.Wrap(errs.Internal, err, "name sheet")
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return errs.Wrap(errs.Internal, err, "add sheet")
	}
	b.n++
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "write sheet")
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return errs.Wrap(errs.Internal, err, "freeze header")
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return errs.Wrap(errs.Internal, err, "column width")
		}
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		h := c.en
		if b.lang == "zh-CN" {
			h = c.zh
		}
		head[i] = excelize.Cell{StyleID: b.head, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return errs.Wrap(errs.Internal, err, "write header")
	}
	r := 2
	emit := func(vals ...any) error {
		cells := make([]any, len(cols))
		for i, c := range cols {
			if i >= len(vals) || vals[i] == nil {
				continue
			}
			v := vals[i]
			switch c.kind {
			case cDate:
				if s, ok := v.(string); ok {
					t, err := time.Parse("2006-01-02", s)
					if err != nil {
						cells[i] = s // not a date after all: keep the text rather than lose it
						continue
					}
					v = t
				}
			case cTime:
				if t, ok := v.(time.Time); ok {
					if t.IsZero() {
						continue
					}
					v = t.Local()
				}
			}
			cells[i] = excelize.Cell{StyleID: b.styles[c.kind], Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, cells)
	}
	if err := rows(emit); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(errs.Internal, err, "write sheet")
	}
	return nil
}

func (b *book) write(w io.Writer) error {
	defer b.f.Close()
	if err := b.f.Write(w); err != nil {
		return errs.Wrap(errs.Internal, err, "write workbook")
	}
	return nil
}

func pick(lang, en, zh string) string {
	if lang == "zh-CN" {
		return zh
	}
	return en
}
