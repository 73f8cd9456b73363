package report

import (
	"fmt"
	"strconv"
	"strings"
)

// The total page count is written with gofpdf's page-count alias: the text
// "{nb}" is replaced by the number when the PDF is written. The number is
// usually narrower than "{nb}", which would leave a gap before any text that
// follows it on the line ("共 5    页"). So text after the alias is drawn under
// a horizontal translation whose amount is itself an alias, filled in with
// the real width difference when the page count is known. The translation
// uses "cm" operators rather than q/Q so that gofpdf's record of the current
// font stays true.

type aliasKey struct {
	size float64
	bold bool
}

func shiftToken(k aliasKey, sign string) string {
	b := "r"
	if k.bold {
		b = "b"
	}
	return fmt.Sprintf("{nb%s%s%s}", sign, b, strconv.FormatFloat(k.size, 'f', -1, 64))
}

// drawAliased draws s, which contains nbAlias, with its left end at x
// (anchorRight false) or its right end where a plain layout would put it
// (anchorRight true).
func (d *Doc) drawAliased(x, y float64, s string, st textStyle, anchorRight bool) {
	k := aliasKey{st.size, st.bold}
	d.aliasStyles[k] = true
	plus := fmt.Sprintf("1 0 0 1 %s 0 cm", shiftToken(k, "+"))
	minus := fmt.Sprintf("1 0 0 1 %s 0 cm", shiftToken(k, "-"))
	parts := strings.Split(s, nbAlias)
	n := len(parts) - 1
	if anchorRight {
		for i := 0; i < n; i++ {
			d.pdf.RawWriteStr(minus)
		}
	}
	for i, p := range parts {
		if i > 0 {
			d.pdf.RawWriteStr(plus)
		}
		if i < n {
			p += nbAlias
		}
		d.drawPlain(x, y, p, st)
		x += d.textWidth(p, st)
	}
	if !anchorRight {
		for i := 0; i < n; i++ {
			d.pdf.RawWriteStr(minus)
		}
	}
}

// registerPageCount fills in the shift aliases once the page count is known.
func (d *Doc) registerPageCount() {
	total := strconv.Itoa(d.pdf.PageCount())
	for k := range d.aliasStyles {
		st := textStyle{size: k.size, bold: k.bold}
		delta := (d.textWidth(total, st) - d.textWidth(nbAlias, st)) / ptMM // in points
		d.pdf.RegisterAlias(shiftToken(k, "+"), strconv.FormatFloat(delta, 'f', 3, 64))
		d.pdf.RegisterAlias(shiftToken(k, "-"), strconv.FormatFloat(-delta, 'f', 3, 64))
	}
}
