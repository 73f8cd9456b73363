package store

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// manifestSets returns where each change set of a Badger manifest starts.
func manifestSets(t *testing.T, b []byte) []int {
	t.Helper()
	var out []int
	for off := 8; off+8 <= len(b); {
		out = append(out, off)
		off += 8 + int(binary.BigEndian.Uint32(b[off:off+4]))
	}
	if len(out) < 3 {
		t.Fatalf("only %d change sets in the manifest", len(out))
	}
	return out
}

// aBookOpenedOften is a workspace closed and opened a few times, so that its
// manifest holds several change sets.
func aBookOpenedOften(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := s.CreateDossier(sample(), "U"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if s, err = Open(dir, pass, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	return dir
}

// TestManifestLengthChangedIsRefused: a change set whose length was changed
// to reach past the end of the manifest reads to Badger like the tail of a
// crash, and it would delete every table the rest of the file names, even
// read-only. The open refuses the workspace instead, with every table file
// left in place; a manifest really cut short (a crash) still opens.
func TestManifestLengthChangedIsRefused(t *testing.T) {
	src := aBookOpenedOften(t)
	man := filepath.Join(dbDir, badger.ManifestFilename)
	orig, err := os.ReadFile(filepath.Join(src, man))
	if err != nil {
		t.Fatal(err)
	}
	sets := manifestSets(t, orig)
	for i, off := range sets {
		dir := filepath.Join(t.TempDir(), "ws")
		copyTree(t, src, dir)
		b := append([]byte(nil), orig...)
		binary.BigEndian.PutUint32(b[off:], uint32(len(b)-off-8+1)) // one byte past the end
		if err := os.WriteFile(filepath.Join(dir, man), b, 0o600); err != nil {
			t.Fatal(err)
		}
		tables, _ := filepath.Glob(filepath.Join(dir, dbDir, "*.sst"))
		s, err := Open(dir, pass, Options{})
		if err == nil {
			n := s.Count()
			s.Close()
			t.Errorf("change set %d of %d: the workspace opened (%d dossiers of 4)", i+1, len(sets), n)
			continue
		}
		if errKey(err) != "err.damaged" {
			t.Errorf("change set %d: %v", i+1, err)
		}
		after, _ := filepath.Glob(filepath.Join(dir, dbDir, "*.sst"))
		if len(after) != len(tables) {
			t.Errorf("change set %d: %d table files left of %d", i+1, len(after), len(tables))
		}
	}

	// Cut inside the last change set, as a crash leaves it: not damage.
	dir := filepath.Join(t.TempDir(), "ws")
	copyTree(t, src, dir)
	last := sets[len(sets)-1]
	if err := os.WriteFile(filepath.Join(dir, man), orig[:last+8+(len(orig)-last-8)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatalf("a manifest cut short by a crash: %v", err)
	}
	s.Close()
}

// FuzzManifestTail: the check reads bytes Badger gave up on, whatever they
// are; it must never panic nor read past them.
func FuzzManifestTail(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 4, 0, 0, 0, 0, 1, 2})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Fuzz(func(t *testing.T, tail []byte) {
		_ = checkTail(tail)
	})
}
