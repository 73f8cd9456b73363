package dossierreport

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/report"
	"credence/backend/trade"
)

// TestCreditReportTradeSection: once customs records are imported for a
// customer, the credit report has a trade-record section (figures, the
// chart of shipments by month, the main suppliers by country name) and no
// longer lists the trade record among the sections not on file.
func TestCreditReportTradeSection(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, richDossier("汉莎照明技术有限公司", "Hansa Lichttechnik GmbH"))
	var csv bytes.Buffer
	csv.WriteString("Date,Importer,Supplier,Supplier country,HS code,Product,Quantity,Weight (kg),Value (USD)\n")
	for m := 0; m < 18; m++ {
		supplier, country := "Ningbo Bright Lamps Co., Ltd.", "CN"
		if m%3 == 2 {
			supplier, country = "Saigon Light JSC", "VN"
		}
		fmt.Fprintf(&csv, "2025-%02d-15,HANSA LICHTTECHNIK GMBH,%q,%s,940540,LED panel lights,%d,%d,%d\n",
			m%12+1, supplier, country, 1000+m*10, 2000+m*20, 24000+m*500)
	}
	// Two years: 2025-01..12 then 2026-01..06.
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	for i := 13; i < len(lines); i++ {
		lines[i] = strings.Replace(lines[i], "2025-", "2026-", 1)
	}
	p := filepath.Join(t.TempDir(), "customs.csv")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := trade.Import(context.Background(), st, p, trade.Options{DossierID: d.ID})
	if err != nil || res.Added != 18 {
		t.Fatalf("trade import: %+v %v", res, err)
	}
	assessAndApprove(t, st, d.ID, false)
	for _, lang := range []string{report.LangEN, report.LangZH} {
		var buf bytes.Buffer
		if _, err := creditPDF(context.Background(), st, d.ID, opts(lang), &buf); err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "trade-"+lang+".pdf", buf.Bytes())
		text := squash(runTool(t, "pdftotext", "-layout", path, "-"))
		want := []string{"Traderecord", "Totalvalue508,500USD", "18shipmentsfrom", "Mainsuppliers", "NingboBrightLamps", "Vietnam", "Shipmentspermonth"}
		if lang == report.LangZH {
			want = []string{"贸易记录", "货值合计508,500USD", "共18票货", "主要供应商", "NingboBrightLamps", "越南", "每月票数"}
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s report lacks %q", lang, w)
			}
		}
		checkGlyphs(t, text)
	}
}
