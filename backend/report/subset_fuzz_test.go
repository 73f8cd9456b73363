package report

import "testing"

// FuzzCutFont: the TrueType reader and cutter take any bytes without a
// panic; what they cut from a font they accepted reads back with the same
// characters. The fonts are embedded, not the user's, but a damaged or
// swapped font file must fail with an error at the first report, not take
// the app down.
func FuzzCutFont(f *testing.F) {
	f.Add(fontThai)
	f.Add(fontThai[:len(fontThai)/2])
	f.Add(fontThai[:300])
	bad := append([]byte(nil), fontThai...)
	for i := 12; i < 12+16*8 && i < len(bad); i += 16 {
		bad[i+8]++ // every table's offset off by one
	}
	f.Add(bad)
	f.Fuzz(func(t *testing.T, font []byte) {
		if _, err := parseCoverage(font); err != nil {
			return
		}
		keep := func(r rune) bool { return r < 0x80 || (r >= 0x0E00 && r < 0x0E80) }
		cut, err := subsetFont(font, keep)
		if err != nil {
			return
		}
		src, err := parseSfnt(font)
		if err != nil {
			t.Fatalf("cut a font it cannot read: %v", err)
		}
		back, err := parseSfnt(cut)
		if err != nil {
			t.Fatalf("the cut font does not read back: %v", err)
		}
		for r := rune(0); r < 0xFFFF; r++ {
			// A character mapped to a glyph the font does not have is
			// left out: drawing it would draw nothing.
			g := int(src.gids[r])
			if has, want := back.gids[r] != 0, keep(r) && g != 0 && g < src.numGlyphs; has != want {
				t.Fatalf("%U: in the cut font %v, want %v (source glyph %d of %d)", r, has, want, g, src.numGlyphs)
			}
		}
	})
}
