package contactcheck

import (
	"strings"

	"credence/backend/refdata"
)

// freeMailBrands are providers that run the same free service under many
// country domains (yahoo.co.uk, hotmail.fr, gmx.at, yandex.kz, …); any
// registrable domain whose first label is one of these counts, even when
// the maintained list lacks that country's domain.
var freeMailBrands = map[string]bool{
	"gmail": true, "googlemail": true, "hotmail": true, "outlook": true, "live": true,
	"msn": true, "windowslive": true, "yahoo": true, "ymail": true, "rocketmail": true,
	"aol": true, "gmx": true, "yandex": true, "protonmail": true,
}

// mailDomain lowers an e-mail address or host to its domain part.
func mailDomain(s string) string {
	d := strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(d, '@'); i >= 0 {
		d = d[i+1:]
	}
	return d
}

// IsFreeMail reports whether domain (or an e-mail address, or a host
// below the provider's domain such as vip.qq.com) belongs to a free
// web-mail provider anyone can sign up to: the maintained list
// (refdata table freemail) plus the brands above, less the never-free
// exception list (company domains such as alibaba.com that maintained
// lists have wrongly held).
func IsFreeMail(domain string) bool {
	d := mailDomain(domain)
	reg := RegistrableDomain(d)
	if reg == "" {
		return false
	}
	lists := refdata.Current()
	if lists.NeverFree.Has(d) || lists.NeverFree.Has(reg) {
		return false
	}
	if lists.FreeMail.Has(d) || lists.FreeMail.Has(reg) {
		return true
	}
	label, _, _ := strings.Cut(reg, ".")
	return freeMailBrands[label]
}

// IsDisposable reports whether domain (or an e-mail address) belongs to a
// throw-away address service such as mailinator.com or yopmail.com
// (refdata table disposable), less the never-free exceptions.
func IsDisposable(domain string) bool {
	d := mailDomain(domain)
	reg := RegistrableDomain(d)
	if reg == "" {
		return false
	}
	lists := refdata.Current()
	if lists.NeverFree.Has(d) || lists.NeverFree.Has(reg) {
		return false
	}
	return lists.Disposable.Has(d) || lists.Disposable.Has(reg)
}
