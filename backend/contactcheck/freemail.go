package contactcheck

import "strings"

// freeMailBrands are providers that run the same free service under many
// country domains (yahoo.co.uk, hotmail.fr, gmx.at, yandex.kz, …); any
// registrable domain whose first label is one of these counts.
var freeMailBrands = map[string]bool{
	"gmail": true, "googlemail": true, "hotmail": true, "outlook": true, "live": true,
	"msn": true, "windowslive": true, "yahoo": true, "ymail": true, "rocketmail": true,
	"aol": true, "gmx": true, "yandex": true, "protonmail": true,
}

// freeMailDomains are single-domain free-mail providers, by registrable
// domain.
var freeMailDomains = map[string]bool{
	// International
	"icloud.com": true, "me.com": true, "mac.com": true, "aim.com": true, "mail.com": true,
	"proton.me": true, "pm.me": true, "zoho.com": true, "zohomail.com": true, "tutanota.com": true,
	"tuta.io": true, "tutanota.de": true, "fastmail.com": true, "inbox.com": true, "hushmail.com": true,
	"gmx.net": true, "mailfence.com": true,
	// China
	"163.com": true, "126.com": true, "yeah.net": true, "qq.com": true, "foxmail.com": true,
	"sina.com": true, "sina.cn": true, "sina.com.cn": true, "sohu.com": true, "aliyun.com": true,
	"139.com": true, "189.cn": true, "tom.com": true, "21cn.com": true, "188.com": true, "wo.cn": true,
	// Russia / CIS
	"mail.ru": true, "inbox.ru": true, "list.ru": true, "bk.ru": true, "ya.ru": true, "rambler.ru": true,
	"ukr.net": true, "i.ua": true, "mail.ua": true,
	// Germany / Austria / Switzerland
	"web.de": true, "t-online.de": true, "freenet.de": true, "arcor.de": true, "posteo.de": true,
	"mailbox.org": true, "bluewin.ch": true,
	// France / Belgium
	"orange.fr": true, "wanadoo.fr": true, "free.fr": true, "laposte.net": true, "sfr.fr": true,
	"neuf.fr": true, "skynet.be": true,
	// Italy / Spain / Portugal
	"libero.it": true, "virgilio.it": true, "alice.it": true, "tiscali.it": true, "tin.it": true,
	"terra.es": true, "sapo.pt": true,
	// Central / Eastern Europe
	"seznam.cz": true, "centrum.cz": true, "wp.pl": true, "o2.pl": true, "interia.pl": true,
	"onet.pl": true, "abv.bg": true,
	// UK / US ISPs
	"btinternet.com": true, "sky.com": true, "talktalk.net": true, "ntlworld.com": true,
	"virginmedia.com": true, "comcast.net": true, "att.net": true, "sbcglobal.net": true,
	"verizon.net": true, "cox.net": true, "earthlink.net": true,
	// Latin America
	"bol.com.br": true, "uol.com.br": true, "terra.com.br": true, "ig.com.br": true, "prodigy.net.mx": true,
	// Asia / Oceania
	"rediffmail.com": true, "naver.com": true, "daum.net": true, "hanmail.net": true, "nate.com": true,
	"bigpond.com": true, "optusnet.com.au": true, "yahoo.co.jp": true, "ezweb.ne.jp": true,
	"docomo.ne.jp": true, "163.net": true,
}

// IsFreeMail reports whether domain (or an e-mail address, or a host
// below the provider's domain such as vip.qq.com) belongs to a free
// web-mail provider anyone can sign up to.
func IsFreeMail(domain string) bool {
	d := strings.ToLower(strings.TrimSpace(domain))
	if i := strings.LastIndexByte(d, '@'); i >= 0 {
		d = d[i+1:]
	}
	reg := RegistrableDomain(d)
	if reg == "" {
		return false
	}
	if freeMailDomains[reg] {
		return true
	}
	label, _, _ := strings.Cut(reg, ".")
	return freeMailBrands[label]
}
