package dossierreport

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/report"
)

// Every page's footer names who printed the copy and when, in both
// languages; the content hash does not change with the printer.
func TestFooterNamesPrinter(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "Hansa Lichttechnik GmbH"}, Country: dossier.Fact{Value: "DE"}})
	want := map[string]string{report.LangEN: "printed by Wang Fang at 2026-03-16 09:00", report.LangZH: "由 Wang Fang 于 2026-03-16 09:00 打印"}
	var hashes []string
	for _, lang := range []string{report.LangEN, report.LangZH} {
		for _, who := range []string{"Wang Fang", "Zhao Min"} {
			o := opts(lang)
			o.PrintedBy = who
			var buf bytes.Buffer
			info, err := creditPDF(context.Background(), st, d.ID, o, &buf)
			if err != nil {
				t.Fatal(err)
			}
			hashes = append(hashes, info.Hash)
			if who != "Wang Fang" {
				continue
			}
			text := runTool(t, "pdftotext", "-layout", writeFile(t, "credit-footer-"+lang+".pdf", buf.Bytes()), "-")
			pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
			for i, p := range pages {
				if !strings.Contains(p, want[lang]) {
					t.Errorf("%s page %d of %d: no %q in\n%s", lang, i+1, len(pages), want[lang], p)
				}
			}
		}
	}
	for _, h := range hashes[1:] {
		if h != hashes[0] {
			t.Errorf("the printer changed the content hash: %v", hashes)
		}
	}
}
