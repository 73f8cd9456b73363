package store

import (
	"fmt"
	"runtime/debug"

	badger "github.com/dgraph-io/badger/v4"
)

// Badger never overwrites: a deleted or rewritten key keeps its old
// versions in the memtable, the level-0 tables and the lower levels until
// a compaction merges them away, and values over the value threshold stay
// in the value-log file until garbage collection rewrites it. An erasure
// cannot wait for that, so compactErased forces it: the memtables are
// flushed, every level is merged into one (old versions and deletion
// markers dropped), and the value log is collected file by file.
// docs/erasure.md says what remains (the value-log file being written).

// flushRounds is how many level-0 tables the flush leaves at least:
// Badger compacts level 0 only once it holds more tables than
// NumLevelZeroTables (2), and Flatten leaves a single level alone.
const flushRounds = 3

const (
	keyEraseMark = "cfg/erase-mark" // a small key that stays, so each flush writes a table
	keyEraseDrop = "cfg/erase-drop" // dropped at once: DropPrefix flushes only when it finds one
)

func (s *Store) compactErased() error {
	if s.readOnly {
		return nil
	}
	for i := range flushRounds {
		err := s.updateDB(func(txn *badger.Txn) error {
			if err := s.set(txn, []byte(keyEraseMark), fmt.Appendf(nil, "%d", i)); err != nil {
				return err
			}
			return s.set(txn, []byte(keyEraseDrop), []byte{1})
		})
		if err != nil {
			return ioErr(err, "erase: flush")
		}
		if err := s.writeDB(func(db *badger.DB) error { return db.DropPrefix([]byte(keyEraseDrop)) }); err != nil {
			return ioErr(err, "erase: flush")
		}
	}
	// One worker: each compaction worker holds its table builders (about
	// three times each table); at 100 000 customers two workers peaked at
	// 2.7 GB of RSS, one at 2.1 GB, in the same time.
	if err := s.writeDB(func(db *badger.DB) error { return db.Flatten(1) }); err != nil {
		return ioErr(err, "erase: compact")
	}
	s.writeDB(func(db *badger.DB) error {
		for db.RunValueLogGC(0.01) == nil {
		}
		return nil
	})
	// The compaction's table builders were hundreds of MB on a large
	// workspace: hand them back now, as after Argon2 at unlock.
	debug.FreeOSMemory()
	return nil
}
