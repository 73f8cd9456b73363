package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"credence/backend/report/pdftest"
)

// These tests write real PDFs and read them back with poppler-utils
// (pdftotext, pdffonts, pdfinfo, pdftoppm); they skip when those are missing.
// Set REPORT_TEST_OUT to a directory to keep the PDFs for a look.

func needTool(t *testing.T, name string) { t.Helper(); pdftest.NeedTool(t, name) }

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	return pdftest.Run(t, name, args...)
}

// writePDF writes d to a file and returns its path.
func writePDF(t *testing.T, d *Doc, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if keep := os.Getenv("REPORT_TEST_OUT"); keep != "" {
		dir = keep
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pageCount(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(runTool(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// squash removes all white space, so text can be compared however
// pdftotext lays it out.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// assertInOrder checks that each want appears in got after the previous one.
func assertInOrder(t *testing.T, got string, wants ...string) {
	t.Helper()
	g := squash(got)
	pos := 0
	for _, w := range wants {
		i := strings.Index(g[pos:], squash(w))
		if i < 0 {
			t.Fatalf("%q not found (in order) in extracted text:\n%s", w, got)
		}
		pos += i + len(squash(w))
	}
}

func assertEmbedded(t *testing.T, path string, wantFonts int) {
	t.Helper()
	out := runTool(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2+wantFonts {
		t.Fatalf("pdffonts: want %d fonts:\n%s", wantFonts, out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

var (
	photoOnce sync.Once
	photoData [][]byte
)

func testPhotos(t testing.TB) [][]byte {
	photoOnce.Do(func() { photoData = photos(t) })
	return photoData
}

func TestSampleDocument(t *testing.T) {
	for _, lang := range []string{LangZH, LangEN} {
		t.Run(lang, func(t *testing.T) {
			needTool(t, "pdftotext")
			d := buildSample(t, lang, testPhotos(t))
			if d.Substituted() != 0 {
				t.Errorf("%d characters substituted", d.Substituted())
			}
			path := writePDF(t, d, "sample-"+lang+".pdf")
			st, _ := os.Stat(path)
			if st.Size() > 2<<20 {
				t.Errorf("PDF is %d bytes, budget 2 MB", st.Size())
			}
			pages := pageCount(t, path)
			if pages < 5 || pages > 8 || pages != d.Pages() {
				t.Errorf("pages = %d (Doc says %d), want about 6", pages, d.Pages())
			}
			assertEmbedded(t, path, 2) // "common" and its bold: fonts.go

			text := runTool(t, "pdftotext", "-layout", path, "-")
			assertInOrder(t, text, headings[0], companyLine, headings[1], "91440300MA5F123456",
				"5,000,000 CNY（人民币伍佰万元整）", headings[2], "BBB+", headings[3], headings[4],
				"INV-2024-01000", "R060", headings[5], captions[0], captions[3])
			for p := 1; p <= pages; p++ {
				label := fmt.Sprintf("第 %d 页 / 共 %d 页", p, pages)
				if lang == LangEN {
					label = fmt.Sprintf("Page %d of %d", p, pages)
				}
				if !strings.Contains(squash(text), squash(label)) {
					t.Errorf("page label %q missing", label)
				}
			}
			if n := strings.Count(text, sampleOpts.ContentHash); n != pages {
				t.Errorf("content hash printed %d times on %d pages", n, pages)
			}
			if n := strings.Count(squash(text), squash(defaultDisclaimer[lang])); n != pages {
				t.Errorf("disclaimer printed %d times on %d pages", n, pages)
			}
			assertRendered(t, path)
		})
	}
}

// assertRendered renders the first page and checks it is not blank. (Look
// at the pages yourself too: a CJK-only font draws Latin as empty boxes,
// which no extracted text reveals.)
func assertRendered(t *testing.T, path string) {
	t.Helper()
	dir := t.TempDir()
	runTool(t, "pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", path, filepath.Join(dir, "page"))
	matches, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(matches) != 1 {
		t.Fatalf("pdftoppm wrote %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dark := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				dark++
			}
		}
	}
	if dark < b.Dx()*b.Dy()/200 {
		t.Errorf("page 1 looks blank (%d dark pixels)", dark)
	}
}

func TestLongTable(t *testing.T) {
	needTool(t, "pdftotext")
	d := New(Options{Lang: LangEN, FooterText: "CR-TEST", ContentHash: "abc123"})
	d.Heading(1, "付款记录 Payment history")
	rows := sampleRows(300)
	d.Table(sampleCols, rows)
	path := writePDF(t, d, "table.pdf")
	pages := pageCount(t, path)
	if pages < 8 {
		t.Fatalf("300 rows on %d pages", pages)
	}
	text := runTool(t, "pdftotext", "-layout", path, "-")
	if n := strings.Count(text, "发票号 Invoice"); n != pages {
		t.Errorf("header row printed %d times on %d pages", n, pages)
	}
	var want []string
	for _, r := range rows {
		want = append(want, r[0], r[1])
	}
	assertInOrder(t, text, want...)
	// Every page break falls between rows: a page starts with the header.
	for i, page := range strings.Split(text, "\f")[:pages] {
		first := strings.TrimSpace(page)
		if !strings.HasPrefix(first, "序号 No.") && !strings.HasPrefix(first, "付款记录") {
			t.Errorf("page %d starts with %.40q", i+1, first)
		}
	}
}

func TestTallRowSplitsAcrossPages(t *testing.T) {
	needTool(t, "pdftotext")
	d := New(Options{})
	var b strings.Builder
	for i := 0; i < 900; i++ {
		fmt.Fprintf(&b, "第%03d句 line %d. ", i, i)
	}
	d.Table([]Column{{Title: "项目 Item", Width: 1}, {Title: "说明 Notes", Width: 4}},
		[][]string{{"A", "short"}, {"B", b.String()}, {"C", "after"}})
	path := writePDF(t, d, "tallrow.pdf")
	if pages := pageCount(t, path); pages < 3 {
		t.Fatalf("row taller than a page fits on %d pages?", pages)
	}
	text := runTool(t, "pdftotext", "-layout", path, "-")
	var want []string
	for i := 0; i < 900; i++ {
		want = append(want, fmt.Sprintf("第%03d句", i))
	}
	assertInOrder(t, text, append(want, "after")...)
}

// textPieces draw with the embedded fonts (no substitutes).
var textPieces = []string{
	"深圳市", "光明", "照明", "有限公司", "注册资本", "。", "，", "、", "；", "：", "？", "！",
	"（", "）", "「", "」", "《", "》", "【", "】",
	"Shenzhen", "Bright", "Lighting", "Co.,", "Ltd", "5,000,000", "CNY", "well-known",
	"(", ")", ".", ",", ";", ":", " ", " ", " ", " ", "-", "2024-01-08", "USD",
	"Supercalifragilisticexpialidocious", "é", "ü", "€", "%",
}

func TestLongParagraph(t *testing.T) {
	needTool(t, "pdftotext")
	rng := rand.New(rand.NewSource(7))
	var b strings.Builder
	for runeCount(b.String()) < 2000 {
		b.WriteString(textPieces[rng.Intn(len(textPieces))])
	}
	para := b.String()
	if m := MissingGlyphs(para); len(m) > 0 {
		t.Fatalf("test text has missing glyphs %q", m)
	}
	d := New(Options{Header: func(Frame) {}, Footer: func(Frame) {}})
	d.Paragraph(para)
	path := writePDF(t, d, "paragraph.pdf")
	text := runTool(t, "pdftotext", "-layout", path, "-")
	if got, want := squash(text), squash(para); got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("text differs at byte %d:\n got  %.80q\n want %.80q", i, got[i:], want[i:])
	}
}

func TestNoMissingGlyphs(t *testing.T) {
	all := allSampleText() + strings.Join(textPieces, "")
	for _, s := range defaultDisclaimer {
		all += s
	}
	all += "内容摘要 Content hash 第 1 页 / 共 页 Page of " + nbAlias
	if m := MissingGlyphs(all); len(m) > 0 {
		t.Errorf("missing glyphs: %q", m)
	}
}

func TestMissingGlyphSubstituted(t *testing.T) {
	if got, want := MissingGlyphs("A😀B\x01C😀"), []rune{'😀', 1}; !equalRunes(got, want) {
		t.Errorf("MissingGlyphs = %q, want %q", got, want)
	}
	needTool(t, "pdftotext")
	d := New(Options{Header: func(Frame) {}, Footer: func(Frame) {}})
	d.Paragraph("A😀B\x01C")
	if d.Substituted() != 2 {
		t.Errorf("Substituted = %d, want 2", d.Substituted())
	}
	text := runTool(t, "pdftotext", "-layout", writePDF(t, d, "subst.pdf"), "-")
	if !strings.Contains(text, "A□B□C") {
		t.Errorf("extracted %q, want A□B□C", text)
	}
}

func equalRunes(a, b []rune) bool { return string(a) == string(b) }

func TestImages(t *testing.T) {
	d := New(Options{})
	if err := d.Image([]byte("not an image"), "x", 0, 0); !errors.Is(err, errInvalid) {
		t.Errorf("garbage image: err = %v, want invalid", err)
	}
	// A 16-bit PNG with alpha (gofpdf cannot read those directly).
	img := image.NewNRGBA64(image.Rect(0, 0, 300, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.NRGBA64{uint16(x * 200), uint16(y * 300), 0x8000, uint16(0xffff - x*100)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := d.Image(buf.Bytes(), "PNG 图", 50, 50); err != nil {
		t.Fatalf("png: %v", err)
	}
	if err := d.Image(testPhotos(t)[0], "照片 photo", 0, 60); err != nil {
		t.Fatalf("jpeg: %v", err)
	}
	if err := d.Output(&bytes.Buffer{}); err != nil {
		t.Fatalf("document broken after a bad image: %v", err)
	}
}

func TestInvalidInputIsSticky(t *testing.T) {
	tests := []struct {
		name  string
		build func(d *Doc)
	}{
		{"table row too long", func(d *Doc) { d.Table([]Column{{Title: "a"}}, [][]string{{"1", "2"}}) }},
		{"bar chart lengths", func(d *Doc) { d.BarChart("t", []string{"a"}, nil, 0) }},
		{"radar too few axes", func(d *Doc) { d.RadarChart([]string{"a", "b"}, []float64{1, 2}) }},
		{"line chart lengths", func(d *Doc) { d.LineChart([]string{"a"}, []Series{{Name: "s"}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Options{})
			tt.build(d)
			d.Paragraph("after the error")
			if err := d.Output(&bytes.Buffer{}); !errors.Is(err, errInvalid) {
				t.Errorf("Output error = %v, want invalid", err)
			}
		})
	}
}

// BenchmarkSixPageDoc builds the bilingual sample (about six pages, four
// 1200×900 photos) and reports the PDF size.
//
//	go test -run '^$' -bench SixPageDoc -benchmem ./backend/report/
func BenchmarkSixPageDoc(b *testing.B) {
	ph := testPhotos(b)
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := buildSample(b, LangZH, ph)
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// Thai names (common among South-East Asian buyers) are drawn with the
// embedded Noto Sans Thai, mixed with Chinese and Latin, and read back.
func TestThaiDrawnAndReadBack(t *testing.T) {
	const name = "บริษัท สยาม ไลท์ติ้ง จำกัด Siam Lighting Co., Ltd. 暹罗照明有限公司"
	if m := MissingGlyphs(name); len(m) > 0 {
		t.Fatalf("missing glyphs: %q", m)
	}
	needTool(t, "pdftotext")
	d := New(Options{Lang: LangEN})
	d.Heading(1, name)
	d.Paragraph(name)
	d.Table([]Column{{Title: "ชื่อ / Name", Width: 120}}, [][]string{{name}})
	path := filepath.Join(t.TempDir(), "thai.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Output(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if d.Substituted() != 0 {
		t.Fatalf("%d characters substituted", d.Substituted())
	}
	out := runTool(t, "pdftotext", path, "-")
	for _, want := range []string{"สยาม", "Siam Lighting", "暹罗照明有限公司"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q not read back from the PDF:\n%s", want, out)
		}
	}
	if os.Getenv("REPORT_TEST_OUT") != "" {
		runTool(t, "pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", path, filepath.Join(os.Getenv("REPORT_TEST_OUT"), "thai"))
	}
}

// Reports made at the same time (the app exports while a background job
// prints) share the embedded fonts; each reads back whole. Run under
// -race it checks that no document writes into bytes another reads.
func TestDocumentsAtOnce(t *testing.T) {
	needTool(t, "pdftotext")
	var wg sync.WaitGroup
	paths := make([]string, 4)
	for i := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := New(Options{Header: func(Frame) {}, Footer: func(Frame) {}})
			d.Paragraph(fmt.Sprintf("报告 %d: 宁波海港进出口有限公司 Hansa Lighting GmbH", i))
			var buf bytes.Buffer
			if err := d.Output(&buf); err != nil {
				t.Error(err)
				return
			}
			p := filepath.Join(t.TempDir(), fmt.Sprintf("r%d.pdf", i))
			os.WriteFile(p, buf.Bytes(), 0o600)
			paths[i] = p
		}()
	}
	wg.Wait()
	for i, p := range paths {
		if p == "" {
			continue
		}
		text := runTool(t, "pdftotext", p, "-")
		if want := fmt.Sprintf("报告 %d: 宁波海港进出口有限公司 Hansa Lighting GmbH", i); !strings.Contains(squash(text), squash(want)) {
			t.Errorf("document %d reads %q", i, text)
		}
	}
}
