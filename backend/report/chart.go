package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jung-kurt/gofpdf"
)

var palette = []Color{
	{0x1f, 0x4e, 0x79}, {0xd9, 0x7b, 0x1a}, {0x2e, 0x8b, 0x57}, {0xb0, 0x24, 0x24},
	{0x6a, 0x4c, 0x93}, {0x4f, 0x9d, 0xb8}, {0x8c, 0x6d, 0x31}, {0x55, 0x55, 0x55},
}

func (d *Doc) setDraw(c Color, w float64) {
	d.pdf.SetDrawColor(int(c.R), int(c.G), int(c.B))
	d.pdf.SetLineWidth(w)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// BarChart adds a horizontal bar chart: one bar per label, scaled so that
// scaleMax fills the width (scaleMax <= 0: the largest value). Values are printed at
// the end of the bars; negative and non-finite values draw no bar.
func (d *Doc) BarChart(title string, labels []string, values []float64, scaleMax float64) {
	if !d.ok() {
		return
	}
	if len(labels) != len(values) {
		d.fail(fmt.Errorf("bar chart %q: %d labels, %d values: %w", title, len(labels), len(values), errInvalid))
		return
	}
	if scaleMax <= 0 || math.IsInf(scaleMax, 0) {
		scaleMax = 0
		for _, v := range values {
			if finite(v) {
				scaleMax = math.Max(scaleMax, v)
			}
		}
		if scaleMax <= 0 {
			scaleMax = 1
		}
	}
	labelSt := textStyle{size: d.body.size - 1, color: colorText}
	titleSt := textStyle{size: d.body.size, bold: true, color: colorText}
	cw := d.contentWidth()
	lw := 0.0
	for _, l := range labels {
		lw = math.Max(lw, d.textWidth(clean(l), labelSt))
	}
	lw = math.Min(lw+3, cw*0.35)
	valW := d.textWidth("0000000.0", labelSt)
	barX, barW := d.left+lw, cw-lw-valW-2
	lh := labelSt.lineHeight()

	wrapped := make([][]Line, len(labels))
	total := 2.0
	if title != "" {
		total += titleSt.lineHeight() + 1
	}
	for i, l := range labels {
		wrapped[i] = d.wrap(l, lw-3, labelSt)
		total += rowH(len(wrapped[i]), lh)
	}
	d.gap(2)
	d.ensure(total)
	if title != "" {
		d.drawText(d.left, baseline(d.y, titleSt), clean(title), titleSt)
		d.y += titleSt.lineHeight() + 1
	}
	top := d.y
	for i, v := range values {
		h := rowH(len(wrapped[i]), lh)
		if d.remaining() < h && !d.atTop() {
			d.chartGrid(barX, barW, top, d.y)
			d.newPage()
			top = d.y
		}
		y := d.y + (h-float64(len(wrapped[i]))*lh)/2
		for _, l := range wrapped[i] {
			d.drawText(d.left, baseline(y, labelSt), l.Text, labelSt)
			y += lh
		}
		bw := 0.0
		if finite(v) {
			bw = math.Min(math.Max(v, 0)/scaleMax, 1) * barW
		}
		c := palette[0]
		d.fillRect(barX, d.y+h*0.2, bw, h*0.6, c)
		d.drawText(barX+bw+1.5, baseline(d.y+(h-lh)/2, labelSt), formatValue(v), labelSt)
		d.y += h
	}
	d.chartGrid(barX, barW, top, d.y)
	d.y += 3
}

func rowH(lines int, lh float64) float64 { return math.Max(float64(lines)*lh, 6) + 1 }

// chartGrid draws the baseline and quarter lines of a bar chart.
func (d *Doc) chartGrid(x, w, top, bottom float64) {
	d.setDraw(colorRule, 0.15)
	for q := 1; q <= 4; q++ {
		gx := x + w*float64(q)/4
		d.pdf.Line(gx, top, gx, bottom)
	}
	d.setDraw(colorMuted, 0.3)
	d.pdf.Line(x, top, x, bottom)
}

// RadarChart adds a radar (spider) chart of scores from 0 to 100, one axis
// per label (at least three). Scores outside 0..100 are clamped.
func (d *Doc) RadarChart(labels []string, values []float64) {
	if !d.ok() {
		return
	}
	if len(labels) != len(values) || len(labels) < 3 {
		d.fail(fmt.Errorf("radar chart: %d labels, %d values (need the same number, at least 3): %w",
			len(labels), len(values), errInvalid))
		return
	}
	labelSt := textStyle{size: d.body.size - 1.5, color: colorText}
	const r = 30.0
	size := 2*r + 20
	d.gap(2)
	d.ensure(size)
	cx, cy := d.left+d.contentWidth()/2, d.y+size/2
	n := len(labels)
	pt := func(i int, frac float64) gofpdf.PointType {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return gofpdf.PointType{X: cx + r*frac*math.Cos(a), Y: cy + r*frac*math.Sin(a)}
	}
	// Rings and spokes.
	d.setDraw(colorRule, 0.2)
	for ring := 1; ring <= 5; ring++ {
		var ps []gofpdf.PointType
		for i := 0; i < n; i++ {
			ps = append(ps, pt(i, float64(ring)/5))
		}
		d.pdf.Polygon(ps, "D")
	}
	for i := 0; i < n; i++ {
		p := pt(i, 1)
		d.pdf.Line(cx, cy, p.X, p.Y)
	}
	// Scale labels on the first spoke.
	scaleSt := textStyle{size: 6, color: colorMuted}
	for ring := 1; ring <= 5; ring++ {
		p := pt(0, float64(ring)/5)
		d.drawText(p.X+0.8, p.Y+1, strconv.Itoa(ring*20), scaleSt)
	}
	// Data.
	var ps []gofpdf.PointType
	for i, v := range values {
		if !finite(v) {
			v = 0
		}
		ps = append(ps, pt(i, math.Min(math.Max(v, 0), 100)/100))
	}
	c := palette[0]
	d.pdf.SetAlpha(0.25, "Normal")
	d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
	d.pdf.Polygon(ps, "F")
	d.pdf.SetAlpha(1, "Normal")
	d.setDraw(c, 0.6)
	d.pdf.Polygon(ps, "D")
	d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
	for _, p := range ps {
		d.pdf.Circle(p.X, p.Y, 0.8, "F")
	}
	// Axis labels outside the rim, aligned away from the centre.
	for i, l := range labels {
		p := pt(i, 1.12)
		text := clean(l) + " " + formatValue(values[i])
		w := d.textWidth(text, labelSt)
		x := p.X - w/2
		switch dx := p.X - cx; {
		case dx > 1:
			x = p.X
		case dx < -1:
			x = p.X - w
		}
		y := p.Y + labelSt.size*ptMM*0.35
		if p.Y < cy-r*0.9 {
			y -= 1
		} else if p.Y > cy+r*0.9 {
			y += 2
		}
		d.drawText(x, y, text, labelSt)
	}
	d.y += size + 2
}

// Series is one line of a LineChart.
type Series struct {
	Name   string
	Values []float64 // one per label; NaN (or ±Inf) leaves a gap
}

// LineChart adds a line chart of one or more series over the labels of the
// horizontal axis, with a legend under it.
func (d *Doc) LineChart(labels []string, series []Series) {
	if !d.ok() {
		return
	}
	for _, s := range series {
		if len(s.Values) != len(labels) {
			d.fail(fmt.Errorf("line chart series %q: %d values for %d labels: %w", s.Name, len(s.Values), len(labels), errInvalid))
			return
		}
	}
	if len(labels) == 0 {
		return
	}
	st := textStyle{size: d.body.size - 2, color: colorText}
	lo, hi := 0.0, 0.0
	for _, s := range series {
		for _, v := range s.Values {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	step := niceStep((hi - lo) / 5)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi <= lo {
		hi = lo + step
	}
	axisW := 0.0
	for v := lo; v <= hi+step/2; v += step {
		axisW = math.Max(axisW, d.textWidth(formatTick(v, step), st))
	}
	const plotH = 55.0
	legendH := st.lineHeight() * float64((len(series)+3)/4)
	total := plotH + st.lineHeight() + 3 + legendH
	d.gap(2)
	d.ensure(total)

	x0, x1 := d.left+axisW+2, d.pageW-d.right
	y0, y1 := d.y+2, d.y+2+plotH // top, bottom of the plot
	yOf := func(v float64) float64 { return y1 - (v-lo)/(hi-lo)*(y1-y0) }
	xOf := func(i int) float64 {
		if len(labels) == 1 {
			return (x0 + x1) / 2
		}
		return x0 + 3 + float64(i)*(x1-x0-6)/float64(len(labels)-1)
	}
	// Grid and ticks.
	for v := lo; v <= hi+step/2; v += step {
		y := yOf(v)
		d.setDraw(colorRule, 0.15)
		d.pdf.Line(x0, y, x1, y)
		t := formatTick(v, step)
		d.drawText(x0-2-d.textWidth(t, st), y+st.size*ptMM*0.35, t, st)
	}
	d.setDraw(colorMuted, 0.3)
	d.pdf.Line(x0, y0, x0, y1)
	d.pdf.Line(x0, y1, x1, y1)
	// Horizontal labels, thinned so they do not collide.
	maxLW := 0.0
	for _, l := range labels {
		maxLW = math.Max(maxLW, d.textWidth(clean(l), st))
	}
	every := 1
	if len(labels) > 1 {
		slot := (x1 - x0 - 6) / float64(len(labels)-1)
		every = int(math.Ceil((maxLW + 2) / slot))
	}
	for i, l := range labels {
		if i%every != 0 && i != len(labels)-1 {
			continue
		}
		l = clean(l)
		d.drawText(xOf(i)-d.textWidth(l, st)/2, y1+st.lineHeight(), l, st)
	}
	// Lines.
	for si, s := range series {
		c := palette[si%len(palette)]
		d.setDraw(c, 0.6)
		d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
		for i, v := range s.Values {
			if !finite(v) {
				continue
			}
			if i > 0 && finite(s.Values[i-1]) {
				d.pdf.Line(xOf(i-1), yOf(s.Values[i-1]), xOf(i), yOf(v))
			}
			d.pdf.Circle(xOf(i), yOf(v), 0.7, "F")
		}
	}
	// Legend.
	y := y1 + st.lineHeight() + 3
	colW := (x1 - x0) / 4
	for si, s := range series {
		c := palette[si%len(palette)]
		lx := x0 + colW*float64(si%4)
		ly := y + st.lineHeight()*float64(si/4)
		d.fillRect(lx, ly+st.lineHeight()/2-0.6, 5, 1.2, c)
		d.drawText(lx+6.5, baseline(ly, st), clean(s.Name), st)
	}
	d.y = y + legendH + 3
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func formatTick(v, step float64) string {
	if step >= 1 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	dec := int(math.Ceil(-math.Log10(step)))
	return strconv.FormatFloat(v, 'f', dec, 64)
}
