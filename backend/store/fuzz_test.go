package store

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"credence/backend/errs"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the fuzz seed corpus in testdata/")

// FuzzRestore feeds arbitrary bytes to the backup reader: it must return an
// error people can read (invalid or unauthorized) and leave no workspace,
// never panic or hang.
func FuzzRestore(f *testing.F) {
	f.Add([]byte(backupMagic))
	f.Add([]byte("not a backup"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := filepath.Join(t.TempDir(), "ws")
		err := Restore(context.Background(), bytes.NewReader(b), dir, pass)
		if err == nil {
			// Only a genuine backup made with the test passphrase restores.
			s, oerr := Open(dir, pass, Options{})
			if oerr != nil {
				t.Fatalf("restore succeeded but open failed: %v", oerr)
			}
			s.Close()
			return
		}
		if c := errs.Code(err); c != errs.Invalid && c != errs.Unauthorized {
			t.Fatalf("unexpected code %s: %v", c, err)
		}
		if Exists(dir) {
			t.Fatal("failed restore left a workspace header")
		}
	})
}

// TestWriteFuzzCorpus writes the seeds of FuzzRestore from a real backup:
// into testdata/fuzz/FuzzRestore with -update-corpus, else into a
// temporary folder, so the writer itself is always exercised.
func TestWriteFuzzCorpus(t *testing.T) {
	s := MustCreate(t)
	s.CreateDossier(sample(), "U")
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	dir := filepath.Join(t.TempDir(), "FuzzRestore")
	if *updateCorpus {
		dir = filepath.Join("testdata", "fuzz", "FuzzRestore")
	}
	os.MkdirAll(dir, 0o755)
	write := func(name string, b []byte) {
		var out bytes.Buffer
		out.WriteString("go test fuzz v1\n[]byte(")
		out.WriteString(quoteBytes(b))
		out.WriteString(")\n")
		if err := os.WriteFile(filepath.Join(dir, name), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("valid", full)
	write("truncated", full[:len(full)/2])
	write("header-only", full[:len(backupMagic)+4+int(full[len(backupMagic)+3])+int(full[len(backupMagic)+2])<<8])
	write("flipped", flip(full, len(full)-50))
}

func quoteBytes(b []byte) string {
	var out bytes.Buffer
	out.WriteByte('"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			out.WriteByte('\\')
			out.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			out.WriteByte(c)
		default:
			out.WriteString(`\x`)
			out.WriteByte("0123456789abcdef"[c>>4])
			out.WriteByte("0123456789abcdef"[c&15])
		}
	}
	out.WriteByte('"')
	return out.String()
}
