package dossierjson_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/dossierjson"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

var cheapKDF = storetest.CheapKDF

// mustStore makes a workspace in a temp dir.
func mustStore(tb testing.TB) *store.Store { return storetest.New(tb) }

// full has something in every part of the dossier.
func full() *dossier.Dossier {
	src := func(kind, date, value string) []dossier.Source {
		return []dossier.Source{{Kind: kind, Date: date, Value: value, Note: "seen " + date}}
	}
	return &dossier.Dossier{
		LegalName:           dossier.Fact{Value: "شركة نجمة الخليج للتجارة العامة", State: dossier.Verified, Sources: src("registry", "2026-02-10", "")},
		LatinName:           dossier.Fact{Value: "Gulf Star General Trading LLC", Sources: src("website", "2026-02-11", "")},
		Aliases:             []string{"Gulf Star", "GSGT"},
		Country:             dossier.Fact{Value: "AE", State: dossier.Verified, Sources: src("registry", "2026-02-10", "")},
		RegisteredAddress:   dossier.Fact{Value: "Office 1204, Al Maktoum Road, Dubai", Sources: src("customer", "", "")},
		RegistrationDate:    dossier.Fact{Value: "2015-09-01", Sources: append(src("registry", "2026-02-10", ""), dossier.Source{Kind: "customer", Value: "2012-01-01"})},
		RegisteredCapital:   dossier.Fact{Value: "300000"},
		CapitalCurrency:     "AED",
		BusinessScope:       dossier.Fact{Value: "General trading"},
		LegalRepresentative: dossier.Fact{Value: "Ahmed Al Mansouri"},
		Website:             dossier.Fact{Value: "https://gulfstar.ae"},
		Emails:              []dossier.Fact{{Value: "sales@gulfstar.ae", Sources: src("website", "2026-02-11", "")}, {Value: "gulfstar.trading@gmail.com"}},
		Phones:              []dossier.Fact{{Value: "+971 4 555 0101"}},
		Socials:             []dossier.Fact{{Value: "https://www.linkedin.com/company/gulfstar"}},
		Identifiers:         []dossier.Fact{{Type: "other", Value: "DED-778812", State: dossier.Verified, Sources: src("registry", "2026-02-10", "")}},
		Segment:             "b2b", BusinessType: "trading", Status: "new", KeyAccount: true, Owner: "王芳",
		Tags: []string{"canton-fair-2025"}, Notes: "Met at the Canton Fair; \"urgent\" <order>.",
		Contacts: []dossier.Contact{{Name: "Ahmed Al Mansouri", Title: "General Manager", Role: "owner", Email: "ahmed@gulfstar.ae", Phone: "+971 50 555 0102"}},
		CreditReports: []dossier.CreditReport{{Agency: "Sinosure", Date: "2026-01-20", Score: 61, ScaleMin: 0, ScaleMax: 100, Rating: "BBB",
			RecommendedLimit: 80000, Currency: "USD", Note: "first report"}},
		LegalRecords:    []dossier.LegalRecord{{Kind: "litigation", Court: "Dubai Courts", Date: "2024-05-02", Amount: 12000.5, Currency: "AED", Status: "settled", Role: "defendant", Source: "court registry"}},
		Banks:           []dossier.Bank{{Name: "Emirates NBD", BIC: "EBILAEAD", Rating: "A+"}},
		References:      []dossier.Reference{{Who: "Yiwu Bags Co.", Payment: "slow", Since: "2020", Note: "20 days late on average"}},
		InsuranceLimits: []dossier.InsuranceLimit{{Insurer: "Sinosure", Policy: "SCH-2026-001", Amount: 60000, Currency: "USD", Expiry: "2026-12-31"}},
		Soft:            dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, ResponseHours: 48, DecisionRoles: []string{"purchasing", "owner"}, Notes: "asks for O/A 90 at once"},
		Expected:        dossier.Expected{AnnualVolume: 400000, OrderSize: 40000, Currency: "USD", RequestedTerms: "oa_90"},
	}
}

// comparable clears what import renews: ids, stamps, attachments (the
// dossier package tests that ForgetIdentity leaves no id behind).
func comparable(d *dossier.Dossier) *dossier.Dossier {
	c := d.Clone()
	c.ForgetIdentity()
	return c
}

func TestExportImportRoundTrip(t *testing.T) {
	st := mustStore(t)
	orig, err := st.CreateDossier(full(), "李雷")
	if err != nil {
		t.Fatal(err)
	}
	att, err := st.AddAttachment(orig.ID, "licence.pdf", "licence", []byte("%PDF-1.4 test"), "李雷")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ = st.Dossier(orig.ID)
	orig.CreditReports[0].AttachmentID = att.ID
	if orig, err = st.SaveDossier(orig, "李雷"); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := dossierjson.Encode(&buf, orig); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, want := range []string{`"legal_name"`, `"sources"`, `"credit_reports"`, `"soft"`, `"expected"`, `"licence.pdf"`, `<order>`} {
		if !strings.Contains(doc, want) {
			t.Fatalf("export lacks %s:\n%s", want, doc)
		}
	}
	got, err := dossierjson.Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "" || got.Attachments != nil || got.CreditReports[0].AttachmentID != "" || got.Emails[0].ID != "" || !got.CreatedAt.IsZero() {
		t.Fatalf("import keeps ids or attachments: %+v", got)
	}
	imported, err := st.CreateDossier(got, "王芳")
	if err != nil {
		t.Fatal(err)
	}
	if imported.ID == orig.ID || imported.Emails[0].ID == orig.Emails[0].ID {
		t.Fatal("ids were not regenerated")
	}
	if a, b := comparable(orig), comparable(imported); !reflect.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", " ")
		jb, _ := json.MarshalIndent(b, "", " ")
		t.Fatalf("round trip differs:\n%s\n---\n%s", ja, jb)
	}
	if st.Count() != 2 {
		t.Fatalf("count %d", st.Count())
	}
}

func TestDecodeErrorsNameTheField(t *testing.T) {
	base := func(edit func(m map[string]any)) string {
		var buf bytes.Buffer
		dossierjson.Encode(&buf, full())
		var m map[string]any
		json.Unmarshal(buf.Bytes(), &m)
		edit(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	for _, tc := range []struct {
		name, doc, want, field string
	}{
		{"misspelt top-level field", `{"legal_nmae": {"value": "X"}}`, `unknown field "legal_nmae"`, "legal_nmae"},
		{"misspelt nested field", `{"legal_name": {"value": "X"}, "emails": [{"valeu": "a@b.cn"}]}`, `unknown field "emails[0].valeu"`, "emails[0].valeu"},
		{"number for a string", `{"legal_name": {"value": "X"}, "emails": [{"value": 42}]}`, `field "emails[0].value": want a string`, "emails[0].value"},
		{"string for a number", `{"legal_name": {"value": "X"}, "credit_reports": [{"agency": "D&B", "score": "high"}]}`, `field "credit_reports[0].score": want a number`, "credit_reports[0].score"},
		{"fraction for a whole number", `{"legal_name": {"value": "X"}, "soft": {"response_hours": 1.5}}`, `field "soft.response_hours": want a whole number`, "soft.response_hours"},
		{"object for a list", `{"legal_name": {"value": "X"}, "phones": {"value": "1"}}`, `field "phones": want a list`, "phones"},
		{"string for a bool", `{"legal_name": {"value": "X"}, "key_account": "yes"}`, `field "key_account": want true or false`, "key_account"},
		{"bad timestamp", `{"legal_name": {"value": "X"}, "created_at": "yesterday"}`, `field "created_at": want a date and time`, "created_at"},
		{"case matters", `{"Legal_Name": {"value": "X"}}`, `unknown field "Legal_Name"`, "Legal_Name"},
		{"validation: no name", `{"country": {"value": "DE"}}`, `legal_name`, "legal_name"},
		{"validation: country", base(func(m map[string]any) { m["country"] = map[string]any{"value": "Germany"} }), `two-letter`, "country"},
		{"validation: e-mail", base(func(m map[string]any) { m["emails"] = []any{map[string]any{"value": "not-an-address"}} }), `emails[0]`, "emails[0]"},
		{"validation: source kind", base(func(m map[string]any) {
			m["website"] = map[string]any{"value": "x.cn", "sources": []any{map[string]any{"kind": "rumour"}}}
		}), `unknown source kind`, "website"},
		{"credit: bad date", base(func(m map[string]any) {
			m["insurance_limits"] = []any{map[string]any{"insurer": "X", "amount": 1, "expiry": "31/12/2026"}}
		}), `field "insurance_limits[0].expiry"`, "insurance_limits[0].expiry"},
		{"credit: negative amount", base(func(m map[string]any) { m["expected"] = map[string]any{"annual_volume": -5} }), `field "expected.annual_volume": must not be negative`, "expected.annual_volume"},
		{"credit: currency", base(func(m map[string]any) {
			m["legal_records"] = []any{map[string]any{"kind": "litigation", "currency": "dollars"}}
		}), `field "legal_records[0].currency"`, "legal_records[0].currency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dossierjson.Decode(strings.NewReader(tc.doc))
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if e, _ := errs.As(err); e.Params["field"] != tc.field {
				t.Fatalf("field param %q, want %q", e.Params["field"], tc.field)
			}
		})
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"empty", "  \n", "empty"},
		{"truncated", `{"legal_name": {"value": "X"`, "ends too early"},
		{"syntax", "{\n  \"legal_name\": {\"value\": \"X\"},\n  oops\n}", "line 3, column 3"},
		{"two documents", `{"legal_name": {"value": "X"}} {}`, "after the dossier"},
		{"a list", `[{"legal_name": {"value": "X"}}]`, "one JSON object"},
		{"null", `null`, "one JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dossierjson.Decode(strings.NewReader(tc.doc))
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	doc := `{"legal_name": {"value": "X"}, "notes": "` + strings.Repeat("x", dossierjson.MaxSize) + `"}`
	if _, err := dossierjson.Decode(strings.NewReader(doc)); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("%v", err)
	}
}
