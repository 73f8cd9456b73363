package dossier

import (
	"slices"
	"strings"
)

// Merge folds src, a duplicate, into dst and returns the result; dst keeps
// its id. Nothing is lost: a scalar fact dst lacks is taken from src, a
// differing one is kept as a source on dst's fact (so the disagreement
// shows as a contradiction to resolve), src's names become aliases, and
// list items dst does not have are added. Attachments are left to the
// caller, whose store holds their bytes.
func Merge(dst, src *Dossier) *Dossier {
	out := dst.Clone()
	s := src.Clone()
	srcFacts := s.scalarFacts()
	for i, f := range out.scalarFacts() {
		from := srcFacts[i].fact
		switch {
		case from.Value == "":
		case f.fact.Value == "":
			*f.fact = *from
		case !sameValue(f.fact.Value, from.Value):
			if f.name == "legal_name" || f.name == "latin_name" {
				continue // names become aliases below
			}
			kind := "customer"
			if len(from.Sources) > 0 {
				kind = from.Sources[0].Kind
			}
			f.fact.Sources = append(f.fact.Sources, Source{Kind: kind, Value: from.Value, Note: "merged duplicate"})
		}
	}
	for _, n := range append([]string{s.LegalName.Value, s.LatinName.Value}, s.Aliases...) {
		if n = strings.TrimSpace(n); n != "" && !sameValue(n, out.LegalName.Value) && !sameValue(n, out.LatinName.Value) {
			out.Aliases = append(out.Aliases, n)
		}
	}
	out.Aliases = cleanStrings(out.Aliases)
	out.Tags = cleanStrings(append(out.Tags, s.Tags...))
	if out.CapitalCurrency == "" {
		out.CapitalCurrency = s.CapitalCurrency
	}
	out.Emails = mergeFacts(out.Emails, s.Emails)
	out.Phones = mergeFacts(out.Phones, s.Phones)
	out.Socials = mergeFacts(out.Socials, s.Socials)
	out.Identifiers = mergeFacts(out.Identifiers, s.Identifiers)
	for _, c := range s.Contacts {
		if !slices.ContainsFunc(out.Contacts, func(x Contact) bool {
			return sameValue(x.Name, c.Name) && (x.Email == c.Email || c.Email == "")
		}) {
			c.ID = ""
			out.Contacts = append(out.Contacts, c)
		}
	}
	out.CreditReports = appendNew(out.CreditReports, s.CreditReports, func(x *CreditReport) *string { return &x.ID })
	out.LegalRecords = appendNew(out.LegalRecords, s.LegalRecords, func(x *LegalRecord) *string { return &x.ID })
	out.Banks = appendNew(out.Banks, s.Banks, func(x *Bank) *string { return &x.ID })
	out.References = appendNew(out.References, s.References, func(x *Reference) *string { return &x.ID })
	out.InsuranceLimits = appendNew(out.InsuranceLimits, s.InsuranceLimits, func(x *InsuranceLimit) *string { return &x.ID })
	if strings.TrimSpace(s.Notes) != "" && !strings.Contains(out.Notes, s.Notes) {
		out.Notes = strings.TrimSpace(out.Notes + "\n\n" + s.Notes)
	}
	out.KeyAccount = out.KeyAccount || s.KeyAccount
	return out
}

// mergeFacts adds the facts of b whose value a does not hold; a fact both
// hold gains b's sources.
func mergeFacts(a, b []Fact) []Fact {
	out := slices.Clone(a)
	for _, f := range b {
		i := slices.IndexFunc(out, func(x Fact) bool { return sameValue(x.Value, f.Value) })
		if i < 0 {
			f.ID = ""
			out = append(out, f)
			continue
		}
		for _, src := range f.Sources {
			if !slices.Contains(out[i].Sources, src) {
				out[i].Sources = append(out[i].Sources, src)
			}
		}
	}
	return out
}

// appendNew appends b's records under new ids (the store assigns them), so
// the merged dossier never shares an item id with the archived duplicate.
func appendNew[T any](a, b []T, id func(*T) *string) []T {
	out := slices.Clone(a)
	for _, x := range b {
		*id(&x) = ""
		out = append(out, x)
	}
	return out
}
