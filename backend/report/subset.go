package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// subsetFont returns a TrueType font that holds only the glyphs of the BMP
// characters keep accepts (plus .notdef and the glyphs their composites are
// built from), with a format 4 cmap for exactly those characters.
//
// gofpdf parses every UTF-8 font it is given in each document, at a cost
// that grows with the characters in the cmap (it builds Go maps of them) and
// again when it cuts its own subset at Output. A face cut here once per
// process is what each document then parses: a few thousand characters
// rather than Droid Sans Fallback's whole set.
//
// No maintained Go library writes TrueType subsets that the module proxy
// serves here (github.com/tdewolff/font is refused, golang.org/x/image/font/sfnt
// only reads), so this is the small table rewrite gofpdf itself needs: glyf,
// loca (long), hmtx (one metric per glyph), cmap, maxp, hhea, post (version
// 3, no names); name, OS/2 and the hinting tables are kept; layout tables
// (GSUB, GPOS, kern, ...) and the per-glyph device tables are dropped, as
// gofpdf uses none of them.
func subsetFont(font []byte, keep func(rune) bool) ([]byte, error) {
	return cutFont(part{font, keep})
}

// part is the characters keep accepts from one font.
type part struct {
	font []byte
	keep func(rune) bool
}

// sfnt is the parsed tables of a TrueType font that cutting needs.
type sfnt struct {
	tables           map[string][]byte
	gids             *[0x10000]uint16
	numGlyphs, numHM int
	longLoca         bool
	upm              int
	hmtx, loca, glyf []byte
}

func parseSfnt(font []byte) (*sfnt, error) {
	be := binary.BigEndian
	tables, err := tableDir(font)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "post"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("no %s table", t)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(tables["post"]) < 32 {
		return nil, errors.New("truncated head, hhea, maxp or post")
	}
	f := &sfnt{tables: tables, hmtx: tables["hmtx"], loca: tables["loca"], glyf: tables["glyf"],
		numGlyphs: int(be.Uint16(maxp[4:])), numHM: int(be.Uint16(hhea[34:])),
		longLoca: be.Uint16(head[50:]) == 1, upm: int(be.Uint16(head[18:]))}
	if f.numHM < 1 || f.numHM > f.numGlyphs || len(f.hmtx) < 4*f.numHM+2*(f.numGlyphs-f.numHM) || f.upm == 0 {
		return nil, errors.New("bad hmtx or head")
	}
	if f.gids, err = parseCmap(font); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *sfnt) glyph(g int) ([]byte, error) {
	be := binary.BigEndian
	var from, to int
	if f.longLoca {
		if 4*g+8 > len(f.loca) {
			return nil, errors.New("truncated loca")
		}
		from, to = int(be.Uint32(f.loca[4*g:])), int(be.Uint32(f.loca[4*g+4:]))
	} else {
		if 2*g+4 > len(f.loca) {
			return nil, errors.New("truncated loca")
		}
		from, to = 2*int(be.Uint16(f.loca[2*g:])), 2*int(be.Uint16(f.loca[2*g+2:]))
	}
	if from > to || to > len(f.glyf) {
		return nil, fmt.Errorf("glyph %d out of range", g)
	}
	return f.glyf[from:to], nil
}

// metrics returns the advance width and left side bearing of glyph g.
func (f *sfnt) metrics(g int) (uint16, uint16) {
	be := binary.BigEndian
	if g < f.numHM {
		return be.Uint16(f.hmtx[4*g:]), be.Uint16(f.hmtx[4*g+2:])
	}
	return be.Uint16(f.hmtx[4*(f.numHM-1):]), be.Uint16(f.hmtx[4*f.numHM+2*(g-f.numHM):])
}

// cutFont makes one TrueType font of the characters of parts. The first
// part's font gives the font-wide tables (name, OS/2, hinting, vertical
// metrics); glyphs of later parts are scaled to its units per em and lose
// their hinting instructions. A character is taken from the first part
// that accepts it.
func cutFont(parts ...part) ([]byte, error) {
	be := binary.BigEndian
	var newGlyf, newLoca, newHmtx []byte
	var chars []rune
	charGlyph := map[rune]int{}
	var base *sfnt
	maxPoints, maxContours := 0, 0
	total := 0 // glyphs so far; .notdef of the first part is glyph 0
	for pi, p := range parts {
		f, err := parseSfnt(p.font)
		if err != nil {
			return nil, err
		}
		scale := 1.0
		if pi == 0 {
			base = f
		} else {
			scale = float64(base.upm) / float64(f.upm)
		}
		// Glyph order: (.notdef,) then glyphs in order of their first
		// character, so runs of characters stay runs of glyphs, then
		// composite components as they are found.
		newID := map[int]int{}
		var order []int
		add := func(g int) int {
			if id, ok := newID[g]; ok {
				return id
			}
			newID[g] = total + len(order)
			order = append(order, g)
			return newID[g]
		}
		if pi == 0 {
			newID[0], order = 0, []int{0}
		}
		for ch := 0; ch < 0xFFFF; ch++ {
			if _, taken := charGlyph[rune(ch)]; taken {
				continue
			}
			if g := int(f.gids[ch]); g != 0 && g < f.numGlyphs && p.keep(rune(ch)) {
				chars = append(chars, rune(ch))
				charGlyph[rune(ch)] = add(g)
			}
		}
		for i := 0; i < len(order); i++ { // order grows as components are added
			g := order[i]
			data, err := f.glyph(g)
			if err != nil {
				return nil, err
			}
			data = append([]byte(nil), data...)
			comp := func(c int) (int, error) {
				if c >= f.numGlyphs {
					return 0, fmt.Errorf("glyph %d: component %d out of range", g, c)
				}
				return add(c), nil
			}
			if len(data) >= 10 && int16(be.Uint16(data)) < 0 {
				if scale == 1 {
					err = renumberComponents(data, comp)
				} else {
					data, err = scaleComposite(data, scale, comp)
				}
			} else if len(data) >= 10 && scale != 1 {
				var pts, cts int
				data, pts, cts, err = scaleSimple(data, scale)
				maxPoints, maxContours = max(maxPoints, pts), max(maxContours, cts)
			}
			if err != nil {
				return nil, err
			}
			newLoca = be.AppendUint32(newLoca, uint32(len(newGlyf)))
			newGlyf = append(newGlyf, data...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
			adv, lsb := f.metrics(g)
			if scale != 1 {
				adv = uint16(math.Round(float64(adv) * scale))
				lsb = uint16(int16(math.Round(float64(int16(lsb)) * scale)))
			}
			newHmtx = be.AppendUint16(be.AppendUint16(newHmtx, adv), lsb)
		}
		total += len(order)
	}
	newLoca = be.AppendUint32(newLoca, uint32(len(newGlyf)))
	if total > 0xFFFF {
		return nil, errors.New("too many glyphs")
	}
	sort.Slice(chars, func(i, j int) bool { return chars[i] < chars[j] })
	cmap, err := buildCmap4(chars, func(ch rune) int { return charGlyph[ch] })
	if err != nil {
		return nil, err
	}
	t := base.tables
	newHead := append([]byte(nil), t["head"]...)
	be.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	be.PutUint16(newHead[50:], 1)
	newHhea := append([]byte(nil), t["hhea"]...)
	be.PutUint16(newHhea[34:], uint16(total))
	newMaxp := append([]byte(nil), t["maxp"]...)
	be.PutUint16(newMaxp[4:], uint16(total))
	if len(newMaxp) >= 10 { // version 1.0: maxPoints, maxContours
		be.PutUint16(newMaxp[6:], uint16(max(int(be.Uint16(newMaxp[6:])), maxPoints)))
		be.PutUint16(newMaxp[8:], uint16(max(int(be.Uint16(newMaxp[8:])), maxContours)))
	}
	post := append([]byte(nil), t["post"][:32]...)
	be.PutUint32(post, 0x00030000)

	out := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "post": post,
		"glyf": newGlyf, "loca": newLoca, "hmtx": newHmtx, "cmap": cmap,
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t[tag] != nil {
			out[tag] = t[tag]
		}
	}
	return assembleFont(out), nil
}

// renumberComponents rewrites the glyph indexes of a composite glyph.
func renumberComponents(data []byte, id func(int) (int, error)) error {
	const (
		argWords   = 0x0001
		scale      = 0x0008
		more       = 0x0020
		xyScale    = 0x0040
		twoByTwo   = 0x0080
		headerSize = 10
	)
	be := binary.BigEndian
	pos := headerSize
	for {
		if pos+4 > len(data) {
			return errors.New("truncated composite glyph")
		}
		flags := be.Uint16(data[pos:])
		n, err := id(int(be.Uint16(data[pos+2:])))
		if err != nil {
			return err
		}
		be.PutUint16(data[pos+2:], uint16(n))
		pos += 4
		if flags&argWords != 0 {
			pos += 4
		} else {
			pos += 2
		}
		switch {
		case flags&scale != 0:
			pos += 2
		case flags&xyScale != 0:
			pos += 4
		case flags&twoByTwo != 0:
			pos += 8
		}
		if flags&more == 0 {
			return nil
		}
	}
}

// buildCmap4 makes a cmap table with one Windows Unicode BMP subtable in
// format 4: one segment per run of consecutive characters with consecutive
// glyphs (gofpdf walks every character of every segment, so segments do not
// span gaps). chars must be ascending.
func buildCmap4(chars []rune, glyph func(rune) int) ([]byte, error) {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, ch := range chars {
		c, g := int(ch), glyph(ch)
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && segs[n-1].delta == (g-c)&0xFFFF {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, (g - c) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	length := 16 + 8*n
	if length > 0xFFFF {
		return nil, fmt.Errorf("cmap of %d segments does not fit format 4", n)
	}
	be := binary.BigEndian
	b := make([]byte, 0, 12+length)
	b = be.AppendUint16(b, 0) // version
	b = be.AppendUint16(b, 1) // one subtable
	b = be.AppendUint16(b, 3) // Windows
	b = be.AppendUint16(b, 1) // Unicode BMP
	b = be.AppendUint32(b, 12)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	for _, v := range []int{4, length, 0, 2 * n, 2 * searchRange, entrySelector, 2*n - 2*searchRange} {
		b = be.AppendUint16(b, uint16(v))
	}
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.end))
	}
	b = be.AppendUint16(b, 0) // reservedPad
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.start))
	}
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.delta))
	}
	for range segs {
		b = be.AppendUint16(b, 0) // idRangeOffset
	}
	return b, nil
}

// assembleFont writes an sfnt file from its tables, with checksums.
func assembleFont(tables map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	out := be.AppendUint32(nil, 0x00010000)
	for _, v := range []int{n, 16 * searchRange, entrySelector, 16*n - 16*searchRange} {
		out = be.AppendUint16(out, uint16(v))
	}
	off := 12 + 16*n
	headAt := 0
	for _, t := range tags {
		data := tables[t]
		if t == "head" {
			headAt = off
		}
		out = append(out, t...)
		out = be.AppendUint32(out, checksum(data))
		out = be.AppendUint32(out, uint32(off))
		out = be.AppendUint32(out, uint32(len(data)))
		off += (len(data) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt > 0 {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// decodeSimple reads the point flags and absolute coordinates of a simple
// glyph with at least one contour.
func decodeSimple(data []byte) (flags []byte, xs, ys []int, err error) {
	be := binary.BigEndian
	bad := errors.New("truncated simple glyph")
	n := int(int16(be.Uint16(data)))
	pos := 10 + 2*n
	if n <= 0 || pos+2 > len(data) {
		return nil, nil, nil, bad
	}
	points := int(be.Uint16(data[pos-2:])) + 1
	pos += 2 + int(be.Uint16(data[pos:]))
	flags = make([]byte, 0, points)
	for len(flags) < points {
		if pos >= len(data) {
			return nil, nil, nil, bad
		}
		fl := data[pos]
		pos++
		flags = append(flags, fl)
		if fl&0x08 != 0 { // repeat
			if pos >= len(data) {
				return nil, nil, nil, bad
			}
			for r := 0; r < int(data[pos]) && len(flags) < points; r++ {
				flags = append(flags, fl)
			}
			pos++
		}
	}
	coords := func(short, same byte) ([]int, error) {
		out := make([]int, points)
		v := 0
		for i, fl := range flags {
			switch {
			case fl&short != 0:
				if pos >= len(data) {
					return nil, bad
				}
				d := int(data[pos])
				pos++
				if fl&same == 0 {
					d = -d
				}
				v += d
			case fl&same == 0:
				if pos+2 > len(data) {
					return nil, bad
				}
				v += int(int16(be.Uint16(data[pos:])))
				pos += 2
			}
			out[i] = v
		}
		return out, nil
	}
	if xs, err = coords(0x02, 0x10); err != nil {
		return nil, nil, nil, err
	}
	if ys, err = coords(0x04, 0x20); err != nil {
		return nil, nil, nil, err
	}
	return flags, xs, ys, nil
}

// scaleSimple scales the outline of a simple glyph, dropping its hinting
// instructions (they were written for another font's programs). Points are
// re-encoded with 16-bit deltas. It returns the glyph and its point and
// contour counts.
func scaleSimple(data []byte, scale float64) ([]byte, int, int, error) {
	be := binary.BigEndian
	n := int(int16(be.Uint16(data)))
	if n == 0 {
		return data[:0], 0, 0, nil
	}
	flags, xs, ys, err := decodeSimple(data)
	if err != nil {
		return nil, 0, 0, err
	}
	points := len(flags)
	sc := func(v int) int { return int(math.Round(float64(v) * scale)) }
	out := be.AppendUint16(nil, uint16(n))
	for i := 0; i < 4; i++ {
		out = be.AppendUint16(out, uint16(int16(sc(int(int16(be.Uint16(data[2+2*i:])))))))
	}
	out = append(out, data[10:10+2*n]...) // end points
	out = be.AppendUint16(out, 0)         // no instructions
	// Deltas: 0 is flagged "same", |d| < 256 takes one byte, else two.
	dx, dy := deltas(xs, sc), deltas(ys, sc)
	for i := range flags {
		out = append(out, flags[i]&0x01|deltaFlag(dx[i], 0x02, 0x10)|deltaFlag(dy[i], 0x04, 0x20))
	}
	for _, ds := range [][]int{dx, dy} {
		for _, d := range ds {
			switch {
			case d == 0:
			case d > -256 && d < 256:
				out = append(out, byte(max(d, -d)))
			default:
				out = be.AppendUint16(out, uint16(int16(d)))
			}
		}
	}
	return out, points, n, nil
}

// deltas scales absolute coordinates and returns them as deltas.
func deltas(abs []int, sc func(int) int) []int {
	out := make([]int, len(abs))
	prev := 0
	for i, v := range abs {
		v = sc(v)
		out[i] = v - prev
		prev = v
	}
	return out
}

// deltaFlag is the flag bits of a coordinate delta d.
func deltaFlag(d int, short, same byte) byte {
	switch {
	case d == 0:
		return same
	case d > 0 && d < 256:
		return short | same // positive short
	case d < 0 && d > -256:
		return short
	}
	return 0
}

// scaleComposite rewrites a composite glyph for another units per em: its
// offsets scaled (as 16-bit values), components renumbered, instructions
// dropped.
func scaleComposite(data []byte, scale float64, id func(int) (int, error)) ([]byte, error) {
	const (
		argWords     = 0x0001
		argsXY       = 0x0002
		scaleFlag    = 0x0008
		more         = 0x0020
		xyScale      = 0x0040
		twoByTwo     = 0x0080
		instructions = 0x0100
	)
	be := binary.BigEndian
	sc := func(v int) int { return int(math.Round(float64(v) * scale)) }
	out := be.AppendUint16(nil, be.Uint16(data))
	for i := 0; i < 4; i++ {
		out = be.AppendUint16(out, uint16(int16(sc(int(int16(be.Uint16(data[2+2*i:])))))))
	}
	pos := 10
	for {
		if pos+4 > len(data) {
			return nil, errors.New("truncated composite glyph")
		}
		flags := be.Uint16(data[pos:])
		g, err := id(int(be.Uint16(data[pos+2:])))
		if err != nil {
			return nil, err
		}
		pos += 4
		var a1, a2 int
		if flags&argWords != 0 {
			if pos+4 > len(data) {
				return nil, errors.New("truncated composite glyph")
			}
			a1, a2 = int(int16(be.Uint16(data[pos:]))), int(int16(be.Uint16(data[pos+2:])))
			pos += 4
		} else {
			if pos+2 > len(data) {
				return nil, errors.New("truncated composite glyph")
			}
			if flags&argsXY != 0 {
				a1, a2 = int(int8(data[pos])), int(int8(data[pos+1]))
			} else {
				a1, a2 = int(data[pos]), int(data[pos+1])
			}
			pos += 2
		}
		if flags&argsXY != 0 {
			a1, a2 = sc(a1), sc(a2)
		}
		tlen := 0
		switch {
		case flags&scaleFlag != 0:
			tlen = 2
		case flags&xyScale != 0:
			tlen = 4
		case flags&twoByTwo != 0:
			tlen = 8
		}
		if pos+tlen > len(data) {
			return nil, errors.New("truncated composite glyph")
		}
		out = be.AppendUint16(out, (flags|argWords)&^instructions)
		out = be.AppendUint16(out, uint16(g))
		out = be.AppendUint16(be.AppendUint16(out, uint16(int16(a1))), uint16(int16(a2)))
		out = append(out, data[pos:pos+tlen]...)
		pos += tlen
		if flags&more == 0 {
			return out, nil
		}
	}
}
