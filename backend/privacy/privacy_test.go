package privacy

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/report"
)

// book is a workspace in plain values: the Source the search reads.
type book struct {
	dossiers []*dossier.Dossier
	history  map[string][]Change
	visits   map[string][]Visit
}

func (b book) EachDossier(fn func(*dossier.Dossier) error) error {
	for _, d := range b.dossiers {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}
func (b book) History(id string) ([]Change, error) { return b.history[id], nil }
func (b book) Visits(id string) ([]Visit, error)   { return b.visits[id], nil }

func TestNameMatching(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"Katrin Müller", "Katrin Müller", true},
		{"Katrin Müller", "met MÜLLER, Katrin (purchasing)", true},
		{"Katrin Müller", "Katrin Mu\u0308ller", true}, // decomposed ü
		{"katrin  müller", "Katrin Müller", true},
		{"Katrin Müller", "Katrina Müller", false},
		{"Katrin Müller", "Müllerstraße 4, Katrin", false},
		{"Katrin Müller", "Katrin Schmidt", false},
		{"王芳", "联系人王芳女士", true},
		{"王芳", "王方", false},
		{"王 芳", "采购经理：王芳", true},
		{"Li", "Li Wei", true},
		{"Li", "Lighting", false},
	} {
		if got := newMatcher(c.name).in(c.text); got != c.want {
			t.Errorf("%q in %q: %v, want %v", c.name, c.text, got, c.want)
		}
	}
	if newMatcher("  ,. ") != nil {
		t.Error("a name of no letters matches")
	}
}

// planted holds the name in every place a person can appear, and the
// same name nowhere in a dossier that must not be listed.
func planted(name string) book {
	b2b := &dossier.Dossier{ID: "d-b2b", LatinName: dossier.Fact{Value: "Hansa Licht GmbH"}, Segment: "b2b",
		LegalRepresentative: dossier.Fact{Value: name},
		Notes:               "Called " + name + " about the order",
		Contacts: []dossier.Contact{
			{ID: "c1", Name: name, Email: "k.mueller@hansa.example", Phone: "+49 30 1234", LegalBasis: "contract", Source: "trade fair"},
			{ID: "c2", Name: "Otto Other", Email: "otto@hansa.example"},
		},
		Attachments: []dossier.Attachment{{ID: "a1", Name: "card.jpg", Caption: "Business card of " + name}, {ID: "a2", Name: "licence.pdf"}},
	}
	b2c := &dossier.Dossier{ID: "d-b2c", LatinName: dossier.Fact{Value: name}, Segment: "b2c",
		Emails: []dossier.Fact{{ID: "e1", Value: "katrin@home.example"}}, RegisteredAddress: dossier.Fact{Value: "Lindenweg 4, Berlin"}}
	clean := &dossier.Dossier{ID: "d-clean", LatinName: dossier.Fact{Value: "Ningbo Light Co"}, Segment: "b2b",
		Contacts: []dossier.Contact{{ID: "c9", Name: "Katrina Müller"}}}
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	return book{
		dossiers: []*dossier.Dossier{b2b, b2c, clean},
		history:  map[string][]Change{"d-b2b": {{Field: "legal_representative", Old: "Hans Alt", New: name, User: "Sam", At: at}}, "d-clean": {{Field: "notes", New: "nothing"}}},
		visits: map[string][]Visit{"d-b2b": {{ID: "v1", Date: "2026-05-02", Visitor: "Li Wei",
			Signers: []Signer{{Role: "visitor", Name: "Li Wei", AttachmentID: "s1"}, {Role: "customer", Name: name, AttachmentID: "s2", At: at}},
			Texts:   []Text{{Item: "met", Text: name + ", head of purchasing"}, {Item: "staff", Text: "12"}}}}},
	}
}

func TestSearchFindsEveryPlace(t *testing.T) {
	const name = "Katrin Müller"
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	f, err := Search(planted(name), name, now)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range f.Places {
		k := p.DossierID + " " + p.Path
		if p.Kind == KindHistory { // a history entry's path is its field: tell it from the field itself
			k += "@history"
		}
		got[k] = p.Kind
	}
	want := map[string]string{
		"d-b2b legal_representative":          KindField,
		"d-b2b notes":                         KindField,
		"d-b2b contacts/c1/name":              KindContact,
		"d-b2b contacts/c1/email":             KindContact,
		"d-b2b contacts/c1/phone":             KindContact,
		"d-b2b contacts/c1/legal_basis":       KindContact,
		"d-b2b contacts/c1/source":            KindContact,
		"d-b2b attachments/a1":                KindAttachment,
		"d-b2b legal_representative@history":  KindHistory,
		"d-b2b visits/v1/signatures/customer": KindVisit,
		"d-b2b visits/v1/answers/met":         KindVisit,
		"d-b2c latin_name":                    KindCustomer,
		"d-b2c emails/e1":                     KindCustomer,
		"d-b2c registered_address":            KindCustomer,
	}
	for k, kind := range want {
		if got[k] != kind {
			t.Errorf("%s: %q, want %q", k, got[k], kind)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("found %s, which is not theirs", k)
		}
	}
	if f.Dossiers != 3 || strings.Join(f.DossierIDs(), " ") != "d-b2b d-b2c" {
		t.Errorf("dossiers read %d, listed %v", f.Dossiers, f.DossierIDs())
	}
	for _, p := range f.Places {
		if p.Path == "visits/v1/signatures/customer" && p.Ref != "s2" {
			t.Errorf("the signature's file is not given: %+v", p)
		}
	}
	if f, _ := Search(planted(name), "Nobody Here", now); len(f.Places) != 0 {
		t.Errorf("a stranger found: %+v", f.Places)
	}
}

func TestWriteJSONAndPDF(t *testing.T) {
	f, err := Search(planted("Katrin Müller"), "Katrin Müller", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var j bytes.Buffer
	if err := WriteJSON(&j, f); err != nil {
		t.Fatal(err)
	}
	var back Found
	if err := json.Unmarshal(j.Bytes(), &back); err != nil || len(back.Places) != len(f.Places) || back.Name != "Katrin Müller" {
		t.Fatalf("json round trip: %d places, %v", len(back.Places), err)
	}
	for _, lang := range []string{report.LangEN, report.LangZH} {
		var p bytes.Buffer
		if err := WritePDF(&p, f, PDFOptions{Lang: lang, Firm: "Ningbo Export Co", PrintedBy: "Sam Sales"}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF", lang)
		}
	}
}
