// Package gen makes realistic synthetic customer books for benchmarks and
// demos: names in the scripts our users' buyers write them in, plausible
// identifiers, e-mails and phones. It is deterministic for a seed.
package gen

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

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
		out[i] = one(r, i)
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
		return one(r, i-1), nil
	}
}

func one(r *rand.Rand, i int) *dossier.Dossier {
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
	return d
}
