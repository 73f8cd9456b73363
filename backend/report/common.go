package report

import (
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The common faces: subsets, cut once per process, of the characters
// business text uses. A document registers a full font only when it draws a
// character outside them.

// latinCommon is what DejaVu's part of the common faces holds (every
// character of a font is cut into the common face or its rest, so this only
// decides which documents pay for the rest): Latin-1 and Latin Extended-A,
// the Vietnamese and Romanian letters of Extended-B and Extended Additional,
// spacing accents, basic Greek and Cyrillic, general punctuation, currency,
// common letterlike symbols, arrows and operators, geometric shapes (the
// substitute □ among them) and check marks.
var latinCommon = [][2]rune{
	{0x0000, 0x017F}, {0x01A0, 0x01B0}, {0x0218, 0x021B}, {0x02C6, 0x02DD},
	{0x0391, 0x03C9}, {0x0400, 0x045F}, {0x1EA0, 0x1EF9}, {0x2000, 0x206F},
	{0x20A0, 0x20CF}, {0x2100, 0x2122}, {0x2190, 0x2199}, {0x2200, 0x2265},
	{0x25A0, 0x25FF}, {0x2713, 0x2718},
}

func inRanges(ranges [][2]rune) func(rune) bool {
	return func(r rune) bool {
		for _, rg := range ranges {
			if r >= rg[0] && r <= rg[1] {
				return true
			}
		}
		return false
	}
}

// cjkCommonRanges are held whole: CJK punctuation, kana (Japanese buyers'
// names), fullwidth forms and CJK compatibility punctuation.
var cjkCommonRanges = [][2]rune{
	{0x3000, 0x303F}, {0x3040, 0x30FF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF},
}

var (
	cjkOnce                      sync.Once
	cjkFrequentSet, cjkCommonSet map[rune]bool
)

func cjkSets() {
	cjkOnce.Do(func() {
		cjkFrequentSet, cjkCommonSet = map[rune]bool{}, map[rune]bool{}
		gbk := simplifiedchinese.GBK.NewDecoder()
		// GB 2312: rows 1-9 symbols, 16-55 level 1 Han, 56-87 level 2
		// (where place names such as 圳 in 深圳 are).
		decode(gbk, 0xA1, 0xF7, [][2]byte{{0xA1, 0xFE}}, cjkFrequentSet)
		for _, rg := range cjkCommonRanges {
			for r := rg[0]; r <= rg[1]; r++ {
				cjkFrequentSet[r] = true
			}
		}
		// Big5 level 1 (frequent traditional characters): A440..C67E.
		decode(traditionalchinese.Big5.NewDecoder(), 0xA4, 0xC5, [][2]byte{{0x40, 0x7E}, {0xA1, 0xFE}}, cjkCommonSet)
		decode(traditionalchinese.Big5.NewDecoder(), 0xC6, 0xC6, [][2]byte{{0x40, 0x7E}}, cjkCommonSet)
	})
}

// decode adds the non-ASCII characters of the double-byte codes hi×lo to set.
func decode(dec *encoding.Decoder, hiFrom, hiTo byte, lo [][2]byte, set map[rune]bool) {
	for hi := int(hiFrom); hi <= int(hiTo); hi++ {
		for _, rg := range lo {
			for l := int(rg[0]); l <= int(rg[1]); l++ {
				out, err := dec.Bytes([]byte{byte(hi), byte(l)})
				if err != nil {
					continue
				}
				for _, r := range string(out) {
					if r != '\uFFFD' && r > 0x7F {
						set[r] = true
					}
				}
			}
		}
	}
}

// cjkFrequent: GB 2312 (6 763 Han and its symbols), CJK punctuation, kana
// and fullwidth forms.
func cjkFrequent(r rune) bool { cjkSets(); return cjkFrequentSet[r] }

// cjkCommon: Big5 level 1, the frequent traditional characters.
func cjkCommon(r rune) bool { cjkSets(); return cjkCommonSet[r] }
