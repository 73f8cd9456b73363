package report

import (
	"math"
	"strings"
)

// Heading adds a section heading; level 1 is the largest (levels are clamped
// to 1..3). A heading is kept on the same page as the first lines after it
// and becomes a bookmark in the PDF outline.
func (d *Doc) Heading(level int, text string) {
	if !d.ok() {
		return
	}
	level = min(max(level, 1), 3)
	st := textStyle{size: []float64{16, 13, 11}[level-1], bold: true, color: colorText}
	if level == 1 {
		st.color = colorAccent
	}
	d.gap([]float64{6, 4, 3}[level-1])
	lines := d.wrap(text, d.contentWidth(), st)
	h := float64(len(lines)) * st.lineHeight()
	d.ensure(h + 3*d.body.lineHeight())

	bl := min(level-1, d.outline+1)
	d.pdf.Bookmark(clean(text), bl, d.y)
	d.outline = bl

	d.flow(d.left, d.contentWidth(), lines, st, AlignLeft)
	if level == 1 {
		d.rule(d.left, d.y+0.6, d.pageW-d.right, colorAccent, 0.4)
		d.y += 1.6
	}
	d.y += []float64{2.5, 1.5, 1}[level-1]
}

// Paragraph adds body text, wrapped to the page width. Line feeds in text
// start new lines.
func (d *Doc) Paragraph(text string) {
	if !d.ok() || strings.TrimSpace(text) == "" {
		return
	}
	lines := d.wrap(strings.TrimRight(text, "\n"), d.contentWidth(), d.body)
	d.flow(d.left, d.contentWidth(), lines, d.body, AlignLeft)
	d.y += 2
}

// flow draws lines one under the other, breaking pages between lines.
func (d *Doc) flow(x, w float64, lines []Line, st textStyle, a Align) {
	lh := st.lineHeight()
	for _, l := range lines {
		d.ensure(lh)
		d.drawLine(x, baseline(d.y, st), w, l.Text, st, a)
		d.y += lh
	}
}

// KV is one label/value pair of a KeyValues block.
type KV struct {
	Key, Value string
}

// KeyValues adds a two-column block of labels and values, values wrapped.
// Rows break across pages like table rows.
func (d *Doc) KeyValues(kvs []KV) {
	if !d.ok() || len(kvs) == 0 {
		return
	}
	keySt := textStyle{size: d.body.size, color: colorMuted}
	kw := 0.0
	for _, kv := range kvs {
		kw = max(kw, d.textWidth(clean(kv.Key), keySt))
	}
	cw := d.contentWidth()
	kw = math.Min(math.Max(kw+4, 24), cw*0.38)
	for _, kv := range kvs {
		d.drawRow(rowSpec{
			cells: []cell{
				{x: d.left, w: kw, lines: d.wrap(kv.Key, kw-3, keySt), st: keySt},
				{x: d.left + kw, w: cw - kw, lines: d.wrap(kv.Value, cw-kw, d.body), st: d.body},
			},
			padY:      0.8,
			ruleUnder: true,
		})
	}
	d.y += 2
}

// Tone colours a summary box.
type Tone int

const (
	ToneInfo Tone = iota
	ToneGood
	ToneWarn
	ToneBad
)

var toneColors = map[Tone][2]Color{ // strong, tint
	ToneInfo: {{0x1f, 0x4e, 0x79}, {0xea, 0xf1, 0xf8}},
	ToneGood: {{0x1e, 0x7b, 0x45}, {0xe8, 0xf5, 0xed}},
	ToneWarn: {{0xb2, 0x6a, 0x00}, {0xfd, 0xf3, 0xe1}},
	ToneBad:  {{0xb0, 0x24, 0x24}, {0xfb, 0xea, 0xea}},
}

// Box adds a coloured summary box: a bold title over wrapped body text on a
// tinted background with an accent bar. A box that does not fit on the page
// moves to the next one; one taller than a page continues over pages.
func (d *Doc) Box(title, body string, tone Tone) {
	if !d.ok() {
		return
	}
	colors, ok := toneColors[tone]
	if !ok {
		colors = toneColors[ToneInfo]
	}
	const pad, bar = 3.0, 1.2
	innerW := d.contentWidth() - 2*pad - bar
	titleSt := textStyle{size: d.body.size + 1, bold: true, color: colors[0]}
	type item struct {
		text string
		st   textStyle
	}
	var items []item
	if strings.TrimSpace(title) != "" {
		for _, l := range d.wrap(title, innerW, titleSt) {
			items = append(items, item{l.Text, titleSt})
		}
	}
	if strings.TrimSpace(body) != "" {
		for _, l := range d.wrap(strings.TrimRight(body, "\n"), innerW, d.body) {
			items = append(items, item{l.Text, d.body})
		}
	}
	if len(items) == 0 {
		return
	}
	total := 2 * pad
	for _, it := range items {
		total += it.st.lineHeight()
	}
	d.gap(1)
	d.ensure(total)
	for len(items) > 0 {
		// Take as many lines as fit on this page (at least one).
		h, n := 2*pad, 0
		for n < len(items) && (n == 0 || h+items[n].st.lineHeight() <= d.remaining()) {
			h += items[n].st.lineHeight()
			n++
		}
		d.fillRect(d.left, d.y, d.contentWidth(), h, colors[1])
		d.fillRect(d.left, d.y, bar, h, colors[0])
		y := d.y + pad
		for _, it := range items[:n] {
			d.drawText(d.left+bar+pad, baseline(y, it.st), it.text, it.st)
			y += it.st.lineHeight()
		}
		d.y += h
		items = items[n:]
		if len(items) > 0 {
			d.newPage()
		}
	}
	d.y += 3
}

func (d *Doc) fillRect(x, y, w, h float64, c Color) {
	d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
	d.pdf.Rect(x, y, w, h, "F")
}
