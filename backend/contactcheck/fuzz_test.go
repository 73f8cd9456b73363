package contactcheck

import (
	"reflect"
	"testing"
)

var validCodes = map[string]bool{CodeFreeMail: true, CodeEmailDomainMismatch: true, CodeEmailInvalid: true,
	CodePhoneInvalid: true, CodePhoneCountryMismatch: true, CodeWebsiteInvalid: true}

// FuzzCheck checks that Check never panics, is deterministic and only
// produces well-formed findings, and that RegistrableDomain is a fixed
// point on its own output.
func FuzzCheck(f *testing.F) {
	f.Add("DE", "acme-imports.de", "buyer@gmail.com", "+49 30 901820", true)
	f.Add("AE", "https://www.gulf-star-trading.ae", "info@gulf-star-trading.ae", "+86 138 0013 8000", false)
	f.Fuzz(func(t *testing.T, country, website, email, phone string, established bool) {
		in := Input{Country: country, Website: website, Emails: []string{email, email}, Phones: []string{phone}, Established: established}
		got := Check(in)
		if again := Check(in); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic: %+v vs %+v", got, again)
		}
		for _, fd := range got {
			if !validCodes[fd.Code] {
				t.Fatalf("unknown code %q", fd.Code)
			}
			if fd.Severity != SeverityHigh && fd.Severity != SeverityMedium && fd.Severity != SeverityLow {
				t.Fatalf("bad severity %q", fd.Severity)
			}
			if fd.Field == "" || fd.EN == "" || fd.ZH == "" || fd.Compared == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
		for _, s := range []string{website, email} {
			if d := RegistrableDomain(s); d != "" && RegistrableDomain(d) != d {
				t.Fatalf("RegistrableDomain(%q) = %q, but of that = %q", s, d, RegistrableDomain(d))
			}
		}
	})
}
