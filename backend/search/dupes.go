package search

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"credence/backend/dossier"
)

// Reasons a dossier is taken for a possible duplicate.
const (
	DupIdentifier  = "identifier"   // the same registration or tax number
	DupEmailDomain = "email_domain" // an e-mail or website on the same company domain
	DupPhone       = "phone"        // the same phone number (last nine digits)
	DupName        = "name"         // the same name once legal forms and punctuation are removed
)

// Duplicate is an existing dossier that looks like the one being entered.
type Duplicate struct {
	Row     Row      `json:"row"`
	Reasons []string `json:"reasons"` // Dup* codes, strongest first
}

// dupKeys are what an entry is compared on.
type dupKeys struct {
	ids     []string // compacted identifiers
	domains []string // e-mail and website domains
	phones  []string // last nine digits
	names   []string // names without legal forms
}

func keysOf(d *dossier.Dossier) dupKeys {
	var k dupKeys
	for _, f := range d.Identifiers {
		if c := Compact(f.Value); len(c) >= 5 {
			k.ids = append(k.ids, c)
		}
	}
	for _, f := range d.Emails {
		k.domains = appendDomain(k.domains, emailDomain(f.Value))
	}
	for _, c := range d.Contacts {
		k.domains = appendDomain(k.domains, emailDomain(c.Email))
		k.phones = appendPhone(appendPhone(k.phones, c.Phone), c.WhatsApp)
	}
	k.domains = appendDomain(k.domains, webDomain(d.Website.Value))
	for _, f := range d.Phones {
		k.phones = appendPhone(k.phones, f.Value)
	}
	seen := map[string]bool{}
	for _, n := range append([]string{d.LegalName.Value, d.LatinName.Value}, d.Aliases...) {
		if c := NameKey(n); c != "" && !seen[c] {
			seen[c] = true
			k.names = append(k.names, c)
		}
	}
	return k
}

// Duplicates lists the current dossiers (not archived, not d itself) that
// share an identifier, a company domain, a phone or a name with d, most
// reasons first. freeMail tells the domains anyone can have an address at
// (gmail.com, 163.com): sharing one of those says nothing.
func (ix *Index) Duplicates(d *dossier.Dossier, freeMail func(domain string) bool) []Duplicate {
	k := keysOf(d)
	domains := k.domains[:0:0]
	for _, dom := range k.domains {
		if freeMail == nil || !freeMail(dom) {
			domains = append(domains, dom)
		}
	}
	ix.mu.RLock()
	var out []Duplicate
	for _, e := range ix.entries {
		if e == nil || e.row.ID == d.ID || e.row.Archived {
			continue
		}
		var why []string
		if overlaps(k.ids, e.dup.ids) {
			why = append(why, DupIdentifier)
		}
		if overlaps(domains, e.dup.domains) {
			why = append(why, DupEmailDomain)
		}
		if overlaps(k.phones, e.dup.phones) {
			why = append(why, DupPhone)
		}
		if overlaps(k.names, e.dup.names) {
			why = append(why, DupName)
		}
		if len(why) > 0 {
			out = append(out, Duplicate{Row: e.row, Reasons: why})
		}
	}
	ix.mu.RUnlock()
	slices.SortFunc(out, func(a, b Duplicate) int {
		if len(a.Reasons) != len(b.Reasons) {
			return len(b.Reasons) - len(a.Reasons)
		}
		return strings.Compare(a.Row.ID, b.Row.ID)
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// appendDomain adds the registrable part of a host (mail.acme.de → acme.de).
func appendDomain(out []string, dom string) []string {
	if reg, err := publicsuffix.EffectiveTLDPlusOne(dom); err == nil {
		dom = reg
	}
	if dom != "" && strings.Contains(dom, ".") && !slices.Contains(out, dom) {
		out = append(out, dom)
	}
	return out
}

func appendPhone(out []string, p string) []string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p)
	if len(digits) < 7 {
		return out
	}
	if len(digits) > 9 {
		digits = digits[len(digits)-9:] // +86 138…, 0086 138…, 138… alike
	}
	if !slices.Contains(out, digits) {
		out = append(out, digits)
	}
	return out
}

func emailDomain(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at < 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(e[at+1:])), "www.")
}

func webDomain(w string) string {
	w = strings.TrimSpace(strings.ToLower(w))
	if w == "" {
		return ""
	}
	if !strings.Contains(w, "://") {
		w = "http://" + w
	}
	u, err := url.Parse(w)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// legalWords are legal forms and filler that do not tell two companies
// apart ("Acme GmbH" and "ACME Co., Ltd." are one name).
var legalWords = map[string]bool{
	"ltd": true, "limited": true, "co": true, "company": true, "inc": true, "incorporated": true, "corp": true,
	"corporation": true, "llc": true, "gmbh": true, "ag": true, "sa": true, "srl": true, "spa": true, "bv": true,
	"nv": true, "plc": true, "pte": true, "pvt": true, "private": true, "sarl": true, "sas": true, "kg": true,
	"oy": true, "ab": true, "as": true, "sl": true, "lda": true, "ltda": true, "jsc": true, "ooo": true, "the": true,
	"and": true, "of": true,
}

// hanLegal are Chinese legal-form suffixes, longest first.
var hanLegal = []string{"股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "集团"}

// NameKey is a name reduced to what identifies the company: folded, legal
// forms and punctuation removed, spaces dropped; "" when nothing is left.
func NameKey(name string) string {
	f := Fold(name)
	var b strings.Builder
	for _, w := range strings.Fields(f) {
		if legalWords[w] {
			continue
		}
		for _, suf := range hanLegal {
			if strings.HasSuffix(w, suf) && len(w) > len(suf) {
				w = strings.TrimSuffix(w, suf)
				break
			}
		}
		b.WriteString(w)
	}
	if len([]rune(b.String())) < 3 {
		return ""
	}
	return b.String()
}
