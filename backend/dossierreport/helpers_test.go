package dossierreport

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/store/storetest"
	"credence/backend/visit"

	"credence/backend/report/pdftest"
)

// These tests write real PDFs on real Badger workspaces and read them back
// with poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm); the checks
// that need a tool skip when it is missing. Set REPORT_TEST_OUT to a folder
// to keep the PDFs and the page images (pdftoppm -r 60) for a look.

const sanctionsDir = "../../testdata/sanctions"

var cheapKDF = storetest.CheapKDF

var testNow = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

func mustStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Create(filepath.Join(tb.TempDir(), "ws"), "correct horse battery",
		store.Settings{FirmName: "宁波海联进出口有限公司", UserName: "李雷"},
		store.Options{KDF: cheapKDF})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func mustCreate(tb testing.TB, st *store.Store, d *dossier.Dossier) *dossier.Dossier {
	tb.Helper()
	got, err := st.CreateDossier(d, "李雷")
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

// photo makes a photo-like image: a sky-to-ground gradient, a few
// "buildings" and fine noise, so it compresses like a real photo.
func photo(w, h int, seed int64) *image.RGBA {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sky := color.RGBA{uint8(90 + r.Intn(60)), uint8(140 + r.Intn(60)), 220, 255}
	ground := color.RGBA{uint8(80 + r.Intn(60)), uint8(90 + r.Intn(40)), 70, 255}
	type box struct {
		x0, y0, x1, y1 int
		c              color.RGBA
	}
	var boxes []box
	for i := 0; i < 6; i++ {
		x0 := r.Intn(w)
		bw := w/10 + r.Intn(w/4)
		top := h/4 + r.Intn(h/3)
		boxes = append(boxes, box{x0, top, x0 + bw, h * 3 / 4, color.RGBA{uint8(r.Intn(200)), uint8(r.Intn(200)), uint8(r.Intn(200)), 255}})
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c color.RGBA
			if y < h*3/4 {
				f := float64(y) / float64(h)
				c = color.RGBA{uint8(float64(sky.R) * (1 - f/2)), uint8(float64(sky.G) * (1 - f/2)), sky.B, 255}
			} else {
				c = ground
			}
			for _, b := range boxes {
				if x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1 {
					c = b.c
					if (x/12+y/16)%5 == 0 { // windows
						c = color.RGBA{240, 230, 160, 255}
					}
				}
			}
			n := uint8(r.Intn(12))
			c.R, c.G, c.B = sat(c.R, n), sat(c.G, n), sat(c.B, n)
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func sat(v, n uint8) uint8 {
	if int(v)+int(n) > 255 {
		return 255
	}
	return v + n
}

func jpegPhoto(tb testing.TB, w, h int, seed int64) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, photo(w, h, seed), &jpeg.Options{Quality: 88}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func pngPhoto(tb testing.TB, w, h int, seed int64) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, photo(w, h, seed)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// signaturePNG is a drawn "signature": a wavy line.
func signaturePNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 300, 90))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 10; x < 290; x++ {
		y := 45 + int(25*sinApprox(float64(x)/23))
		for dy := -1; dy <= 1; dy++ {
			img.SetGray(x, y+dy, color.Gray{Y: 20})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func sinApprox(x float64) float64 {
	// A triangle wave is signature enough.
	x = x - 4*float64(int(x/4))
	if x < 2 {
		return x - 1
	}
	return 3 - x
}

// verified is a fact confirmed by a source.
func verified(v, kind string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Verified, Sources: []dossier.Source{{Kind: kind, Date: "2026-02-10"}}}
}

// identifiers makes n identifiers, valid and invalid, of many types.
func identifiers(n int) []dossier.Fact {
	pool := []dossier.Fact{
		{Type: "uscc", Value: "91110000802100433B"},
		{Type: "lei", Value: "5493001KJTIIGC8Y1R12"},
		{Type: "vat", Value: "DE136695976"},
		{Type: "gb_company", Value: "SC123456"},
		{Type: "ein", Value: "04-2103594"},
		{Type: "duns", Value: "150483782"},
		{Type: "cnpj", Value: "33.000.167/0001-01"},
		{Type: "uscc", Value: "91110000802100433X"}, // bad check digit
		{Type: "vat", Value: "DE136695977"},         // bad check digit
		{Type: "other", Value: "海关编码 4403960ABC"},
		{Type: "iban", Value: "GB82WEST12345698765432"},
		{Type: "bic", Value: "DEUTDEFF500"},
	}
	out := make([]dossier.Fact, n)
	for i := range out {
		f := pool[i%len(pool)]
		if i >= len(pool) && f.Type == "other" {
			f.Value = fmt.Sprintf("%s-%02d", f.Value, i)
		}
		if i%3 == 0 {
			f.State = dossier.Verified
			f.Sources = []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}
		}
		if i%7 == 5 {
			f.Sources = append(f.Sources, dossier.Source{Kind: "customer", Value: f.Value + "0", Note: "名片上的号码 number on the card"})
		}
		out[i] = f
	}
	return out
}

// richDossier is a Chinese importer with most of a dossier filled in.
func richDossier(name, latin string) *dossier.Dossier {
	return &dossier.Dossier{
		LegalName:           verified(name, "registry"),
		LatinName:           verified(latin, "registry"),
		Aliases:             []string{"Banco Nacional de Cuba", "光明照明"},
		Country:             verified("CN", "registry"),
		RegisteredAddress:   dossier.Fact{Value: "广东省深圳市光明区凤凰街道科技路 88 号 3 栋 501 室", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-02-10"}, {Kind: "visit", Date: "2026-03-10", Value: "科技路 86 号", Note: "门牌已更换 the number plate was changed"}}},
		RegistrationDate:    verified("2012-03-15", "registry"),
		RegisteredCapital:   verified("5000000", "registry"),
		CapitalCurrency:     "CNY",
		BusinessScope:       dossier.Fact{Value: "LED 照明产品、灯具、电子元器件的研发、生产与销售；货物及技术进出口。", Sources: []dossier.Source{{Kind: "registry"}}},
		LegalRepresentative: verified("王建国", "registry"),
		Website:             dossier.Fact{Value: "https://www.gm-light.cn", Sources: []dossier.Source{{Kind: "website", Date: "2026-02-01"}}},
		Emails:              []dossier.Fact{{Value: "sales@gm-light.cn", State: dossier.Verified, Sources: []dossier.Source{{Kind: "website"}}}, {Value: "gmlight2012@163.com"}},
		Phones:              []dossier.Fact{{Value: "+86 755 8888 1234"}},
		Socials:             []dossier.Fact{{Value: "https://www.linkedin.com/company/gm-light", Sources: []dossier.Source{{Kind: "social"}}}},
		Identifiers:         identifiers(40),
		Segment:             "b2b", BusinessType: "importer", Status: "active", KeyAccount: true, Owner: "韩梅梅",
		Tags: []string{"LED", "展会 2025"},
		Contacts: []dossier.Contact{
			{Name: "张伟", Title: "采购经理 Purchasing manager", Role: "purchasing", Email: "zhangwei@gm-light.cn", Phone: "+86 138 0000 1111"},
			{Name: "Li Na", Title: "CFO", Role: "finance", Email: "lina@gm-light.cn"},
			{Name: "陈工", Title: "技术总监", Role: "technical"},
		},
		CreditReports: []dossier.CreditReport{
			{Agency: "D&B", Date: "2025-11-20", Score: 82, ScaleMin: 1, ScaleMax: 100, Rating: "5A1", RecommendedLimit: 150000, Currency: "USD", Note: "付款指数 80 Paydex 80"},
			{Agency: "中信保 Sinosure", Date: "2026-01-15", Score: 3, ScaleMin: 1, ScaleMax: 10, ScaleInverted: true, Rating: "BBB", RecommendedLimit: 120000, Currency: "USD"},
		},
		LegalRecords: []dossier.LegalRecord{{Kind: "litigation", Court: "深圳市光明区人民法院", Date: "2023-10-12", Amount: 186400, Currency: "CNY", Status: "settled", Role: "defendant", Source: "中国裁判文书网", Note: "买卖合同纠纷，已调解 (2023)粤0311民初12345号"}},
		Banks:        []dossier.Bank{{Name: "中国银行深圳分行 Bank of China Shenzhen", BIC: "BKCHCNBJ45A", Rating: "A"}},
		References:   []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}, {Who: "义乌恒泰五金", Payment: "slow", Since: "2021-06-01", Note: "偶有延迟 10 天左右"}},
		InsuranceLimits: []dossier.InsuranceLimit{
			{Insurer: "中国出口信用保险公司 Sinosure", Policy: "SCH-2025-0098", Amount: 100000, Currency: "USD", Expiry: "2026-12-31"},
			{Insurer: "Allianz Trade", Amount: 80000, Currency: "USD", Expiry: "2025-06-30"},
		},
		Soft:     dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance", "technical"}, TechConfirmation: true, Notes: "询盘写明型号 GM-L200、数量 5,000 件；Asked for O/A 60 days."},
		Expected: dossier.Expected{AnnualVolume: 600000, OrderSize: 80000, Currency: "USD", RequestedTerms: "oa_60"},
	}
}

// fillVisit starts an office visit, answers every item (one required
// item badly, with a note), adds the photos the template asks for and
// signs it off. It returns the visit.
func fillVisit(tb testing.TB, st *store.Store, dossierID string, photos func(i int) []byte) visit.Visit {
	tb.Helper()
	vs := visit.New(st)
	v, err := vs.Start(dossierID, visit.BuiltInOffice, "韩梅梅", "2026-03-10")
	if err != nil {
		tb.Fatal(err)
	}
	t, err := vs.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, it := range t.Items() {
		a := visit.Answer{ItemID: it.ID}
		switch it.Type {
		case visit.TypePassFail:
			a.Value = "pass"
		case visit.TypeYesNo:
			a.Value = "yes"
		case visit.TypeNumber:
			a.Value = "18"
		case visit.TypeText:
			a.Value = "张伟（采购经理）、Li Na (CFO)；查看了名片。"
		case visit.TypeChoice:
			a.Value = it.Choices[0].Value
		case visit.TypeDate:
			a.Value = "2026-03-10"
		case visit.TypePhoto:
			for k := 0; k < max(it.MinPhotos, 1); k++ {
				n++
				if _, err := vs.AddPhoto(v.ID, it.ID, fmt.Sprintf("%s-%d.jpg", it.ID, k+1), photos(n), testNow.Add(-time.Duration(n)*time.Hour), "韩梅梅"); err != nil {
					tb.Fatal(err)
				}
			}
			continue
		default:
			continue
		}
		if it.ID == "staff_match" {
			a.Value, a.Note = "far_fewer", "声称 60 人，现场只见到 18 人 Claimed 60, saw 18"
		}
		if _, err := vs.Answer(v.ID, a); err != nil {
			tb.Fatalf("answer %s: %v", it.ID, err)
		}
	}
	sig := signaturePNG(tb)
	if _, err := vs.Sign(v.ID, visit.RoleVisitor, "韩梅梅", sig, "韩梅梅"); err != nil {
		tb.Fatal(err)
	}
	v, err = vs.Sign(v.ID, visit.RoleCustomer, "张伟", sig, "韩梅梅")
	if err != nil {
		tb.Fatal(err)
	}
	if !v.Signed() {
		tb.Fatal("visit not signed off")
	}
	return v
}

// assessAndApprove assesses the dossier (with the visit as evidence),
// proposes the recommended limit and has a credit manager approve it.
func assessAndApprove(tb testing.TB, st *store.Store, dossierID string, approve bool) credit.Snapshot {
	tb.Helper()
	cs := credit.New(st)
	cs.Now = func() time.Time { return testNow }
	vs := visit.New(st)
	cs.Evidence = func(id string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
		sum, _ := vs.Summary(id)
		return nil, nil, sum
	}
	unlockAs(tb, st, "李雷", "")
	snap, err := cs.Assess(dossierID, "李雷", testNow)
	if err != nil {
		tb.Fatal(err)
	}
	if !approve {
		return snap
	}
	unlockAs(tb, st, "Sam Sales", store.RoleSales)
	p, err := cs.Propose(dossierID, snap.ID, snap.Assessment.Limit.Amount, "", snap.Assessment.Terms, "按建议额度 as recommended", "Sam Sales")
	if err != nil {
		tb.Fatal(err)
	}
	unlockAs(tb, st, "Maria Manager", store.RoleCreditManager)
	if _, err := cs.Decide(p.ID, true, "同意，季度复核 Approved; review quarterly", "Maria Manager"); err != nil {
		tb.Fatal(err)
	}
	unlockAs(tb, st, "李雷", "")
	return snap
}

// unlockAs unlocks the workspace as name, whom the first person (李雷, an
// admin) adds with role when they are not there yet: who acts is who
// unlocked.
func unlockAs(tb testing.TB, st *store.Store, name string, role store.Role) {
	tb.Helper()
	const pass = "correct horse battery"
	if err := st.SwitchPerson(name, pass); err == nil {
		return
	}
	if err := st.SwitchPerson("李雷", pass); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AddPerson(name, role, pass); err != nil {
		tb.Fatal(err)
	}
	if err := st.SwitchPerson(name, pass); err != nil {
		tb.Fatal(err)
	}
}

// importOFAC imports the real OFAC SDN list, skipping when it is absent.
func importOFAC(tb testing.TB, st *store.Store) {
	tb.Helper()
	p := filepath.Join(sanctionsDir, "ofac-sdn")
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("list data missing from the repository: %v", err)
	}
	if _, err := screening.New(st).Import(context.Background(), p, "", "李雷"); err != nil {
		tb.Fatal(err)
	}
}

// --- PDF tools ---

func needTool(tb testing.TB, name string) { tb.Helper(); pdftest.NeedTool(tb, name) }

func runTool(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	return pdftest.Run(tb, name, args...)
}

// outDir is where PDFs and page images go: REPORT_TEST_OUT, else a temp dir.
func outDir(tb testing.TB) string {
	if d := os.Getenv("REPORT_TEST_OUT"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
		return d
	}
	return tb.TempDir()
}

func writeFile(tb testing.TB, name string, b []byte) string {
	tb.Helper()
	p := filepath.Join(outDir(tb), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func pdfPages(tb testing.TB, path string) int {
	tb.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(runTool(tb, "pdfinfo", path))
	if m == nil {
		tb.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// checkFonts fails unless every font of the PDF is embedded.
func checkFonts(tb testing.TB, path string) {
	tb.Helper()
	out := runTool(tb, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		tb.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [type2] encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" {
			tb.Errorf("font not embedded: %s", l)
		}
	}
}

// squash removes white space so text compares however pdftotext lays it out.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// inOrder checks that the markers appear in the text in this order.
func inOrder(tb testing.TB, text string, markers ...string) {
	tb.Helper()
	s := squash(text)
	pos := 0
	for _, m := range markers {
		i := strings.Index(s[pos:], squash(m))
		if i < 0 {
			tb.Fatalf("%q missing after position %d (or out of order); text:\n%.3000s", m, pos, text)
		}
		pos += i + len(squash(m))
	}
}

// renderPages renders the PDF's pages at 60 dpi and returns the files.
func renderPages(tb testing.TB, path string) []string {
	tb.Helper()
	needTool(tb, "pdftoppm")
	prefix := strings.TrimSuffix(path, ".pdf")
	runTool(tb, "pdftoppm", "-r", "60", "-png", path, prefix)
	files, _ := filepath.Glob(prefix + "-*.png")
	if len(files) == 0 {
		tb.Fatal("pdftoppm wrote no pages")
	}
	return files
}
