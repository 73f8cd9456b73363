package dossierreport

import (
	"credence/backend/report"
)

// Grade colours: the same as the interface's (A green … E red).
var gradeColors = map[string]report.Color{
	"A": {R: 0x18, G: 0xa0, B: 0x58},
	"B": {R: 0x2f, G: 0x9e, B: 0x8f},
	"C": {R: 0xf0, G: 0xa0, B: 0x20},
	"D": {R: 0xe0, G: 0x6c, B: 0x2e},
	"E": {R: 0xd0, G: 0x30, B: 0x50},
}

var (
	colorNoGrade = report.Color{R: 0x6b, G: 0x72, B: 0x80}
	colorMuted   = report.Color{R: 0x6b, G: 0x72, B: 0x80}
	colorRule    = report.Color{R: 0xc8, G: 0xcd, B: 0xd4}
	colorWhite   = report.Color{R: 0xff, G: 0xff, B: 0xff}
)

// gradeTone is the summary box's tone for a grade.
func gradeTone(g string) report.Tone {
	switch g {
	case "A", "B":
		return report.ToneGood
	case "C":
		return report.ToneWarn
	case "D", "E":
		return report.ToneBad
	}
	return report.ToneInfo
}

// band is a coloured strip across the top of page one: the report title on
// the left, the grade (or another verdict) on the right, in white.
type band struct {
	color       report.Color
	left, right string
}

// docSpec is what every report's document shares.
type docSpec struct {
	opt      Options
	title    string // document title, also in the running header
	number   string
	hash     string // full hex; the footer shows 16 digits
	band     *band  // page one only; nil for none
	fontSize float64
}

func newDoc(s docSpec) *report.Doc {
	t := tr{s.opt.Lang}
	header := s.title
	if s.opt.Firm != "" {
		header = s.opt.Firm + " · " + s.title
	}
	header += " · " + s.number
	return report.New(report.Options{
		Lang:        s.opt.Lang,
		Title:       s.title + " " + s.number,
		Author:      s.opt.Firm,
		Subject:     s.title,
		FooterText:  footerText(t, s.opt, s.number),
		ContentHash: s.hash[:16],
		Disclaimer:  t.t("disclaimer"),
		Created:     s.opt.Now,
		FontSize:    s.fontSize,
		// Evidence photos are looked at, not enlarged: 150 dpi at their
		// printed size keeps a report with many photos small.
		ImageDPI: 150,
		Header: func(f report.Frame) {
			if f.Page == 1 && s.band != nil {
				drawBand(f, *s.band)
				return
			}
			y := f.Top - 8
			f.Text(f.Left, y, header, 8, false, colorMuted)
			f.Rule(y+2.2, colorRule)
		},
	})
}

// drawBand fills a strip from 6 to 16 mm with thin rules (the frame can
// draw text and rules only) and writes on it.
func drawBand(f report.Frame, b band) {
	const top, bottom = 6.0, 16.0
	for y := top; y <= bottom; y += 0.15 {
		f.Rule(y, b.color)
	}
	base := (top+bottom)/2 + 1.6
	f.Text(f.Left+2.5, base, b.left, 11, true, colorWhite)
	f.TextRight(f.PageWidth-f.Right-2.5, base, b.right, 12, true, colorWhite)
}

// footerText is the report number and who printed this copy when: a
// printout found on a desk says whose it was.
func footerText(t tr, opt Options, number string) string {
	out := t.t("cover.number") + " " + number
	if opt.PrintedBy != "" {
		out += " · " + t.f("footer.printed", opt.PrintedBy, opt.Now.Format("2006-01-02 15:04"))
	}
	return out
}
