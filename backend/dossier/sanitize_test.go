package dossier

import (
	"strings"
	"testing"
)

func TestCleanLineAndText(t *testing.T) {
	for in, want := range map[string]string{
		"ACME\x1b[2J\x1b[31m Ltd":        "ACME[2J[31m Ltd",
		"Evil\r\nCorp":                   "Evil Corp",
		"Nul\x00Byte":                    "NulByte",
		"Trading \u202eoC gnidarT\u202c": "Trading oC gnidarT",
		"isolate \u2067x\u2069":          "isolate x",
		"مرحبا\u200f Co":                 "مرحبا\u200f Co", // RLM kept
		"深圳市光明照明有限公司":                    "深圳市光明照明有限公司",
	} {
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanText("line one\r\nline two\n\tindented\x07"); got != "line one\nline two\n\tindented" {
		t.Errorf("CleanText = %q", got)
	}
}

func TestCleanFileName(t *testing.T) {
	for _, tt := range []struct{ name, mime, want string }{
		{"report.pdf\u202efdp.exe", "application/pdf", "report.pdffdp.exe.pdf"},
		{"../../etc/passwd", "text/plain", "passwd"},
		{"C:\\Users\\x\\scan.JPG", "image/jpeg", "scan.JPG"},
		{"photo.jpeg", "image/jpeg", "photo.jpeg"},
		{"licence", "application/pdf", "licence.pdf"},
		{"\x1b]0;owned\x07", "application/octet-stream", "]0;owned"},
		{"...", "application/pdf", "file.pdf"},
	} {
		if got := CleanFileName(tt.name, tt.mime); got != tt.want {
			t.Errorf("CleanFileName(%q, %s) = %q, want %q", tt.name, tt.mime, got, tt.want)
		}
	}
}

// Normalize removes control and bidi characters from every field of a
// dossier; free-text fields keep their line breaks.
func TestNormalizeSanitizes(t *testing.T) {
	d := &Dossier{
		LegalName:         Fact{Value: "Good\u202eCo\x1b[0m"},
		RegisteredAddress: Fact{Value: "1 Main St\r\nSpringfield"},
		Aliases:           []string{"A\nB"},
		Contacts:          []Contact{{Name: "Li\x00 Lei", Phone: "+86\t123"}},
		Notes:             "first\nsecond\x1b[1m",
		Emails:            []Fact{{Value: "x@y.cn\r\nBcc: z@w.cn"}},
	}
	d.Normalize(func() string { return "id" })
	for _, s := range []string{d.LegalName.Value, d.Aliases[0], d.Contacts[0].Name, d.Contacts[0].Phone, d.Notes, d.RegisteredAddress.Value, d.Emails[0].Value} {
		if strings.ContainsAny(s, "\x00\x1b\r\u202e") {
			t.Errorf("left a control character in %q", s)
		}
	}
	if d.LegalName.Value != "GoodCo[0m" || d.Aliases[0] != "A B" || d.Contacts[0].Name != "Li Lei" || d.Emails[0].Value != "x@y.cn bcc: z@w.cn" {
		t.Errorf("one-line fields: %q %q %q %q", d.LegalName.Value, d.Aliases[0], d.Contacts[0].Name, d.Emails[0].Value)
	}
	if d.RegisteredAddress.Value != "1 Main St\nSpringfield" || d.Notes != "first\nsecond[1m" {
		t.Errorf("multi-line fields: %q %q", d.RegisteredAddress.Value, d.Notes)
	}
}
