package redflags

import (
	"strings"
	"unicode/utf8"

	"credence/backend/contactcheck"
	"credence/backend/errs"
	"credence/backend/sanctions"
)

// NameScreener screens one name at the workspace threshold; the
// screening service is one.
type NameScreener interface {
	ScreenName(q sanctions.Query, all bool) ([]sanctions.Hit, error)
}

// QuickInput is what the trade-show quick-capture screen holds.
type QuickInput struct {
	Name, Country, Email, Phone, Website string
}

// Quick returns the red flags of a buyer being typed in, and the sanctions
// hits of its name at the workspace threshold. It answers in well under a
// few milliseconds once the screening index is built (the first call may
// build it). svc may be nil: then the name is not screened. Fields are
// "name", "country", "email", "phone", "website".
func Quick(in QuickInput, svc NameScreener) ([]Flag, []sanctions.Hit) {
	out := []Flag{}
	cc := countryCode(in.Country)
	if cc == "" {
		cc = strings.ToUpper(strings.TrimSpace(in.Country))
	}
	ci := contactcheck.Input{Country: cc, Website: in.Website}
	if strings.TrimSpace(in.Email) != "" {
		ci.Emails = []string{in.Email}
	}
	if strings.TrimSpace(in.Phone) != "" {
		ci.Phones = []string{in.Phone}
	}
	for _, f := range contactcheck.Check(ci) {
		field := f.Field
		switch {
		case strings.HasPrefix(field, "emails"):
			field = "email"
		case strings.HasPrefix(field, "phones"):
			field = "phone"
		}
		out = append(out, fromFinding(f, field))
	}
	if f, ok := countryFlag("country", in.Country); ok {
		out = append(out, f)
	}
	var hits []sanctions.Hit
	name := strings.TrimSpace(in.Name)
	if svc != nil && utf8.RuneCountInString(name) >= 2 {
		hs, err := svc.ScreenName(sanctions.Query{Name: name, Country: cc}, false)
		switch {
		case err == nil:
			hits = hs
			out = append(out, hitFlags("name", hs)...)
		case errs.Is(err, errs.NotFound):
			out = append(out, notScreened("name"))
		}
	}
	sortFlags(out)
	return out, hits
}
