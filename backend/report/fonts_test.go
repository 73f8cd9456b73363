package report

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// glyphSig is a glyph's outline as numbers: contour ends, on-curve bits and
// coordinates of simple glyphs; transforms, offsets and the outlines of
// components of composites. Coordinates are scaled and rounded the way
// cutFont scales a glyph from another em, so a glyph and its scaled copy
// have the same signature.
func glyphSig(t *testing.T, f *sfnt, g int, scale float64, out []int) []int {
	t.Helper()
	be := binary.BigEndian
	data, err := f.glyph(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 10 || be.Uint16(data) == 0 {
		return append(out, -1) // empty
	}
	sc := func(v int) int { return int(math.Round(float64(v) * scale)) }
	for i := 0; i < 4; i++ { // bounding box
		out = append(out, sc(int(int16(be.Uint16(data[2+2*i:])))))
	}
	n := int(int16(be.Uint16(data)))
	if n > 0 {
		flags, xs, ys, err := decodeSimple(data)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			out = append(out, int(be.Uint16(data[10+2*i:])))
		}
		for i := range flags {
			out = append(out, int(flags[i]&1), sc(xs[i]), sc(ys[i]))
		}
		return out
	}
	pos := 10
	for {
		flags := int(be.Uint16(data[pos:]))
		child := int(be.Uint16(data[pos+2:]))
		pos += 4
		var a1, a2 int
		if flags&0x0001 != 0 {
			a1, a2 = int(int16(be.Uint16(data[pos:]))), int(int16(be.Uint16(data[pos+2:])))
			pos += 4
		} else if flags&0x0002 != 0 {
			a1, a2 = int(int8(data[pos])), int(int8(data[pos+1]))
			pos += 2
		} else {
			a1, a2 = int(data[pos]), int(data[pos+1])
			pos += 2
		}
		if flags&0x0002 != 0 {
			a1, a2 = sc(a1), sc(a2)
		}
		out = append(out, -2, flags&0x02CA, a1, a2)
		tlen := map[bool]int{true: 2}[flags&0x0008 != 0] + map[bool]int{true: 4}[flags&0x0040 != 0] + map[bool]int{true: 8}[flags&0x0080 != 0]
		for i := 0; i < tlen; i += 2 {
			out = append(out, int(be.Uint16(data[pos+i:])))
		}
		pos += tlen
		out = glyphSig(t, f, child, scale, out)
		if flags&0x0020 == 0 {
			return out
		}
	}
}

func mustSfnt(t *testing.T, data []byte) *sfnt {
	t.Helper()
	f, err := parseSfnt(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The faces cut from the fonts draw every character with the font and the
// glyph the whole font files drew it with before (DejaVu, then Noto Sans
// Thai, then Droid Sans Fallback; Droid as simulated bold in bold), at the
// same advance width, and cover exactly the characters the files cover.
func TestFacesDrawTheOriginalGlyphs(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	droid := mustSfnt(t, fontDroid)
	for _, tc := range []struct {
		name  string
		c     *chain
		files []*sfnt
	}{
		{"regular", regularChain, []*sfnt{mustSfnt(t, fontDejaVu), mustSfnt(t, fontThai), droid}},
		{"bold", boldChain, []*sfnt{mustSfnt(t, fontDejaVuBold), mustSfnt(t, fontThaiBold), droid}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parsed := map[*face]*sfnt{}
			checked := 0
			for r := rune(0x20); r < 0xFFFF; r++ {
				if isControl(r) {
					continue
				}
				var src *sfnt
				for _, f := range tc.files {
					if f.gids[r] != 0 {
						src = f
						break
					}
				}
				fc := tc.c.lookup(r)
				if (src == nil) != (fc == nil) {
					t.Fatalf("%U: drawn before %v, now %v", r, src != nil, fc != nil)
				}
				if fc == nil {
					continue
				}
				if fc.fakeBold != (tc.name == "bold" && src == droid) {
					t.Fatalf("%U: simulated bold %v", r, fc.fakeBold)
				}
				cut := parsed[fc]
				if cut == nil {
					cut = mustSfnt(t, fc.data)
					parsed[fc] = cut
				}
				scale := float64(cut.upm) / float64(src.upm)
				og, ng := int(src.gids[r]), int(cut.gids[r])
				want := glyphSig(t, src, og, scale, nil)
				got := glyphSig(t, cut, ng, 1, nil)
				if !equalInts(got, want) {
					t.Fatalf("%U (%s): glyph differs from the original", r, fc.family)
				}
				oa, _ := src.metrics(og)
				na, _ := cut.metrics(ng)
				if d := float64(na)*1000/float64(cut.upm) - float64(oa)*1000/float64(src.upm); math.Abs(d) > 0.5 {
					t.Fatalf("%U: advance %d/%d, was %d/%d", r, na, cut.upm, oa, src.upm)
				}
				checked++
			}
			if checked < 30000 {
				t.Errorf("only %d characters checked", checked)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var embeddedFontRE = regexp.MustCompile(`/Length (\d+)\n/Filter /FlateDecode\n/Length1 \d+\n>>\nstream\n`)

// embeddedFonts returns the font programs embedded in a PDF written by gofpdf.
func embeddedFonts(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, m := range embeddedFontRE.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		font, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, font)
	}
	return out
}

func isCJKChar(r rune) bool {
	return (r >= 0x2E80 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// cjkEmbedded counts the CJK characters the fonts embedded in pdf map to a
// glyph.
func cjkEmbedded(t *testing.T, pdf []byte) int {
	t.Helper()
	fonts := embeddedFonts(t, pdf)
	if len(fonts) == 0 {
		t.Fatal("no embedded font found")
	}
	n := 0
	for _, f := range fonts {
		cov, err := parseCoverage(f)
		if err != nil {
			t.Fatal(err)
		}
		for r := rune(0); r < 0xFFFF; r++ {
			if isCJKChar(r) && cov.has(r) {
				n++
			}
		}
	}
	return n
}

// A document without Chinese adds no Droid face to gofpdf and embeds no CJK
// glyph: its fonts hold only the glyphs it draws.
func TestLatinOnlyDocumentEmbedsNoCJK(t *testing.T) {
	d := New(Options{Lang: LangEN, FooterText: "Report No. CR-2024-000123", HeaderText: "Credit Assessment Report"})
	d.Heading(1, "Credit Assessment Report")
	d.Paragraph(sampleParagraphs[1])
	d.Table([]Column{{Title: "No."}, {Title: "Invoice"}, {Title: "Status"}},
		[][]string{{"R001", "INV-2024-01000", "Paid on time"}, {"R002", "INV-2024-01007", "Settled 17 days late"}})
	for key := range d.registered {
		if !strings.HasPrefix(key, "common/") {
			t.Errorf("face %s added to an English-only document", key)
		}
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if n := cjkEmbedded(t, buf.Bytes()); n != 0 {
		t.Errorf("%d CJK glyphs embedded in an English-only document", n)
	}
	needTool(t, "pdffonts")
	path := filepath.Join(t.TempDir(), "latin.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(runTool(t, "pdffonts", path)), "\n")[2:] {
		if name := strings.Fields(l)[0]; name != "utf8common" && name != "utf8commonB" {
			t.Errorf("font %s in an English-only document", name)
		}
	}
	// The same check sees the CJK glyphs of a bilingual document.
	buf.Reset()
	if err := buildOnePage(t, LangEN).Output(&buf); err != nil {
		t.Fatal(err)
	}
	if n := cjkEmbedded(t, buf.Bytes()); n < 30 {
		t.Errorf("bilingual document: %d CJK glyphs embedded", n)
	}
}

// A CJK character outside GB 2312 and Big5's frequent set (犇, in company
// names) is drawn from Droid's tier of rare ideographs, added to that
// document only, with Droid's own glyph, in regular and in simulated bold.
func TestRareCJKCharacterDrawnWithItsGlyph(t *testing.T) {
	const rare = '犇'
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	if cjkFrequent(rare) || cjkCommon(rare) {
		t.Fatalf("%c is in the common sets: pick a rarer character", rare)
	}
	f := regularChain.lookup(rare)
	if f == nil || f.family != "droid2" || boldChain.lookup(rare).family != "droid2" {
		t.Fatalf("%c drawn with %v", rare, f)
	}
	needTool(t, "pdftotext")
	d := New(Options{Lang: LangZH})
	d.Heading(2, "犇牛贸易 Benniu Trading")
	d.Paragraph("宁波犇牛贸易有限公司 Ningbo Benniu Trading Co., Ltd.")
	if d.Substituted() != 0 {
		t.Fatalf("%d characters substituted", d.Substituted())
	}
	path := writePDF(t, d, "rare.pdf")
	text := runTool(t, "pdftotext", path, "-")
	for _, want := range []string{"犇牛贸易 Benniu Trading", "宁波犇牛贸易有限公司 Ningbo Benniu Trading Co., Ltd."} {
		if !strings.Contains(squash(text), squash(want)) {
			t.Errorf("%q not read back:\n%s", want, text)
		}
	}
	if fonts := runTool(t, "pdffonts", path); !strings.Contains(fonts, "utf8droid2") {
		t.Errorf("no droid2 font embedded:\n%s", fonts)
	}
	// The glyph embedded for 犇 is Droid's.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	droid := mustSfnt(t, fontDroid)
	want := glyphSig(t, droid, int(droid.gids[rare]), 1, nil)
	found := 0
	for _, font := range embeddedFonts(t, raw) {
		emb := mustSfnt(t, font)
		if g := emb.gids[rare]; g != 0 {
			found++
			if got := glyphSig(t, emb, int(g), float64(emb.upm)/float64(droid.upm), nil); !equalInts(got, want) {
				t.Errorf("embedded glyph of %c is not Droid's", rare)
			}
		}
	}
	if found != 1 {
		t.Errorf("%c embedded in %d fonts, want 1", rare, found)
	}
}
