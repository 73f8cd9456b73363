package contactcheck

import (
	"errors"
	"strings"
	"testing"
)

type want struct{ code, severity, field, compared string }

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want []want
	}{
		{"UK firm with own domain and UK phone", Input{Country: "GB", Website: "https://www.acme-imports.co.uk/contact",
			Emails: []string{"sales@acme-imports.co.uk", "J.Smith <j.smith@mail.acme-imports.co.uk>"},
			Phones: []string{"020 7946 0958", "+44 20 7946 0958"}, Established: true}, nil},
		{"German distributor with gmail", Input{Country: "DE", Website: "acme-imports.de",
			Emails: []string{"buyer@gmail.com"}, Phones: []string{"+49 30 901820"}, Established: true},
			[]want{{CodeFreeMail, SeverityHigh, "emails[0]", "buyer@gmail.com vs acme-imports.de"}}},
		{"small trader with gmail is informational", Input{Country: "DE", Emails: []string{"hans.m@googlemail.com"}},
			[]want{{CodeFreeMail, SeverityLow, "emails[0]", "hans.m@googlemail.com vs free-mail provider list"}}},
		{"Dubai trading company with Chinese mobile", Input{Country: "AE", Website: "www.gulf-star-trading.ae",
			Emails: []string{"info@gulf-star-trading.ae"}, Phones: []string{"+86 138 0013 8000"}, Established: true},
			[]want{{CodePhoneCountryMismatch, SeverityMedium, "phones[0]", "+8613800138000 (CN) vs AE"}}},
		{"look-alike e-mail domain", Input{Country: "NL", Website: "https://www.vanderberg-foods.nl",
			Emails: []string{"orders@vanderberg-food.nl"}},
			[]want{{CodeEmailDomainMismatch, SeverityMedium, "emails[0]", "orders@vanderberg-food.nl vs vanderberg-foods.nl"}}},
		{"Chinese free-mail and yahoo ccTLD", Input{Country: "GB", Website: "acme.co.uk",
			Emails: []string{"lily@vip.qq.com", "", "trade@yahoo.co.uk"}, Established: true},
			[]want{{CodeFreeMail, SeverityHigh, "emails[0]", ""}, {CodeFreeMail, SeverityHigh, "emails[2]", ""}}},
		{"invalid e-mails", Input{Country: "FR", Emails: []string{"contact.acme.fr", "a@@acme.fr", "contact@acme", "con tact@acme.fr"}},
			[]want{{CodeEmailInvalid, SeverityMedium, "emails[0]", "contact.acme.fr"}, {CodeEmailInvalid, SeverityMedium, "emails[1]", ""},
				{CodeEmailInvalid, SeverityMedium, "emails[2]", ""}, {CodeEmailInvalid, SeverityMedium, "emails[3]", ""}}},
		{"invalid website", Input{Country: "DE", Website: "http://acme-imports", Emails: []string{"info@acme-imports.de"}},
			[]want{{CodeWebsiteInvalid, SeverityMedium, "website", "http://acme-imports"}}},
		{"invalid and unparseable phones", Input{Country: "DE", Phones: []string{"+49 123", "call me", "+49 30 901820"}},
			[]want{{CodePhoneInvalid, SeverityMedium, "phones[0]", "+49 123"}, {CodePhoneInvalid, SeverityMedium, "phones[1]", "call me"}}},
		{"NANP: Canadian firm with Toronto number", Input{Country: "CA", Phones: []string{"+1 416 979 2000"}}, nil},
		{"NANP: US firm with Toronto number", Input{Country: "US", Phones: []string{"(416) 979-2000"}},
			[]want{{CodePhoneCountryMismatch, SeverityMedium, "phones[0]", "+14169792000 (CA) vs US"}}},
		{"country given as UK", Input{Country: "uk", Phones: []string{"020 7946 0958"}}, nil},
		{"no country: national number cannot be placed", Input{Phones: []string{"030 901820"}},
			[]want{{CodePhoneInvalid, SeverityMedium, "phones[0]", ""}}},
		{"international IDD prefix", Input{Country: "VN", Phones: []string{"0084 24 3825 1234"}}, nil},
		{"empty input", Input{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Code != w.code || g.Severity != w.severity || g.Field != w.field {
					t.Errorf("finding %d = %s/%s/%s, want %s/%s/%s", i, g.Code, g.Severity, g.Field, w.code, w.severity, w.field)
				}
				if w.compared != "" && g.Compared != w.compared {
					t.Errorf("finding %d Compared = %q, want %q", i, g.Compared, w.compared)
				}
				if g.EN == "" || g.ZH == "" {
					t.Errorf("finding %d lacks a sentence", i)
				}
			}
		})
	}
}

func TestSentencesNameWhatWasCompared(t *testing.T) {
	f := Check(Input{Country: "AE", Phones: []string{"+86 138 0013 8000"}})
	if len(f) != 1 {
		t.Fatalf("findings: %+v", f)
	}
	for _, s := range []string{"+8613800138000", "China (CN)", "United Arab Emirates (AE)"} {
		if !strings.Contains(f[0].EN, s) {
			t.Errorf("EN %q lacks %q", f[0].EN, s)
		}
	}
	for _, s := range []string{"中国", "阿拉伯联合酋长国"} {
		if !strings.Contains(f[0].ZH, s) {
			t.Errorf("ZH %q lacks %q", f[0].ZH, s)
		}
	}
	f = Check(Input{Website: "acme-imports.de", Emails: []string{"buyer@gmail.com"}, Established: true})
	if !strings.Contains(f[0].EN, "gmail.com") || !strings.Contains(f[0].EN, "established") || !strings.Contains(f[0].ZH, "gmail.com") {
		t.Errorf("free-mail sentences: %q / %q", f[0].EN, f[0].ZH)
	}
}

func TestIsFreeMail(t *testing.T) {
	free := []string{"gmail.com", "GoogleMail.com", "outlook.com", "hotmail.co.uk", "hotmail.fr", "live.com", "msn.com",
		"yahoo.com", "yahoo.co.jp", "yahoo.com.cn", "ymail.com", "aol.com", "icloud.com", "me.com", "mail.ru", "yandex.ru",
		"yandex.com", "gmx.de", "gmx.net", "web.de", "163.com", "126.com", "yeah.net", "qq.com", "vip.qq.com", "foxmail.com",
		"sina.com", "sina.com.cn", "sohu.com", "aliyun.com", "protonmail.com", "proton.me", "zoho.com", "rediffmail.com",
		"naver.com", "daum.net", "hanmail.net", "libero.it", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net",
		"t-online.de", "bol.com.br", "uol.com.br", "someone@GMAIL.com"}
	for _, d := range free {
		if !IsFreeMail(d) {
			t.Errorf("IsFreeMail(%q) = false", d)
		}
	}
	notFree := []string{"acme-imports.de", "google.com", "orange.com", "microsoft.com", "sina-trading.com", "liveperson.com",
		"gmail.com.acme.de", "", "localhost", "yahoo-inc.example"}
	for _, d := range notFree {
		if IsFreeMail(d) {
			t.Errorf("IsFreeMail(%q) = true", d)
		}
	}
}

func TestRegistrableDomain(t *testing.T) {
	tests := map[string]string{
		"https://www.shop.acme.co.uk/x":   "acme.co.uk",
		"http://acme.com:8080/path?q=1#f": "acme.com",
		"WWW.Example.COM.":                "example.com",
		"user@Mail.Acme.de":               "acme.de",
		"acme.github.io":                  "acme.github.io",
		"https://müller-handel.de/":       "xn--mller-handel-dlb.de",
		"shop.acme.com.cn":                "acme.com.cn",
		"192.168.0.1":                     "",
		"http://[2001:db8::1]/":           "",
		"co.uk":                           "",
		"http://localhost:8080":           "",
		"acme.notatld":                    "",
		"":                                "",
		"http://bad_host.com":             "",
	}
	for in, want := range tests {
		if got := RegistrableDomain(in); got != want {
			t.Errorf("RegistrableDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParsePhone(t *testing.T) {
	tests := []struct {
		raw, dc, e164, region string
		err                   error
	}{
		{"+44 20 7946 0958", "", "+442079460958", "GB", nil},
		{"020 7946 0958", "gb", "+442079460958", "GB", nil},
		{"0049 30 901820", "AE", "+4930901820", "DE", nil},
		{"+86 138 0013 8000", "DE", "+8613800138000", "CN", nil},
		{"+1 212 736 3100", "", "+12127363100", "US", nil},
		{"+1 416 979 2000", "", "+14169792000", "CA", nil},
		{"+49 123", "", "+49123", "DE", ErrPhoneInvalid},
		{"12345", "", "", "", ErrPhoneUnparseable},
		{"not a number", "DE", "", "", ErrPhoneUnparseable},
	}
	for _, tt := range tests {
		e, r, err := ParsePhone(tt.raw, tt.dc)
		if !errors.Is(err, tt.err) && !(err == nil && tt.err == nil) {
			t.Errorf("ParsePhone(%q,%q) err = %v, want %v", tt.raw, tt.dc, err, tt.err)
		}
		if e != tt.e164 || r != tt.region {
			t.Errorf("ParsePhone(%q,%q) = %q,%q want %q,%q", tt.raw, tt.dc, e, r, tt.e164, tt.region)
		}
	}
}
