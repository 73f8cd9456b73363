package customers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/sheet"
)

func TestImportTwiceCreatesNothingNew(t *testing.T) {
	st := mustStore(t)
	// Two customers the firm already keeps: one shares the VAT number of
	// row 7, the other only the company mail domain of row 8.
	known, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "B7 Handel"}, Country: dossier.Fact{Value: "DE"},
		Identifiers: []dossier.Fact{{Type: "vat", Value: "DE100000007"}}}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	byDomain, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Eighth Buyer"},
		Emails: []dossier.Fact{{Value: "ceo@buyer0008.de"}}}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	rows := customerRows(500)
	// Row 501 repeats customer 10 under another spelling and a new e-mail:
	// merged in the file, not a second dossier.
	rows = append(rows, []any{501, "BUYER 0010 TRADING GMBH.", "", "DE", "sales@buyer0010.de", "", "", "", "", "", "", "", "second address book entry"})
	p := filepath.Join(t.TempDir(), "客户名单.xlsx")
	writeSheet(t, p, header, rows)

	res, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatalf("%v\n%+v", err, res.Errors)
	}
	if res.Rows != 501 || len(res.Created) != 498 || len(res.Merged) != 2 || res.Skipped != 11 {
		t.Fatalf("rows %d, created %d, merged %d, skipped %d; want 501, 498, 2, 11 (10 blank + totals)", res.Rows, len(res.Created), len(res.Merged), res.Skipped)
	}
	if st.Count() != 500 {
		t.Fatalf("%d dossiers, want 500", st.Count())
	}
	got, _ := st.Dossier(known.ID)
	if got.LegalName.Value != "Buyer 0007 Trading GmbH" || len(got.Phones) != 1 || got.Status != "lead" {
		t.Errorf("VAT match not merged as expected: %+v", got)
	}
	if !slices.Contains(got.Aliases, "B7 Handel") && !slices.Contains(got.Aliases, "Buyer 0007 Trading") {
		t.Errorf("names of the merged row lost: aliases %q, latin %q", got.Aliases, got.LatinName.Value)
	}
	if got, _ := st.Dossier(byDomain.ID); !slices.ContainsFunc(got.Emails, func(f dossier.Fact) bool { return f.Value == "purchasing@buyer0008.de" }) {
		t.Errorf("domain match did not take the row's e-mail: %+v", got.Emails)
	}
	d10 := byName(t, st, "Buyer 0010 Trading GmbH")
	if len(d10.Emails) != 2 || !strings.Contains(d10.Notes, "second address book entry") {
		t.Errorf("in-file duplicate not merged: %+v %q", d10.Emails, d10.Notes)
	}
	if d10.Country.Value != "US" && d10.Country.Value != "DE" {
		t.Errorf("country %q", d10.Country.Value)
	}
	if dd := byName(t, st, "Buyer 0003 Trading GmbH"); dd.RegistrationDate.Value != "2013-04-04" || dd.RegisteredCapital.Value != "4003" {
		t.Errorf("row 3: date %q capital %q", dd.RegistrationDate.Value, dd.RegisteredCapital.Value)
	}
	if dd := byName(t, st, "Buyer 0004 Trading GmbH"); dd.RegisteredCapital.Value != "123456" || dd.RegistrationDate.Value != "2009-07-10" || dd.Status != "active" {
		t.Errorf("row 4: capital %q date %q status %q", dd.RegisteredCapital.Value, dd.RegistrationDate.Value, dd.Status)
	}

	again, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Created) != 0 || len(again.Merged) != 0 || again.Unchanged != 501 || st.Count() != 500 {
		t.Fatalf("second import: created %d, merged %d, unchanged %d, %d dossiers", len(again.Created), len(again.Merged), again.Unchanged, st.Count())
	}

	// The firm corrects its sheet: one new phone is merged, nothing created.
	k := slices.IndexFunc(rows, func(r []any) bool { return len(r) > 0 && r[0] == 100 })
	rows[k][5] = "+49 30 1000100; +49 30 9999999"
	writeSheet(t, p, header, rows)
	third, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Created) != 0 || len(third.Merged) != 1 {
		t.Fatalf("after an edit: created %d merged %d", len(third.Created), len(third.Merged))
	}
	if dd := byName(t, st, "Buyer 0100 Trading GmbH"); len(dd.Phones) != 2 {
		t.Errorf("phones %+v", dd.Phones)
	}
}

func TestBadRowRefusesTheWholeFile(t *testing.T) {
	st := mustStore(t)
	rows := customerRows(40)
	rows[10][3] = "Atlantis"            // unknown country
	rows[20][4] = "not-an-address"      // bad e-mail
	rows[30][7] = "next spring"         // not a date
	rows[35][1], rows[35][2] = nil, nil // no name at all
	p := filepath.Join(t.TempDir(), "list.xlsx")
	writeSheet(t, p, header, rows)
	res, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if errs.Code(err) != errs.Invalid {
		t.Fatalf("err = %v", err)
	}
	if st.Count() != 0 {
		t.Fatalf("%d dossiers written from a refused file", st.Count())
	}
	var keys []string
	for _, e := range res.Errors {
		keys = append(keys, e.Key)
	}
	want := []string{"err.rowCountry", "err.email", "err.rowDate", "err.rowName"}
	if !slices.Equal(keys, want) {
		t.Fatalf("errors %v, want %v: %+v", keys, want, res.Errors)
	}
	// Line numbers are the file's: header on 4, row i on 4+i (no blank before 50).
	if res.Errors[0].Line != 15 {
		t.Errorf("first error on line %d, want 15", res.Errors[0].Line)
	}
	// Asked to, the good rows go in and the bad ones are listed.
	res, err = Import(context.Background(), st, p, Options{User: "Sam Sales", SkipInvalid: true})
	if err != nil || len(res.Created) != 36 || len(res.Errors) != 4 {
		t.Fatalf("skip invalid: %v, created %d, errors %d", err, len(res.Created), len(res.Errors))
	}
}

func TestGB18030CSVAndSavedMapping(t *testing.T) {
	st := mustStore(t)
	csv := "客户资料导出\n\n公司,Land,邮件地址,负责人\n上海华通实业有限公司,中国,hua@huatong.cn,王芳\n\"Müller, Söhne GmbH\",Germany,info@mueller.de,\n合计,,,\n"
	b, err := simplifiedchineseEncode(csv)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "crm.csv")
	os.WriteFile(p, b, 0o600)
	// "Land" is not a header this package knows: the person maps it once
	// and saves the mapping under a name.
	m := sheet.Mapping{"legal_name": "公司", "country": "Land", "email": "邮件地址", "owner": "负责人"}
	if err := sheet.SaveMapping(st, sheet.Saved{Name: "CRM", Target: Target, Mapping: m}); err != nil {
		t.Fatal(err)
	}
	saved, err := sheet.FindMapping(st, Target, "CRM")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), st, p, Options{Mapping: saved, User: "Sam Sales"})
	if err != nil {
		t.Fatalf("%v %+v", err, res.Errors)
	}
	if res.Encoding != "gb18030" || len(res.Created) != 2 {
		t.Fatalf("encoding %s, created %d", res.Encoding, len(res.Created))
	}
	d := byName(t, st, "上海华通实业有限公司")
	if d.Country.Value != "CN" || d.Owner != "王芳" || d.Emails[0].Value != "hua@huatong.cn" {
		t.Errorf("dossier %+v", d)
	}
	if d := byName(t, st, "Müller, Söhne GmbH"); d.Country.Value != "DE" {
		t.Errorf("Germany read as %q", d.Country.Value)
	}
}

func TestSameNameOtherCompanyIsNotMerged(t *testing.T) {
	st := mustStore(t)
	uk, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Acme Ltd"}, Country: dossier.Fact{Value: "GB"}}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{1, "Acme GmbH", "", "DE", "", "", "", "", "", "", "", "", ""},                    // same name key, another country
		{2, "ACME LIMITED", "", "GB", "", "+44 20 7946 0000", "", "", "", "", "", "", ""}, // the UK one
		{3, "Acme SA", "", "", "", "", "", "", "", "", "", "", ""},                        // no country: taken for the UK one
	}
	p := filepath.Join(t.TempDir(), "list.xlsx")
	writeSheet(t, p, header, rows)
	res, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 1 || len(res.Merged) != 1 || res.Merged[0] != uk.ID {
		t.Fatalf("created %d, merged %v", len(res.Created), res.Merged)
	}
	if d, _ := st.Dossier(uk.ID); len(d.Phones) != 1 || d.Country.Value != "GB" {
		t.Fatalf("UK dossier %+v", d)
	}
}

// Rows that all merge into one customer past what one customer holds
// (dossier.MaxListItems phones: a list whose name column repeats one
// company) are a problem on the first of them, with how many rows and
// which field; the rest of the list imports when asked to leave it out.
func TestTooManyRowsForOneCustomerAreARowProblem(t *testing.T) {
	st := mustStore(t)
	var b strings.Builder
	b.WriteString("客户名称,国家,电话\n")
	b.WriteString("Other Buyer Ltd,GB,+44 20 7946 0000\n")
	for i := range 60 {
		fmt.Fprintf(&b, "สยาม,TH,+66 2 %03d %04d\n", i, i)
	}
	p := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if e, ok := errs.As(err); !ok || e.Key != "err.importRefused" || st.Count() != 0 {
		t.Fatalf("refused: %v, %d stored", err, st.Count())
	}
	if len(res.Errors) != 1 {
		t.Fatalf("problems %+v", res.Errors)
	}
	if e := res.Errors[0]; e.Line != 3 || e.Key != "err.rowTooMany" || e.Field != "phones" ||
		e.Params["rows"] != "60" || e.Params["n"] != "60" || e.Params["max"] != fmt.Sprint(dossier.MaxListItems) {
		t.Fatalf("problem %+v", e)
	}
	res, err = Import(context.Background(), st, p, Options{User: "Sam Sales", SkipInvalid: true})
	if err != nil || len(res.Created) != 1 || st.Count() != 1 {
		t.Fatalf("the good rows: %v, %d new", err, len(res.Created))
	}
}
