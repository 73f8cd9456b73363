package store

import (
	"strings"
	"testing"
)

// An attachment named to look like a PDF while it ends in .exe (a
// right-to-left override) is stored under its true name, with the
// extension of what its bytes are; a dossier saved with terminal escapes
// or CR/LF in its names keeps none of them.
func TestNamesNeutralised(t *testing.T) {
	s := MustCreate(t)
	d := sample()
	d.LatinName.Value = "Evil\x1b[2J Corp\r\nLtd"
	got, err := s.CreateDossier(d, "U")
	if err != nil {
		t.Fatal(err)
	}
	if got.LatinName.Value != "Evil[2J Corp Ltd" {
		t.Fatalf("name stored as %q", got.LatinName.Value)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	a, err := s.AddAttachment(got.ID, "report.pdf\u202efdp.exe", "other", pdf, "U")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "report.pdffdp.exe.pdf" || a.Mime != "application/pdf" || strings.ContainsRune(a.Name, '\u202e') {
		t.Fatalf("attachment stored as %q (%s)", a.Name, a.Mime)
	}
}
