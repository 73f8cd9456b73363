package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
)

// contents is everything a workspace holds, as its keys and value digests,
// plus what the dossier list shows.
func contents(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().Key())] = fmt.Sprintf("%x", sha256.Sum256(v))
		}
		return nil
	})
	if err != nil {
		out["!read error"] = err.Error()
	}
	out["!listed"] = fmt.Sprint(s.Count())
	return out
}

// TestBitFlipsDetected flips one bit at many offsets of every file of a
// closed workspace and reopens it each time. Each flip must be detected (the
// open fails, or the open-time check or Verify reports damage) or change
// nothing that the workspace holds: never a silently different value or a
// missing row. The counts go to the log (and BENCHMARKS.md).
func TestBitFlipsDetected(t *testing.T) {
	src := filepath.Join(t.TempDir(), "ws")
	s, err := Create(src, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		d := sample()
		d.LatinName.Value = fmt.Sprintf("Flip Test %d", i)
		got, err := s.CreateDossier(d, "U")
		if err != nil {
			t.Fatal(err)
		}
		got.Notes = "edited"
		if _, err := s.SaveDossier(got, "U"); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			if _, err := s.AddAttachment(got.ID, "scan.pdf", "other", crypt.Random(80<<10), "U"); err != nil {
				t.Fatal(err)
			}
			s.PutRecord("screen", got.ID, map[string]string{"verdict": "clear"})
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// What a clean open holds: the close added the index snapshot's mark.
	if s, err = Open(src, pass, Options{}); err != nil {
		t.Fatal(err)
	}
	want := contents(t, s)
	if s.snapVersion == 0 {
		t.Fatal("the index snapshot the close left was not used")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	var files []string
	filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	rng := rand.New(rand.NewPCG(11, 11))
	type tally struct{ tried, detected, harmless int }
	total := tally{}
	var lines []string
	for _, f := range files {
		rel, _ := filepath.Rel(src, f)
		fi, _ := os.Stat(f)
		n := int(min(fi.Size(), 40))
		if strings.HasSuffix(f, "DISCARD") {
			n = 8 // a preallocated table of value-log garbage statistics
		}
		var c tally
		for i := range n {
			off := int(fi.Size()) * i / n
			if n > 1 {
				off += rng.IntN(max(1, int(fi.Size())/n))
			}
			off = min(off, int(fi.Size())-1)
			bit := byte(1) << rng.IntN(8)
			c.tried++
			switch flipAndCheck(t, src, rel, off, bit, want) {
			case "detected":
				c.detected++
			case "harmless":
				c.harmless++
			default:
				t.Errorf("%s: bit %#x at byte %d changed the data without any error", rel, bit, off)
			}
		}
		lines = append(lines, fmt.Sprintf("%-18s %3d tried, %3d detected, %3d changed nothing", rel, c.tried, c.detected, c.harmless))
		total.tried += c.tried
		total.detected += c.detected
		total.harmless += c.harmless
	}
	t.Logf("bit flips per file:\n%s\nall files: %d tried, %d detected, %d changed nothing, %d silent",
		strings.Join(lines, "\n"), total.tried, total.detected, total.harmless, total.tried-total.detected-total.harmless)
}

// flipAndCheck copies the workspace, flips one bit and reports "detected",
// "harmless" (opens, checks clean, same contents) or "silent".
func flipAndCheck(t *testing.T, src, rel string, off int, bit byte, want map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	copyTree(t, src, dir)
	p := filepath.Join(dir, rel)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= bit
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, pass, Options{})
	if err != nil {
		return "detected"
	}
	defer s.Close()
	if len(s.Damaged()) > 0 {
		return "detected"
	}
	r, err := s.Verify(context.Background())
	if err != nil || !r.OK() {
		return "detected"
	}
	got := contents(t, s)
	if rel == deviceFile {
		// The device id is not data: a flipped one names this device
		// differently; nothing the workspace holds changes.
		return map[bool]string{true: "harmless", false: "silent"}[equalMaps(got, want)]
	}
	if equalMaps(got, want) {
		return "harmless"
	}
	var differ []string // what changed silently, for the failure's log
	for k := range want {
		if got[k] != want[k] {
			differ = append(differ, k)
		}
	}
	sort.Strings(differ)
	t.Logf("%s, bit %#x at byte %d: %d values differ, first %q", rel, bit, off, len(differ), differ[:min(1, len(differ))])
	return "silent"
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
