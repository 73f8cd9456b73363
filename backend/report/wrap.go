package report

import (
	"unicode"
	"unicode/utf8"
)

// Line is one line produced by Wrap. Text is what is drawn; Trail is what was
// removed at the break (the spaces or tabs at which the line was broken,
// and a line feed for a hard break). Concatenating Text+Trail of every line
// gives back the input byte for byte.
type Line struct {
	Text  string
	Trail string
	Width float64 // width of Text as measured
}

// Wrap breaks s into lines no wider than maxWidth, measuring each character
// with measure. It never drops a character.
//
// Rules: a line feed ("\n" or "\r\n") is a hard break; Latin text breaks at
// spaces and tabs (removed into Trail) and after a hyphen or dash inside a
// word (not between digits, as in dates); CJK text breaks between any two
// characters; closing punctuation (。，、；：？！）」』】》〉.,;:!? …) never
// starts a line and opening brackets (（「『【《〈( …) never end one. Only a
// word wider than a whole line is broken elsewhere, as a last resort; a line
// holds at least one character.
func Wrap(s string, maxWidth float64, measure func(rune) float64) []Line {
	var lines []Line
	start := 0
	for start < len(s) {
		l, next := wrapOne(s, start, maxWidth, measure)
		lines = append(lines, l)
		start = next
	}
	if len(lines) == 0 || (len(s) > 0 && s[len(s)-1] == '\n') {
		// An empty input, or one ending in a line feed, ends with an empty line.
		lines = append(lines, Line{})
	}
	return lines
}

type breakAt struct {
	end, next int // the line is s[start:end]; the next one starts at next
}

// wrapOne lays out the line starting at byte start and returns it with the
// byte offset where the next line starts.
func wrapOne(s string, start int, maxWidth float64, measure func(rune) float64) (Line, int) {
	prev, prev2 := runeBefore(s, start)
	w := 0.0 // width of s[start:i] not counting trailing spaces
	trailW := 0.0
	best := breakAt{end: -1}
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || (r == '\r' && i+1 < len(s) && s[i+1] == '\n'):
			end := trimSpaceEnd(s, start, i)
			nl := i + size
			if r == '\r' {
				nl++
			}
			return mkLine(s, start, end, nl, measure), nl
		case isSpace(r):
			if i > start && !isSpace(prev) {
				best = breakAt{end: i, next: skipSpaces(s, i)}
			}
			trailW += measure(r)
		default:
			if i > start && canBreak(prev2, prev, r) {
				best = breakAt{end: i, next: i}
			}
			w, trailW = w+trailW, 0 // spaces inside the line count
			cw := measure(r)
			if w+cw > maxWidth && i > start {
				if best.end > start {
					return mkLine(s, start, best.end, best.next, measure), best.next
				}
				end := forcedBreak(s, start, i)
				next := skipSpaces(s, end)
				return mkLine(s, start, trimSpaceEnd(s, start, end), next, measure), next
			}
			w += cw
		}
		prev2, prev = prev, r
		i += size
	}
	end := trimSpaceEnd(s, start, len(s))
	return mkLine(s, start, end, len(s), measure), len(s)
}

func mkLine(s string, start, end, next int, measure func(rune) float64) Line {
	l := Line{Text: s[start:end], Trail: s[end:next]}
	for _, r := range l.Text {
		l.Width += measure(r)
	}
	return l
}

// forcedBreak picks where to cut an over-long word whose character at i does
// not fit: just before it, moved back a little when that would start the next
// line with closing punctuation or end this one with an opening bracket.
func forcedBreak(s string, start, i int) int {
	for p, tries := i, 0; p > start && tries < 3; tries++ {
		r, _ := utf8.DecodeRuneInString(s[p:])
		before, size := utf8.DecodeLastRuneInString(s[start:p])
		if !isClosing(r) && !isOpening(before) {
			return p
		}
		p -= size
	}
	return i
}

// canBreak reports whether a line may break between prev and r with nothing
// removed (spaces are handled by the caller). prev2 is the character before prev.
func canBreak(prev2, prev, r rune) bool {
	switch {
	case prev < 0 || isSpace(prev) || isSpace(r):
		return false
	case isClosing(r) || isOpening(prev):
		return false
	case isCJK(prev) || isCJK(r):
		return true
	case isHyphen(prev):
		// "well-known" breaks after the hyphen; "-5", " -x" and dates or
		// numbers such as "2024-01-08" do not.
		if prev2 < 0 || isSpace(prev2) || isHyphen(prev2) || (unicode.IsDigit(prev2) && unicode.IsDigit(r)) {
			return false
		}
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// runeBefore returns the two characters before byte offset i (-1 if none).
func runeBefore(s string, i int) (prev, prev2 rune) {
	prev, prev2 = -1, -1
	if i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		prev = r
		if i-n > 0 {
			prev2, _ = utf8.DecodeLastRuneInString(s[:i-n])
		}
	}
	return prev, prev2
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func trimSpaceEnd(s string, start, end int) int {
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return end
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2013' || r == '\u2014'
}

// isCJK reports characters between which lines may break freely:
// ideographs, kana, hangul and the CJK / fullwidth punctuation blocks.
func isCJK(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK symbols/punctuation, kana, bopomofo, ideographs
		r >= 0xA960 && r <= 0xA97F,   // hangul jamo ext-A
		r >= 0xAC00 && r <= 0xD7FF,   // hangul
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF,   // fullwidth/halfwidth forms
		r >= 0x20000 && r <= 0x3FFFF: // supplementary ideographs
		return true
	}
	return false
}

// isClosing: characters that must not start a line (kinsoku shori).
func isClosing(r rune) bool {
	switch r {
	case '。', '，', '、', '；', '：', '？', '！', '）', '」', '』', '】', '》', '〉',
		'.', ',', ';', ':', '!', '?', ')', ']', '}', '%',
		'”', '’', '〕', '］', '｝', '〗', '〙', '〛', '％', '．', '｡', '､', '…', '‥',
		'ー', '々', '〻', 'ゝ', 'ゞ', 'ヽ', 'ヾ', '・', '·':
		return true
	}
	return false
}

// isOpening: characters that must not end a line.
func isOpening(r rune) bool {
	switch r {
	case '（', '「', '『', '【', '《', '〈', '(', '[', '{',
		'“', '‘', '〔', '［', '｛', '〖', '〘', '〚':
		return true
	}
	return false
}
