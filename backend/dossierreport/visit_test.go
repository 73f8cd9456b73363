package dossierreport

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/report"
	"credence/backend/visit"
)

func TestVisitReport(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, richDossier("深圳市光明照明科技有限公司", "Shenzhen Guangming Lighting Technology Co., Ltd."))
	v := fillVisit(t, st, d.ID, func(i int) []byte {
		if i%2 == 0 {
			return pngPhoto(t, 400, 300, int64(i))
		}
		return jpegPhoto(t, 1200, 900, int64(i))
	})
	// A correction after sign-off shows in the report.
	if _, err := visit.New(st).Correct(v.ID, visit.Answer{ItemID: "activity_level", Value: "quiet", Note: "下午再看时已无人"}, "复查 second look", "韩梅梅"); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{report.LangZH, report.LangEN} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			info, err := visitPDF(context.Background(), st, v.ID, opts(lang), &buf)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(info.Number, "VR-20260316-") || info.Bytes != int64(buf.Len()) {
				t.Fatalf("info %+v", info)
			}
			path := writeFile(t, "visit-"+lang+".pdf", buf.Bytes())
			if n := pdfPages(t, path); n != info.Pages {
				t.Fatalf("%d pages, Info %d", n, info.Pages)
			}
			checkFonts(t, path)
			text := runTool(t, "pdftotext", "-layout", path, "-")
			checkGlyphs(t, text)
			if lang == report.LangZH {
				inOrder(t, text, "实地考察报告", "深圳市光明照明科技有限公司", "办公室实地走访", "第 1 版", "2026-03-10", "韩梅梅", "已签署", "走访得分",
					"各部分得分", "检查表", "地址与场所", "走访地址与注册地址一致（必查）", "通过", "人员与经营", "不到一半", "声称 60 人",
					"未通过的必查项", "在岗人数与声称人数相比", "签署后的更正", "复查", "现场照片", "图 1", "图 4", "签名", "走访人：韩梅梅", "客户代表：张伟")
			} else {
				inOrder(t, text, "Field Visit Report", "Office visit", "version 1", "2026-03-10", "Signed off on", "Visit score",
					"Section scores", "Checklist", "Address and premises", "(required)", "pass", "People and activity", "Fewer than half", "Claimed 60",
					"Failed required items", "Staff seen compared with staff claimed", "Corrections after sign-off", "second look", "Photos", "Figure 1", "Figure 4",
					"Signatures", "Visitor: 韩梅梅", "Customer's representative: 张伟")
			}
			renderPages(t, path)
		})
	}
	if _, err := visitPDF(context.Background(), st, "nope", opts("en"), &bytes.Buffer{}); err == nil {
		t.Fatal("unknown visit: no error")
	}
}

// A visit in progress prints as a draft and says so.
func TestVisitReportDraft(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "Acme Warehouse Ltd"}})
	v, err := visit.New(st).Start(d.ID, visit.BuiltInWarehouse, "Sam", "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := visitPDF(context.Background(), st, v.ID, opts("en"), &buf); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "visit-draft.pdf", buf.Bytes())
	text := runTool(t, "pdftotext", "-layout", path, "-")
	inOrder(t, text, "Field Visit Report", "Warehouse visit", "Not signed off", "not answered", "No photos were taken", "Nobody has signed yet.")
	_ = fmt.Sprint
}
