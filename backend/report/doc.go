// Package report is the typographic layer of Credence's printed reports: an
// A4 document builder with embedded fonts, per-character font fallback for
// mixed Chinese and Latin text, its own line breaking, tables that continue
// across pages, images and simple vector charts.
//
// It knows nothing of dossiers or assessments: callers translate their model
// into headings, paragraphs, tables and charts. gofpdf is an implementation
// detail and does not appear in the API.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Languages a document can be set in. They choose the fixed strings the
// package itself prints (page numbers, the default disclaimer).
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Options configure a document. Zero values choose the defaults noted.
type Options struct {
	Lang    string // LangZH (default) or LangEN
	Title   string // document metadata
	Author  string
	Subject string

	HeaderText  string // left of the running header on every page; "" for none
	FooterText  string // left of the footer, e.g. the report number
	ContentHash string // printed in the footer so a printout can be matched to its data
	Disclaimer  string // short line at the foot of every page; "" for the default

	// Margins of the body in mm (default 18 left/right, 22 top, 26 bottom;
	// header and footer are drawn inside the top and bottom margins).
	MarginLeft, MarginRight, MarginTop, MarginBottom float64

	FontSize float64 // body text in points, default 10

	// ImageDPI caps the resolution of embedded photos at their printed size:
	// larger images are downscaled and re-encoded. Default 200; negative
	// embeds images unchanged.
	ImageDPI float64

	Created time.Time // creation date in the metadata; zero means now

	// Header and Footer, when set, replace the default running header and
	// footer. They are called once per page.
	Header func(Frame)
	Footer func(Frame)
}

// Doc is a document being built. Blocks are appended top to bottom; a page
// break is made whenever the next block (or line, or table row) does not fit.
//
// Errors are sticky: after a failed call further calls do nothing and Output
// returns the first error. A Doc is not safe for concurrent use.
type Doc struct {
	pdf  *gofpdf.Fpdf
	opts Options

	pageW, pageH             float64
	left, right, top, bottom float64 // margins
	y                        float64 // top of the next block
	body                     textStyle

	widths      map[widthKey]float64
	registered  map[string]bool   // gofpdf fonts added to this document, by family/style
	aliasStyles map[aliasKey]bool // styles the page-count alias was drawn in
	substituted int
	images      int
	outline     int // level of the last bookmark, -1 before the first
	err         error
}

// nbAlias is replaced by the total page count when the PDF is written.
const nbAlias = "{nb}"

// New starts an A4 portrait document with its first page.
func New(opts Options) *Doc {
	d := &Doc{opts: opts, widths: map[widthKey]float64{}, registered: map[string]bool{}, aliasStyles: map[aliasKey]bool{}, outline: -1}
	if err := loadFonts(); err != nil {
		d.err = fmt.Errorf("load fonts: %w", err)
		return d
	}
	if d.opts.Lang != LangEN {
		d.opts.Lang = LangZH
	}
	d.left = orDefault(opts.MarginLeft, 18)
	d.right = orDefault(opts.MarginRight, 18)
	d.top = orDefault(opts.MarginTop, 22)
	d.bottom = orDefault(opts.MarginBottom, 26)
	d.body = textStyle{size: orDefault(opts.FontSize, 10), color: colorText}
	if d.opts.ImageDPI == 0 {
		d.opts.ImageDPI = 200
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}

	pdf := gofpdf.New("P", "mm", "A4", "")
	d.pdf = pdf
	d.pageW, d.pageH = pdf.GetPageSize()
	pdf.SetMargins(d.left, d.top, d.right)
	pdf.SetAutoPageBreak(false, 0) // pages are broken here, not by gofpdf
	pdf.AliasNbPages(nbAlias)      // before the fonts: it changes their subsets
	pdf.SetTitle(opts.Title, true)
	pdf.SetAuthor(opts.Author, true)
	pdf.SetSubject(opts.Subject, true)
	pdf.SetCreator("Credence", false)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetHeaderFunc(func() { d.header() })
	pdf.SetFooterFuncLpi(func(last bool) {
		d.footer()
		if last { // called from Close, before gofpdf replaces the aliases
			d.registerPageCount()
		}
	})
	d.newPage()
	d.setFace(regularChain.faces[0], d.body.size) // a UTF-8 font is current from the start (bookmarks rely on it)
	return d
}

// setFace makes f the current gofpdf font, adding it to the document the
// first time. Faces are added only when first measured or drawn with: each
// costs gofpdf a parse here and a cut at Output, so a document pays only for
// the faces (and tiers of faces) its text needs. gofpdf takes fonts added
// after pages exist; AliasNbPages was set first, so their subsets are right.
func (d *Doc) setFace(f *face, size float64) {
	if key := f.family + "/" + f.style; !d.registered[key] {
		d.registered[key] = true
		// A copy per document: gofpdf pads a table it copies from the
		// font when it sums it (append on a sub-slice), which can write
		// into the font bytes that reports made at once share.
		d.pdf.AddUTF8FontFromBytes(f.family, f.style, bytes.Clone(f.data))
	}
	d.pdf.SetFont(f.family, f.style, size)
}

func orDefault(v, def float64) float64 {
	if v > 0 {
		return v
	}
	return def
}

// Output writes the PDF to w. It returns the first error met while building.
func (d *Doc) Output(w io.Writer) error {
	if d.err != nil {
		return d.err
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// Err returns the first error met while building, or nil.
func (d *Doc) Err() error {
	if d.err == nil && d.pdf != nil && d.pdf.Err() {
		return d.pdf.Error()
	}
	return d.err
}

// Substituted returns how many characters were drawn as a substitute (□)
// because no embedded font has them.
func (d *Doc) Substituted() int { return d.substituted }

// Pages returns the number of pages so far.
func (d *Doc) Pages() int {
	if d.pdf == nil {
		return 0
	}
	return d.pdf.PageCount()
}

// ok reports whether building may go on.
func (d *Doc) ok() bool {
	if d.err == nil && d.pdf != nil && d.pdf.Err() {
		d.err = d.pdf.Error()
	}
	return d.err == nil
}

func (d *Doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

var errInvalid = errors.New("invalid input")

func (d *Doc) contentWidth() float64 { return d.pageW - d.left - d.right }
func (d *Doc) pageBottom() float64   { return d.pageH - d.bottom }

// bodyHeight is the usable height of a fresh page.
func (d *Doc) bodyHeight() float64 { return d.pageBottom() - d.top }

// remaining is the height left on the current page.
func (d *Doc) remaining() float64 { return d.pageBottom() - d.y }

// atTop reports whether nothing has been drawn on this page yet.
func (d *Doc) atTop() bool { return d.y <= d.top+0.01 }

func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.y = d.top
}

// ensure starts a new page unless h mm still fit on this one. A block
// taller than a page is started on the current page if it is fresh.
func (d *Doc) ensure(h float64) {
	if h > d.remaining() && !d.atTop() {
		d.newPage()
	}
}

// gap adds vertical space, dropped at the top of a page.
func (d *Doc) gap(h float64) {
	if d.atTop() {
		return
	}
	d.y += h
	if d.y > d.pageBottom() {
		d.y = d.pageBottom()
	}
}

// Frame is what header and footer callbacks draw with. Coordinates are mm
// from the top-left corner of the page; y is a text baseline.
type Frame struct {
	Page                     int
	Lang                     string
	PageWidth, PageHeight    float64
	Left, Right, Top, Bottom float64 // margins
	d                        *Doc
}

// Text draws s with its left end at x.
func (f Frame) Text(x, y float64, s string, size float64, bold bool, c Color) {
	f.d.drawText(x, y, clean(s), textStyle{size: size, bold: bold, color: c})
}

// TextRight draws s with its right end at x.
func (f Frame) TextRight(x, y float64, s string, size float64, bold bool, c Color) {
	st := textStyle{size: size, bold: bold, color: c}
	s = clean(s)
	f.d.drawLine(x, y, 0, s, st, AlignRight)
}

// TextWidth is the width of s in mm.
func (f Frame) TextWidth(s string, size float64, bold bool) float64 {
	return f.d.textWidth(clean(s), textStyle{size: size, bold: bold})
}

// Rule draws a thin horizontal line across the body width at y.
func (f Frame) Rule(y float64, c Color) {
	f.d.rule(f.Left, y, f.PageWidth-f.Right, c, 0.2)
}

// PageOfPages is "第 n 页 / 共 m 页" or "Page n of m" for this page.
func (f Frame) PageOfPages() string {
	n := strconv.Itoa(f.Page)
	if f.Lang == LangEN {
		return "Page " + n + " of " + nbAlias
	}
	return "第 " + n + " 页 / 共 " + nbAlias + " 页"
}

func (d *Doc) frame() Frame {
	return Frame{
		Page: d.pdf.PageNo(), Lang: d.opts.Lang,
		PageWidth: d.pageW, PageHeight: d.pageH,
		Left: d.left, Right: d.right, Top: d.top, Bottom: d.bottom,
		d: d,
	}
}

func (d *Doc) rule(x1, y, x2 float64, c Color, width float64) {
	d.pdf.SetDrawColor(int(c.R), int(c.G), int(c.B))
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y, x2, y)
}

func (d *Doc) header() {
	f := d.frame()
	if d.opts.Header != nil {
		d.opts.Header(f)
		return
	}
	if d.opts.HeaderText == "" {
		return
	}
	y := d.top - 8
	f.Text(d.left, y, d.opts.HeaderText, 8, false, colorMuted)
	f.Rule(y+2.2, colorRule)
}

func (d *Doc) footer() {
	f := d.frame()
	if d.opts.Footer != nil {
		d.opts.Footer(f)
		return
	}
	y := d.pageBottom() + 7
	f.Rule(y-4, colorRule)
	f.Text(d.left, y, d.opts.FooterText, 8, false, colorText)
	f.TextRight(d.pageW-d.right, y, f.PageOfPages(), 8, false, colorText)
	if d.opts.ContentHash != "" {
		y += 4
		label := "内容摘要 "
		if d.opts.Lang == LangEN {
			label = "Content hash "
		}
		f.Text(d.left, y, label+d.opts.ContentHash, 6.5, false, colorMuted)
	}
	disclaimer := d.opts.Disclaimer
	if disclaimer == "" {
		disclaimer = defaultDisclaimer[d.opts.Lang]
	}
	st := textStyle{size: 6.5, color: colorMuted}
	for _, l := range d.wrap(disclaimer, d.contentWidth(), st) {
		y += st.lineHeight()
		d.drawText(d.left, y, l.Text, st)
	}
}

var defaultDisclaimer = map[string]string{
	LangZH: "本报告仅供委托方内部信用评估参考，依据报告日可得资料编制，不构成任何担保或投资建议。",
	LangEN: "For the client's internal credit assessment only, based on information available on the report date; not a guarantee or investment advice.",
}
