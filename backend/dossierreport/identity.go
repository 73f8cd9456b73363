package dossierreport

import (
	"strconv"
	"strings"

	"credence/backend/dossier"
	"credence/backend/idcheck"
	"credence/backend/report"
)

// identity: every fact with its sources and verification state,
// identifiers with their check result, contacts and the decision chain.
func (r *creditReport) identity() error {
	d := r.in.Dossier
	r.heading("sec.identity")

	r.d.Heading(2, r.t("id.facts"))
	type row struct {
		key  string
		fact dossier.Fact
		disp string // value as shown, when it differs from fact.Value
	}
	capital := d.RegisteredCapital.Value
	if capital != "" {
		capital = moneyString(capital, d.CapitalCurrency)
	}
	rows := []row{
		{"legal_name", d.LegalName, ""},
		{"latin_name", d.LatinName, ""},
		{"country", d.Country, r.country(d.Country.Value)},
		{"registered_address", d.RegisteredAddress, ""},
		{"registration_date", d.RegistrationDate, ""},
		{"registered_capital", d.RegisteredCapital, capital},
		{"business_scope", d.BusinessScope, ""},
		{"legal_representative", d.LegalRepresentative, ""},
		{"website", d.Website, ""},
	}
	for _, f := range d.Emails {
		rows = append(rows, row{"email", f, ""})
	}
	for _, f := range d.Phones {
		rows = append(rows, row{"phone", f, ""})
	}
	for _, f := range d.Socials {
		rows = append(rows, row{"social", f, ""})
	}
	if len(d.Emails) == 0 {
		rows = append(rows, row{"email", dossier.Fact{}, ""})
	}
	if len(d.Phones) == 0 {
		rows = append(rows, row{"phone", dossier.Fact{}, ""})
	}
	cells := make([][]string, 0, len(rows)+1)
	for _, x := range rows {
		cells = append(cells, r.factRow(r.t("fact."+x.key), x.fact, x.disp))
	}
	if len(d.Aliases) > 0 {
		cells = append(cells, []string{r.t("fact.aliases"), strings.Join(d.Aliases, "; "), r.t("dash"), r.t("dash")})
	}
	r.d.Table([]report.Column{
		{Title: r.t("id.field"), Width: 1.3},
		{Title: r.t("id.value"), Width: 2.6},
		{Title: r.t("id.sources"), Width: 2.2},
		{Title: r.t("id.state"), Width: 1},
	}, cells)
	v := d.Verification()
	r.d.Paragraph(r.f("id.summary", v.Facts, v.Verified, v.Contradicted, v.Sourced))

	r.d.Heading(2, r.t("id.classes"))
	tags := r.t("dash")
	if len(d.Tags) > 0 {
		tags = strings.Join(d.Tags, ", ")
	}
	r.d.KeyValues([]report.KV{
		{Key: r.t("id.segment"), Value: r.enum("segment", d.Segment)},
		{Key: r.t("id.businessType"), Value: r.enum("btype", d.BusinessType)},
		{Key: r.t("id.status"), Value: r.enum("status", d.Status)},
		{Key: r.t("id.keyAccount"), Value: r.yesNo(d.KeyAccount)},
		{Key: r.t("id.owner"), Value: r.or(d.Owner)},
		{Key: r.t("id.tags"), Value: tags},
	})

	r.d.Heading(2, r.t("id.identifiers"))
	if len(d.Identifiers) == 0 {
		r.d.Paragraph(r.t("id.noIDs"))
	} else {
		var ids [][]string
		for _, f := range d.Identifiers {
			ids = append(ids, []string{
				r.idTypeName(f.Type), f.Value, r.idCheck(f.Type, f.Value),
				r.enum("state", f.EffectiveState()) + "\n" + r.sources(f),
			})
		}
		r.d.Table([]report.Column{
			{Title: r.t("id.type"), Width: 1.4},
			{Title: r.t("id.number"), Width: 2.05},
			{Title: r.t("id.check"), Width: 1.95},
			{Title: r.t("id.state") + " / " + r.t("id.sources"), Width: 1.9},
		}, ids)
	}

	r.d.Heading(2, r.t("id.contacts"))
	if len(d.Contacts) == 0 {
		r.d.Paragraph(r.t("id.noContacts"))
	} else {
		var cs [][]string
		for _, c := range d.Contacts {
			cs = append(cs, []string{r.or(c.Name), orDash(c.Title), r.enum("role", c.Role), orDash(c.Email), orDash(c.Phone)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("id.name"), Width: 1.4},
			{Title: r.t("id.title"), Width: 1.2},
			{Title: r.t("id.role"), Width: 0.9},
			{Title: r.t("id.email"), Width: 2},
			{Title: r.t("id.phone"), Width: 1.4},
		}, cs)
	}
	r.d.Paragraph(r.decisionChain(d))
	return nil
}

// decisionChain says who takes part in the buying decision.
func (r *creditReport) decisionChain(d *dossier.Dossier) string {
	if len(d.Soft.DecisionRoles) == 0 {
		return r.t("id.noChain")
	}
	var roles []string
	for _, role := range d.Soft.DecisionRoles {
		name := r.enum("role", role)
		var who []string
		for _, c := range d.Contacts {
			if c.Role == role && c.Name != "" {
				who = append(who, c.Name)
			}
		}
		if len(who) > 0 {
			name += r.paren(strings.Join(who, ", "))
		}
		roles = append(roles, name)
	}
	return r.f("id.chain", r.join(roles)) + " " + r.f("id.techConfirm", r.yesNo(d.Soft.TechConfirmation))
}

// factRow is one row of the facts table.
func (r *creditReport) factRow(label string, f dossier.Fact, disp string) []string {
	if strings.TrimSpace(f.Value) == "" {
		src := r.t("dash")
		if len(f.Sources) > 0 {
			src = r.sources(f)
		}
		return []string{label, r.t("notProvided"), src, r.t("dash")}
	}
	if disp == "" {
		disp = f.Value
	}
	return []string{label, disp, r.sources(f), r.enum("state", f.EffectiveState())}
}

// sources lists where a fact comes from: kind, date, a differing value
// (a contradiction) and the note.
func (r *creditReport) sources(f dossier.Fact) string {
	if len(f.Sources) == 0 {
		return r.t("id.noSource")
	}
	var out []string
	for _, s := range f.Sources {
		x := r.enum("source", s.Kind)
		if s.Date != "" {
			x += " " + s.Date
		}
		if s.Value != "" && !strings.EqualFold(strings.Join(strings.Fields(s.Value), " "), strings.Join(strings.Fields(f.Value), " ")) {
			x += " " + r.f("id.says", s.Value)
		}
		if n := strings.TrimSpace(s.Note); n != "" {
			x += r.paren(n)
		}
		out = append(out, x)
	}
	return strings.Join(out, "\n")
}

// idCheck is the identifier check result in words.
func (r *creditReport) idCheck(typ, value string) string {
	res := idcheck.Validate(typ, value)
	switch {
	case res.Valid:
		return r.t("id.valid")
	case res.Reason.Code == idcheck.CodeUnknownType:
		return r.t("id.noCheck")
	}
	return r.f("id.invalid", r.pick(res.Reason.EN, res.Reason.ZH))
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// moneyString formats an amount held as digits.
func moneyString(digits, ccy string) string {
	x, err := strconv.ParseFloat(strings.TrimSpace(digits), 64)
	if err != nil {
		return strings.TrimSpace(digits + " " + ccy)
	}
	return money(x, ccy)
}
