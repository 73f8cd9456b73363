package report

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// coverage is the set of BMP characters a TrueType font maps to a real glyph.
// It is read from the same cmap subtable gofpdf uses (the first Unicode
// subtable in format 4), so a character is "covered" exactly when the PDF
// library will draw it with a glyph rather than .notdef.
type coverage struct {
	bits [0x10000 / 64]uint64
}

func (c *coverage) has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return c.bits[r>>6]&(1<<(uint(r)&63)) != 0
}

func (c *coverage) set(r rune) {
	c.bits[r>>6] |= 1 << (uint(r) & 63)
}

var errNoCmap = errors.New("no unicode format 4 cmap")

// parseCoverage reads the cmap table of a TrueType font.
func parseCoverage(font []byte) (*coverage, error) {
	gids, err := parseCmap(font)
	if err != nil {
		return nil, err
	}
	c := &coverage{}
	for ch, g := range gids {
		if g != 0 {
			c.set(rune(ch))
		}
	}
	return c, nil
}

// parseCmap returns the glyph of every BMP character (0 for none) from the
// first Unicode format 4 subtable, the one gofpdf reads.
func parseCmap(font []byte) (*[0x10000]uint16, error) {
	tables, err := tableDir(font)
	if err != nil {
		return nil, err
	}
	cmap := tables["cmap"]
	if len(cmap) < 4 {
		return nil, errNoCmap
	}
	be := binary.BigEndian
	var sub []byte
	for i := 0; i < int(be.Uint16(cmap[2:])); i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding := be.Uint16(cmap[rec:]), be.Uint16(cmap[rec+2:])
		off := int(be.Uint32(cmap[rec+4:]))
		if !(platform == 3 && encoding == 1) && platform != 0 {
			continue
		}
		if off+14 <= len(cmap) && be.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, errNoCmap
	}
	segX2 := int(be.Uint16(sub[6:]))
	need := 14 + 4*segX2 + 2
	if need > len(sub) {
		return nil, errors.New("truncated cmap format 4")
	}
	ends := sub[14:]
	starts := sub[14+segX2+2:]
	deltas := starts[segX2:]
	rangeOffs := deltas[segX2:]
	gids := new([0x10000]uint16)
	for s := 0; s < segX2/2; s++ {
		end := int(be.Uint16(ends[2*s:]))
		start := int(be.Uint16(starts[2*s:]))
		delta := int(be.Uint16(deltas[2*s:]))
		ro := int(be.Uint16(rangeOffs[2*s:]))
		for ch := start; ch <= end && ch != 0xFFFF; ch++ {
			var glyph int
			if ro == 0 {
				glyph = (ch + delta) & 0xFFFF
			} else {
				// idRangeOffset is relative to its own position in the array.
				pos := 14 + 3*segX2 + 2 + 2*s + ro + 2*(ch-start)
				if pos+2 > len(sub) {
					continue
				}
				glyph = int(be.Uint16(sub[pos:]))
				if glyph != 0 {
					glyph = (glyph + delta) & 0xFFFF
				}
			}
			gids[ch] = uint16(glyph)
		}
	}
	return gids, nil
}

// tableDir returns the tables of a TrueType-outline font by tag.
func tableDir(font []byte) (map[string][]byte, error) {
	be := binary.BigEndian
	if len(font) < 12 {
		return nil, errors.New("font too short")
	}
	switch be.Uint32(font) {
	case 0x00010000, 0x74727565: // TrueType outlines
	default:
		return nil, fmt.Errorf("not a TrueType-outline font (tag %#x)", be.Uint32(font))
	}
	numTables := int(be.Uint16(font[4:]))
	tables := make(map[string][]byte, numTables)
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errors.New("truncated table directory")
		}
		off, n := int(be.Uint32(font[rec+8:])), int(be.Uint32(font[rec+12:]))
		if off+n > len(font) || off+n < off {
			return nil, fmt.Errorf("truncated table %q", font[rec:rec+4])
		}
		tables[string(font[rec:rec+4])] = font[off : off+n]
	}
	return tables, nil
}
