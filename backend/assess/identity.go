package assess

import (
	"fmt"
	"strings"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
)

// sourceStrength weighs how independently a kind of source vouches for a
// fact: an official registry most, the customer's own word least.
var sourceStrength = map[string]float64{
	"registry": 1, "agency": 0.8, "visit": 0.8, "customs": 0.6, "reference": 0.5,
	"website": 0.3, "social": 0.2, "customer": 0.1,
}

var sourceNameZH = map[string]string{
	"registry": "官方登记机关", "agency": "征信机构", "visit": "实地走访", "customs": "海关数据",
	"reference": "同行推荐", "website": "官网", "social": "社交媒体", "customer": "客户自述",
}

// strongest is the strength and kind of the best source that vouches for
// the fact's value; a source that gives another value vouches for nothing.
func strongest(f dossier.Fact) (float64, string) {
	best, kind := 0.0, ""
	for _, s := range f.Sources {
		if s.Value != "" && normValue(s.Value) != normValue(f.Value) {
			continue
		}
		if v := sourceStrength[s.Kind]; v > best {
			best, kind = v, s.Kind
		}
	}
	return best, kind
}

type keyFact struct {
	en, zh string
	fact   dossier.Fact
}

// keyFacts are the facts that establish who the buyer is. For a private
// (B2C) buyer there is no registration date or company number to expect.
func keyFacts(c *context) []keyFact {
	d := c.d
	name := d.LegalName
	if strings.TrimSpace(name.Value) == "" {
		name = d.LatinName
	}
	out := []keyFact{{"name", "名称", name}, {"registered address", "注册地址", d.RegisteredAddress}}
	if c.segment == "b2b" {
		out = append(out, keyFact{"registration date", "注册日期", d.RegistrationDate})
		for _, id := range d.Identifiers {
			en, zh := idName(id.Type, id.Value)
			out = append(out, keyFact{en, zh, id})
		}
	}
	return out
}

func identityDim(c *context) Dimension {
	d := c.d
	b2b := c.segment == "b2b"
	b := newDim(DimIdentity, 50, "Starting point for identity.", "身份维度起始分。")

	v := d.Verification()
	if v.Facts > 0 {
		share := float64(v.Verified) / float64(v.Facts)
		b.add("verified_share", 16*share-6,
			fmt.Sprintf("%d of %d identity facts are verified (%s).", v.Verified, v.Facts, pct(share)),
			fmt.Sprintf("%d项身份信息中已核实%d项（%s）。", v.Facts, v.Verified, pct(share)))
	}

	// Independence: how strong is the best source behind each key fact.
	var sum float64
	var n int
	var weakEN, weakZH []string
	for _, k := range keyFacts(c) {
		if strings.TrimSpace(k.fact.Value) == "" {
			continue
		}
		s, _ := strongest(k.fact)
		sum += s
		n++
		if s <= sourceStrength["customer"] {
			weakEN, weakZH = append(weakEN, k.en), append(weakZH, k.zh)
		}
	}
	if n > 0 {
		indep := sum / float64(n)
		en := fmt.Sprintf("Source independence of the key facts is %s (official registry counts most, the customer's own word least).", pct(indep))
		zh := fmt.Sprintf("关键身份信息来源的独立性为%s（官方登记机关权重最高，客户自述最低）。", pct(indep))
		if len(weakEN) > 0 {
			en += " Backed by nothing but the customer's word: " + joinList(weakEN, "and") + "."
			zh += "仅凭客户一面之词的：" + strings.Join(weakZH, "、") + "。"
		}
		b.add("source_independence", 20*indep-6, en, zh)
	}

	nameFact := d.LegalName
	if strings.TrimSpace(nameFact.Value) == "" {
		nameFact = d.LatinName
	}
	if s, _ := strongest(nameFact); strings.TrimSpace(nameFact.Value) != "" && s <= sourceStrength["customer"] {
		b.add("name_customer_only", -6,
			"The name rests only on what the customer told us; no registry, agency or visit confirms it.",
			"名称仅来自客户自述，没有登记机关、征信机构或实地走访加以证实。")
	}

	if v.Contradicted > 0 {
		b.add("contradictions", -12*float64(min(v.Contradicted, 2)),
			fmt.Sprintf("%s contradicted by another source.", plural(v.Contradicted, "fact is", "facts are")),
			fmt.Sprintf("有%d项信息与其他来源相互矛盾。", v.Contradicted))
	}

	if b2b {
		verifiedIDs := 0
		for _, id := range d.Identifiers {
			if id.EffectiveState() == dossier.Verified {
				verifiedIDs++
			}
		}
		switch {
		case len(d.Identifiers) == 0:
			b.add("no_identifier", -8, "No registration number or other company identifier is on file.",
				"档案中没有注册号或其他企业识别号。")
		case verifiedIDs > 0:
			b.add("identifier_verified", 6, fmt.Sprintf("%s verified.", plural(verifiedIDs, "company identifier", "company identifiers")),
				fmt.Sprintf("已核实%d个企业识别号。", verifiedIDs))
		default:
			b.add("identifier_unverified", 2, "Company identifier on file but not yet verified.",
				"档案中有企业识别号，但尚未核实。")
		}

		switch {
		case strings.TrimSpace(d.Website.Value) == "":
			b.add("no_website", -4, "No company website.", "没有公司网站。")
		case d.Website.EffectiveState() == dossier.Verified:
			b.add("website_verified", 4, "Company website checked.", "公司网站已核查。")
		default:
			b.add("website", 2, "Company website given, not yet checked.", "提供了公司网站，尚未核查。")
		}
	}

	free, own := 0, 0
	for _, e := range d.Emails {
		if contactcheck.IsFreeMail(e.Value) {
			free++
		} else {
			own++
		}
	}
	switch {
	case len(d.Emails) == 0:
		b.add("no_email", -4, "No e-mail address on file.", "档案中没有电子邮箱。")
	case b2b && own == 0:
		b.add("freemail_only", -6,
			"Only free web-mail addresses (such as Gmail); an established importer normally writes from its own domain.",
			"只有免费邮箱（如Gmail）；正规进口商通常使用公司自有域名的邮箱。")
	case b2b:
		b.add("company_email", 2, "E-mail on the company's own domain.", "使用公司自有域名的邮箱。")
	}

	if len(d.Phones) == 0 {
		b.add("no_phone", -3, "No telephone number on file.", "档案中没有电话号码。")
	} else {
		b.add("phone", 1, "Telephone number on file.", "档案中有电话号码。")
	}

	// Address: B2C weighs it more, since the address is most of what
	// identifies a private buyer.
	addrMissing, addrSome, addrVerified := -4.0, 1.0, 4.0
	if !b2b {
		addrMissing, addrSome, addrVerified = -12, 0, 12
	}
	switch {
	case strings.TrimSpace(d.RegisteredAddress.Value) == "":
		b.add("no_address", addrMissing, "No address on file.", "档案中没有地址。")
	case d.RegisteredAddress.EffectiveState() == dossier.Verified:
		b.add("address_verified", addrVerified, "Address verified.", "地址已核实。")
	default:
		b.add("address_unverified", addrSome, "Address given but not verified.", "提供了地址，但尚未核实。")
	}

	if b2b && !c.in.Now.IsZero() {
		reg, ok := parseDate(d.RegistrationDate.Value)
		switch {
		case ok && d.RegistrationDate.EffectiveState() == dossier.Contradicted:
			b.add("registration_disputed", -3, "Sources disagree on the registration date, so the company's age cannot be judged.",
				"各来源的注册日期不一致，无法判断公司成立年限。")
		case !ok:
			b.add("registration_unknown", -3, "Registration date unknown, so the company's age cannot be judged.",
				"注册日期不详，无法判断公司成立年限。")
		default:
			years := float64(monthsBetween(reg, c.in.Now)) / 12
			var pts float64
			switch {
			case years < 1:
				pts = -10
			case years < 3:
				pts = -4
			case years < 10:
				pts = 3
			default:
				pts = 6
			}
			b.add("registration_age", pts, fmt.Sprintf("Registered %s: %.1f years ago.", d.RegistrationDate.Value, years),
				fmt.Sprintf("注册于%s，成立%.1f年。", d.RegistrationDate.Value, years))
		}
	}
	return b.done()
}

// identityRichness is 0..1: how much of what identifies the buyer is on
// file at all, whatever it says. Completeness uses it so that a dossier
// with a name and a Gmail address does not count as a known identity.
func identityRichness(c *context) float64 {
	d := c.d
	has := func(f dossier.Fact) bool { return strings.TrimSpace(f.Value) != "" }
	name := has(d.LegalName) || has(d.LatinName)
	nameIndep := false
	for _, f := range []dossier.Fact{d.LegalName, d.LatinName} {
		if s, _ := strongest(f); has(f) && s > sourceStrength["customer"] {
			nameIndep = true
		}
	}
	indep := false
	for _, k := range keyFacts(c) {
		if s, _ := strongest(k.fact); has(k.fact) && s > sourceStrength["customer"] {
			indep = true
		}
	}
	contact := has(d.Website) || len(d.Emails) > 0 || len(d.Phones) > 0
	r := 0.0
	add := func(ok bool, w float64) {
		if ok {
			r += w
		}
	}
	if c.segment == "b2b" {
		add(name, 0.1)
		add(nameIndep, 0.1)
		add(len(d.Identifiers) > 0, 0.25)
		add(has(d.RegisteredAddress), 0.15)
		add(has(d.RegistrationDate), 0.1)
		add(indep, 0.15)
		add(contact, 0.15)
	} else {
		add(name, 0.1)
		add(nameIndep, 0.1)
		add(has(d.RegisteredAddress), 0.35)
		add(indep, 0.2)
		add(contact, 0.25)
	}
	return r
}

func normValue(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
