package trade

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/errs"
)

func rec(date, supplier, country string, value float64) Record {
	return Record{Date: date, Supplier: supplier, SupplierCountry: country, Value: value, Currency: "USD"}
}

func TestSummarize(t *testing.T) {
	recs := []Record{
		rec("2022-01-10", "Ningbo Light Co., Ltd.", "CN", 10000), rec("2022-02-10", "NINGBO LIGHT CO LTD", "CN", 12000),
		rec("2022-03-15", "Osram Asia", "MY", 8000), rec("2022-07-01", "Ningbo Light Co., Ltd.", "CN", 14000), // gap: Apr–Jun
		rec("2022-08-01", "Shenzhen Bright", "CN", 16000), rec("2022-09-01", "Shenzhen Bright", "CN", 18000),
	}
	f := Summarize(recs, &dossier.Expected{OrderSize: 60000})
	s := f.Summary
	if s.Shipments != 6 || s.Months != 9 || s.Suppliers != 3 || f.LongestGap != 3 || f.ActiveMonths != 6 {
		t.Fatalf("summary %+v, gap %d, active %d", s, f.LongestGap, f.ActiveMonths)
	}
	if s.ChinaShare != 0.9 || !s.SteadyBuyer || s.TrendPct <= 10 {
		t.Errorf("china %v steady %v trend %v", s.ChinaShare, s.SteadyBuyer, s.TrendPct)
	}
	if f.Suppliers[0].Name != "Ningbo Light Co., Ltd." || f.Suppliers[0].TenureMonths != 7 || f.Suppliers[0].Shipments != 3 {
		t.Errorf("top supplier %+v", f.Suppliers[0])
	}
	if f.TypicalOrder != 13000 || f.OrderRatio != 4.62 {
		t.Errorf("typical order %v, ratio %v: a buyer asking four times its usual lot", f.TypicalOrder, f.OrderRatio)
	}
	if len(f.Months) != 9 || f.Months[4].Month != "2022-05" || f.Months[4].Shipments != 0 {
		t.Errorf("months %+v", f.Months)
	}
	// Buying once, then again after a year: not steady.
	one := Summarize([]Record{rec("2022-01-10", "A", "CN", 1), rec("2023-03-10", "A", "CN", 1)}, nil)
	if one.Summary.SteadyBuyer || one.LongestGap != 13 {
		t.Errorf("one-off buyer %+v gap %d", one.Summary, one.LongestGap)
	}
	if z := Summarize(nil, nil); z.Summary != (assess.TradeSummary{}) {
		t.Errorf("no records: %+v", z.Summary)
	}
}

// steady is three years of monthly imports, mostly from China, growing.
func steady(importer string) []shipment {
	var out []shipment
	sup := []string{"Ningbo Light Co., Ltd.", "Shenzhen Bright Tech", "Xiamen Lumen", "Osram Asia Sdn Bhd"}
	for m := 0; m < 36; m++ {
		country := "中国"
		if m%4 == 3 {
			country = "Malaysia"
		}
		out = append(out, shipment{day: m*30 + 5, importer: importer, supplier: sup[m%4], country: country, value: 20000 + float64(m)*800})
	}
	return out
}

func TestImportMovesTheGrade(t *testing.T) {
	st := mustStore(t)
	d, err := st.CreateDossier(&dossier.Dossier{
		LegalName: dossier.Fact{Value: "Lumière Import GmbH", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}},
		Country:   dossier.Fact{Value: "DE", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}},
		Website:   dossier.Fact{Value: "lumiere-import.de"}, Emails: []dossier.Fact{{Value: "einkauf@lumiere-import.de"}},
		Identifiers:         []dossier.Fact{{Type: "vat", Value: "DE136695976", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}}},
		RegisteredAddress:   dossier.Fact{Value: "Hafenstraße 12, 28217 Bremen", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}},
		RegistrationDate:    dossier.Fact{Value: "2012-05-12", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}},
		LegalRepresentative: dossier.Fact{Value: "Claire Roth", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}},
		Contacts:            []dossier.Contact{{Name: "Jonas Weber", Role: "purchasing"}},
		Soft:                dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance"}},
		References:          []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}},
		BusinessType:        "importer", Segment: "b2b", Expected: dossier.Expected{OrderSize: 30000, Currency: "USD"},
	}, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Unrelated Buyer BV"}}, "Sam Sales")
	cs := credit.New(st)
	cs.Evidence = Evidence(st)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	before, err := cs.Assess(d.ID, "Sam Sales", now)
	if err != nil {
		t.Fatal(err)
	}

	// The export names the importer in capitals with another legal form:
	// it is matched to the dossier by name. One row is another buyer's.
	rows := steady("LUMIERE IMPORT GMBH")
	rows = append(rows, shipment{day: 40, importer: "UNRELATED BUYER BV", supplier: "X", country: "CN", value: 100})
	p := filepath.Join(t.TempDir(), "海关数据.xlsx")
	writeCustoms(t, p, rows)
	res, err := Import(context.Background(), st, p, Options{})
	if err != nil {
		t.Fatalf("%v %+v", err, res.Errors)
	}
	if res.Added != 37 || res.Dossiers[d.ID] != 36 || res.Dossiers[other.ID] != 1 || res.Skipped != 1 {
		t.Fatalf("result %+v", res)
	}
	again, err := Import(context.Background(), st, p, Options{})
	if err != nil || again.Added != 0 || again.Known != 37 {
		t.Fatalf("re-import added %d (known %d): %v", again.Added, again.Known, err)
	}
	f, ok, err := FiguresOf(st, d.ID)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if f.Summary.Shipments != 36 || f.Summary.Suppliers != 4 || f.Summary.ChinaShare < 0.7 || !f.Summary.SteadyBuyer || f.Currency != "" && f.Currency != "USD" {
		t.Fatalf("figures %+v", f.Summary)
	}

	after, err := cs.Assess(d.ID, "Sam Sales", now)
	if err != nil {
		t.Fatal(err)
	}
	dim := func(a assess.Assessment) assess.Dimension {
		i := slices.IndexFunc(a.Dimensions, func(x assess.Dimension) bool { return x.Key == assess.DimTrade })
		return a.Dimensions[i]
	}
	if !dim(before.Assessment).Missing || dim(after.Assessment).Missing {
		t.Fatalf("trade dimension missing before %v, after %v", dim(before.Assessment).Missing, dim(after.Assessment).Missing)
	}
	var reasons []string
	for _, f := range dim(after.Assessment).Factors {
		reasons = append(reasons, f.Code)
	}
	for _, want := range []string{"record_medium", "frequent", "suppliers", "china_share", "growing", "steady"} {
		if !slices.Contains(reasons, want) {
			t.Errorf("factor %s not shown: %v", want, reasons)
		}
	}
	if before.Assessment.Grade == after.Assessment.Grade || after.Assessment.Score <= before.Assessment.Score {
		t.Fatalf("grade %s (%.1f) → %s (%.1f): the trade record did not move it", before.Assessment.Grade, before.Assessment.Score,
			after.Assessment.Grade, after.Assessment.Score)
	}
	t.Logf("grade %s (%.1f) → %s (%.1f)", before.Assessment.Grade, before.Assessment.Score, after.Assessment.Grade, after.Assessment.Score)
	// The same door: a service without the hook does not see the records.
	plain, _ := credit.New(st).Evaluate(d.ID, now)
	if !dim(plain.Assessment).Missing {
		t.Error("the hook is what brings the records in")
	}
	if n, err := Remove(st, d.ID); err != nil || n != 36 {
		t.Fatalf("remove: %d %v", n, err)
	}
}

func TestImportRefusesBadRows(t *testing.T) {
	st := mustStore(t)
	d, _ := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Solo Buyer"}}, "Sam Sales")
	rows := steady("Nobody We Know Ltd")
	p := filepath.Join(t.TempDir(), "x.xlsx")
	writeCustoms(t, p, rows[:3])
	res, err := Import(context.Background(), st, p, Options{})
	if errs.Code(err) != errs.Invalid || len(res.Errors) != 3 || res.Errors[0].Key != "err.tradeNoCustomer" || res.Errors[0].Line != 5 {
		t.Fatalf("unmatched importer: %v %+v", err, res.Errors)
	}
	// Chosen by hand, the same file goes to the dossier.
	res, err = Import(context.Background(), st, p, Options{DossierID: d.ID})
	if err != nil || res.Added != 3 {
		t.Fatalf("with --dossier: %v %+v", err, res)
	}
	// A bad date anywhere refuses the file: nothing more is written.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeFile(t, bad, "日期,供应商,原产国,金额\n2024-01-05,A,CN,100\nsoon,B,CN,200\n2024-02-05,C,Narnia,300\n")
	res, err = Import(context.Background(), st, bad, Options{DossierID: d.ID})
	if err == nil || len(res.Errors) != 2 || !strings.Contains(fmt.Sprint(res.Errors), "Narnia") {
		t.Fatalf("bad file: %v %+v", err, res.Errors)
	}
	if recs, _ := Records(st, d.ID); len(recs) != 3 {
		t.Fatalf("%d records after a refused file", len(recs))
	}
}

// TestImportBoundsTheHeap: while an import runs the Go heap is capped
// near its working set (BenchmarkImportXLSX100k measures the effect), and
// the limit is the process's own again afterwards.
func TestImportBoundsTheHeap(t *testing.T) {
	st := mustStore(t)
	if _, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "Lumière Import GmbH"}}, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "customs.xlsx")
	writeCustoms(t, p, steady("LUMIERE IMPORT GMBH"))
	before := debug.SetMemoryLimit(-1)
	var during int64
	res, err := Import(context.Background(), st, p, Options{Progress: func(int, int) { during = debug.SetMemoryLimit(-1) }})
	if err != nil || res.Added == 0 {
		t.Fatalf("import: %v, %+v", err, res)
	}
	if during > importHeap {
		t.Errorf("memory limit %d MiB during the import, want at most %d", during>>20, importHeap>>20)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("memory limit %d after the import, was %d", after, before)
	}
}
