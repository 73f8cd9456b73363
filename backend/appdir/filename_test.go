package appdir

import (
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\李雷\Documents\营业执照.pdf`:      "营业执照.pdf",
		`c:/Users/ann/Desktop/site photo.JPG`: "site photo.JPG",
		`\\fileserver\scans\2026\card.png`:    "card.png",
		`D:scan.png`:                          "scan.png",
		`E:\`:                                 "",
		`/home/ann/Documents/report.pdf`:      "report.pdf",
		`report.pdf`:                          "report.pdf",
		`C:\Users\ann\..`:                     "",
		``:                                    "",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// No separator survives, whatever the input, and nothing is made up.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{`C:\a\b.pdf`, `\\s\x\y`, `a/b\c`, `Z:`, `..`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := FileName(p)
		if strings.ContainsAny(got, `/\`) || !strings.HasSuffix(p, got) {
			t.Fatalf("FileName(%q) = %q", p, got)
		}
	})
}
