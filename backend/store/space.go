package store

import (
	"fmt"
	"os"
	"path/filepath"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/errs"
)

// Badger writes its value log and write-ahead logs through memory-mapped,
// preallocated (sparse) files: when the disk fills, a write to such a page
// kills the process with SIGBUS instead of returning an error, and every
// later open dies the same way. So the store keeps a reserve of free space:
// a write that would leave less is refused with a sentence, and a workspace
// on a disk with less than the reserve opens read-only, so a backup to
// another disk or an export can still be made.
//
// DefaultReserve covers what Badger may write without asking: a value-log
// file (32 MB), the write-ahead logs of the memtables (2 x 8 MB) and
// compaction output; the size of the tables is added on top, as a
// compaction may rewrite them.
const DefaultReserve = 64 << 20

// reserve is the free space this store keeps.
func (s *Store) reserve() int64 {
	r := s.minFree
	if r <= 0 {
		r = DefaultReserve
	}
	lsm, _ := s.Size()
	return r + lsm
}

// ReadOnly reports whether the workspace was opened read-only: its disk is
// (nearly) full, or a table is damaged (ReadOnlyDamaged).
func (s *Store) ReadOnly() bool { return s.readOnly }

// ReadOnlyDamaged reports whether the workspace is read-only because a
// table of its database is damaged: writing would let Badger compact the
// damaged table and lose the rows after the bad block.
func (s *Store) ReadOnlyDamaged() bool { return s.damagedRO }

// checkSpace refuses a write when the workspace is read-only or the disk
// would keep less than the reserve after extra more bytes.
func (s *Store) checkSpace(extra int) error {
	if s.damagedRO {
		return errs.New(errs.Invalid, "the workspace database is damaged, so it was opened read-only to keep what is intact: export or back up what you need, then restore from a backup").
			WithKey("err.damagedReadOnly")
	}
	if s.readOnly {
		return errs.New(errs.Invalid, "the disk of the workspace is full, so it was opened read-only: free some space and open it again; a backup to another disk or an export works now").
			WithKey("err.diskFullReadOnly")
	}
	free, ok := freeSpace(s.dir)
	if !ok {
		return nil
	}
	if need := s.reserve() + int64(extra); free < need {
		return diskFull(free, need)
	}
	return nil
}

func diskFull(free, need int64) error {
	return errs.New(errs.Invalid, "the disk of the workspace is nearly full (%s free, %s needed to write safely): free some space, then try again; nothing was lost", mb(free), mb(need)).
		WithKey("err.diskNearlyFull", "free", mb(free), "need", mb(need))
}

func mb(n int64) string { return fmt.Sprintf("%d MB", n>>20) }

// commit runs a write transaction after checking the free space.
func (s *Store) commit(fn func(txn *badger.Txn) error) error {
	if err := s.checkSpace(0); err != nil {
		return err
	}
	return s.updateDB(fn)
}

// roomFor refuses work that will write about size bytes into the disk
// holding dir (a restore, a re-key) when that would eat into the reserve.
func roomFor(dir string, size int64) error {
	free, ok := freeSpace(dir)
	if need := size + DefaultReserve; ok && free < need {
		return diskFull(free, need)
	}
	return nil
}

// dirSize is the size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// openMode tells whether a workspace in dir must open read-only: its disk
// has less free space than the reserve (minFree, or DefaultReserve).
func openMode(dir string, minFree int64) (readOnly bool) {
	if minFree <= 0 {
		minFree = DefaultReserve
	}
	free, ok := freeSpace(dir)
	return ok && free < minFree
}
