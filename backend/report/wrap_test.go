package report

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// unitWidth is a fixed-pitch stand-in for font metrics: CJK is one unit wide,
// everything else half a unit.
func unitWidth(r rune) float64 {
	if isCJK(r) {
		return 1
	}
	return 0.5
}

func texts(lines []Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Text)
	}
	return out
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"latin at spaces", "Hello world and more", 6, []string{"Hello world", "and more"}},
		{"fits", "深圳 Shenzhen", 20, []string{"深圳 Shenzhen"}},
		{"cjk anywhere", "一二三四五六七", 3, []string{"一二三", "四五六", "七"}},
		{"closing never starts a line", "一二三四。五", 4, []string{"一二三", "四。五"}},
		{"ascii closing", "一二三四,五", 4, []string{"一二三", "四,五"}},
		{"opening never ends a line", "一二三（四）", 4, []string{"一二三", "（四）"}},
		{"hyphen", "well-known facts", 3, []string{"well-", "known", "facts"}},
		{"dates keep their hyphens", "paid on 2024-01-08", 7, []string{"paid on", "2024-01-08"}},
		{"no break inside number", "注册资本 5,000,000 CNY", 6, []string{"注册资本", "5,000,000", "CNY"}},
		{"over-long word forced", "abcdefghij", 4, []string{"abcdefgh", "ij"}},
		{"forced break keeps kinsoku", "abcdefgh.ij", 4, []string{"abcdefg", "h.ij"}},
		{"hard breaks", "a\n\nb\r\nc\n", 10, []string{"a", "", "b", "c", ""}},
		{"trailing spaces removed", "ab   \ncd  ", 10, []string{"ab", "cd"}},
		{"latin then cjk", "Ltd深圳市光明", 3, []string{"Ltd深", "圳市光", "明"}},
		{"empty", "", 10, []string{""}},
		{"zero width", "ab", 0, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.in, tt.width, unitWidth)
			if !reflect.DeepEqual(texts(got), tt.want) {
				t.Errorf("Wrap(%q, %v) = %q, want %q", tt.in, tt.width, texts(got), tt.want)
			}
			checkWrap(t, tt.in, tt.width, got)
		})
	}
}

// checkWrap asserts the properties every wrap must have.
func checkWrap(t *testing.T, in string, width float64, lines []Line) {
	t.Helper()
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text)
		b.WriteString(l.Trail)
	}
	if b.String() != in {
		t.Fatalf("lost characters:\n in  %q\n out %q", in, b.String())
	}
	start := 0
	for k, l := range lines {
		if l.Width > width+1e-9 && utf8.RuneCountInString(l.Text) > 1 {
			t.Fatalf("line %d %q is %v wide, max %v", k, l.Text, l.Width, width)
		}
		if strings.HasSuffix(l.Text, " ") || strings.HasSuffix(l.Text, "\t") {
			t.Fatalf("line %d %q ends with a space", k, l.Text)
		}
		end := start + len(l.Text)
		// A break with nothing removed must be a legal break, unless the
		// line had no legal break point at all (an over-long word).
		if l.Trail == "" && end < len(in) && !legalAt(in, end) {
			for j := start + 1; j < end; j++ {
				if utf8.RuneStart(in[j]) && legalAt(in, j) {
					t.Fatalf("line %d %q broken illegally before %q though it could break at %d",
						k, l.Text, in[end:], j-start)
				}
			}
		}
		start = end + len(l.Trail)
	}
}

func legalAt(s string, i int) bool {
	prev, prev2 := runeBefore(s, i)
	r, _ := utf8.DecodeRuneInString(s[i:])
	return canBreak(prev2, prev, r) || (isSpace(r) && !isSpace(prev))
}

var pieces = []string{
	"深圳市", "光明", "照明", "有限公司", "注册资本", "。", "，", "、", "；", "：", "？", "！",
	"（", "）", "「", "」", "『", "』", "【", "】", "《", "》", "〈", "〉",
	"Shenzhen", "Bright", "Lighting", "Co.,", "Ltd", "5,000,000", "CNY", "well-known",
	"(", ")", ".", ",", ";", ":", "!", "?", " ", " ", " ", "  ", "\n", "\t", "-",
	"Supercalifragilisticexpialidocious", "https://example.com/a/very/long/path",
	"é", "ü", "€", "\u00a0", "a", "1", "𠀀",
}

func randomMixed(rng *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}

func TestWrapProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		s := randomMixed(rng, rng.Intn(300))
		width := float64(rng.Intn(40)) / 2
		lines := Wrap(s, width, unitWidth)
		checkWrap(t, s, width, lines)
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("深圳市光明照明有限公司 Shenzhen Bright Lighting Co., Ltd 注册资本 5,000,000 CNY", uint8(12))
	f.Add("一二三四。五（六）", uint8(4))
	f.Add("a\r\n\n b  c\t", uint8(1))
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		width := float64(w) / 4
		checkWrap(t, s, width, Wrap(s, width, unitWidth))
	})
}
