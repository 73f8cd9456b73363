package customers

import (
	"bytes"
	"context"
	"credence/backend/screening"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/credit"
	"credence/backend/search"
)

func TestExportListReadsBack(t *testing.T) {
	st := mustStore(t)
	p := filepath.Join(t.TempDir(), "list.xlsx")
	writeSheet(t, p, header, customerRows(60))
	if _, err := Import(context.Background(), st, p, Options{User: "Sam Sales"}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh-CN"} {
		var buf bytes.Buffer
		// The list's filter: German customers only.
		n, err := ExportList(context.Background(), st, search.Query{Country: "DE", Limit: 5}, lang, &buf)
		if err != nil {
			t.Fatal(err)
		}
		want := st.Search(search.Query{Country: "DE", Limit: 1000}).Total
		if n != want || n < 10 {
			t.Fatalf("%s: %d rows exported, %d German customers", lang, n, want)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sh := f.GetSheetName(0)
		rows, _ := f.GetRows(sh)
		if len(rows) != n+1 {
			t.Fatalf("%d rows read back, want %d + header", len(rows), n)
		}
		wantHead := map[string]string{"en": "Name", "zh-CN": "客户名称"}[lang]
		if rows[0][1] != wantHead {
			t.Errorf("%s header %q", lang, rows[0][1])
		}
		panes, _ := f.GetPanes(sh)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header not frozen: %+v", panes)
		}
		// Proper types: the capital is a number, the date a date.
		typ, _ := f.GetCellType(sh, "R2")
		raw, _ := f.GetCellValue(sh, "R2", excelize.Options{RawCellValue: true})
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset || raw == "" {
			t.Errorf("capital cell type %v %q", typ, raw)
		}
		date, _ := f.GetCellValue(sh, "Q2")
		if _, err := time.Parse("2006-01-02", date); err != nil {
			t.Errorf("registration date shown as %q", date)
		}
		rawDate, _ := f.GetCellValue(sh, "Q2", excelize.Options{RawCellValue: true})
		if _, err := time.Parse("2006-01-02", rawDate); err == nil {
			t.Errorf("registration date stored as text %q, want a serial", rawDate)
		}
		f.Close()
	}
}

func TestExportDossier(t *testing.T) {
	st := mustStore(t)
	p := filepath.Join(t.TempDir(), "list.xlsx")
	writeSheet(t, p, header, customerRows(3))
	res, err := Import(context.Background(), st, p, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Created[0]
	cs := credit.New(st)
	if _, err := cs.Assess(id, "Sam Sales", time.Now()); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Dossier(id)
	snaps, _ := cs.Snapshots(id)
	alerts, _ := screening.New(st).Alerts(true)
	var buf bytes.Buffer
	if err := ExportDossier(d, snaps, alerts, "zh-CN", &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "资料" || got[1] != "评估" || got[2] != "提醒" {
		t.Fatalf("sheets %v", got)
	}
	facts, _ := f.GetRows("资料")
	if len(facts) < 6 || facts[1][2] != "Buyer 0001 Trading GmbH" {
		t.Fatalf("facts %v", facts)
	}
	as, _ := f.GetRows("评估")
	if len(as) < 3 || as[1][3] == "" {
		t.Fatalf("assessment rows %v", as)
	}
}
