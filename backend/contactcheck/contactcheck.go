// Package contactcheck compares the contact details a buyer gives —
// website, e-mail addresses, phone numbers — with each other and with the
// country the company claims, and reports what does not fit. It is pure:
// no DNS, no network, no clock.
package contactcheck

import (
	"fmt"
	"strings"
)

// Finding codes.
const (
	CodeFreeMail             = "freemail_company"
	CodeDisposableMail       = "disposable_mail"
	CodeEmailDomainMismatch  = "email_domain_mismatch"
	CodeEmailInvalid         = "email_invalid"
	CodePhoneInvalid         = "phone_invalid"
	CodePhoneCountryMismatch = "phone_country_mismatch"
	CodeWebsiteInvalid       = "website_invalid"
)

// Severities.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Finding is one inconsistency in a buyer's contact data.
type Finding struct {
	Code     string // one of the Code* constants
	Severity string // "high", "medium", "low"
	Field    string // "emails[0]", "phones[1]", "website"
	Compared string // what was compared, e.g. "buyer@gmail.com vs acme-imports.de"
	EN, ZH   string // what differs and why it matters
}

// Input is the contact data of one company.
type Input struct {
	Country     string // ISO 3166-1 alpha-2 of the company
	Website     string
	Emails      []string
	Phones      []string
	Established bool // presents itself as an established importer/distributor (B2B)
}

// Check returns the findings for in, ordered website, e-mails, phones.
// Blank entries are ignored. A free-mail address is reported as such and
// not also as a domain mismatch.
func Check(in Input) []Finding {
	var out []Finding
	country := normCountry(in.Country)

	site := ""
	if w := strings.TrimSpace(in.Website); w != "" {
		site = RegistrableDomain(w)
		if site == "" {
			out = append(out, Finding{
				Code: CodeWebsiteInvalid, Severity: SeverityMedium, Field: "website", Compared: w,
				EN: fmt.Sprintf("The website %q is not a valid web address; a company that trades internationally normally has a working domain of its own, so ask for the correct address.", w),
				ZH: fmt.Sprintf("网站“%s”不是有效的网址；从事国际贸易的公司通常有自己可用的域名，请向对方索取正确网址。", w),
			})
		}
	}

	for i, raw := range in.Emails {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		out = append(out, checkEmail(fmt.Sprintf("emails[%d]", i), raw, site, in.Established)...)
	}

	for i, raw := range in.Phones {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if f, ok := checkPhone(fmt.Sprintf("phones[%d]", i), raw, country); ok {
			out = append(out, f)
		}
	}
	return out
}

func checkEmail(field, raw, site string, established bool) []Finding {
	addr, dom, pEN, pZH := parseEmail(raw)
	if pEN != "" {
		return []Finding{{
			Code: CodeEmailInvalid, Severity: SeverityMedium, Field: field, Compared: strings.TrimSpace(raw),
			EN: fmt.Sprintf("%q is not a valid e-mail address (%s); a mistyped or made-up address cannot be used to reach or verify the buyer.", strings.TrimSpace(raw), pEN),
			ZH: fmt.Sprintf("“%s”不是有效的电子邮箱地址（%s）；输错或编造的地址无法用来联系或核实买家。", strings.TrimSpace(raw), pZH),
		}}
	}
	reg := RegistrableDomain(dom)
	if IsDisposable(dom) {
		return []Finding{{
			Code: CodeDisposableMail, Severity: SeverityHigh, Field: field, Compared: addr + " vs disposable-mail list",
			EN: fmt.Sprintf("The e-mail %s uses %s, a throw-away address service: anyone can read or abandon such a mailbox, so it cannot identify a buyer.", addr, reg),
			ZH: fmt.Sprintf("邮箱 %s 使用一次性邮箱服务 %s：任何人都能查看或随时弃用这类邮箱，无法据此确认买家身份。", addr, reg),
		}}
	}
	if IsFreeMail(dom) {
		against := "free-mail provider list"
		if site != "" {
			against = site
		}
		f := Finding{Code: CodeFreeMail, Field: field, Compared: addr + " vs " + against}
		if established {
			f.Severity = SeverityHigh
			f.EN = fmt.Sprintf("The e-mail %s uses the free-mail provider %s while the company presents itself as an established importer; established firms normally use their own domain, and a free-mail account can be opened under any company's name.", addr, reg)
			f.ZH = fmt.Sprintf("邮箱 %s 使用免费邮箱服务商 %s，而该公司自称是成熟的进口商；正规企业通常使用自有域名邮箱，而免费邮箱可以用任何公司的名义注册。", addr, reg)
		} else {
			f.Severity = SeverityLow
			f.EN = fmt.Sprintf("The e-mail %s uses the free-mail provider %s; common for small traders, but it does not tie the sender to a company domain.", addr, reg)
			f.ZH = fmt.Sprintf("邮箱 %s 使用免费邮箱服务商 %s；小型贸易商较常见，但无法把发件人与公司域名对应起来。", addr, reg)
		}
		return []Finding{f}
	}
	if site != "" && reg != "" && reg != site {
		return []Finding{{
			Code: CodeEmailDomainMismatch, Severity: SeverityMedium, Field: field, Compared: addr + " vs " + site,
			EN: fmt.Sprintf("The e-mail domain %s differs from the website domain %s; look-alike or unrelated domains are a common sign of impersonation, so confirm that both belong to the same company.", reg, site),
			ZH: fmt.Sprintf("邮箱域名 %s 与网站域名 %s 不一致；相似或无关的域名是冒充他人的常见迹象，请确认两者属于同一家公司。", reg, site),
		}}
	}
	return nil
}

func checkPhone(field, raw, country string) (Finding, bool) {
	raw = strings.TrimSpace(raw)
	e164, region, err := ParsePhone(raw, country)
	if err != nil {
		why, whyZH := "it cannot be read as a phone number", "无法识别为电话号码"
		if country == "" && !strings.HasPrefix(raw, "+") && !strings.HasPrefix(raw, "00") {
			why, whyZH = "it has no country code and the company's country is unknown", "缺少国家区号，且公司所在国家未知"
		} else if e164 != "" {
			why, whyZH = fmt.Sprintf("%s is not a number in use in any numbering plan", e164), fmt.Sprintf("%s 不属于任何有效的号码段", e164)
		}
		return Finding{
			Code: CodePhoneInvalid, Severity: SeverityMedium, Field: field, Compared: raw,
			EN: fmt.Sprintf("The phone number %q is not valid (%s); a number that cannot be dialled cannot be used to call the buyer back and verify them.", raw, why),
			ZH: fmt.Sprintf("电话号码“%s”无效（%s）；无法拨通的号码不能用来回拨核实买家。", raw, whyZH),
		}, true
	}
	if country == "" || region == country {
		return Finding{}, false
	}
	return Finding{
		Code: CodePhoneCountryMismatch, Severity: SeverityMedium, Field: field,
		Compared: fmt.Sprintf("%s (%s) vs %s", e164, region, country),
		EN: fmt.Sprintf("The phone number %s belongs to %s while the company is in %s; a contact number in another country can mean the buyer is not where it claims to be, so ask why.",
			e164, countryEN(region), countryEN(country)),
		ZH: fmt.Sprintf("电话号码 %s 属于%s，而该公司位于%s；联系电话在其他国家，可能说明买家并不在其声称的所在地，请问明原因。",
			e164, countryZH(region), countryZH(country)),
	}, true
}
