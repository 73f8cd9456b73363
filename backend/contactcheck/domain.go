package contactcheck

import (
	"net"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// hostOf extracts the lower-case ASCII host name from a URL, a bare host
// or an e-mail address. It returns "" when there is no usable host.
func hostOf(hostOrURL string) string {
	s := strings.TrimSpace(hostOrURL)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if h, _, err := net.SplitHostPort(s); err == nil {
		s = h
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return ""
	}
	ascii, err := idna.Lookup.ToASCII(s)
	if err != nil {
		return ""
	}
	return strings.ToLower(ascii)
}

// RegistrableDomain returns the domain a company registers, one label
// below its public suffix: "https://www.shop.acme.co.uk/x" gives
// "acme.co.uk". Hosted sub-domains on shared platforms stay distinct
// (acme.github.io). It returns "" for IP addresses, bare public suffixes
// and anything that is not a host name.
func RegistrableDomain(hostOrURL string) string {
	h := hostOf(hostOrURL)
	if h == "" || net.ParseIP(h) != nil || !validHostname(h) {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return ""
	}
	return d
}

// validHostname checks LDH labels, at least two of them, and a top-level
// domain that exists in the ICANN section of the public suffix list.
func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	_, icann := publicsuffix.PublicSuffix(labels[len(labels)-1])
	return icann
}
