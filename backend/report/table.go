package report

import (
	"fmt"
	"math"
)

// Column describes a table column.
type Column struct {
	Title string
	Width float64 // relative weight; columns share the body width in proportion (0 counts as 1)
	Align Align
}

const cellPadX, cellPadY = 1.5, 1.1

// Table adds a table. Cell text is wrapped with the same line breaker as
// paragraphs. The table continues over pages with the header row repeated; a
// row is moved whole to the next page when it does not fit, and a row taller
// than a page is split between pages. Rows shorter than cols are padded; a
// row longer than cols is an error.
func (d *Doc) Table(cols []Column, rows [][]string) {
	if !d.ok() || len(cols) == 0 {
		return
	}
	for i, r := range rows {
		if len(r) > len(cols) {
			d.fail(fmt.Errorf("table row %d has %d cells for %d columns: %w", i, len(r), len(cols), errInvalid))
			return
		}
	}
	sum := 0.0
	for _, c := range cols {
		sum += colWeight(c)
	}
	xs := make([]float64, len(cols))
	ws := make([]float64, len(cols))
	x := d.left
	for i, c := range cols {
		xs[i], ws[i] = x, d.contentWidth()*colWeight(c)/sum
		x += ws[i]
	}
	cellSt := textStyle{size: d.body.size - 1, color: colorText}
	headSt := textStyle{size: d.body.size - 1, bold: true, color: colorText}

	mkRow := func(texts []string, st textStyle) []cell {
		cells := make([]cell, len(cols))
		for i := range cols {
			t := ""
			if i < len(texts) {
				t = texts[i]
			}
			cells[i] = cell{x: xs[i], w: ws[i], st: st, a: cols[i].Align,
				lines: d.wrap(t, ws[i]-2*cellPadX, st)}
		}
		return cells
	}
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.Title
	}
	head := rowSpec{cells: mkRow(titles, headSt), padY: cellPadY, padX: cellPadX, fill: &colorHeadBg, ruleUnder: true, ruleWidth: 0.3}
	headH := head.height(head.lines())
	header := func() { d.drawRow(head) }

	// Keep the header with the first row (or a few lines of it).
	first := 0.0
	if len(rows) > 0 {
		r := rowSpec{cells: mkRow(rows[0], cellSt), padY: cellPadY}
		first = r.height(min(r.lines(), 3))
	}
	d.gap(1)
	d.ensure(headH + first)
	header()
	for i, texts := range rows {
		r := rowSpec{cells: mkRow(texts, cellSt), padY: cellPadY, padX: cellPadX, ruleUnder: true,
			repeat: header, repeatH: headH}
		if i%2 == 1 {
			r.fill = &colorZebra
		}
		d.drawRow(r)
	}
	d.y += 3
}

func colWeight(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	return 1
}

// cell is one box of a row: lines already wrapped to w minus padding.
type cell struct {
	x, w  float64
	lines []Line
	st    textStyle
	a     Align
}

type rowSpec struct {
	cells      []cell
	padX, padY float64
	fill       *Color
	ruleUnder  bool
	ruleWidth  float64
	repeat     func() // drawn at the top of each page the row continues on (a table header)
	repeatH    float64
}

func (r rowSpec) lines() int {
	n := 1
	for _, c := range r.cells {
		n = max(n, len(c.lines))
	}
	return n
}

func (r rowSpec) lineHeight() float64 {
	lh := 0.0
	for _, c := range r.cells {
		lh = max(lh, c.st.lineHeight())
	}
	return lh
}

func (r rowSpec) height(lines int) float64 {
	return float64(lines)*r.lineHeight() + 2*r.padY
}

// drawRow draws a row, moving it to a new page when it does not fit and
// splitting it between pages when it is taller than a page.
func (d *Doc) drawRow(r rowSpec) {
	n, lh := r.lines(), r.lineHeight()
	fits := func(avail float64) int { return int(math.Floor((avail - 2*r.padY + 1e-9) / lh)) }
	fresh := false // a page was just started for this row: do not start another
	for done := 0; done < n; {
		left := n - done
		if k := fits(d.remaining()); k < left && !d.atTop() && !fresh {
			// Not all of it fits here. Move on when the rest would fit on a
			// fresh page, or when not even one line fits here.
			if left <= fits(d.bodyHeight()-r.repeatH) || k < 1 {
				d.newPage()
				if r.repeat != nil {
					r.repeat()
				}
				fresh = true
				continue
			}
		}
		k := min(left, max(fits(d.remaining()), 1))
		h := r.height(k)
		x0, x1 := r.cells[0].x, r.cells[len(r.cells)-1].x+r.cells[len(r.cells)-1].w
		if r.fill != nil {
			d.fillRect(x0, d.y, x1-x0, h, *r.fill)
		}
		for _, c := range r.cells {
			y := d.y + r.padY
			for i := done; i < done+k && i < len(c.lines); i++ {
				d.drawLine(c.x+r.padX, baseline(y, c.st), c.w-2*r.padX, c.lines[i].Text, c.st, c.a)
				y += lh
			}
		}
		if r.ruleUnder {
			d.rule(x0, d.y+h, x1, colorRule, max(r.ruleWidth, 0.15))
		}
		d.y += h
		done += k
		if done < n {
			d.newPage()
			if r.repeat != nil {
				r.repeat()
			}
			fresh = true
		}
	}
}
