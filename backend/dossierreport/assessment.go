package dossierreport

import (
	"strings"

	"credence/backend/report"
)

// assessment: the dimensions with their factors and weights, the
// overrides, the red flags, the limit, the terms, the policy row applied
// and the proposals and decisions.
func (r *creditReport) assessment() error {
	r.heading("sec.assessment")
	snap := r.in.Snapshot
	if snap == nil {
		r.d.Paragraph(r.t("sum.notAssessedTx"))
		r.proposals()
		return nil
	}
	a := snap.Assessment
	policy := r.t("a.policyDefault")
	if snap.PolicyDate != "" {
		policy = r.f("a.policySaved", snap.PolicyDate)
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("a.snapshot"), Value: r.dateTime(snap.At)},
		{Key: r.t("a.by"), Value: r.or(snap.By)},
		{Key: r.t("a.profile"), Value: a.Profile},
		{Key: r.t("a.policy"), Value: policy},
	})

	r.d.Heading(2, r.t("a.dims"))
	var rows [][]string
	for _, dim := range a.Dimensions {
		if dim.Missing {
			rows = append(rows, []string{r.enum("dim", dim.Key), r.t("a.missing"), "0%", r.t("dash")})
			continue
		}
		rows = append(rows, []string{r.enum("dim", dim.Key), num(dim.Score), pct(dim.Weight), num(round1(dim.Score * dim.Weight))})
	}
	rows = append(rows, []string{r.f("a.total", a.Grade), num(a.Score), "100%", num(a.Score)})
	r.d.Table([]report.Column{
		{Title: r.t("a.dimension"), Width: 2},
		{Title: r.t("a.score"), Width: 1, Align: report.AlignRight},
		{Title: r.t("a.weight"), Width: 1, Align: report.AlignRight},
		{Title: r.t("a.contribution"), Width: 1, Align: report.AlignRight},
	}, rows)

	var labels []string
	var values []float64
	for _, dim := range a.Dimensions {
		if !dim.Missing {
			labels = append(labels, r.enum("dim", dim.Key))
			values = append(values, dim.Score)
		}
	}
	if len(labels) >= 3 {
		r.d.RadarChart(labels, values)
		r.d.Paragraph(r.t("sum.dimChart"))
	}

	for _, dim := range a.Dimensions {
		if err := r.steps.ctx.Err(); err != nil {
			return err
		}
		name := r.enum("dim", dim.Key)
		if dim.Missing {
			r.d.Heading(3, r.f("a.dimMissing", name))
			for _, f := range dim.Factors {
				r.d.Paragraph(r.pick(f.EN, f.ZH))
			}
			continue
		}
		r.d.Heading(3, r.f("a.dimHead", name, num(dim.Score), pct(dim.Weight)))
		var fr [][]string
		for _, f := range dim.Factors {
			fr = append(fr, []string{r.pick(f.EN, f.ZH), signed(f.Points)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("a.factor"), Width: 6},
			{Title: r.t("a.points"), Width: 1, Align: report.AlignRight},
		}, fr)
	}

	r.d.Heading(2, r.t("a.overrides"))
	if len(a.Overrides) == 0 {
		r.d.Paragraph(r.t("a.noOverrides"))
	} else {
		var or [][]string
		for _, o := range a.Overrides {
			or = append(or, []string{o.FromGrade, o.ToGrade, r.pick(o.EN, o.ZH)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("a.from"), Width: 0.8}, {Title: r.t("a.to"), Width: 0.8}, {Title: r.t("a.reason"), Width: 6},
		}, or)
	}

	r.d.Heading(2, r.t("a.flags"))
	if len(a.RedFlags) == 0 {
		r.d.Paragraph(r.t("sum.noFlags"))
	} else {
		var fr [][]string
		for _, f := range a.RedFlags {
			fr = append(fr, []string{r.enum("sev", f.Severity), r.enum("src", f.Source), r.pick(f.EN, f.ZH)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("a.severity"), Width: 1}, {Title: r.t("a.raisedBy"), Width: 1.1}, {Title: r.t("a.flag"), Width: 5},
		}, fr)
	}

	r.d.Heading(2, r.t("a.limit"))
	r.d.Paragraph(r.pick(a.Limit.EN, a.Limit.ZH))
	if len(a.Limit.Candidates) > 0 {
		var cr [][]string
		for _, c := range a.Limit.Candidates {
			kind := r.enum("bound", c.Kind)
			if c.Kind == a.Limit.BoundBy && c.Amount == a.Limit.Amount {
				kind += r.t("a.binding")
			}
			cr = append(cr, []string{kind, r.pick(c.EN, c.ZH), money(c.Amount, a.Limit.Currency)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("a.ceiling"), Width: 1.8}, {Title: r.t("a.reason"), Width: 3.5},
			{Title: r.t("a.amount"), Width: 1.4, Align: report.AlignRight},
		}, cr)
	}

	r.d.Heading(2, r.t("a.terms"))
	r.d.Paragraph(r.pick(a.Terms.EN, a.Terms.ZH))

	r.d.Heading(2, r.t("a.policyRow"))
	band := a.PolicyRow
	terms := r.termName(band.Terms)
	if band.Decline {
		terms = r.t("a.decline")
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("sum.grade"), Value: band.Grade},
		{Key: r.t("a.minScore"), Value: num(band.MinScore)},
		{Key: r.t("a.terms"), Value: terms},
		{Key: r.t("a.maxLimit"), Value: money(band.MaxLimit, a.Limit.Currency)},
		{Key: r.t("a.review"), Value: r.f("a.months", band.ReviewMonths, band.KeyAccountReviewMonths)},
	})
	if a.NextReview != "" {
		r.d.Paragraph(r.f("a.nextReview", a.NextReview))
	}
	r.proposals()
	return nil
}

// proposals lists the proposals of a limit and their decisions.
func (r *creditReport) proposals() {
	r.d.Heading(2, r.t("a.proposals"))
	if len(r.in.Proposals) == 0 {
		r.d.Paragraph(r.t("a.noProposals"))
		return
	}
	var rows [][]string
	for _, p := range r.in.Proposals {
		who := r.date(p.At) + "\n" + p.By
		if c := strings.TrimSpace(p.Comment); c != "" {
			who += "\n" + c
		}
		dec := r.t("dash")
		if x := p.Decision; x != nil {
			dec = r.date(x.At) + " " + x.By
			if c := strings.TrimSpace(x.Comment); c != "" {
				dec += "\n" + c
			}
		}
		rows = append(rows, []string{who, money(p.Limit, p.Currency) + "\n" + r.termName(p.Terms), r.enum("pstatus", p.Status), dec})
	}
	r.d.Table([]report.Column{
		{Title: r.t("a.proposedBy"), Width: 2}, {Title: r.t("a.pLimit"), Width: 2},
		{Title: r.t("a.pStatus"), Width: 0.9}, {Title: r.t("a.pDecision"), Width: 2.2},
	}, rows)
}

func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	return num(x)
}

func round1(x float64) float64 {
	return float64(int64(x*10+sign(x)*0.5)) / 10
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
