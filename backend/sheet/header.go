package sheet

import (
	"context"
	"io"
	"strings"

	"credence/backend/errs"
)

// headerWindow is how many rows may come before the header: titles, a
// date line, a "prepared by" line, blank lines.
const headerWindow = 30

// Table is a source whose header row has been found: Next yields only the
// data rows after it, without blank lines and totals rows.
type Table struct {
	src        *Source
	Headers    []string
	HeaderLine int // 1-based line of the header in the file
	Encoding   string
	pending    [][]string // rows read while looking for the header
	lines      []int
	Skipped    int // blank and totals rows passed over
}

// Row is one data row with its line in the file (for error lists).
type Row struct {
	Line  int
	Cells []string
}

// FindHeader reads up to the header row: among the first rows, the one
// whose cells name most of the schema's fields (at least two), else the
// first row with at least two filled cells, after a merged title row has
// left all but one cell blank.
func FindHeader(src *Source, s Schema) (*Table, error) {
	t := &Table{src: src, Encoding: src.Encoding}
	var rows [][]string
	var lines []int
	for len(rows) < headerWindow {
		row, line, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		rows, lines = append(rows, row), append(lines, line)
	}
	best, bestScore := -1, 1
	for i, r := range rows {
		if sc := s.score(r); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		for i, r := range rows {
			if filled(r) >= 2 {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return nil, errs.New(errs.Invalid, "no header row found in the first %d rows", headerWindow).WithKey("err.sheetNoHeader")
	}
	t.Headers = make([]string, len(rows[best]))
	for i, h := range rows[best] {
		t.Headers[i] = Clean(h)
	}
	t.HeaderLine = lines[best]
	t.pending, t.lines = rows[best+1:], lines[best+1:]
	return t, nil
}

func filled(r []string) int {
	n := 0
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// Each calls fn with every remaining row, in order, until the end of the
// table, fn's first error or the cancellation of ctx (looked at every 256
// rows), which stops it with errs key "err.importCancelled".
func (t *Table) Each(ctx context.Context, fn func(Row) error) error {
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return errs.Wrap(errs.Invalid, err, "import cancelled").WithKey("err.importCancelled")
			}
		}
		row, err := t.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// Next returns the next data row, io.EOF after the last.
func (t *Table) Next() (Row, error) {
	for {
		var row []string
		var line int
		if len(t.pending) > 0 {
			row, line = t.pending[0], t.lines[0]
			t.pending, t.lines = t.pending[1:], t.lines[1:]
		} else {
			var err error
			if row, line, err = t.src.Next(); err != nil {
				return Row{}, err
			}
		}
		if filled(row) == 0 || IsTotals(row) {
			t.Skipped++
			continue
		}
		return Row{Line: line, Cells: row}, nil
	}
}

// Close closes the file.
func (t *Table) Close() error { return t.src.Close() }

var totalWords = []string{"合计", "总计", "小计", "共计", "總計", "合計", "total", "totals", "grandtotal", "subtotal", "sum"}

// IsTotals reports whether a row is a totals line: its first filled cell
// says so and nothing more (合计, Total, Grand total:) — "Total SA" is a
// customer, not a sum.
func IsTotals(row []string) bool {
	for _, c := range row {
		k := HeaderKey(c)
		if k == "" {
			continue
		}
		for _, w := range totalWords {
			if k == w {
				return true
			}
		}
		return false
	}
	return false
}
