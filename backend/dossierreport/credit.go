package dossierreport

import (
	"context"
	"io"
	"slices"
	"strings"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/dossierreport/input"
	"credence/backend/errs"
	"credence/backend/report"
)

// creditInputs is everything the credit report is made from: the values
// the workspace gathered, with who makes it. Its JSON is what the content
// hash covers (the embedded fields encode inline, after these three).
type creditInputs struct {
	Kind       string `json:"kind"`
	Firm       string `json:"firm"`
	PreparedBy string `json:"prepared_by"`
	input.Credit
}

// Credit writes the credit-assessment report of one customer to w and
// returns its number and content hash. The report follows the order of a
// professional credit report: cover and summary on page one, then
// identity, screening, credit standing, soft information and field visit
// (each only when the dossier has such data), the assessment, and the
// evidence annex. Errors: errs.NotFound for an unknown dossier; the
// context's error, wrapped, when ctx is cancelled between sections (w is
// then untouched: the PDF is written only at the end).
func Credit(ctx context.Context, data input.Credit, opt Options, w io.Writer) (Info, error) {
	opt = opt.normalized()
	if data.Dossier == nil {
		return Info{}, errs.New(errs.Invalid, "a credit report needs a dossier")
	}
	in := &creditInputs{Kind: "credit", Firm: opt.Firm, PreparedBy: opt.PreparedBy, Credit: data}
	full, err := hashInputs(in)
	if err != nil {
		return Info{}, err
	}
	info := Info{Number: number("CR", opt.Now, full), Hash: full[:16]}
	r := &creditReport{tr: tr{opt.Lang}, in: in, opt: opt, info: info}
	r.plan()
	r.steps = steps{ctx: ctx, total: len(r.sections), fn: opt.Progress}

	grade, right := "", r.t("sum.notAssessed")
	if in.Snapshot != nil {
		grade = in.Snapshot.Assessment.Grade
		right = r.t("sum.grade") + " " + grade
		if in.Snapshot.Assessment.Status == assess.StatusOnHold {
			grade, right = "E", r.t("sum.onHold") // drawn in the decline red: nothing may be granted
		}
	}
	c, ok := gradeColors[grade]
	if !ok {
		c = colorNoGrade
	}
	r.d = newDoc(docSpec{opt: opt, title: r.t("credit.title"), number: info.Number, hash: full,
		band: &band{color: c, left: r.t("credit.title"), right: right}})
	for _, s := range r.sections {
		if err := r.steps.next(); err != nil {
			return Info{}, err
		}
		if err := s(); err != nil {
			return Info{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	if err := output(r.d, w, &info); err != nil {
		return Info{}, err
	}
	r.steps.finish()
	return info, nil
}

// creditReport renders one credit report.
type creditReport struct {
	tr
	in       *creditInputs
	opt      Options
	info     Info
	d        *report.Doc
	steps    steps
	sections []func() error
	sec      int      // number of the last top-level section
	fig      int      // number of the last figure
	visitSec string   // title of the field-visit section, when there is one
	omitted  []string // sections left out for want of data
	shown    map[string]bool
}

// plan decides which sections the report has.
func (r *creditReport) plan() {
	d := r.in.Dossier
	r.shown = map[string]bool{}
	r.sections = []func() error{r.cover, r.identity, r.screening}
	if r.in.Trade != nil {
		r.sections = append(r.sections, r.trade)
	} else {
		r.omitted = append(r.omitted, r.t("sec.trade"))
	}
	if len(d.CreditReports)+len(d.LegalRecords)+len(d.Banks)+len(d.References)+len(d.InsuranceLimits) > 0 {
		r.sections = append(r.sections, r.standing)
	} else {
		r.omitted = append(r.omitted, r.t("sec.standing"))
	}
	if hasSoft(d) {
		r.sections = append(r.sections, r.soft)
	} else {
		r.omitted = append(r.omitted, r.t("sec.soft"))
	}
	if r.in.Visits > 0 {
		r.sections = append(r.sections, r.fieldVisit)
	} else {
		r.omitted = append(r.omitted, r.t("sec.visit"))
	}
	if r.in.Payments != nil {
		r.sections = append(r.sections, r.payments)
	} else {
		r.omitted = append(r.omitted, r.t("sec.receivable"))
	}
	r.sections = append(r.sections, r.assessment, r.annex)
}

func hasSoft(d *dossier.Dossier) bool {
	s, e := d.Soft, d.Expected
	return s.NamesSpecs || s.NamesQuantity || s.NamesDelivery || s.NamesPayment || s.ResponseHours > 0 ||
		len(s.DecisionRoles) > 0 || s.TechConfirmation || strings.TrimSpace(s.Notes) != "" ||
		e.AnnualVolume > 0 || e.OrderSize > 0 || e.RequestedTerms != ""
}

// heading starts a numbered top-level section.
func (r *creditReport) heading(key string) string {
	r.sec++
	title := r.sectionTitle(r.sec, key)
	r.d.Heading(1, title)
	return title
}

// cover is page one: who and what the report is about, and the summary.
func (r *creditReport) cover() error {
	d := r.in.Dossier
	r.d.Heading(1, r.t("credit.title"))
	name := d.DisplayName()
	latin := strings.TrimSpace(d.LatinName.Value)
	if strings.TrimSpace(d.LegalName.Value) == "" {
		latin = name
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("cover.customer"), Value: name},
		{Key: r.t("cover.latin"), Value: r.or(latin)},
		{Key: r.t("cover.firm"), Value: r.or(r.opt.Firm)},
		{Key: r.t("cover.number"), Value: r.info.Number},
		{Key: r.t("cover.date"), Value: r.opt.Now.Format("2006-01-02")},
		{Key: r.t("cover.preparer"), Value: r.or(r.opt.PreparedBy)},
		{Key: r.t("cover.language"), Value: r.t("cover.langName")},
	})
	r.summary()
	return nil
}

// summary is the box on page one and the dimension chart under it.
func (r *creditReport) summary() {
	var b strings.Builder
	line := func(label, value string) {
		b.WriteString(label + r.t("colon") + value + "\n")
	}
	snap := r.in.Snapshot
	title := r.t("sum.notAssessed")
	tone := report.ToneInfo
	if snap == nil {
		b.WriteString(r.t("sum.notAssessedTx") + "\n")
	} else {
		a := snap.Assessment
		title = r.f("sum.gradeLine", a.Grade, num(a.Score), num(a.Completeness)+"%")
		tone = gradeTone(a.Grade)
		if a.Status == assess.StatusOnHold {
			title, tone = r.t("sum.onHold"), report.ToneBad
			b.WriteString(r.t("sum.onHoldTx") + "\n")
		}
		if fr := r.in.Stale; fr != nil {
			tone = report.ToneBad
			line(r.t("sum.stale"), r.pick(fr.EN, fr.ZH))
		}
		line(r.t("sum.recLimit"), money(a.Limit.Amount, a.Limit.Currency)+r.paren(r.t("sum.boundBy")+r.t("colon")+r.enum("bound", a.Limit.BoundBy)))
		line(r.t("sum.recTerms"), r.termName(a.Terms))
	}
	if st := r.in.State; st != nil {
		line(r.t("sum.approved"), money(st.Limit, st.Currency)+" · "+r.termName(st.Terms))
		appr := r.f("sum.approvalLine", st.ApprovedBy, r.date(st.ApprovedAt))
		if st.SelfApproved {
			appr += r.t("clauseSep") + r.t("sum.selfApproved")
		}
		if c := r.approvalComment(st.ProposalID); c != "" {
			appr += r.t("clauseSep") + r.t("sum.comment") + r.t("colon") + c
		}
		switch {
		case st.Valid:
			appr += r.t("clauseSep") + r.t("sum.sigValid")
		case st.NoRole:
			appr += r.t("clauseSep") + r.t("sum.noRole")
			tone = report.ToneBad
		default:
			appr += r.t("clauseSep") + r.t("sum.sigInvalid")
			tone = report.ToneBad
		}
		line(r.t("sum.approval"), appr)
		if st.NextReview != "" {
			line(r.t("sum.nextReview"), st.NextReview)
		}
	} else {
		line(r.t("sum.approved"), r.t("sum.notApproved"))
		if snap != nil && snap.Assessment.NextReview != "" {
			line(r.t("sum.nextReview"), snap.Assessment.NextReview)
		}
	}
	flags := dedupe(r.topFlags())
	if len(flags) == 0 {
		line(r.t("sum.topFlags"), r.t("sum.noFlags"))
	} else {
		b.WriteString(r.t("sum.topFlags") + r.t("colon") + "\n")
		const top = 3
		for i, f := range flags {
			if i == top {
				b.WriteString("• " + r.f("sum.moreFlags", len(flags)-top) + "\n")
				break
			}
			b.WriteString("• " + f + "\n")
		}
	}
	line(r.t("sum.notOnFile"), r.join(r.omitted))
	r.d.Box(r.t("sum.title")+r.t("colon")+title, b.String(), tone)

	if snap != nil {
		r.dimensionChart(snap.Assessment)
	}
}

// approvalComment is the approver's comment on the proposal.
func (r *creditReport) approvalComment(proposalID string) string {
	for _, p := range r.in.Proposals {
		if p.ID == proposalID && p.Decision != nil {
			return strings.TrimSpace(p.Decision.Comment)
		}
	}
	return ""
}

// topFlags are the red flags, most severe first: the assessment's when
// there is one, else those found in the dossier now.
func (r *creditReport) topFlags() []string {
	var out []string
	if snap := r.in.Snapshot; snap != nil {
		flags := slices.Clone(snap.Assessment.RedFlags)
		rank := map[string]int{assess.SeverityDecline: 0, assess.SeverityCap: 1}
		slices.SortStableFunc(flags, func(a, b assess.RedFlag) int {
			ra, ok := rank[a.Severity]
			if !ok {
				ra = 2
			}
			rb, ok := rank[b.Severity]
			if !ok {
				rb = 2
			}
			return ra - rb
		})
		for _, f := range flags {
			out = append(out, r.pick(f.EN, f.ZH))
		}
		return out
	}
	for _, f := range r.in.Flags {
		out = append(out, r.pick(f.EN, f.ZH))
	}
	return out
}

// dimensionChart draws the dimension scores as bars (the chart keeps its
// title on its page; the radar, which has none, is in the assessment).
func (r *creditReport) dimensionChart(a assess.Assessment) {
	var labels []string
	var values []float64
	for _, dim := range a.Dimensions {
		if dim.Missing {
			continue
		}
		labels = append(labels, r.enum("dim", dim.Key))
		values = append(values, dim.Score)
	}
	if len(labels) == 0 {
		return
	}
	r.d.BarChart(r.t("sum.dimChart"), labels, values, 100)
}

// readAttachment returns an attachment's bytes, or nil when it cannot be read.
func (r *creditReport) readAttachment(id string) (*dossier.Attachment, []byte) {
	if r.in.Files == nil {
		return nil, nil
	}
	a, data, err := r.in.Files.Attachment(r.in.Dossier.ID, id)
	if err != nil {
		return nil, nil
	}
	return a, data
}

// dedupe drops repeated strings, keeping the first of each.
func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func isImage(mime string) bool { return mime == "image/jpeg" || mime == "image/png" }

// image adds an image, or says that it could not be read.
func addImage(d *report.Doc, t tr, data []byte, caption string, maxW, maxH float64) {
	if data == nil || d.Image(data, caption, maxW, maxH) != nil {
		d.Paragraph(t.f("ax.unreadable", caption))
	}
}
