// Package redflags gathers every red flag of a dossier — impossible
// identifiers, contact details that do not fit, facts the sources disagree
// on, sanctions hits, a high-risk country — each explained in English and
// Chinese: what was compared, what differs and why it matters.
package redflags

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/idcheck"
	"credence/backend/screened"
)

// Flag codes. Contact-check codes are those of package contactcheck.
const (
	CodeIdentifierInvalid    = "identifier_invalid"
	CodeFreeMail             = contactcheck.CodeFreeMail
	CodeEmailDomainMismatch  = contactcheck.CodeEmailDomainMismatch
	CodeEmailInvalid         = contactcheck.CodeEmailInvalid
	CodePhoneInvalid         = contactcheck.CodePhoneInvalid
	CodePhoneCountryMismatch = contactcheck.CodePhoneCountryMismatch
	CodeWebsiteInvalid       = contactcheck.CodeWebsiteInvalid
	CodeFactContradicted     = "fact_contradicted"
	CodeSanctionsHit         = "sanctions_hit"
	CodeSanctionsConfirmed   = "sanctions_confirmed"
	CodeSanctionsNotScreened = "sanctions_not_screened"
	CodeSanctionsHanOnly     = "sanctions_han_only" // screened through pinyin only
	CodeHighRiskCountry      = "high_risk_country"
)

// Severities.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// Flag is one red flag.
type Flag struct {
	Code     string `json:"code"`
	Severity string `json:"severity"` // "high", "medium", "low"
	Field    string `json:"field"`    // "identifiers[0]", "emails[1]", "legal_name", ""
	Compared string `json:"compared"` // what was compared
	EN       string `json:"en"`
	ZH       string `json:"zh"`
}

// Check returns all red flags of d, most severe first, then by field.
// screen is the dossier's screening result; nil when it was not screened
// (then no sanctions flag is raised).
func Check(d *dossier.Dossier, screen *screened.Result) []Flag {
	if d == nil {
		return []Flag{}
	}
	out := []Flag{}
	out = append(out, identifierFlags(d)...)
	out = append(out, contactFlags(d)...)
	out = append(out, factFlags(d)...)
	if screen != nil {
		out = append(out, sanctionsFlags(d, screen)...)
	}
	if f, ok := countryFlag("country", d.Country.Value); ok {
		out = append(out, f)
	}
	sortFlags(out)
	return out
}

func identifierFlags(d *dossier.Dossier) []Flag {
	var out []Flag
	for i, id := range d.Identifiers {
		if id.Type == "" || id.Type == "other" || strings.TrimSpace(id.Value) == "" {
			continue
		}
		r := idcheck.Validate(id.Type, id.Value)
		if r.Valid || r.Reason.Code == idcheck.CodeUnknownType {
			continue
		}
		name, nameZH := strings.ToUpper(r.Type), strings.ToUpper(r.Type)
		if i := slices.IndexFunc(idcheck.Types(), func(t idcheck.TypeInfo) bool { return t.Key == r.Type }); i >= 0 {
			name, nameZH = idcheck.Types()[i].NameEN, idcheck.Types()[i].NameZH
		}
		sev := Medium
		if r.Reason.Code == idcheck.CodeCheckDigit || r.Reason.Code == idcheck.CodeCountry {
			sev = High // well formed but impossible: not a typo of shape
		}
		out = append(out, Flag{
			Code: CodeIdentifierInvalid, Severity: sev, Field: fmt.Sprintf("identifiers[%d]", i),
			Compared: fmt.Sprintf("%s %s against the %s rules", r.Type, id.Value, name),
			EN: fmt.Sprintf("The %s %q is not valid: %s. A number that fails its official check cannot have been issued as written; ask for the registration document and compare.",
				name, id.Value, r.Reason.EN),
			ZH: fmt.Sprintf("%s“%s”无效：%s。未通过官方校验规则的号码不可能按此写法签发；请索取登记证明文件进行核对。",
				nameZH, id.Value, r.Reason.ZH),
		})
	}
	return out
}

// established: a B2B importer, distributor or trading house presents
// itself as a company with its own domain.
func established(d *dossier.Dossier) bool {
	return d.Segment != "b2c" && slices.Contains([]string{"importer", "distributor", "trading"}, d.BusinessType)
}

func contactFlags(d *dossier.Dossier) []Flag {
	in := contactcheck.Input{Country: d.Country.Value, Website: d.Website.Value, Established: established(d)}
	for _, e := range d.Emails {
		in.Emails = append(in.Emails, e.Value)
	}
	for _, p := range d.Phones {
		in.Phones = append(in.Phones, p.Value)
	}
	var out []Flag
	for _, f := range contactcheck.Check(in) {
		out = append(out, fromFinding(f, f.Field))
	}
	// The contacts' own e-mails and phones, named by contact.
	for i, c := range d.Contacts {
		if c.Email == "" && c.Phone == "" {
			continue
		}
		ci := contactcheck.Input{Country: d.Country.Value, Website: d.Website.Value, Established: in.Established}
		if c.Email != "" && !slices.Contains(in.Emails, strings.ToLower(strings.TrimSpace(c.Email))) {
			ci.Emails = []string{c.Email}
		}
		if c.Phone != "" && !slices.Contains(in.Phones, c.Phone) {
			ci.Phones = []string{c.Phone}
		}
		for _, f := range contactcheck.Check(ci) {
			switch {
			case strings.HasPrefix(f.Field, "emails"):
				out = append(out, fromFinding(f, fmt.Sprintf("contacts[%d].email", i)))
			case strings.HasPrefix(f.Field, "phones"):
				out = append(out, fromFinding(f, fmt.Sprintf("contacts[%d].phone", i)))
			}
		}
	}
	return out
}

func fromFinding(f contactcheck.Finding, field string) Flag {
	return Flag{Code: f.Code, Severity: f.Severity, Field: field, Compared: f.Compared, EN: f.EN, ZH: f.ZH}
}

var severityRank = map[string]int{High: 0, Medium: 1, Low: 2}

// sortFlags orders by severity, then field, keeping the order of flags
// within one field.
func sortFlags(fs []Flag) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		ra, oka := severityRank[a.Severity]
		rb, okb := severityRank[b.Severity]
		if !oka {
			ra = 3
		}
		if !okb {
			rb = 3
		}
		if ra != rb {
			return ra < rb
		}
		return a.Field < b.Field
	})
}
