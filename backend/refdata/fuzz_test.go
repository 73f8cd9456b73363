package refdata

import (
	"os"
	"testing"
	"time"
)

// FuzzParsers feeds arbitrary files to the publisher-file parsers: they
// must return rows or an error, never panic.
func FuzzParsers(f *testing.F) {
	for _, p := range []string{"testdata/oecd_2026-06.txt", "testdata/fatf_2026-10.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`["gmail.com","*.33mail.com"]`))
	f.Add([]byte("# table: oecd\n# date: 2026-01-30\nDE\tHI\nVN\t4\n"))
	names := Builtin().Countries
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _ = ParseOECD(data, names)
		_, _, _ = ParseFATF(data, names)
		_, _, _ = ParseDomains(TableFreeMail, data, time.Time{})
	})
}
