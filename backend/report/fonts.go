package report

import (
	_ "embed"
	"fmt"
	"sync"
)

// The fonts are TrueType-outline files (gofpdf rejects TTC collections and
// CFF-flavoured OpenType). Licences are beside them in fonts/.
//
// DejaVu Sans draws Latin, digits and most symbols; Droid Sans Fallback draws
// CJK. Droid has no bold, so CJK bold is simulated (fill+stroke rendering mode
// with a thin stroke, see drawRuns). Every CJK-with-bold TrueType font in the
// Debian archive is either a TTC (WenQuanYi Micro/Zen Hei, AR PL UMing) or
// CFF (Noto CJK) or a calligraphic Kai face unsuited to a credit report
// (LXGW WenKai), so simulation is the least bad choice.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontDejaVu []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontDejaVuBold []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	fontDroid []byte
	// Noto Sans Thai (SIL OFL): Thai buyers are common in South-East Asia.
	// Without a shaping engine its combining vowels and tone marks sit at
	// their default positions, which Noto designs to read correctly.
	//go:embed fonts/NotoSansThai-Regular.ttf
	fontThai []byte
	//go:embed fonts/NotoSansThai-Bold.ttf
	fontThaiBold []byte
)

// face is one concrete font as registered with gofpdf.
type face struct {
	family   string // gofpdf family name
	style    string // gofpdf style: "" or "B"
	fakeBold bool   // simulate bold with a stroked outline
	data     []byte
	cov      *coverage
}

// chain is an ordered font fallback list: each character is drawn with the
// first face that has a glyph for it.
type chain struct {
	faces []*face
	subst rune  // visible substitute for characters no face has
	sface *face // face that draws subst
}

var (
	fontsOnce    sync.Once
	fontsErr     error
	regularChain *chain
	boldChain    *chain
)

// substitutes in order of preference: WHITE SQUARE, then '?'.
var substitutes = []rune{'\u25A1', '?'}

func loadFonts() error {
	fontsOnce.Do(func() {
		dv := &face{family: "dejavu", style: "", data: fontDejaVu}
		dvb := &face{family: "dejavu", style: "B", data: fontDejaVuBold}
		dr := &face{family: "droid", style: "", data: fontDroid}
		drb := &face{family: "droid", style: "", data: fontDroid, fakeBold: true}
		th := &face{family: "notothai", style: "", data: fontThai}
		thb := &face{family: "notothai", style: "B", data: fontThaiBold}
		for _, f := range []*face{dv, dvb, dr, th, thb} {
			c, err := parseCoverage(f.data)
			if err != nil {
				fontsErr = fmt.Errorf("font %s%s: %w", f.family, f.style, err)
				return
			}
			f.cov = c
		}
		drb.cov = dr.cov
		regularChain = newChain(dv, th, dr)
		boldChain = newChain(dvb, thb, drb)
	})
	return fontsErr
}

func newChain(faces ...*face) *chain {
	c := &chain{faces: faces}
	for _, s := range substitutes {
		if f := c.lookup(s); f != nil {
			c.subst, c.sface = s, f
			return c
		}
	}
	panic("report: no font has a substitute glyph")
}

// lookup returns the first face with a glyph for r, or nil.
func (c *chain) lookup(r rune) *face {
	if isControl(r) {
		return nil
	}
	for _, f := range c.faces {
		if f.cov.has(r) {
			return f
		}
	}
	return nil
}

func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7F && r < 0xA0)
}

// MissingGlyphs returns, once each and in order of first appearance, the
// characters of s that the report fonts cannot draw in regular or in bold
// weight; the document draws a substitute (□) for them. Line feeds, carriage
// returns and tabs are layout, not glyphs, and are never reported.
func MissingGlyphs(s string) []rune {
	if err := loadFonts(); err != nil {
		panic(err)
	}
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || seen[r] {
			continue
		}
		seen[r] = true
		if regularChain.lookup(r) == nil || boldChain.lookup(r) == nil {
			out = append(out, r)
		}
	}
	return out
}
