package dossier

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"credence/backend/errs"
)

func seqID() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("id%d", n) }
}

func TestValidate(t *testing.T) {
	base := func() *Dossier {
		d := &Dossier{LegalName: Fact{Value: "深圳市光明照明有限公司"}, Country: Fact{Value: "cn"}}
		d.Normalize(seqID())
		return d
	}
	cases := []struct {
		name  string
		edit  func(d *Dossier)
		field string // "" = valid
	}{
		{"minimal", func(d *Dossier) {}, ""},
		{"latin name only", func(d *Dossier) { d.LegalName.Value = ""; d.LatinName.Value = "Acme GmbH" }, ""},
		{"no name", func(d *Dossier) { d.LegalName.Value = "  " }, "legal_name"},
		{"bad country", func(d *Dossier) { d.Country.Value = "CHN" }, "country"},
		{"bad date", func(d *Dossier) { d.RegistrationDate.Value = "2020-02-30" }, "registration_date"},
		{"bad email", func(d *Dossier) { d.Emails = []Fact{{ID: "e", Value: "sales at acme"}} }, "emails[0]"},
		{"bad status", func(d *Dossier) { d.Status = "vip" }, "status"},
		{"bad source", func(d *Dossier) { d.Website = Fact{Value: "x.de", Sources: []Source{{Kind: "rumour"}}} }, "website"},
		{"bad capital", func(d *Dossier) { d.RegisteredCapital.Value = "five" }, "registered_capital"},
		{"50 phones", func(d *Dossier) { d.Phones = make([]Fact, MaxListItems) }, ""},
		{"51 phones", func(d *Dossier) { d.Phones = make([]Fact, MaxListItems+1) }, "phones"},
		{"51 contacts", func(d *Dossier) { d.Contacts = make([]Contact, MaxListItems+1) }, "contacts"},
		{"51 aliases", func(d *Dossier) { d.Aliases = make([]string, MaxListItems+1) }, "aliases"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			c.edit(d)
			err := d.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Code != errs.Invalid || e.Params["field"] != c.field {
				t.Fatalf("got %v, want invalid on %s", err, c.field)
			}
		})
	}
}

func TestNormalizeDropsEmptyRowsAndAssignsIDs(t *testing.T) {
	d := &Dossier{LegalName: Fact{Value: " ACME "}, Emails: []Fact{{Value: " Sales@ACME.de "}, {Value: ""}}, Tags: []string{"a", " a", ""}}
	d.Normalize(seqID())
	if d.LegalName.Value != "ACME" || len(d.Emails) != 1 || d.Emails[0].Value != "sales@acme.de" || d.Emails[0].ID == "" {
		t.Fatalf("normalize: %+v", d)
	}
	if len(d.Tags) != 1 || d.Status != "lead" || d.Segment != "b2b" || d.LegalName.State != Unverified {
		t.Fatalf("defaults: %+v", d)
	}
}

func TestEffectiveStateAndVerification(t *testing.T) {
	d := &Dossier{
		LegalName: Fact{Value: "Acme GmbH", State: Verified, Sources: []Source{{Kind: "registry"}}},
		Country:   Fact{Value: "DE", State: Verified, Sources: []Source{{Kind: "customer"}, {Kind: "registry", Value: "AT"}}},
		Website:   Fact{Value: "acme.de"},
	}
	if got := d.Country.EffectiveState(); got != Contradicted {
		t.Fatalf("disagreeing sources: state %s", got)
	}
	v := d.Verification()
	if v.Facts != 3 || v.Verified != 1 || v.Contradicted != 1 || v.Sourced != 2 {
		t.Fatalf("verification %+v", v)
	}
}

func TestDiffFieldLevel(t *testing.T) {
	d := &Dossier{LegalName: Fact{Value: "Acme"}, Emails: []Fact{{Value: "a@acme.de"}, {Value: "b@acme.de"}}}
	d.Normalize(seqID())
	created := Diff(nil, d)
	if len(created) == 0 {
		t.Fatal("a new dossier has changes")
	}
	e := d.Clone()
	e.Emails[1].Value = "c@acme.de"
	e.Notes = "met at Canton Fair"
	ch := Diff(d, e)
	if len(ch) != 2 || ch[0].Field != "emails/"+d.Emails[1].ID || ch[1].Field != "notes" || ch[1].Old != "" {
		t.Fatalf("diff = %+v", ch)
	}
	if d.Emails[1].Value != "b@acme.de" {
		t.Fatal("clone shares e-mail slice with original")
	}
	f := e.Clone()
	f.Emails = f.Emails[:1]
	ch = Diff(e, f)
	if len(ch) != 1 || ch[0].New != "" || ch[0].Old == "" {
		t.Fatalf("removal diff = %+v", ch)
	}
}

func TestValidateCredit(t *testing.T) {
	for name, c := range map[string]struct {
		edit  func(d *Dossier)
		field string
	}{
		"report date":      {func(d *Dossier) { d.CreditReports = []CreditReport{{Agency: "D&B", Date: "2026-13-01"}} }, "credit_reports[0]"},
		"report scale":     {func(d *Dossier) { d.CreditReports = []CreditReport{{Agency: "D&B", ScaleMin: 100, ScaleMax: 1}} }, "credit_reports[0]"},
		"legal kind":       {func(d *Dossier) { d.LegalRecords = []LegalRecord{{Kind: "feud"}} }, "legal_records[0]"},
		"insurance amount": {func(d *Dossier) { d.InsuranceLimits = []InsuranceLimit{{Insurer: "Sinosure", Amount: -1}} }, "insurance_limits[0]"},
		"expected terms":   {func(d *Dossier) { d.Expected.RequestedTerms = "free" }, "expected"},
		"reference":        {func(d *Dossier) { d.References = []Reference{{Who: "x", Payment: "never"}} }, "references[0]"},
	} {
		t.Run(name, func(t *testing.T) {
			d := &Dossier{LatinName: Fact{Value: "Acme"}}
			c.edit(d)
			d.Normalize(seqID())
			e, ok := errs.As(d.Validate())
			if !ok || e.Params["field"] != c.field {
				t.Fatalf("got %v, want invalid %s", e, c.field)
			}
		})
	}
	ok := &Dossier{LatinName: Fact{Value: "Acme"}, CreditReports: []CreditReport{{Agency: "D&B", Date: "2026-01-02", Score: 80, ScaleMax: 100, Currency: "USD", RecommendedLimit: 50000}},
		Expected: Expected{AnnualVolume: 1e6, Currency: "EUR", RequestedTerms: "oa_60"}}
	ok.Normalize(seqID())
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Every id the store assigns must be forgotten: a list added to the
// dossier later without being added to ForgetIdentity fails here, because
// Normalize gives its items ids that then survive.
func TestForgetIdentityLeavesNoID(t *testing.T) {
	d := &Dossier{ID: "x", LatinName: Fact{Value: "Acme"},
		Emails: []Fact{{Value: "a@b.de"}}, Phones: []Fact{{Value: "+49 40 1"}}, Socials: []Fact{{Value: "x"}},
		Identifiers: []Fact{{Value: "1"}}, Contacts: []Contact{{Name: "A"}},
		Attachments:   []Attachment{{ID: "att", Name: "a.png"}},
		CreditReports: []CreditReport{{Agency: "D&B", AttachmentID: "att"}}, LegalRecords: []LegalRecord{{Kind: "litigation"}},
		Banks: []Bank{{Name: "B"}}, References: []Reference{{Who: "R"}}, InsuranceLimits: []InsuranceLimit{{Insurer: "I"}},
		CreatedBy: "u", UpdatedBy: "u"}
	d.Normalize(seqID())
	d.ForgetIdentity()
	b, _ := json.Marshal(d)
	if m := regexp.MustCompile(`"(id|attachment_id|created_by|updated_by)":"[^"]+"`).FindString(string(b)); m != "" {
		t.Fatalf("ForgetIdentity left %s in %s", m, b)
	}
	if d.Attachments != nil {
		t.Fatal("attachments kept")
	}
}

// TestManyAliasesAreLinear: normalizing a dossier with 200 000 aliases
// (a hostile import) takes well under a second; it was quadratic.
func TestManyAliasesAreLinear(t *testing.T) {
	d := &Dossier{LatinName: Fact{Value: "Alias Flood Ltd"}}
	for i := 0; i < 200000; i++ {
		d.Aliases = append(d.Aliases, fmt.Sprintf("alias %d", i%150000))
	}
	d.Normalize(seqID())
	if len(d.Aliases) != 150000 {
		t.Fatalf("%d aliases kept, want the 150000 distinct ones", len(d.Aliases))
	}
}
