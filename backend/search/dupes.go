package search

import (
	"encoding/binary"
	"iter"
	"math"
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

// keyGroups are what a dossier is compared on, by group: compacted
// identifiers, e-mail and website domains, phones (last nine digits),
// names without legal forms.
type keyGroups [4][]string

// Key groups.
const (
	keyIDs = iota
	keyDomains
	keyPhones
	keyNames
)

// dupKeys are an entry's key groups end to end in one string, each key
// its length (a uvarint) then its bytes: a book of 100 000 holds some
// 600 000 keys, and a string header each took 10 MB.
type dupKeys struct {
	packed string
	n      [4]uint16 // the keys of each group
}

func (g keyGroups) pack() dupKeys {
	var k dupKeys
	var b []byte
	for i, l := range g {
		for _, key := range l[:min(len(l), math.MaxUint16)] { // more is past any dossier Validate allows
			b = append(binary.AppendUvarint(b, uint64(len(key))), key...)
		}
		k.n[i] = uint16(min(len(l), math.MaxUint16))
	}
	k.packed = string(b)
	return k
}

// group yields the keys of group i (keyIDs …).
func (k dupKeys) group(i int) iter.Seq[string] {
	return func(yield func(string) bool) {
		p := k.packed
		for g := 0; g <= i; g++ {
			for range k.n[g] {
				n, w := binary.Uvarint([]byte(p[:min(len(p), binary.MaxVarintLen64)]))
				key := p[w : w+int(n)]
				p = p[w+int(n):]
				if g == i && !yield(key) {
					return
				}
			}
		}
	}
}

func keysOf(d *dossier.Dossier) keyGroups {
	var ids, domains, phones, names []string
	for _, f := range d.Identifiers {
		if c := Compact(f.Value); len(c) >= 5 {
			ids = append(ids, c)
		}
	}
	for _, f := range d.Emails {
		domains = appendDomain(domains, emailDomain(f.Value))
	}
	for _, c := range d.Contacts {
		domains = appendDomain(domains, emailDomain(c.Email))
		phones = appendPhone(appendPhone(phones, c.Phone), c.WhatsApp)
	}
	domains = appendDomain(domains, webDomain(d.Website.Value))
	for _, f := range d.Phones {
		phones = appendPhone(phones, f.Value)
	}
	seen := map[string]bool{}
	for _, n := range append([]string{d.LegalName.Value, d.LatinName.Value}, d.Aliases...) {
		if c := NameKey(n); c != "" && !seen[c] {
			seen[c] = true
			names = append(names, c)
		}
	}
	return keyGroups{ids, domains, phones, names}
}

// mine are the key groups d is looked up by: keysOf without the domains
// freeMail tells anyone can have an address at.
func mine(d *dossier.Dossier, freeMail func(domain string) bool) keyGroups {
	k := keysOf(d)
	k[keyDomains] = slices.DeleteFunc(k[keyDomains], func(dom string) bool { return freeMail != nil && freeMail(dom) })
	return k
}

// reasons are the Dup* codes of the groups mine shares with theirs,
// strongest first.
func reasons(mine keyGroups, theirs dupKeys) []string {
	var why []string
	for i, r := range [4]string{DupIdentifier, DupEmailDomain, DupPhone, DupName} {
		if overlaps(mine[i], theirs.group(i)) {
			why = append(why, r)
		}
	}
	return why
}

// Duplicates lists the current dossiers (not archived, not d itself) that
// share an identifier, a company domain, a phone or a name with d, most
// reasons first. freeMail tells the domains anyone can have an address at
// (gmail.com, 163.com): sharing one of those says nothing.
func (ix *Index) Duplicates(d *dossier.Dossier, freeMail func(domain string) bool) []Duplicate {
	k := mine(d, freeMail)
	ix.mu.RLock()
	var out []Duplicate
	for _, e := range ix.entries {
		if e == nil || e.archived() || e.id() == d.ID {
			continue
		}
		if why := reasons(k, e.dup); len(why) > 0 {
			out = append(out, Duplicate{Row: e.row(), Reasons: why})
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

func overlaps(mine []string, theirs iter.Seq[string]) bool {
	for k := range theirs {
		if slices.Contains(mine, k) {
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
