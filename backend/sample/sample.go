// Package sample builds the throw-away workspace behind "try with sample
// data" on the first-start screen: invented customers, Chinese and foreign,
// screened against a real (if old) sanctions list extract with one true
// hit, and a finished field visit signed by both sides, so that a new user
// sees every screen filled before entering anything of their own.
package sample

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"time"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/gen"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/visit"
)

// Passphrase opens a sample workspace. The sample never locks by itself
// (idle lock off) and holds nothing secret, so this is no secret either.
const Passphrase = "credence sample workspace"

// usCSL is a sample of the US Consolidated Screening List in its official
// CSV format (a copy of testdata/sanctions/us-csl-sample.csv).
//
//go:embed lists/us-csl-sample.csv
var usCSL []byte

// HitName is the sample customer that is on the sanctions list extract.
const HitName = "Gulf Gate Shipping Co. LLC"

// VisitedName is the sample customer with a finished, signed field visit.
const VisitedName = "Hansa Hardware GmbH"

// generated is how many invented customers fill the list besides the
// hand-written ones.
const generated = 36

// Build creates a sample workspace in dir (which must not hold one) in
// lang ("zh-CN" or "en") and returns it open. now dates the visit.
func Build(ctx context.Context, dir, lang string, now time.Time) (*store.Store, error) {
	firm, user := "宁波示例进出口有限公司", "李雷"
	if lang == "en" {
		firm, user = "Ningbo Sample Import & Export Co. (sample)", "Li Lei"
	}
	st, err := store.Create(dir, Passphrase, store.Settings{FirmName: firm, UserName: user, Language: lang}, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("sample: create workspace: %w", err)
	}
	if err := fill(ctx, st, dir, user, now); err != nil {
		st.Close()
		return nil, fmt.Errorf("sample: %w", err)
	}
	return st, nil
}

func fill(ctx context.Context, st *store.Store, dir, user string, now time.Time) error {
	book := append(handWritten(), gen.Dossiers(generated, 18)...)
	for i, d := range book {
		if i >= len(handWritten()) {
			d.Notes = ""
		}
		if d.LatinName.Value != HitName && i < assessed {
			creditFile(d, i, now)
		}
	}
	created, err := st.CreateDossiers(book, user, nil)
	if err != nil {
		return fmt.Errorf("add customers: %w", err)
	}

	// The list is imported from a file, as a user imports a download.
	list := filepath.Join(dir, "us-csl-sample.csv")
	if err := os.WriteFile(list, usCSL, 0o600); err != nil {
		return fmt.Errorf("write list: %w", err)
	}
	defer os.Remove(list)
	scr := screening.New(st)
	if _, err := scr.Import(ctx, list, "us_csl", user); err != nil {
		return fmt.Errorf("import list: %w", err)
	}
	for _, d := range created {
		if _, _, err := scr.ScreenDossier(d); err != nil {
			return fmt.Errorf("screen %s: %w", d.LatinName.Value, err)
		}
	}

	visited := ""
	for _, d := range created {
		if d.LatinName.Value == VisitedName {
			visited = d.ID
		}
	}
	if visited == "" {
		return fmt.Errorf("no customer %q to visit", VisitedName)
	}
	if err := signedVisit(visit.New(st), visited, user, now); err != nil {
		return err
	}

	// Assessments, after the visit so it counts: the hand-written customers
	// and some of the others get a grade, a limit and terms on the list.
	// A salesperson proposes what the assessment suggests and the owner
	// (the workspace's admin) approves it: four eyes, as the policy wants.
	// Each unlocks with their own passphrase (the sample's, for both).
	cr := credit.New(st)
	if _, err := st.AddPerson(salesperson, store.RoleSales, Passphrase); err != nil {
		return fmt.Errorf("add user: %w", err)
	}
	var snaps []credit.Snapshot
	for i, d := range created {
		if i >= assessed {
			break
		}
		snap, err := cr.Assess(d.ID, user, now)
		if err != nil {
			return fmt.Errorf("assess %s: %w", d.LatinName.Value, err)
		}
		a := snap.Assessment
		if i%3 == 2 || a.Status != "graded" || a.Limit.Amount <= 0 {
			continue // some stay assessed but undecided
		}
		snaps = append(snaps, snap)
	}
	// One unlock each (Argon2 is slow on purpose): the salesperson proposes
	// them all, then the owner approves them all.
	if err := st.SwitchPerson(salesperson, Passphrase); err != nil {
		return err
	}
	var proposals []credit.Proposal
	for _, snap := range snaps {
		a := snap.Assessment
		p, err := cr.Propose(snap.DossierID, snap.ID, a.Limit.Amount, a.Limit.Currency, a.Terms, "", salesperson)
		if err != nil {
			return fmt.Errorf("propose for %s: %w", snap.DossierID, err)
		}
		proposals = append(proposals, p)
	}
	if err := st.SwitchPerson(user, Passphrase); err != nil {
		return err
	}
	for _, p := range proposals {
		if _, err := cr.Decide(p.ID, true, "", user); err != nil {
			return fmt.Errorf("approve for %s: %w", p.DossierID, err)
		}
	}
	return nil
}

// salesperson is the sample's second user, who proposes limits.
const salesperson = "王芳"

// assessed is how many customers, from the first, the sample assesses.
const assessed = 14

// handWritten are the customers the sample is built around.
func handWritten() []*dossier.Dossier {
	verified := func(v string) dossier.Fact {
		return dossier.Fact{Value: v, State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-02-10"}}}
	}
	return []*dossier.Dossier{
		{
			LegalName: verified("深圳市光明照明有限公司"), LatinName: dossier.Fact{Value: "Shenzhen Guangming Lighting Co., Ltd."},
			Country: verified("CN"), Segment: "b2b", Status: "active", Owner: "李雷", KeyAccount: true,
			Emails: []dossier.Fact{{Value: "sales@gm-light.cn"}}, Phones: []dossier.Fact{{Value: "+86 755 8888 1234"}},
			Website:           dossier.Fact{Value: "https://www.gm-light.cn"},
			Identifiers:       []dossier.Fact{{Type: "uscc", Value: "91440300MA5F00000X"}},
			RegisteredAddress: dossier.Fact{Value: "深圳市宝安区福永街道凤凰工业区 8 栋"},
			Tags:              []string{"canton-fair"},
		},
		{
			LatinName: verified(VisitedName), Country: verified("DE"), Segment: "b2b", Owner: "韩梅梅",
			Emails: []dossier.Fact{{Value: "einkauf@hansa-hardware.de"}}, Phones: []dossier.Fact{{Value: "+49 40 3095 1200"}},
			Website:           dossier.Fact{Value: "https://www.hansa-hardware.de"},
			Identifiers:       []dossier.Fact{{Type: "vat", Value: "DE136695976"}},
			RegisteredAddress: dossier.Fact{Value: "Billstraße 80, 20539 Hamburg"},
			Contacts:          []dossier.Contact{{Name: "Katrin Vogel", Email: "einkauf@hansa-hardware.de"}},
			Tags:              []string{"exhibition"},
		},
		{
			// On the US Entity List extract: the screening tab shows the hit.
			LatinName: dossier.Fact{Value: HitName}, Country: dossier.Fact{Value: "AE"}, Segment: "b2b", Owner: "王芳",
			Emails:            []dossier.Fact{{Value: "gulfgate.shipping@gmail.com"}},
			Phones:            []dossier.Fact{{Value: "+971 4 266 0000"}},
			RegisteredAddress: dossier.Fact{Value: "Almaktoum Road, Deirah, Dubai"},
			Tags:              []string{"alibaba"},
		},
		{
			LegalName: dossier.Fact{Value: "义乌恒泰五金贸易有限公司"}, LatinName: dossier.Fact{Value: "Yiwu Hengtai Hardware Trading Co., Ltd."},
			Country: dossier.Fact{Value: "CN"}, Segment: "b2b", Status: "new", Owner: "王芳",
			Emails: []dossier.Fact{{Value: "hengtai_hw@163.com"}}, Phones: []dossier.Fact{{Value: "+86 579 8552 0000"}},
			Contacts: []dossier.Contact{{Name: "陈静", Email: "hengtai_hw@163.com"}},
		},
		{
			LegalName: verified("上海鑫源电子进出口有限公司"), LatinName: dossier.Fact{Value: "Shanghai Xinyuan Electronics Import & Export Co., Ltd."},
			Country: verified("CN"), Segment: "b2b", Status: "active", Owner: "李雷",
			Emails: []dossier.Fact{{Value: "trade@xinyuan-sh.com.cn"}}, Phones: []dossier.Fact{{Value: "+86 21 6888 0101"}},
			Website: dossier.Fact{Value: "https://www.xinyuan-sh.com.cn"},
		},
		{
			LatinName: dossier.Fact{Value: "Minh Phát Furniture JSC"}, Country: dossier.Fact{Value: "VN"}, Segment: "b2b", Owner: "Tom",
			Emails: []dossier.Fact{{Value: "import@minhphat.vn"}}, Phones: []dossier.Fact{{Value: "+84 28 3822 5678"}},
			Website: dossier.Fact{Value: "https://minhphat.vn"},
		},
	}
}

// signedVisit does a warehouse visit the way a visitor would: every
// required item answered, the photos taken, both signatures drawn.
func signedVisit(vs *visit.Service, dossierID, user string, now time.Time) error {
	v, err := vs.Start(dossierID, visit.BuiltInWarehouse, user, now.AddDate(0, 0, -12).Format("2006-01-02"))
	if err != nil {
		return fmt.Errorf("start visit: %w", err)
	}
	tpl, err := vs.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return err
	}
	shot := photo()
	for _, it := range tpl.Items() {
		if !it.Required && it.Type != visit.TypePhoto {
			continue
		}
		if val := goodAnswer(it); val != "" {
			if v, err = vs.Answer(v.ID, visit.Answer{ItemID: it.ID, Value: val}); err != nil {
				return fmt.Errorf("answer %s: %w", it.ID, err)
			}
		}
		for i := 0; i < max(it.MinPhotos, b2i(it.Type == visit.TypePhoto)); i++ {
			if v, err = vs.AddPhoto(v.ID, it.ID, fmt.Sprintf("%s-%d.jpg", it.ID, i+1), shot, now.AddDate(0, 0, -12), user); err != nil {
				return fmt.Errorf("photo %s: %w", it.ID, err)
			}
		}
	}
	if _, err = vs.Sign(v.ID, visit.RoleVisitor, user, signature(), user); err != nil {
		return fmt.Errorf("visitor signs: %w", err)
	}
	if _, err = vs.Sign(v.ID, visit.RoleCustomer, "Katrin Vogel", signature(), user); err != nil {
		return fmt.Errorf("customer signs: %w", err)
	}
	return nil
}

func goodAnswer(it visit.Item) string {
	switch it.Type {
	case visit.TypePassFail:
		return "pass"
	case visit.TypeYesNo:
		if it.GoodAnswer != "" {
			return it.GoodAnswer
		}
		return "yes"
	case visit.TypeNumber:
		if it.Expected != nil {
			return fmt.Sprint(*it.Expected)
		}
		return "24"
	case visit.TypeText:
		return "Warehouse in Hamburg-Rothenburgsort, about 40 pallets of our lamps in stock."
	case visit.TypeDate:
		return "2026-01-15"
	case visit.TypeChoice:
		best := it.Choices[0]
		for _, c := range it.Choices {
			if c.Score > best.Score {
				best = c
			}
		}
		return best.Value
	}
	return ""
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// photo is a small real JPEG (shelves of boxes, roughly), so previews work.
func photo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			c := color.RGBA{200, 200, 205, 255}
			if (y/40)%2 == 0 && (x/50)%2 == 0 {
				c = color.RGBA{176, 132, 84, 255} // a carton
			}
			if y%40 < 3 {
				c = color.RGBA{90, 90, 100, 255} // a shelf
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// signature is a drawn stroke on a transparent PNG.
func signature() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 240, 80))
	for x := 10; x < 230; x++ {
		y := 40 + int(18*math.Sin(float64(x)/18))
		for d := 0; d < 3; d++ {
			img.Set(x, y+d, color.NRGBA{20, 40, 120, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// creditFile gives a customer what a credit clerk gathers: an agency
// report, a trade reference, an insurer's limit, the expected business and
// the soft signs of a real buyer. Sizes vary with i, so grades and limits do.
func creditFile(d *dossier.Dossier, i int, now time.Time) {
	size := float64(60_000 + (i%5)*45_000)
	score := float64(55 + (i*7)%40)
	date := now.AddDate(0, -2, 0).Format("2006-01-02")
	d.CreditReports = []dossier.CreditReport{{Agency: "Dun & Bradstreet", Date: date, Score: score, ScaleMin: 0, ScaleMax: 100,
		RecommendedLimit: size, Currency: "USD"}}
	d.References = []dossier.Reference{{Who: "Zhejiang Lighting Exports Co.", Payment: []string{"prompt", "prompt", "slow"}[i%3], Since: "2019"}}
	if i%2 == 0 {
		d.InsuranceLimits = []dossier.InsuranceLimit{{Insurer: "Sinosure 中国信保", Amount: size * 0.8, Currency: "USD",
			Expiry: now.AddDate(1, 0, 0).Format("2006-01-02")}}
	}
	d.Banks = []dossier.Bank{{Name: "HSBC", BIC: "HSBCHKHHHKH"}}
	d.Expected = dossier.Expected{AnnualVolume: size * 3, OrderSize: size / 2, Currency: "USD", RequestedTerms: []string{"oa_60", "da_30", "oa_30"}[i%3]}
	d.Soft = dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: i%2 == 0, NamesPayment: true, ResponseHours: 6 + i%20,
		DecisionRoles: []string{"purchasing", "owner"}, TechConfirmation: i%3 != 1}
	if d.RegistrationDate.Value == "" {
		d.RegistrationDate = dossier.Fact{Value: fmt.Sprintf("%d-05-18", 2005+i%12)}
	}
}
