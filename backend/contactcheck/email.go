package contactcheck

import "strings"

// parseEmail extracts and checks an address. It accepts the forms people
// paste ("Name <a@b.c>", "mailto:a@b.c") and returns the bare address, its
// domain, and an empty problem when valid; otherwise problem names what
// is wrong, as an English and a Chinese phrase.
func parseEmail(raw string) (addr, domain string, problemEN, problemZH string) {
	s := strings.TrimSpace(raw)
	if i, j := strings.LastIndexByte(s, '<'), strings.LastIndexByte(s, '>'); i >= 0 && j > i {
		s = strings.TrimSpace(s[i+1 : j])
	}
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	at := strings.Count(s, "@")
	if at == 0 {
		return s, "", "it has no @", "缺少 @"
	}
	if at > 1 {
		return s, "", "it has more than one @", "含有多个 @"
	}
	local, dom, _ := strings.Cut(s, "@")
	if local == "" || len(local) > 64 {
		return s, "", "the part before @ is empty or too long", "@ 之前的部分为空或过长"
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return s, "", "the part before @ has a misplaced dot", "@ 之前的部分点号位置不正确"
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0) {
			return s, "", "the part before @ contains a character not allowed in addresses", "@ 之前的部分含有地址中不允许的字符"
		}
	}
	h := ""
	if !strings.ContainsAny(dom, "/?#:[]()<>,; \t") {
		h = hostOf(dom)
	}
	if h == "" || !validHostname(h) {
		return s, "", "the domain after @ is not a valid domain name", "@ 之后的域名无效"
	}
	return local + "@" + h, h, "", ""
}
