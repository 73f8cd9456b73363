package dossierreport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"credence/backend/dossier"
	"credence/backend/report"
	"credence/backend/screened"
)

// screening: the lists and their dates, the hits and the decisions taken.
// With no list imported it says so plainly.
func (r *creditReport) screening() error {
	r.heading("sec.screening")
	if len(r.in.Lists) == 0 {
		r.d.Box("", r.t("scr.noLists"), report.ToneWarn)
	} else {
		r.d.Heading(2, r.t("scr.lists"))
		var rows [][]string
		for _, v := range r.in.Lists {
			en, zh := screened.SourceName(v.Source)
			pub := r.t("scr.unpublished")
			if !v.Published.IsZero() {
				pub = r.date(v.Published)
			}
			imp := r.date(v.ImportedAt)
			if v.ImportedBy != "" {
				imp += "\n" + v.ImportedBy
			}
			rows = append(rows, []string{r.pick(en, zh), pub, imp, strconv.Itoa(v.Entries)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("scr.list"), Width: 3},
			{Title: r.t("scr.published"), Width: 1.2},
			{Title: r.t("scr.imported"), Width: 1.4},
			{Title: r.t("scr.entries"), Width: 0.9, Align: report.AlignRight},
		}, rows)
	}
	res := r.in.Screening
	if res == nil {
		r.d.Paragraph(r.t("scr.notScreened"))
		return nil
	}
	if len(res.Lists) == 0 {
		r.d.Paragraph(r.f("scr.screenedNo", r.date(res.ScreenedAt)))
	} else {
		r.d.Paragraph(r.f("scr.screenedAt", r.date(res.ScreenedAt), len(res.Lists)))
	}
	current := make([]string, 0, len(r.in.Lists))
	for _, v := range r.in.Lists {
		current = append(current, v.ID)
	}
	used := slices.Clone(res.Lists)
	slices.Sort(current)
	slices.Sort(used)
	if len(current) > 0 && !slices.Equal(current, used) {
		r.d.Paragraph(r.t("scr.outdated"))
	}
	if len(res.Hits) == 0 {
		if len(res.Lists) > 0 {
			r.d.Paragraph(r.t("scr.noHits"))
		}
		return nil
	}
	r.d.Heading(2, r.t("scr.hits"))
	var rows [][]string
	for _, h := range res.Hits {
		en, zh := screened.SourceName(h.List)
		entry := h.Name + "\n" + r.pick(en, zh) + " #" + h.EntryID
		if len(h.Countries) > 0 {
			entry += " · " + strings.Join(h.Countries, ", ")
		}
		matched := h.MatchedName
		if h.QueryName != "" && h.QueryName != h.MatchedName {
			matched += "\n≈ " + h.QueryName
		}
		rows = append(rows, []string{entry, matched, fmt.Sprintf("%.2f", h.Score), orDash(strings.Join(h.Programs, ", ")), r.hitDecision(h)})
	}
	r.d.Table([]report.Column{
		{Title: r.t("scr.entry"), Width: 2.1},
		{Title: r.t("scr.matched"), Width: 1.6},
		{Title: r.t("scr.score"), Width: 0.75, Align: report.AlignRight},
		{Title: r.t("scr.programs"), Width: 1.25},
		{Title: r.t("scr.decision"), Width: 2.3},
	}, rows)
	return nil
}

// hitDecision is the decisions on a hit, oldest first, or "pending".
func (r *creditReport) hitDecision(h screened.Hit) string {
	if len(h.Decisions) == 0 {
		return r.t("scr.pending")
	}
	var out []string
	for _, d := range h.Decisions {
		out = append(out, r.f("scr.decidedBy", r.enum("verdict", d.Verdict), d.By, r.date(d.At), d.Reason))
	}
	return strings.Join(out, "\n")
}

// standing: credit reports, litigation, banks, references, insurance.
func (r *creditReport) standing() error {
	d := r.in.Dossier
	r.heading("sec.standing")
	var missing []string
	if len(d.CreditReports) > 0 {
		r.d.Heading(2, r.t("cs.reports"))
		var rows [][]string
		var labels []string
		var values []float64
		for _, c := range d.CreditReports {
			score := r.t("dash")
			if c.Score != 0 || c.ScaleMax != 0 {
				score = num(c.Score)
				if c.ScaleMax > c.ScaleMin {
					score += " (" + num(c.ScaleMin) + "–" + num(c.ScaleMax) + ")"
					v := (c.Score - c.ScaleMin) / (c.ScaleMax - c.ScaleMin) * 100
					if c.ScaleInverted {
						v = 100 - v
						score += " " + r.t("cs.inverted")
					}
					labels = append(labels, c.Agency+" "+c.Date)
					values = append(values, v)
				}
			}
			lim := r.t("dash")
			if c.RecommendedLimit > 0 {
				lim = money(c.RecommendedLimit, c.Currency)
			}
			rows = append(rows, []string{c.Agency, orDash(c.Date), score, orDash(c.Rating), lim, orDash(c.Note)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("cs.agency"), Width: 1.3},
			{Title: r.t("cs.date"), Width: 1.05},
			{Title: r.t("cs.score"), Width: 1.3},
			{Title: r.t("cs.rating"), Width: 0.7},
			{Title: r.t("cs.recLimit"), Width: 1.5, Align: report.AlignRight},
			{Title: r.t("cs.note"), Width: 1.9},
		}, rows)
		if len(values) > 1 {
			r.d.BarChart(r.t("cs.scoreChart"), labels, values, 100)
		}
	} else {
		missing = append(missing, r.t("cs.reports"))
	}
	if len(d.LegalRecords) > 0 {
		r.d.Heading(2, r.t("cs.legal"))
		var rows [][]string
		for _, l := range d.LegalRecords {
			amt := r.t("dash")
			if l.Amount > 0 {
				amt = money(l.Amount, l.Currency)
			}
			note := orDash(strings.TrimSpace(strings.Join(nonEmpty(l.Source, l.Note), " · ")))
			rows = append(rows, []string{r.enum("legal", l.Kind), orDash(l.Court), orDash(l.Date), amt,
				r.enum("lstatus", l.Status), r.enum("lrole", l.Role), note})
		}
		r.d.Table([]report.Column{
			{Title: r.t("cs.kind"), Width: 1},
			{Title: r.t("cs.court"), Width: 1.5},
			{Title: r.t("cs.date"), Width: 1.1},
			{Title: r.t("cs.amount"), Width: 1.2, Align: report.AlignRight},
			{Title: r.t("cs.status"), Width: 0.8},
			{Title: r.t("cs.role"), Width: 0.8},
			{Title: r.t("cs.note"), Width: 1.6},
		}, rows)
	} else {
		missing = append(missing, r.t("cs.legal"))
	}
	if len(d.Banks) > 0 {
		r.d.Heading(2, r.t("cs.banks"))
		var rows [][]string
		for _, b := range d.Banks {
			rows = append(rows, []string{b.Name, orDash(b.BIC), orDash(b.Rating), orDash(b.Note)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("cs.bank"), Width: 2}, {Title: "BIC", Width: 1.2},
			{Title: r.t("cs.rating"), Width: 0.8}, {Title: r.t("cs.note"), Width: 2.5},
		}, rows)
	} else {
		missing = append(missing, r.t("cs.banks"))
	}
	if len(d.References) > 0 {
		r.d.Heading(2, r.t("cs.references"))
		var rows [][]string
		for _, x := range d.References {
			rows = append(rows, []string{x.Who, r.enum("habit", x.Payment), orDash(x.Since), orDash(x.Note)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("cs.who"), Width: 2}, {Title: r.t("cs.payment"), Width: 1},
			{Title: r.t("cs.since"), Width: 1}, {Title: r.t("cs.note"), Width: 2.5},
		}, rows)
	} else {
		missing = append(missing, r.t("cs.references"))
	}
	if len(d.InsuranceLimits) > 0 {
		r.d.Heading(2, r.t("cs.insurance"))
		today := r.opt.Now.Format("2006-01-02")
		var rows [][]string
		for _, x := range d.InsuranceLimits {
			exp := orDash(x.Expiry)
			if x.Expiry != "" && x.Expiry < today {
				exp += r.t("cs.expired")
			}
			rows = append(rows, []string{x.Insurer, orDash(x.Policy), money(x.Amount, x.Currency), exp})
		}
		r.d.Table([]report.Column{
			{Title: r.t("cs.insurer"), Width: 2}, {Title: r.t("cs.policy"), Width: 1.4},
			{Title: r.t("cs.amount"), Width: 1.4, Align: report.AlignRight}, {Title: r.t("cs.expiry"), Width: 1.3},
		}, rows)
	} else {
		missing = append(missing, r.t("cs.insurance"))
	}
	if len(missing) > 0 {
		r.d.Paragraph(r.f("cs.notOnFileTx", r.join(missing)))
	}
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// soft: what the inquiry and the conversations tell, and the business
// the customer expects to do.
func (r *creditReport) soft() error {
	d := r.in.Dossier
	s := d.Soft
	r.heading("sec.soft")
	var named, notNamed []string
	for _, x := range []struct {
		ok  bool
		key string
	}{{s.NamesSpecs, "soft.specs"}, {s.NamesQuantity, "soft.quantity"}, {s.NamesDelivery, "soft.delivery"}, {s.NamesPayment, "soft.payment"}} {
		if x.ok {
			named = append(named, r.t(x.key))
		} else {
			notNamed = append(notNamed, r.t(x.key))
		}
	}
	var inquiry []string
	if len(named) > 0 {
		inquiry = append(inquiry, r.f("soft.named", r.join(named)))
	}
	if len(notNamed) > 0 {
		inquiry = append(inquiry, r.f("soft.notNamed", r.join(notNamed)))
	}
	resp := r.t("unknown")
	if s.ResponseHours > 0 {
		resp = r.f("soft.hours", s.ResponseHours)
	}
	chain := r.t("unknown")
	if len(s.DecisionRoles) > 0 {
		var roles []string
		for _, x := range s.DecisionRoles {
			roles = append(roles, r.enum("role", x))
		}
		chain = r.f("soft.roles", len(roles), r.join(roles))
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("soft.inquiry"), Value: strings.Join(inquiry, r.t("clauseSep"))},
		{Key: r.t("soft.response"), Value: resp},
		{Key: r.t("soft.chain"), Value: chain},
		{Key: r.t("soft.tech"), Value: r.yesNo(s.TechConfirmation)},
		{Key: r.t("soft.notes"), Value: orDash(s.Notes)},
	})
	e := d.Expected
	r.d.Heading(2, r.t("soft.expected"))
	amount := func(x float64) string {
		if x <= 0 {
			return r.t("notProvided")
		}
		return money(x, e.Currency)
	}
	req := r.t("notProvided")
	if e.RequestedTerms != "" {
		req = r.enum("reqterm", e.RequestedTerms)
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("soft.volume"), Value: amount(e.AnnualVolume)},
		{Key: r.t("soft.orderSize"), Value: amount(e.OrderSize)},
		{Key: r.t("soft.reqTerms"), Value: req},
	})
	return nil
}

// annex: the image attachments, scaled and captioned, and a list of the
// other files. Photos and signatures shown in the field-visit section are
// not repeated.
func (r *creditReport) annex() error {
	d := r.in.Dossier
	r.heading("sec.annex")
	skip := map[string]bool{}
	if v := r.in.Visit; v != nil {
		for _, a := range v.Visit.Answers {
			for _, id := range a.Photos {
				skip[id] = true
			}
		}
		for id := range v.Visit.Photos {
			skip[id] = true
		}
		for _, s := range v.Visit.Signatures {
			skip[s.AttachmentID] = true
		}
	}
	var images, others []dossier.Attachment
	for _, a := range d.Attachments {
		switch {
		case skip[a.ID]:
		case isImage(a.Mime) && !strings.HasPrefix(a.Name, "signature-"):
			images = append(images, a)
		default:
			others = append(others, a)
		}
	}
	if r.visitSec != "" && len(skip) > 0 {
		r.d.Paragraph(r.f("ax.visitPhotos", r.visitSec))
	}
	if len(images) == 0 {
		r.d.Paragraph(r.t("ax.noImages"))
	} else {
		r.d.Paragraph(r.t("ax.intro"))
	}
	for _, a := range images {
		if err := r.steps.ctx.Err(); err != nil {
			return fmt.Errorf("report cancelled: %w", err)
		}
		r.fig++
		caption := r.f("ax.figure", r.fig) + "  " + r.f("ax.caption", a.Name, r.enum("akind", a.Kind), r.date(a.Added))
		if c := strings.TrimSpace(a.Caption); c != "" {
			caption += " · " + c
		}
		_, data := r.readAttachment(a.ID)
		addImage(r.d, r.tr, data, caption, 0, 100)
	}
	if len(others) > 0 {
		r.d.Heading(2, r.t("ax.others"))
		var rows [][]string
		for _, a := range others {
			sha := a.SHA256
			if len(sha) > 16 {
				sha = sha[:16]
			}
			rows = append(rows, []string{a.Name, r.enum("akind", a.Kind), size(a.Size), r.date(a.Added), sha})
		}
		r.d.Table([]report.Column{
			{Title: r.t("ax.name"), Width: 2.4}, {Title: r.t("ax.kind"), Width: 1},
			{Title: r.t("ax.size"), Width: 0.8, Align: report.AlignRight}, {Title: r.t("ax.added"), Width: 1},
			{Title: r.t("ax.sha"), Width: 1.6},
		}, rows)
	}
	return nil
}
