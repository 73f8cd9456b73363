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

// face is one concrete font as registered with gofpdf: a whole font file or
// one tier (a subset) of it.
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

// The faces a document registers with gofpdf are cut from the font files
// once per process (loadFonts). gofpdf parses each face a document uses, in
// that document, at a fixed cost (about 3 ms: width tables, a JSON hash of
// them, zlib streams) plus a cost per character in the face's cmap (paid
// again when it cuts the face at Output). So:
//
//   - a document registers a face only when it measures or draws with it
//     (Doc.setFace);
//   - what most documents draw is one face, "common": DejaVu's common Latin,
//     Noto Sans Thai and Droid's GB 2312 characters, their glyphs scaled to
//     DejaVu's em (exactly, for Droid: 256 to 2048 units);
//   - the rest of each font is in faces of its own (tiers), registered only
//     by a document that draws one of their characters.
//
// The tiers of a font are disjoint and together hold all its characters, and
// a character goes to the same font as before the split (DejaVu before Noto
// Thai before Droid), so fallback draws exactly what it drew with the whole
// files.

// cut makes a face from parts.
func cut(family, style string, parts ...part) (*face, error) {
	data, err := cutFont(parts...)
	if err != nil {
		return nil, fmt.Errorf("font %s%s: %w", family, style, err)
	}
	f := &face{family: family, style: style, data: data}
	if f.cov, err = parseCoverage(data); err != nil {
		return nil, fmt.Errorf("font %s%s: %w", family, style, err)
	}
	return f, nil
}

func loadFonts() error {
	fontsOnce.Do(func() { regularChain, boldChain, fontsErr = buildChains() })
	return fontsErr
}

func buildChains() (regular, bold *chain, err error) {
	var dv, dvb, th, thb *coverage
	for _, c := range []struct {
		cov  **coverage
		name string
		data []byte
	}{{&dv, "DejaVu Sans", fontDejaVu}, {&dvb, "DejaVu Sans Bold", fontDejaVuBold},
		{&th, "Noto Sans Thai", fontThai}, {&thb, "Noto Sans Thai Bold", fontThaiBold}} {
		if *c.cov, err = parseCoverage(c.data); err != nil {
			return nil, nil, fmt.Errorf("font %s: %w", c.name, err)
		}
	}
	latin := inRanges(latinCommon)
	notLatin := func(r rune) bool { return !latin(r) }
	// Droid's characters in "common", and its other tiers: Big5's frequent
	// traditional characters, the rest of the unified ideographs (rare
	// characters of names, such as 犇), then the rest (extension A,
	// compatibility ideographs, ...).
	drCommon := func(r rune) bool { return cjkFrequent(r) && !dv.has(r) && !th.has(r) }
	dr1 := func(r rune) bool { return cjkCommon(r) && !cjkFrequent(r) }
	dr2 := func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF && !drCommon(r) && !dr1(r) }
	dr3 := func(r rune) bool { return !drCommon(r) && !dr1(r) && !dr2(r) }

	var faces []*face
	mk := func(family, style string, parts ...part) *face {
		if err != nil {
			return nil
		}
		var f *face
		f, err = cut(family, style, parts...)
		faces = append(faces, f)
		return f
	}
	common := mk("common", "",
		part{fontDejaVu, latin},
		part{fontThai, func(r rune) bool { return !dv.has(r) }},
		part{fontDroid, drCommon})
	dejavu := mk("dejavu", "", part{fontDejaVu, notLatin})
	commonB := mk("common", "B",
		part{fontDejaVuBold, latin},
		part{fontThaiBold, func(r rune) bool { return !dvb.has(r) }})
	dejavuB := mk("dejavu", "B", part{fontDejaVuBold, notLatin})
	droid1 := mk("droid1", "", part{fontDroid, dr1})
	droid2 := mk("droid2", "", part{fontDroid, dr2})
	droid3 := mk("droid3", "", part{fontDroid, dr3})
	if err != nil {
		return nil, nil, err
	}
	// Droid has no bold: its faces drawn with a stroke. In "common" that
	// is a view of its Droid characters only.
	cjkCommonView := &face{family: common.family, style: common.style, data: common.data, cov: &coverage{}}
	for r := rune(0); r < 0xFFFF; r++ {
		if common.cov.has(r) && drCommon(r) {
			cjkCommonView.cov.set(r)
		}
	}
	fake := func(f *face) *face {
		b := *f
		b.fakeBold = true
		return &b
	}
	regular = newChain(common, dejavu, droid1, droid2, droid3)
	bold = newChain(commonB, dejavuB, fake(cjkCommonView), fake(droid1), fake(droid2), fake(droid3))
	return regular, bold, nil
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
