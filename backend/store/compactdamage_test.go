package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDamagedTableNotCompactedAway is Badger's hazard behind "never a
// missing row": its table iterator stops at a block that fails its checksum
// and a compaction loops while the iterator is valid, so compacting a
// damaged table rewrites it without the rows after the bad block and the
// damage disappears with them. A workspace with a damaged table must
// therefore never compact it: after opening it for writing, forcing a
// compaction, closing and opening again, the damage is still reported or
// every row is still there.
func TestDamagedTableNotCompactedAway(t *testing.T) {
	src := filepath.Join(t.TempDir(), "ws")
	s, err := Create(src, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	const n = 400
	for i := range n {
		d := sample()
		d.LatinName.Value = fmt.Sprintf("Compaction Test %03d", i)
		d.Notes = strings.Repeat("note ", 100)
		if _, err := s.CreateDossier(d, "U"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil { // flushes the memtable into a table
		t.Fatal(err)
	}
	sst := biggestTable(t, src)

	for _, frac := range []int{20, 35, 50, 65} {
		t.Run(fmt.Sprint(frac), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ws")
			copyTree(t, src, dir)
			p := filepath.Join(dir, sst)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)*frac/100] ^= 0x10
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}

			s, err := Open(dir, pass, Options{})
			if err != nil {
				return // refused outright: detected, nothing rewritten
			}
			if len(s.Damaged()) == 0 {
				t.Fatalf("a flipped bit in %s at %d%% was not reported", sst, frac)
			}
			// Whatever Badger would do by itself later, now: a second
			// table overlapping the damaged one, then time to compact.
			for i := range 20 {
				d := sample()
				d.LatinName.Value = fmt.Sprintf("Written after the damage %d", i)
				if _, err := s.CreateDossier(d, "U"); errKey(err) != "err.damagedReadOnly" {
					t.Fatalf("a save into a workspace with a damaged table: %v, want err.damagedReadOnly", err)
				}
			}
			s.Close()
			if s, err = Open(dir, pass, Options{}); err != nil {
				return
			}
			waitForCompaction(s)
			s.Close()

			if s, err = Open(dir, pass, Options{}); err != nil {
				return
			}
			defer s.Close()
			if len(s.Damaged()) > 0 {
				return
			}
			if got := s.Count(); got < n {
				t.Fatalf("after a compaction the damage is gone and so are %d of %d customers", n-got, n)
			}
		})
	}
}

// waitForCompaction gives Badger's compactors (which look every 50 ms) a
// chance to merge the tables of an open workspace.
func waitForCompaction(s *Store) {
	levels := func() string {
		var ls []int
		for _, ti := range s.db.Tables() {
			ls = append(ls, ti.Level)
		}
		return fmt.Sprint(ls)
	}
	before := levels()
	for range 60 {
		if s.ReadOnly() || levels() != before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func biggestTable(t *testing.T, ws string) string {
	t.Helper()
	var best string
	var size int64
	filepath.Walk(ws, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".sst") && fi.Size() > size {
			best, size = p, fi.Size()
		}
		return nil
	})
	if best == "" {
		t.Fatal("no table written")
	}
	rel, _ := filepath.Rel(ws, best)
	t.Logf("damaging %s (%d KB)", rel, size>>10)
	return rel
}
