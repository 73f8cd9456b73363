package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"

	"credence/backend/crypt"
	"credence/backend/safefile"
)

// Tables are checked before Badger opens them, not after. Badger's table
// iterator stops at a block that fails its checksum without an error, and a
// compaction copies entries while its iterator is valid: compacting a
// damaged table writes a sound-looking one without the rows after the bad
// block and deletes the damaged one, so the damage disappears with the rows
// (compactdamage_test.go). Badger's own check at open (OnTableRead) is no
// help: it panics on a bad block inside a goroutine nobody can recover, and
// it would skip a table whose checksum fails. So every table the manifest
// lists is read here, read-only, before the database is opened; a workspace
// with a damaged table is then opened read-only, which never compacts.

// errTablesDamaged wraps what checkTablesClosed found.
var errTablesDamaged = errors.New("a table fails its checksum")

// checkTablesClosed verifies every block of every table listed in the
// manifest of the closed database at path (or, for a table checked whole
// at an earlier open, that its bytes are the same). It reports nothing when it
// cannot read the manifest or the key registry: Badger's open then judges
// those as it always has.
func checkTablesClosed(path string, key []byte) error {
	mf, err := os.Open(filepath.Join(path, badger.ManifestFilename))
	if err != nil {
		return nil // a new workspace, or Badger's open will say
	}
	man, end, err := badger.ReplayManifestFile(mf, 0, badger.DefaultOptions(path))
	if err != nil {
		mf.Close()
		return nil
	}
	err = checkManifestTail(mf, end)
	mf.Close()
	if err != nil {
		return err
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{
		Dir: path, ReadOnly: true, EncryptionKey: key,
		EncryptionKeyRotationDuration: badger.DefaultOptions(path).EncryptionKeyRotationDuration,
	})
	if err != nil {
		return nil
	}
	defer kr.Close()
	// Encrypted tables keep their decrypted index only in a cache.
	indexes, err := ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{
		NumCounters: 1 << 14, MaxCost: 64 << 20, BufferItems: 64,
	})
	if err != nil {
		return nil
	}
	defer indexes.Close()

	type job struct {
		id uint64
		tm badger.TableManifest
	}
	jobs := make(chan job)
	var (
		mu    sync.Mutex
		found error
		wg    sync.WaitGroup
	)
	known := readTableSums(path, key)
	sums := make(map[uint64]tableSum, len(man.Tables))
	for range 2 { // reading is cheap; decrypting and hashing want both cores
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				sum, sumErr := fileSum(table.NewFilename(j.id, path))
				if sumErr == nil && known[j.id] == sum {
					mu.Lock()
					sums[j.id] = sum
					mu.Unlock()
					continue // the same bytes that were checked whole before
				}
				err := checkTable(path, j.id, j.tm, kr, indexes)
				mu.Lock()
				if err != nil && found == nil {
					found = err
				}
				if err == nil && sumErr == nil {
					sums[j.id] = sum
				}
				mu.Unlock()
			}
		}()
	}
	for id, tm := range man.Tables {
		jobs <- job{id, tm}
	}
	close(jobs)
	wg.Wait()
	if found == nil && !maps.Equal(sums, known) {
		writeTableSums(path, key, sums)
	}
	return found
}

// A table file never changes once written. Checking one whole (decrypting
// and decompressing every block) is most of an open's time at 100 000
// customers (2 s), reading its bytes a tenth of that: so the size and
// CRC-32C of every table checked whole are kept in a sealed list beside the
// database, and a table whose bytes still have them is not checked again.
// A changed bit changes the file's checksum, and the table is checked whole.
// The list is only a shortcut: when it is missing, damaged or another
// workspace's, every table is checked.

const tableSumsFile = "tables.sum" // in the workspace folder, beside the database

type tableSum struct {
	Size int64  `json:"size"`
	CRC  uint32 `json:"crc"`
}

// fileSum reads a whole table file.
func fileSum(name string) (tableSum, error) {
	f, err := os.Open(name)
	if err != nil {
		return tableSum{}, err
	}
	defer f.Close()
	h := crc32.New(crcTable)
	n, err := io.Copy(h, f)
	return tableSum{Size: n, CRC: h.Sum32()}, err
}

func tableSumsKey(key []byte) []byte { return crypt.SubKey(key, "table sums") }

var tableSumsAD = []byte("credence table sums")

func readTableSums(path string, key []byte) map[uint64]tableSum {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(path), tableSumsFile))
	if err != nil {
		return nil
	}
	pt, err := crypt.Open(tableSumsKey(key), b, tableSumsAD)
	if err != nil {
		return nil
	}
	var out map[uint64]tableSum
	if json.Unmarshal(pt, &out) != nil {
		return nil
	}
	return out
}

// writeTableSums keeps the list; failing to is only a slower next open.
func writeTableSums(path string, key []byte, sums map[uint64]tableSum) {
	pt, err := json.Marshal(sums)
	if err != nil {
		return
	}
	sealed, err := crypt.Seal(tableSumsKey(key), pt, tableSumsAD)
	if err != nil {
		return
	}
	_ = safefile.WriteBytes(filepath.Join(filepath.Dir(path), tableSumsFile), sealed)
}

// errManifestDamaged: the manifest, Badger's list of tables, lost entries
// to a changed byte. Badger would take it as cut short by a crash, keep the
// entries before it and delete every table file the rest names: the
// workspace must not be opened at all, not even read-only (Badger deletes
// them then too).
var errManifestDamaged = errors.New("the database's list of tables is damaged")

// checkManifestTail tells a manifest cut short by a crash (the last change
// set written in part: Badger drops it, and the tables it named are of a
// compaction that never happened) from one whose change set length was
// changed to point past the end, which Badger reads the same way. After a
// crash no whole change set follows the cut; after damage one does: the
// rest of the file, or a later change set, has its checksum.
func checkManifestTail(f *os.File, end int64) error {
	fi, err := f.Stat()
	if err != nil || fi.Size() <= end {
		return nil
	}
	tail := make([]byte, fi.Size()-end)
	if _, err := f.ReadAt(tail, end); err != nil {
		return nil
	}
	return checkTail(tail)
}

// checkTail judges the bytes of a manifest that Badger did not read.
func checkTail(tail []byte) error {
	whole := func(b []byte, n int) bool { // a change set of n bytes at b[8:]?
		return n > 0 && 8+n <= len(b) && crc32.Checksum(b[8:8+n], crcTable) == binary.BigEndian.Uint32(b[4:8])
	}
	if len(tail) > 8 && whole(tail, len(tail)-8) {
		return fmt.Errorf("%w: its last change set is whole but its length was changed", errManifestDamaged)
	}
	for i := 8; i+8 < len(tail); i++ {
		if whole(tail[i:], int(binary.BigEndian.Uint32(tail[i:i+4]))) {
			return fmt.Errorf("%w: %d bytes of it are no longer read", errManifestDamaged, len(tail))
		}
	}
	return nil
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// tablesCheckedWhole counts checkTable's work, for the tests.
var tablesCheckedWhole atomic.Int64

// checkTable opens one table read-only with a whole-table checksum check.
// A damaged block can make Badger panic (it reads the missing block's
// offset for its message, or slices by a damaged length): the panic is the
// finding.
func checkTable(dir string, id uint64, tm badger.TableManifest, kr *badger.KeyRegistry, indexes *ristretto.Cache[uint64, *fb.TableIndex]) (err error) {
	name := table.NewFilename(id, dir)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s (%v)", errTablesDamaged, filepath.Base(name), r)
		}
	}()
	tablesCheckedWhole.Add(1)
	dk, err := kr.DataKey(tm.KeyID)
	if err != nil {
		return fmt.Errorf("%w: %s: its key: %v", errTablesDamaged, filepath.Base(name), err)
	}
	f, err := z.OpenMmapFile(name, os.O_RDONLY, 0)
	if err != nil && !errors.Is(err, z.NewFile) {
		if os.IsNotExist(err) {
			return fmt.Errorf("%w: %s is missing", errTablesDamaged, filepath.Base(name))
		}
		return fmt.Errorf("%w: %s: %v", errTablesDamaged, filepath.Base(name), err)
	}
	def := badger.DefaultOptions("")
	// Opened without the check, so that the decrypted index is in the
	// cache (Badger decrypts it again on every miss), then checked whole.
	t, err := table.OpenTable(f, table.Options{
		ReadOnly: true, ChkMode: options.NoVerification, Compression: tm.Compression, DataKey: dk,
		BlockSize: def.BlockSize, BloomFalsePositive: def.BloomFalsePositive, IndexCache: indexes,
	})
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errTablesDamaged, filepath.Base(name), err)
	}
	defer t.MmapFile.Close(-1)
	indexes.Wait()
	if err := t.VerifyChecksum(); err != nil {
		return fmt.Errorf("%w: %s: %v", errTablesDamaged, filepath.Base(name), err)
	}
	return nil
}
