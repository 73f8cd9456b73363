package dossierreport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/report"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// richWorkspace is a workspace with the real OFAC list and one customer
// with everything: 40 identifiers, credit records, a screening hit decided
// as a false positive, a signed field visit with 4 photos, 11 more photos
// attached (15 in all, JPEG and PNG), a PDF, an assessment and an approval.
func richWorkspace(t *testing.T) (*store.Store, *dossier.Dossier) {
	t.Helper()
	st := mustStore(t)
	importOFAC(t, st)
	d := mustCreate(t, st, richDossier("深圳市光明照明科技有限公司", "Shenzhen Guangming Lighting Technology Co., Ltd."))
	ss := screening.New(st)
	res, _, err := ss.ScreenDossier(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("the alias Banco Nacional de Cuba should hit the OFAC list")
	}
	if _, err := ss.Decide(d.ID, res.Hits[0].Key, screening.VerdictFalsePositive, "不同实体：本客户为深圳 LED 进口商 A different entity", "李雷"); err != nil {
		t.Fatal(err)
	}
	fillVisit(t, st, d.ID, func(i int) []byte { return jpegPhoto(t, 640, 480, int64(100+i)) })
	kinds := []string{"licence", "licence", "card", "site", "site", "site", "site", "site", "site", "site", "site"}
	for i, k := range kinds {
		var data []byte
		name := fmt.Sprintf("%s-%02d.jpg", k, i+1)
		switch {
		case i == 0:
			data = jpegPhoto(t, 2400, 1800, int64(i)) // a phone photo, downscaled
		case i == 2:
			data = pngPhoto(t, 500, 300, int64(i))
			name = "名片 business card.png"
		case i%4 == 3:
			data = pngPhoto(t, 480, 640, int64(i)) // portrait
			name = fmt.Sprintf("%s-%02d.png", k, i+1)
		default:
			data = jpegPhoto(t, 800, 600, int64(i))
		}
		if _, err := st.AddAttachment(d.ID, name, k, data, "李雷"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddAttachment(d.ID, "dnb-report-2025.pdf", "report", []byte("%PDF-1.4\n% a credit report\n"), "李雷"); err != nil {
		t.Fatal(err)
	}
	assessAndApprove(t, st, d.ID, true)
	d, err = st.Dossier(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st, d
}

func opts(lang string) Options {
	return Options{Lang: lang, Firm: "宁波海联进出口有限公司 Ningbo Hailian Import & Export", PreparedBy: "李雷", Now: testNow}
}

func TestCreditReportRich(t *testing.T) {
	st, d := richWorkspace(t)
	for _, lang := range []string{report.LangZH, report.LangEN} {
		t.Run(lang, func(t *testing.T) {
			var steps []int
			o := opts(lang)
			o.Progress = func(step, total int) { steps = append(steps, step*100+total) }
			var buf bytes.Buffer
			info, err := creditPDF(context.Background(), st, d.ID, o, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(info.Number, "CR-20260316-") || len(info.Number) != len("CR-20260316-")+6 || len(info.Hash) != 16 ||
				!strings.HasPrefix(info.Hash, info.Number[len(info.Number)-6:]) {
				t.Fatalf("info %+v", info)
			}
			if info.Bytes != int64(buf.Len()) || info.Pages < 8 {
				t.Fatalf("info %+v, %d bytes written", info, buf.Len())
			}
			if len(steps) == 0 || steps[len(steps)-1]/100 != steps[len(steps)-1]%100 {
				t.Fatalf("progress %v does not end at the total", steps)
			}
			path := writeFile(t, "credit-rich-"+lang+".pdf", buf.Bytes())
			if n := pdfPages(t, path); n != info.Pages {
				t.Fatalf("pdfinfo says %d pages, Info %d", n, info.Pages)
			}
			checkFonts(t, path)
			text := runTool(t, "pdftotext", "-layout", path, "-")
			checkGlyphs(t, text)
			if lang == report.LangZH {
				inOrder(t, text, "资信评估报告", "深圳市光明照明科技有限公司", info.Number, "评估结论", "信用等级",
					"主要风险提示", "各维度得分", "一、企业身份", "登记号码", "联系人及决策链",
					"二、制裁名单筛查", "美国OFAC", "BANCO NACIONAL", "误报",
					"三、信用状况", "第三方信用报告", "中信保", "诉讼与破产记录", "往来银行", "同业推荐", "信用保险限额", "已过期",
					"四、软信息", "预计业务", "五、实地考察", "走访得分", "未通过的必查项", "声称 60 人", "现场照片", "签名",
					"六、信用评估", "各维度得分与权重", "等级调整", "全部风险提示", "限额测算", "适用的政策档位", "限额申请与审批记录", "Maria Manager",
					"七、附件：证据材料", "图 1", "图 15", "其他附件", "dnb-report-2025.pdf")
				if !strings.Contains(text, "第 1 页 / 共 "+fmt.Sprint(info.Pages)+" 页") || !strings.Contains(text, info.Hash) {
					t.Fatalf("footer: page of pages or hash missing")
				}
				if !strings.Contains(text, "审批签名有效") {
					t.Fatal("the approval's signature should be shown as valid")
				}
			} else {
				inOrder(t, text, "Credit Assessment Report", "Shenzhen Guangming Lighting", info.Number, "Summary", "Grade",
					"Top red flags", "Dimension scores", "1. Identity", "Identifiers", "Contacts and the decision chain",
					"2. Sanctions screening", "OFAC SDN list", "BANCO NACIONAL", "False positive",
					"3. Credit standing", "Third-party credit reports", "Litigation and bankruptcy", "Banks", "Trade references", "Credit-insurance limits", "(expired)",
					"4. Soft information", "Expected business", "5. Field visit", "Visit score", "Failed required items", "Claimed 60, saw 18", "Photos", "Signatures",
					"6. The assessment", "Dimensions, scores and weights", "Overrides", "All red flags", "The limit", "The policy row applied", "Proposals and decisions", "Maria Manager",
					"7. Annex: evidence", "Figure 1", "Figure 15", "Other attachments", "dnb-report-2025.pdf")
				if !strings.Contains(text, "Page 1 of "+fmt.Sprint(info.Pages)) || !strings.Contains(text, info.Hash) {
					t.Fatalf("footer: page of pages or hash missing")
				}
			}
			// Every identifier is listed with its check result (a value
			// wrapped in its cell is interleaved with the next columns by
			// pdftotext, so only its first characters are looked for).
			sq := squash(text)
			for _, id := range d.Identifiers {
				v := []rune(squash(id.Value))
				if !strings.Contains(sq, string(v[:min(len(v), 9)])) {
					t.Errorf("identifier %s missing", id.Value)
				}
			}
			if lang == report.LangZH && !strings.Contains(sq, "无效") || lang == report.LangEN && !strings.Contains(sq, "Invalid:") {
				t.Error("an invalid identifier should say so")
			}
			renderPages(t, path)
		})
	}
}

// checkGlyphs fails when the text holds a substitute (□) or a character
// the report fonts cannot draw.
func checkGlyphs(tb testing.TB, text string) {
	tb.Helper()
	if strings.ContainsRune(text, '\u25A1') {
		i := strings.IndexRune(text, '\u25A1')
		tb.Fatalf("a substitute □ was drawn near %q", text[max(0, i-80):min(len(text), i+20)])
	}
	text = strings.ReplaceAll(text, "\f", "\n") // pdftotext's page breaks
	if m := report.MissingGlyphs(text); len(m) > 0 {
		tb.Fatalf("characters without a glyph: %q", string(m))
	}
}

func TestCreditReportSparse(t *testing.T) {
	st := mustStore(t)
	long := strings.Repeat("深圳市前海国际供应链管理有限公司 Qianhai International Supply-Chain Management (Shenzhen) Co., Ltd. ", 3)
	cases := []struct {
		name string
		d    *dossier.Dossier
		lang string
		want []string
	}{
		{"chinese-only", &dossier.Dossier{LegalName: dossier.Fact{Value: "义乌市恒泰五金商行"}}, report.LangZH,
			[]string{"资信评估报告", "义乌市恒泰五金商行", "英文名称", "未提供", "尚未评估", "尚未批准任何限额", "资料缺失", "贸易记录",
				"一、企业身份", "档案中没有登记号码", "档案中没有联系人", "未记录采购决策链",
				"二、制裁名单筛查", "尚未导入任何制裁名单", "本客户尚未筛查",
				"三、信用评估", "尚无限额申请", "四、附件：证据材料", "档案中没有可嵌入的图片附件"}},
		{"long-name", &dossier.Dossier{LegalName: dossier.Fact{Value: long}, LatinName: dossier.Fact{Value: "QIANHAI ISCM"}, Country: dossier.Fact{Value: "CN"}}, report.LangEN,
			[]string{"Credit Assessment Report", "Qianhai International", "Not assessed", "Not yet approved", "Not on file",
				"1. Identity", "No identifiers on file.", "2. Sanctions screening", "No sanctions list has been imported",
				"3. The assessment", "4. Annex: evidence", "The dossier holds no image attachments"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := mustCreate(t, st, c.d)
			var buf bytes.Buffer
			info, err := creditPDF(context.Background(), st, d.ID, opts(c.lang), &buf)
			if err != nil {
				t.Fatal(err)
			}
			path := writeFile(t, "credit-"+c.name+".pdf", buf.Bytes())
			if n := pdfPages(t, path); n != info.Pages || n > 4 {
				t.Fatalf("%d pages (Info %d)", n, info.Pages)
			}
			checkFonts(t, path)
			text := runTool(t, "pdftotext", "-layout", path, "-")
			checkGlyphs(t, text)
			inOrder(t, text, c.want...)
			if c.name == "long-name" {
				// Not a character of the long name is lost at a wrap.
				if !strings.Contains(squash(text), squash(strings.TrimSpace(long))) {
					t.Fatal("the long name lost characters")
				}
			}
			renderPages(t, path)
		})
	}
}

func TestCreditReportErrors(t *testing.T) {
	st := mustStore(t)
	var buf bytes.Buffer
	if _, err := creditPDF(context.Background(), st, "no-such-id", opts("en"), &buf); err == nil || buf.Len() > 0 {
		t.Fatalf("unknown dossier: %v, %d bytes", err, buf.Len())
	}
	d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}})
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	o := opts("en")
	o.Progress = func(step, total int) {
		calls++
		if step == 2 {
			cancel()
		}
	}
	_, err := creditPDF(ctx, st, d.ID, o, &buf)
	if !errors.Is(err, context.Canceled) || buf.Len() > 0 {
		t.Fatalf("cancelled: %v, %d bytes written", err, buf.Len())
	}
	if calls != 2 {
		t.Fatalf("progress called %d times before the cancellation took effect", calls)
	}
}

// The same data gives the same number and hash in both languages; a
// change of the data changes them.
func TestCreditReportHash(t *testing.T) {
	st := mustStore(t)
	d := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}, Country: dossier.Fact{Value: "DE"}})
	var a, b bytes.Buffer
	ia, err := creditPDF(context.Background(), st, d.ID, opts("en"), &a)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := creditPDF(context.Background(), st, d.ID, opts("zh-CN"), &b)
	if err != nil {
		t.Fatal(err)
	}
	if ia.Number != ib.Number || ia.Hash != ib.Hash {
		t.Fatalf("languages differ: %+v %+v", ia, ib)
	}
	d.Website = dossier.Fact{Value: "https://acme.de"}
	if _, err := st.SaveDossier(d, "李雷"); err != nil {
		t.Fatal(err)
	}
	ic, err := creditPDF(context.Background(), st, d.ID, opts("en"), &b)
	if err != nil {
		t.Fatal(err)
	}
	if ic.Hash == ia.Hash {
		t.Fatal("changed data, same hash")
	}
}

func TestLabels(t *testing.T) {
	var all strings.Builder
	for k, l := range labels {
		if strings.TrimSpace(l[0]) == "" || strings.TrimSpace(l[1]) == "" {
			t.Errorf("label %s lacks a language", k)
		}
		all.WriteString(l[0] + "\n" + l[1] + "\n")
	}
	if m := report.MissingGlyphs(all.String()); len(m) > 0 {
		t.Fatalf("labels use characters without a glyph: %q", string(m))
	}
	// Every enumeration of the domain has a label.
	for group, values := range map[string][]string{
		"state": {dossier.Unverified, dossier.Verified, dossier.Contradicted}, "source": dossier.SourceKinds,
		"role": dossier.ContactRoles, "segment": dossier.Segments, "btype": dossier.BusinessTypes, "status": dossier.Statuses,
		"akind": dossier.AttachKinds, "legal": dossier.LegalKinds, "lstatus": dossier.LegalStatuses, "lrole": dossier.LegalRoles,
		"habit": dossier.PaymentHabits, "reqterm": dossier.RequestedTerms,
	} {
		for _, v := range values {
			if _, ok := labels[group+"."+v]; !ok {
				t.Errorf("no label %s.%s", group, v)
			}
		}
	}
}

// The report names the customer's country, in its language, never by its
// ISO code.
func TestCountryNamedNotCoded(t *testing.T) {
	needTool(t, "pdftotext")
	st := storetest.New(t)
	d, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Hansa Lichttechnik GmbH"}, Country: dossier.Fact{Value: "DE"}}, "U")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{report.LangZH: "德国", report.LangEN: "Germany"} {
		var buf bytes.Buffer
		if _, err := creditPDF(context.Background(), st, d.ID, opts(lang), &buf); err != nil {
			t.Fatal(err)
		}
		text := runTool(t, "pdftotext", "-layout", writeFile(t, "country-"+lang+".pdf", buf.Bytes()), "-")
		if !strings.Contains(text, want) || regexp.MustCompile(`(?m)(国家／地区|Country)\s+DE\b`).MatchString(text) {
			t.Errorf("%s: country row in\n%s", lang, text[:min(len(text), 1500)])
		}
	}
}
