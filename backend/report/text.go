package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Color is an sRGB colour.
type Color struct{ R, G, B uint8 }

var (
	colorText   = Color{0x22, 0x22, 0x22}
	colorMuted  = Color{0x6b, 0x72, 0x80}
	colorAccent = Color{0x1f, 0x4e, 0x79}
	colorRule   = Color{0xc8, 0xcd, 0xd4}
	colorHeadBg = Color{0xe4, 0xea, 0xf2}
	colorZebra  = Color{0xf5, 0xf7, 0xfa}
)

// textStyle is how a piece of text is set.
type textStyle struct {
	size  float64 // points
	bold  bool
	color Color
}

func (st textStyle) chain() *chain {
	if st.bold {
		return boldChain
	}
	return regularChain
}

// lineHeight is the distance between baselines in mm.
func (st textStyle) lineHeight() float64 { return st.size * 1.4 * ptMM }

const ptMM = 25.4 / 72 // one point in mm

// run is a stretch of text drawn with one face.
type run struct {
	face *face
	text string
}

type widthKey struct {
	face *face
	r    rune
}

// clean makes caller text safe to lay out: valid UTF-8, "\n" line ends and
// spaces for tabs.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.ContainsAny(s, "\r\t") {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s)
	}
	return s
}

// glyph returns the face that draws r in chain c and the character actually
// drawn: r itself, or the chain's substitute when no face has r.
func glyph(c *chain, r rune) (*face, rune, bool) {
	if f := c.lookup(r); f != nil {
		return f, r, true
	}
	return c.sface, c.subst, false
}

// runs splits s into runs of one face each, substituting missing characters.
// It returns how many characters were substituted.
func splitRuns(c *chain, s string) ([]run, int) {
	var out []run
	var b strings.Builder
	var cur *face
	missing := 0
	for _, r := range s {
		f, g, ok := glyph(c, r)
		if !ok {
			missing++
		}
		if f != cur && b.Len() > 0 {
			out = append(out, run{cur, b.String()})
			b.Reset()
		}
		cur = f
		b.WriteRune(g)
	}
	if b.Len() > 0 {
		out = append(out, run{cur, b.String()})
	}
	return out, missing
}

// glyphUnits is the advance width of r in the face that draws it, in
// thousandths of the font size, as gofpdf measures it (GetStringWidth after
// SetFont with that face). Widths are cached per face and character.
func (d *Doc) glyphUnits(c *chain, r rune) float64 {
	f, g, _ := glyph(c, r)
	k := widthKey{f, g}
	if w, ok := d.widths[k]; ok {
		return w
	}
	d.setFace(f, 10)
	w := float64(d.pdf.GetStringSymbolWidth(string(g)))
	d.widths[k] = w
	return w
}

// measurer returns a per-character width function in mm for Wrap.
func (d *Doc) measurer(st textStyle) func(rune) float64 {
	c := st.chain()
	scale := st.size * ptMM / 1000
	return func(r rune) float64 { return d.glyphUnits(c, r) * scale }
}

// textWidth is the width of s in mm.
func (d *Doc) textWidth(s string, st textStyle) float64 {
	m := d.measurer(st)
	w := 0.0
	for _, r := range s {
		w += m(r)
	}
	return w
}

// wrap breaks s into lines that fit width mm.
func (d *Doc) wrap(s string, width float64, st textStyle) []Line {
	return Wrap(clean(s), width, d.measurer(st))
}

// Align is the horizontal alignment of text in its box.
type Align int

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// drawText draws one line of text with its left end at x and its baseline at
// y (mm), switching fonts per run.
func (d *Doc) drawText(x, y float64, s string, st textStyle) {
	if strings.Contains(s, nbAlias) {
		d.drawAliased(x, y, s, st, false)
		return
	}
	d.drawPlain(x, y, s, st)
}

func (d *Doc) drawPlain(x, y float64, s string, st textStyle) {
	if s == "" {
		return
	}
	runs, missing := splitRuns(st.chain(), s)
	d.substituted += missing
	scale := st.size * ptMM / 1000
	d.pdf.SetTextColor(int(st.color.R), int(st.color.G), int(st.color.B))
	for _, r := range runs {
		d.setFace(r.face, st.size)
		if r.face.fakeBold {
			// Fill and stroke the outlines (text rendering mode 2) with a
			// thin stroke in the text colour: a simulated bold. SetFont is
			// issued before "q" so gofpdf's idea of the current font stays true.
			d.pdf.RawWriteStr(fmt.Sprintf("q %.3f %.3f %.3f RG %.2f w 2 Tr",
				float64(st.color.R)/255, float64(st.color.G)/255, float64(st.color.B)/255, st.size*0.035))
			d.pdf.Text(x, y, r.text)
			d.pdf.RawWriteStr("Q")
		} else {
			d.pdf.Text(x, y, r.text)
		}
		for _, ch := range r.text {
			x += d.glyphUnits(st.chain(), ch) * scale
		}
	}
}

// drawLine draws s in the box [x, x+w] aligned as asked, baseline y.
func (d *Doc) drawLine(x, y, w float64, s string, st textStyle, a Align) {
	switch a {
	case AlignCenter:
		x += (w - d.textWidth(s, st)) / 2
	case AlignRight:
		x += w - d.textWidth(s, st)
		if strings.Contains(s, nbAlias) {
			d.drawAliased(x, y, s, st, true)
			return
		}
	}
	d.drawText(x, y, s, st)
}

// baseline is where text of style st sits in a line box whose top is top.
func baseline(top float64, st textStyle) float64 {
	return top + st.lineHeight()*0.5 + st.size*ptMM*0.35
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
