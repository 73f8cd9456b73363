package dossier

import (
	"reflect"
	"strings"
	"testing"
)

// Every field is a decision: a field added to Dossier or Contact without a
// `personal` tag fails here.
func TestEveryFieldMarked(t *testing.T) {
	valid := map[string]bool{"-": true, "contacts": true, PersonalName: true, PersonalEmail: true, PersonalPhone: true,
		PersonalMessaging: true, PersonalIDNumber: true, PersonalAddress: true, PersonalBirthDate: true,
		PersonalRecord: true, PersonalNote: true, PersonalFile: true}
	for _, typ := range []reflect.Type{reflect.TypeOf(Dossier{}), reflect.TypeOf(Contact{})} {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag, ok := f.Tag.Lookup("personal")
			if !ok || !valid[strings.TrimPrefix(tag, "b2c:")] {
				t.Errorf("%s.%s: personal tag %q: say which personal data it holds, or \"-\"", typ.Name(), f.Name, tag)
			}
		}
	}
}

func TestPersonalValues(t *testing.T) {
	d := &Dossier{
		LegalName:           Fact{Value: "Acme GmbH"},
		LegalRepresentative: Fact{Value: "Hans Müller", Sources: []Source{{Kind: "registry", Note: "per Handelsregister"}}},
		Emails:              []Fact{{ID: "e1", Value: "hans@acme.de"}},
		Identifiers:         []Fact{{ID: "i1", Type: "vat", Value: "DE123456789"}},
		Notes:               "met Hans at Canton Fair",
		Contacts:            []Contact{{ID: "c1", Name: "Petra Schulz", Title: "Einkauf", Phone: "+49 30 1234567", LegalBasis: "contract"}},
	}
	got := map[string]string{}
	for _, v := range PersonalValues(d) {
		got[v.Path+"="+v.Value] = v.Category
		if strings.HasPrefix(v.Path, "contacts/") && v.Contact != "c1" {
			t.Errorf("%s not tied to its contact", v.Path)
		}
	}
	for _, want := range []string{"legal_representative=Hans Müller", "legal_representative=per Handelsregister", "emails/e1=hans@acme.de",
		"notes=met Hans at Canton Fair", "contacts/c1/name=Petra Schulz", "contacts/c1/phone=+49 30 1234567"} {
		if got[want] == "" {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	for k := range got {
		if strings.Contains(k, "Acme GmbH") || strings.Contains(k, "DE123456789") || strings.Contains(k, "Einkauf") || strings.Contains(k, "contract") {
			t.Errorf("a company's data or a title taken for personal data: %s", k)
		}
	}
	// A consumer: their name and identifiers are personal data.
	d.Segment = "b2c"
	got = map[string]string{}
	for _, v := range PersonalValues(d) {
		got[v.Path+"="+v.Value] = v.Category
	}
	if got["legal_name=Acme GmbH"] != PersonalName || got["identifiers/i1=DE123456789"] != PersonalIDNumber {
		t.Errorf("b2c: %v", got)
	}
}

func TestLegalBasisChecked(t *testing.T) {
	d := &Dossier{LegalName: Fact{Value: "Acme"}, Country: Fact{Value: "DE"}, Contacts: []Contact{{Name: "P", LegalBasis: "because"}}}
	d.Normalize(func() string { return "x" })
	if err := d.Validate(); err == nil {
		t.Error("an unknown legal basis was accepted")
	}
}

// A list of plain strings inside a personal struct (the decision roles of
// the soft information) is read, not a panic.
func TestPersonalValuesListOfStrings(t *testing.T) {
	d := &Dossier{Soft: SoftInfo{DecisionRoles: []string{"purchasing", "finance"}}}
	vs := PersonalValues(d)
	if len(vs) != 2 || vs[0].Value != "purchasing" {
		t.Errorf("values %+v", vs)
	}
}
