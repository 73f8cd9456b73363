package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"
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
// manifest of the closed database at path. It reports nothing when it
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
	for range 2 { // reading is cheap; decrypting and hashing want both cores
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := checkTable(path, j.id, j.tm, kr, indexes); err != nil {
					mu.Lock()
					if found == nil {
						found = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for id, tm := range man.Tables {
		jobs <- job{id, tm}
	}
	close(jobs)
	wg.Wait()
	return found
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
