// Package gen makes realistic synthetic customer books for benchmarks and
// demos: names in the scripts our users' buyers write them in, plausible
// identifiers, e-mails and phones, and dossiers the size of real ones (a
// few contacts, facts with their sources, a credit report for most,
// notes, update times over three years, now and then a name on the
// sanctions lists). It is deterministic for a seed.
package gen

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"credence/backend/dossier"
)

type country struct {
	code, phone, tld string
	forms            []string
	stems            []string
	native           []string // names in the country's own script, may be empty
}

var countries = []country{
	{"CN", "+86", "cn", []string{"有限公司", "贸易有限公司", "进出口有限公司"}, []string{"Guangming", "Huaxin", "Jinlong", "Hengtai", "Xinyuan"}, []string{"深圳市光明", "宁波华鑫", "广州金龙", "义乌恒泰", "上海鑫源"}},
	{"DE", "+49", "de", []string{"GmbH", "AG", "GmbH & Co. KG"}, []string{"Müller", "Schneider", "Hansa", "Nordlicht", "Weber"}, nil},
	{"GB", "+44", "co.uk", []string{"Ltd", "Limited", "PLC"}, []string{"Thames", "Albion", "Kingsway", "Harbour", "Pennine"}, nil},
	{"US", "+1", "com", []string{"Inc.", "LLC", "Corp."}, []string{"Lakeside", "Pioneer", "Summit", "Atlantic", "Redwood"}, nil},
	{"AE", "+971", "ae", []string{"Trading LLC", "General Trading FZE", "FZCO"}, []string{"Al Noor", "Gulf Star", "Al Baraka", "Desert Rose", "Emirates Link"}, []string{"النور", "نجم الخليج", "البركة"}},
	{"SA", "+966", "sa", []string{"Trading Est.", "Co. Ltd"}, []string{"Al Rashid", "Najd", "Red Sea", "Al Faisal"}, []string{"الراشد", "نجد"}},
	{"VN", "+84", "vn", []string{"Co., Ltd", "JSC"}, []string{"Minh Phát", "Thành Công", "Hòa Bình", "Sài Gòn Xanh"}, nil},
	{"TH", "+66", "co.th", []string{"Co., Ltd.", "Public Co."}, []string{"Siam", "Chao Phraya", "Lanna", "Ratchada"}, []string{"สยาม", "เจ้าพระยา"}},
	{"BR", "+55", "com.br", []string{"Ltda.", "S.A."}, []string{"São Jorge", "Paulista", "Amazonas", "Rio Verde"}, nil},
	{"FR", "+33", "fr", []string{"SARL", "SAS", "S.A."}, []string{"Lumière", "Provence", "Étoile", "Bordeaux Négoce"}, nil},
	{"NG", "+234", "com.ng", []string{"Nigeria Ltd", "Enterprises"}, []string{"Lagos Bright", "Niger Delta", "Abuja Star", "Eko"}, nil},
	{"IN", "+91", "in", []string{"Pvt. Ltd.", "Exports", "Traders"}, []string{"Shree Ganesh", "Bharat", "Deccan", "Sagar"}, nil},
	{"RU", "+7", "ru", []string{"LLC", "OOO", "JSC"}, []string{"Volga", "Sibir", "Baltika", "Ural"}, []string{"Волга", "Сибирь", "Урал"}},
	{"MX", "+52", "com.mx", []string{"S.A. de C.V.", "S. de R.L."}, []string{"Azteca", "Monterrey", "Sol de Oaxaca", "Jalisco"}, nil},
	{"KE", "+254", "co.ke", []string{"Ltd", "Enterprises Ltd"}, []string{"Savannah", "Mombasa Gate", "Rift Valley", "Nairobi Link"}, nil},
}

var trades = []string{"Lighting", "Textiles", "Machinery", "Electronics", "Furniture", "Hardware", "Auto Parts", "Packaging", "Ceramics", "Solar"}
var tradesZH = []string{"照明", "纺织", "机械", "电子", "家具", "五金", "汽配", "包装", "陶瓷", "光伏"}
var freeMail = []string{"gmail.com", "outlook.com", "yahoo.com", "163.com", "qq.com"}
var people = []string{"Anna", "Li Wei", "Mohammed", "Carlos", "Nguyen Van", "Olga", "James", "Priya", "Somchai", "Amara"}

// Dossiers returns n synthetic dossiers; the same seed gives the same book.
func Dossiers(n int, seed uint64) []*dossier.Dossier {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]*dossier.Dossier, n)
	for i := range out {
		out[i] = one(r, seed, i)
	}
	return out
}

// Stream yields the book Dossiers(n, seed) returns, one dossier at a
// time and io.EOF after the last, for a bulk load that does not hold
// them all (store.BulkCreate).
func Stream(n int, seed uint64) func() (*dossier.Dossier, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	i := 0
	return func() (*dossier.Dossier, error) {
		if i == n {
			return nil, io.EOF
		}
		i++
		return one(r, seed, i-1), nil
	}
}

func one(r *rand.Rand, seed uint64, i int) *dossier.Dossier {
	c := countries[r.IntN(len(countries))]
	t := r.IntN(len(trades))
	stem := c.stems[r.IntN(len(c.stems))]
	latin := fmt.Sprintf("%s %s %s", stem, trades[t], c.forms[r.IntN(len(c.forms))])
	if r.IntN(3) == 0 {
		latin = fmt.Sprintf("%s %s No. %d %s", stem, trades[t], i%97+1, c.forms[r.IntN(len(c.forms))])
	}
	d := &dossier.Dossier{
		LatinName:    dossier.Fact{Value: latin},
		Country:      dossier.Fact{Value: c.code, State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-03-01"}}},
		Segment:      []string{"b2b", "b2b", "b2b", "b2c"}[r.IntN(4)],
		BusinessType: dossier.BusinessTypes[r.IntN(len(dossier.BusinessTypes))],
		Status:       dossier.Statuses[r.IntN(len(dossier.Statuses))],
		KeyAccount:   r.IntN(20) == 0,
		Owner:        []string{"李雷", "韩梅梅", "王芳", "Tom"}[r.IntN(4)],
		Tags:         []string{[]string{"canton-fair", "referral", "alibaba", "exhibition"}[r.IntN(4)]},
		Notes:        fmt.Sprintf("Generated customer %d.", i),
	}
	if c.code == "CN" {
		d.LegalName = dossier.Fact{Value: c.native[r.IntN(len(c.native))] + tradesZH[t] + c.forms[r.IntN(len(c.forms))]}
	} else if len(c.native) > 0 && r.IntN(2) == 0 {
		d.LegalName = dossier.Fact{Value: c.native[r.IntN(len(c.native))]}
	}
	if r.IntN(2) == 0 {
		d.Aliases = []string{stem + " " + trades[t]}
	}
	slug := strings.ToLower(strings.NewReplacer(" ", "", "é", "e", "ü", "u", "ã", "a", "á", "a", "ò", "o", "à", "a", "ê", "e").Replace(stem + trades[t]))
	domain := fmt.Sprintf("%s%d.%s", slug, i, c.tld)
	d.Website = dossier.Fact{Value: "https://www." + domain}
	mailDomain := domain
	if r.IntN(6) == 0 {
		mailDomain = freeMail[r.IntN(len(freeMail))]
	}
	d.Emails = []dossier.Fact{{Value: fmt.Sprintf("sales%d@%s", i, mailDomain)}}
	d.Phones = []dossier.Fact{{Value: fmt.Sprintf("%s %d %07d", c.phone, 10+r.IntN(89), r.IntN(10_000_000))}}
	d.Identifiers = []dossier.Fact{{Type: "other", Value: fmt.Sprintf("%s%09d", c.code, r.IntN(1_000_000_000))}}
	d.Contacts = []dossier.Contact{{Name: people[r.IntN(len(people))], Role: dossier.ContactRoles[r.IntN(4)], Email: d.Emails[0].Value}}
	d.RegisteredAddress = dossier.Fact{Value: fmt.Sprintf("%d %s Road, %s", 1+r.IntN(400), stem, c.code)}
	d.RegistrationDate = dossier.Fact{Value: fmt.Sprintf("%04d-%02d-%02d", 1990+r.IntN(35), 1+r.IntN(12), 1+r.IntN(28))}
	// The rest from a generator of its own per dossier, so the values
	// above stay what they were for a seed (benchmarks and tests name
	// some of them).
	fill(rand.New(rand.NewPCG(seed^0x5bd1e995, uint64(i))), d, c, domain, mailDomain, i)
	return d
}

// Listed are companies on the OFAC SDN or UN lists (testdata/sanctions),
// written as a customer list would write them; one customer in a
// thousand has one of these names.
var Listed = []string{
	"Dandong Jinxiang Trade Co., Ltd.",
	"Dandong Zhongsheng Industry & Trade Co., Ltd.",
	"Dalian Golden Sun Import and Export Co., Ltd.",
	"Cosailing Business Trading Company Limited",
	"Naftiran Trading Services Co. Limited",
	"Galax Trading Co., Ltd.",
	"Leader (Hong Kong) International Trading Limited",
	"Shandong Qiwangwa Petrochemical Co., Ltd.",
	"Tianyi International Dalian Co., Ltd.",
	"Korea Mining Development Trading Corporation",
}

var agencies = []struct {
	name, rating, ccy string
	min, max          float64
}{
	{"Dun & Bradstreet", "3A2", "USD", 1, 100},
	{"中国出口信用保险公司", "BBB", "USD", 0, 100},
	{"Creditreform", "B", "EUR", 100, 600},
	{"Coface", "A3", "EUR", 0, 10},
}

var noteLines = []string{
	"Met at the %s booth; asked for samples and a price list in USD.",
	"First order paid 30% in advance, the rest against a copy of the bill of lading.",
	"Their buyer changed in spring; the new one asks for 60-day terms.",
	"Registry extract matches the name and address on the business card.",
	"展会上交换名片，对方询问%s的最小起订量和交期。",
	"第二单延迟付款12天，催收后结清。",
	"客户要求改为信用证付款，开证行为当地大银行。",
	"实地拜访：办公室与仓库在同一园区，约二十名员工。",
}

// contactNames are people with the name their e-mail address starts with.
var contactNames = [][2]string{{"Anna Schmidt", "anna"}, {"Li Wei", "li.wei"}, {"Mohammed Al Sayed", "mohammed"},
	{"Carlos Mendes", "carlos"}, {"Nguyen Van An", "an.nguyen"}, {"Olga Ivanova", "olga"}, {"James Carter", "james"},
	{"Priya Sharma", "priya"}, {"Somchai Wong", "somchai"}, {"Amara Okafor", "amara"}, {"张伟", "zhangwei"},
	{"王丽", "wangli"}, {"Fatima Khan", "fatima"}, {"Lucas Martin", "lucas"}}

// fill gives d what a dossier a firm has worked with for a while holds.
func fill(x *rand.Rand, d *dossier.Dossier, c country, domain, mailDomain string, i int) {
	if x.IntN(1000) == 0 {
		d.LatinName.Value = Listed[x.IntN(len(Listed))]
	}
	// Saved at some point of the last three years; what it says was seen
	// before that save (sources, the credit report), up to two years
	// before the customer was entered.
	d.CreatedAt = epoch.Add(-time.Duration(x.IntN(3*365*24)) * time.Hour)
	d.UpdatedAt = d.CreatedAt.Add(time.Duration(x.IntN(24*365)) * time.Hour)
	if d.UpdatedAt.After(epoch) {
		d.UpdatedAt = epoch
	}
	seen := d.UpdatedAt.Sub(d.CreatedAt) + 2*365*24*time.Hour
	date := func() string {
		return d.UpdatedAt.Add(-time.Duration(x.Int64N(int64(seen/time.Hour))) * time.Hour).Format(time.DateOnly)
	}
	// Facts with their sources, most verified, a few contradicted.
	source := func() []dossier.Source {
		kinds := []string{"registry", "website", "customer", "visit", "agency", "customs"}
		out := []dossier.Source{{Kind: kinds[x.IntN(len(kinds))], Date: date()}}
		if x.IntN(3) == 0 {
			out = append(out, dossier.Source{Kind: kinds[x.IntN(len(kinds))], Date: date(), Note: "seen on " + domain})
		}
		return out
	}
	state := func() string {
		switch n := x.IntN(100); {
		case n < 3:
			return dossier.Contradicted
		case n < 55:
			return dossier.Verified
		}
		return dossier.Unverified
	}
	for _, f := range []*dossier.Fact{&d.LegalName, &d.LatinName, &d.RegisteredAddress, &d.RegistrationDate, &d.Website,
		&d.Emails[0], &d.Phones[0], &d.Identifiers[0]} {
		if f.Value != "" {
			f.State, f.Sources = state(), source()
		}
	}
	// One to four contacts, each with an address and a phone of their own.
	for k := x.IntN(4); k > 0; k-- {
		who := contactNames[x.IntN(len(contactNames))]
		ct := dossier.Contact{
			Name: who[0], Role: dossier.ContactRoles[x.IntN(len(dossier.ContactRoles))],
			Email: fmt.Sprintf("%s.%d@%s", who[1], i, mailDomain),
			Phone: fmt.Sprintf("%s %d %07d", c.phone, 10+x.IntN(89), x.IntN(10_000_000)),
		}
		if x.IntN(2) == 0 {
			ct.WhatsApp = ct.Phone
		}
		if c.code == "CN" && x.IntN(2) == 0 {
			ct.WeChat = fmt.Sprintf("wx%d_%d", i, k)
		}
		d.Contacts = append(d.Contacts, ct)
	}
	if x.IntN(5) < 3 {
		a := agencies[x.IntN(len(agencies))]
		d.CreditReports = []dossier.CreditReport{{
			Agency: a.name, Date: date(), Score: a.min + float64(x.IntN(int(a.max-a.min)+1)),
			ScaleMin: a.min, ScaleMax: a.max, Rating: a.rating,
			RecommendedLimit: float64(5+x.IntN(200)) * 1000, Currency: a.ccy,
			Note: "Payment record: no late payments reported in the last 12 months.",
		}}
	}
	var notes []string
	for k := 1 + x.IntN(4); k > 0; k-- {
		line := noteLines[x.IntN(len(noteLines))]
		if strings.Contains(line, "%s") {
			line = strings.Replace(line, "%s", trades[x.IntN(len(trades))], 1)
		}
		notes = append(notes, line)
	}
	d.Notes += " " + strings.Join(notes, " ")
}

// epoch is the last time a generated dossier was saved at: fixed, so a
// seed gives the same book whatever the day.
var epoch = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
