package dossierreport

import (
	"context"
	"io"
	"strings"

	"credence/backend/dossier"
	"credence/backend/dossierreport/input"
	"credence/backend/errs"
	"credence/backend/report"
	"credence/backend/visit"
)

// visitReportInputs is what the field-visit report is made from; its
// JSON is what the content hash covers.
type visitReportInputs struct {
	Kind       string                 `json:"kind"`
	Firm       string                 `json:"firm"`
	PreparedBy string                 `json:"prepared_by"`
	Customer   string                 `json:"customer"`
	Latin      string                 `json:"latin"`
	Visit      input.Visit            `json:"visit"`
	Files      []input.AttachmentHash `json:"files"` // the photos and signatures, by content
}

// Visit writes the field-visit report of one visit: the checklist with
// every answer and note, the section scores, the failed required items
// with their notes, the corrections after sign-off, the photos and the
// signatures. A visit not yet signed off is printed as a draft, and says
// so. Errors: errs.NotFound for an unknown visit; the context's error when
// ctx is cancelled between sections (w untouched).
func Visit(ctx context.Context, data input.VisitReport, opt Options, w io.Writer) (Info, error) {
	opt = opt.normalized()
	d, v := data.Dossier, data.Visit.Visit
	if d == nil {
		return Info{}, errs.New(errs.Invalid, "a visit report needs the visited dossier")
	}
	in := visitReportInputs{Kind: "visit", Firm: opt.Firm, PreparedBy: opt.PreparedBy,
		Customer: d.DisplayName(), Latin: d.LatinName.Value, Visit: data.Visit, Files: data.Files}
	full, err := hashInputs(in)
	if err != nil {
		return Info{}, err
	}
	info := Info{Number: number("VR", opt.Now, full), Hash: full[:16]}
	tt := tr{opt.Lang}
	vw := &visitWriter{tr: tt, files: data.Read, d: nil, dossierID: d.ID, vi: &in.Visit, ctx: ctx, fig: new(int)}

	score := in.Visit.Score
	c := gradeColors["A"]
	switch {
	case len(score.FailedRequired) > 0 || score.Total < 60:
		c = gradeColors["E"]
	case score.Total < 80:
		c = gradeColors["C"]
	}
	if !v.Signed() {
		c = colorNoGrade
	}
	vw.d = newDoc(docSpec{opt: opt, title: tt.t("visit.title"), number: info.Number, hash: full,
		band: &band{color: c, left: tt.t("visit.title"), right: tt.t("v.score") + " " + num(score.Total)}})
	sp := steps{ctx: ctx, total: 5, fn: opt.Progress}
	sections := []func(){
		func() { vw.cover(d, opt, info) },
		vw.checklist,
		vw.failedAndCorrections,
		vw.photos,
		vw.signatures,
	}
	for _, s := range sections {
		if err := sp.next(); err != nil {
			return Info{}, err
		}
		s()
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	if err := output(vw.d, w, &info); err != nil {
		return Info{}, err
	}
	sp.finish()
	return info, nil
}

// visitWriter renders a visit, in its own report or inside a credit report.
type visitWriter struct {
	tr
	files     input.Files // nil: no file is printed
	d         *report.Doc
	dossierID string
	vi        *input.Visit
	ctx       context.Context
	fig       *int // the last figure number, shared with the rest of the report
}

func (w *visitWriter) cover(d *dossier.Dossier, opt Options, info Info) {
	w.d.Heading(1, w.t("visit.title"))
	latin := strings.TrimSpace(d.LatinName.Value)
	if strings.TrimSpace(d.LegalName.Value) == "" {
		latin = d.DisplayName()
	}
	w.d.KeyValues([]report.KV{
		{Key: w.t("cover.customer"), Value: d.DisplayName()},
		{Key: w.t("cover.latin"), Value: w.or(latin)},
		{Key: w.t("cover.firm"), Value: w.or(opt.Firm)},
		{Key: w.t("cover.number"), Value: info.Number},
		{Key: w.t("cover.date"), Value: opt.Now.Format("2006-01-02")},
		{Key: w.t("cover.preparer"), Value: w.or(opt.PreparedBy)},
		{Key: w.t("cover.language"), Value: w.t("cover.langName")},
	})
	w.facts()
	w.summaryBox()
	w.sectionChart()
}

// attachment reads one of the visit's files.
func (w *visitWriter) attachment(id string) (*dossier.Attachment, []byte, error) {
	if w.files == nil {
		return nil, nil, errs.New(errs.NotFound, "no file reader")
	}
	return w.files.Attachment(w.dossierID, id)
}

// facts are the visit's particulars.
func (w *visitWriter) facts() {
	v, t, sc := w.vi.Visit, w.vi.Template, w.vi.Score
	status := w.t("v.inProgress")
	if v.Signed() {
		status = w.f("v.signed", w.dateTime(v.SignedAt))
	}
	answered, total := 0, 0
	for _, s := range sc.Sections {
		answered += s.Answered
		total += s.Total
	}
	w.d.KeyValues([]report.KV{
		{Key: w.t("v.template"), Value: w.pick(t.Name.EN, t.Name.ZH) + w.paren(w.f("v.version", t.Version))},
		{Key: w.t("v.date"), Value: w.or(v.Date)},
		{Key: w.t("v.visitor"), Value: w.or(v.Visitor)},
		{Key: w.t("v.status"), Value: status},
		{Key: w.t("v.score"), Value: num(sc.Total) + " / 100"},
		{Key: w.t("v.progress"), Value: w.f("v.progressOf", answered, total, pct(sc.Progress))},
	})
}

// summaryBox states the score and the failed required items.
func (w *visitWriter) summaryBox() {
	sc := w.vi.Score
	tone := report.ToneGood
	switch {
	case len(sc.FailedRequired) > 0 || sc.Total < 60:
		tone = report.ToneBad
	case sc.Total < 80:
		tone = report.ToneWarn
	}
	var b strings.Builder
	if len(sc.FailedRequired) == 0 {
		b.WriteString(w.t("v.noFailed"))
	} else {
		b.WriteString(w.t("v.failed") + w.t("colon") + "\n")
		for _, f := range sc.FailedRequired {
			b.WriteString("• " + w.finding(f) + "\n")
		}
	}
	if !w.vi.Visit.Signed() {
		b.WriteString("\n" + w.t("v.inProgress"))
		tone = report.ToneWarn
	}
	w.d.Box(w.t("v.score")+w.t("colon")+num(sc.Total)+" / 100", b.String(), tone)
}

func (w *visitWriter) finding(f visit.Finding) string {
	s := w.pick(f.Label.EN, f.Label.ZH) + w.t("colon") + w.answerText(f.ItemID, visit.Answer{Value: f.Value})
	if n := strings.TrimSpace(f.Note); n != "" {
		s += w.t("clauseSep") + n
	}
	return s
}

// sectionChart draws the scored sections as bars.
func (w *visitWriter) sectionChart() {
	var labels []string
	var values []float64
	for _, s := range w.vi.Score.Sections {
		if s.Scored {
			labels = append(labels, w.pick(s.Title.EN, s.Title.ZH))
			values = append(values, s.Score)
		}
	}
	if len(labels) > 0 {
		w.d.BarChart(w.t("v.sections"), labels, values, 100)
	}
}

// checklist prints every section with every item, answer, note and score.
func (w *visitWriter) checklist() {
	t := w.vi.Template
	ans := w.vi.Visit.Effective()
	scores := map[string]visit.ItemScore{}
	for _, is := range w.vi.Score.Items {
		scores[is.ItemID] = is
	}
	corrected := map[string]bool{}
	for _, c := range w.vi.Visit.Corrections {
		corrected[c.ItemID] = true
	}
	secScores := map[string]visit.SectionScore{}
	for _, s := range w.vi.Score.Sections {
		secScores[s.SectionID] = s
	}
	w.d.Heading(1, w.t("v.template"))
	for _, sec := range t.Sections {
		title := w.pick(sec.Title.EN, sec.Title.ZH)
		if ss, ok := secScores[sec.ID]; ok && ss.Scored {
			title += " — " + num(ss.Score)
		}
		w.d.Heading(2, title)
		var rows [][]string
		for _, it := range sec.Items {
			label := w.pick(it.Label.EN, it.Label.ZH)
			if it.Required {
				label += w.t("v.required")
			}
			a := ans[it.ID]
			answer := w.answerText(it.ID, a)
			if corrected[it.ID] {
				answer += w.paren(w.t("v.corrections"))
			}
			sc := w.t("v.notScored")
			if is, ok := scores[it.ID]; ok && is.Scored {
				sc = pct(is.Score)
			}
			rows = append(rows, []string{label, answer, orDash(a.Note), sc})
		}
		w.d.Table([]report.Column{
			{Title: w.t("v.item"), Width: 3},
			{Title: w.t("v.answer"), Width: 1.8},
			{Title: w.t("v.note"), Width: 2.2},
			{Title: w.t("v.itemScore"), Width: 0.8, Align: report.AlignRight},
		}, rows)
	}
}

// answerText is an answer as a person reads it.
func (w *visitWriter) answerText(itemID string, a visit.Answer) string {
	var it visit.Item
	for _, x := range w.vi.Template.Items() {
		if x.ID == itemID {
			it = x
			break
		}
	}
	v := strings.TrimSpace(a.Value)
	if v == "na" {
		return w.t("ans.na")
	}
	switch it.Type {
	case visit.TypePassFail, visit.TypeYesNo:
		if v == "" {
			return w.t("v.unanswered")
		}
		return w.enum("ans", v)
	case visit.TypeNumber:
		if v == "" {
			return w.t("v.unanswered")
		}
		if it.Expected != nil {
			v += w.f("v.expected", num(*it.Expected))
		}
		return v
	case visit.TypeChoice:
		for _, c := range it.Choices {
			if c.Value == v {
				return w.pick(c.Label.EN, c.Label.ZH)
			}
		}
	case visit.TypePhoto:
		if len(a.Photos) == 0 {
			return w.t("v.unanswered")
		}
		return w.f("v.photoCount", len(a.Photos))
	case visit.TypeSignature:
		if v == "" && len(a.Photos) == 0 {
			return w.t("v.unanswered")
		}
		if v == "" {
			return w.t("v.signatures")
		}
	}
	if v == "" {
		if len(a.Photos) > 0 {
			return w.f("v.photoCount", len(a.Photos))
		}
		return w.t("v.unanswered")
	}
	if len(a.Photos) > 0 {
		v += " · " + w.f("v.photoCount", len(a.Photos))
	}
	return v
}

// failedAndCorrections lists the failed required items with the
// visitor's notes, and the corrections made after sign-off.
func (w *visitWriter) failedAndCorrections() {
	sc := w.vi.Score
	w.d.Heading(1, w.t("v.failed"))
	w.failedTable(sc)
	if cs := w.vi.Visit.Corrections; len(cs) > 0 {
		w.d.Heading(2, w.t("v.corrections"))
		var rows [][]string
		for _, c := range cs {
			label := c.ItemID
			for _, it := range w.vi.Template.Items() {
				if it.ID == c.ItemID {
					label = w.pick(it.Label.EN, it.Label.ZH)
				}
			}
			rows = append(rows, []string{label, w.answerText(c.ItemID, c.Old), w.answerText(c.ItemID, c.New), c.Reason, c.By + "\n" + w.dateTime(c.At)})
		}
		w.d.Table([]report.Column{
			{Title: w.t("v.item"), Width: 2.2}, {Title: w.t("v.old"), Width: 1.2}, {Title: w.t("v.new"), Width: 1.2},
			{Title: w.t("v.reason"), Width: 2}, {Title: w.t("v.byAt"), Width: 1.4},
		}, rows)
	}
}

func (w *visitWriter) failedTable(sc visit.Score) {
	if len(sc.FailedRequired) == 0 {
		w.d.Paragraph(w.t("v.noFailed"))
		return
	}
	var rows [][]string
	for _, f := range sc.FailedRequired {
		rows = append(rows, []string{w.pick(f.Label.EN, f.Label.ZH), w.answerText(f.ItemID, visit.Answer{Value: f.Value}), orDash(f.Note)})
	}
	w.d.Table([]report.Column{
		{Title: w.t("v.item"), Width: 3}, {Title: w.t("v.answer"), Width: 1.3}, {Title: w.t("v.note"), Width: 3},
	}, rows)
}

// photos prints the visit's photos with their item, name, time and taker.
func (w *visitWriter) photos() {
	w.d.Heading(1, w.t("v.photos"))
	w.photoList(90)
}

func (w *visitWriter) photoList(maxH float64) {
	v := w.vi.Visit
	ids := input.VisitFiles(v, w.vi.Template)
	sigs := map[string]bool{}
	for _, s := range v.Signatures {
		sigs[s.AttachmentID] = true
	}
	itemOf := map[string]string{}
	for item, a := range v.Effective() {
		for _, id := range a.Photos {
			itemOf[id] = item
		}
	}
	n := 0
	for _, id := range ids {
		if sigs[id] {
			continue
		}
		if w.ctx.Err() != nil {
			return
		}
		n++
		*w.fig++
		a, data, err := w.attachment(id)
		name, taken, by, item := id, "", "", itemOf[id]
		if err == nil {
			name, taken = a.Name, w.date(a.Added)
		}
		if p, ok := v.Photos[id]; ok {
			if p.Name != "" {
				name = p.Name
			}
			taken, by = w.dateTime(p.TakenAt), p.By
			if p.ItemID != "" {
				item = p.ItemID
			}
		}
		label := item
		for _, it := range w.vi.Template.Items() {
			if it.ID == item {
				label = w.pick(it.Label.EN, it.Label.ZH)
			}
		}
		caption := w.f("ax.figure", *w.fig) + "  " + w.f("v.photoCaption", label, name, orDash(taken), orDash(by))
		addImage(w.d, w.tr, data, caption, 0, maxH)
	}
	if n == 0 {
		w.d.Paragraph(w.t("v.noPhotos"))
	}
}

// signatures prints the drawn signatures, small, with who signed when.
func (w *visitWriter) signatures() {
	w.d.Heading(1, w.t("v.signatures"))
	w.signatureList()
}

func (w *visitWriter) signatureList() {
	v := w.vi.Visit
	if len(v.Signatures) == 0 {
		w.d.Paragraph(w.t("v.noSignatures"))
		return
	}
	for _, s := range v.Signatures {
		caption := w.f("v.sigCaption", w.enum("sig", s.Role), s.Name, w.dateTime(s.At))
		_, data, err := w.attachment(s.AttachmentID)
		if err != nil {
			w.d.Paragraph(caption + w.t("clauseSep") + w.t("v.sigMissing"))
			continue
		}
		addImage(w.d, w.tr, data, caption, 70, 22)
	}
}

// fieldVisit is the credit report's section on the latest signed visit.
func (r *creditReport) fieldVisit() error {
	r.visitSec = r.heading("sec.visit")
	vi := r.in.Visit
	if vi == nil {
		r.d.Paragraph(r.t("v.noSignedVisit") + " " + r.f("v.others", r.in.Visits))
		return nil
	}
	w := &visitWriter{tr: r.tr, files: r.in.Files, d: r.d, dossierID: r.in.Dossier.ID, vi: vi, ctx: r.steps.ctx, fig: &r.fig}
	r.d.Paragraph(r.t("v.latest"))
	w.facts()
	w.sectionChart()
	r.d.Heading(2, r.t("v.failed"))
	w.failedTable(vi.Score)
	r.d.Heading(2, r.t("v.photos"))
	w.photoList(75)
	r.d.Heading(2, r.t("v.signatures"))
	w.signatureList()
	if n := r.in.Visits - 1; n > 0 {
		r.d.Paragraph(r.f("v.others", n))
	}
	return nil
}
