package contactcheck

import (
	"testing"

	"credence/backend/refdata"
)

// Domains taken from the maintained lists (npm free-email-domains and
// disposable-email-domains, embedded in package refdata) and from the
// never-free exception list.
func TestMailListsAndExceptions(t *testing.T) {
	for _, d := range []string{"buyer@gmail.com", "x@qq.com", "x@vip.163.com", "x@yandex.ru", "x@rediffmail.com", "x@uol.com.br", "x@sina.com.cn"} {
		if !IsFreeMail(d) {
			t.Errorf("%s should be free-mail", d)
		}
	}
	for _, d := range []string{"x@mailinator.com", "x@yopmail.com", "x@guerrillamail.com"} {
		if !IsDisposable(d) {
			t.Errorf("%s should be disposable", d)
		}
	}
	for _, d := range []string{"sales@alibaba.com", "x@facebook.com"} {
		if IsFreeMail(d) || IsDisposable(d) {
			t.Errorf("%s is on the never-free list and must not count as free or disposable", d)
		}
		if !refdata.Current().FreeMail.Has(mailDomain(d)) {
			t.Errorf("%s: expected the upstream list to hold it (the reason for the exception)", d)
		}
	}
	for _, d := range []string{"x@acme-imports.de", "x@siemens.com"} {
		if IsFreeMail(d) || IsDisposable(d) {
			t.Errorf("%s is a company domain", d)
		}
	}
	f := checkEmail("emails[0]", "buyer@mailinator.com", "", false)
	if len(f) != 1 || f[0].Code != CodeDisposableMail || f[0].Severity != SeverityHigh || f[0].ZH == "" {
		t.Errorf("disposable finding = %+v", f)
	}
}

func TestCountryNamesFromCLDR(t *testing.T) {
	if got := countryEN("MK"); got != "North Macedonia (MK)" {
		t.Errorf("MK = %s", got)
	}
	if got := countryZH("MK"); got != "北马其顿（MK）" {
		t.Errorf("MK = %s", got)
	}
	if got := countryEN("TR"); got != "Türkiye (TR)" {
		t.Errorf("TR = %s", got)
	}
}
