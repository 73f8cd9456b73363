package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/safefile"
	"credence/backend/search"
)

// Unlocking a large book waited for the search index to be rebuilt from
// every dossier (4.6 s at 100 000). A clean close now leaves the built
// index in an encrypted file beside the database, and the next open loads
// it instead, when it can show that the database has not changed since:
//
//   - Close writes a fresh random mark into the database (keyIndexSnap)
//     and then the file, which names the mark and the database version
//     (Badger's commit timestamp) that the mark's write got. Every later
//     commit, by any program, raises the version; a database restored or
//     copied from elsewhere lacks the mark.
//   - Open notes the version right after Badger opens. The file is used
//     only when its version is that one and the database holds its mark.
//     Writes made after the open reach the index as they happen (every
//     path that writes a dossier puts it into the index after its commit,
//     which loads the index first), so a snapshot of the open's state is
//     the right start for them.
//   - Close holds logMu, which every path that writes a dossier holds from
//     its commit to its index update, so no write falls between the
//     version it reads and the index it writes.
//
// The file is sealed under a key of its own derived from the workspace's
// data key, bound to the workspace id: a file of another workspace, a
// changed byte or a cut file fails to open, and the index is rebuilt.

const (
	indexSnapFile = "index.snap"
	keyIndexSnap  = "cfg/index-snapshot" // the mark of the last snapshot written
	snapMagic     = "CRDIX1\n"
)

// snapHeader precedes the index in the sealed file.
type snapHeader struct {
	Version uint64    `json:"version"` // Badger's version when the snapshot was taken
	Mark    string    `json:"mark"`
	Count   int       `json:"count"`            // dossiers in the index
	Damage  []Problem `json:"damage,omitempty"` // damaged dossiers the build left out
}

func (s *Store) snapKey() []byte { return crypt.SubKey(s.dataKey, "search index snapshot") }

func (s *Store) snapAD() []byte { return []byte("credence index snapshot " + s.wsID) }

// loadIndexSnapshot replaces the empty index with the snapshot when it
// stands for the database as opened. ok is false when there is none, it
// does not apply, or it cannot be read (err says why).
func (s *Store) loadIndexSnapshot() (ok bool, err error) {
	f, err := os.Open(filepath.Join(s.dir, indexSnapFile))
	if err != nil {
		return false, nil
	}
	defer f.Close()
	var mark string
	if err := s.view(func(txn *badger.Txn) error {
		ok, err := s.getTxn(txn, []byte(keyIndexSnap), &mark)
		if err == nil && !ok {
			err = badger.ErrKeyNotFound
		}
		return err
	}); err != nil {
		return false, nil // no mark: the snapshot is not this database's
	}
	r := bufio.NewReaderSize(crypt.NewStreamReader(f, s.snapKey(), s.snapAD()), 1<<20)
	h, err := readSnapHeader(r)
	if err != nil {
		return false, err
	}
	if h.Version != s.openVersion || h.Mark != mark {
		return false, nil
	}
	ix, err := search.ReadSnapshot(r)
	if err != nil {
		return false, err
	}
	if ix.Len() != h.Count {
		return false, fmt.Errorf("read index snapshot: %d dossiers, the header says %d", ix.Len(), h.Count)
	}
	// The rest must authenticate too: a file cut after the index is cut.
	if _, err := io.Copy(io.Discard, r); err != nil {
		return false, err
	}
	s.index = ix
	s.damage = append(s.damage, h.Damage...)
	s.snapVersion = h.Version
	return true, nil
}

func readSnapHeader(r *bufio.Reader) (snapHeader, error) {
	var h snapHeader
	magic := make([]byte, len(snapMagic))
	if _, err := io.ReadFull(r, magic); err != nil {
		return h, fmt.Errorf("read index snapshot: %w", err)
	}
	if string(magic) != snapMagic {
		return h, errors.New("read index snapshot: not a snapshot of this version")
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return h, fmt.Errorf("read index snapshot header: length %d: %v", n, err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return h, fmt.Errorf("read index snapshot header: %w", err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return h, fmt.Errorf("read index snapshot header: %w", err)
	}
	return h, nil
}

// saveIndexSnapshot writes the snapshot at close; the caller holds logMu
// and nothing else writes. It writes nothing when the index was never
// built, when the workspace is read-only, or when the snapshot it loaded
// still stands (nothing was committed since).
func (s *Store) saveIndexSnapshot() error {
	if s.readOnly || !s.indexReady.Load() {
		return nil
	}
	if s.snapVersion != 0 && s.db.MaxVersion() == s.snapVersion {
		return nil
	}
	// The snapshot must not eat into the disk's reserve, which Badger's
	// own close needs: about as large as the last one, or 600 bytes a
	// dossier (52 MB at 100 000).
	size := int64(s.index.Len()) * 600
	if fi, err := os.Stat(filepath.Join(s.dir, indexSnapFile)); err == nil {
		size = max(size, fi.Size())
	}
	if err := s.checkSpace(int(size)); err != nil {
		return fmt.Errorf("index snapshot: %w", err)
	}
	mark := crypt.RandomHex(16)
	if err := s.updateDB(func(txn *badger.Txn) error { return s.putTxn(txn, []byte(keyIndexSnap), mark) }); err != nil {
		return fmt.Errorf("mark index snapshot: %w", err)
	}
	h := snapHeader{Version: s.db.MaxVersion(), Mark: mark, Count: s.index.Len()}
	for _, p := range s.damage {
		if strings.HasPrefix(p.Where, "dossier ") {
			h.Damage = append(h.Damage, p)
		}
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return err
	}
	err = safefile.Write(filepath.Join(s.dir, indexSnapFile), func(w io.Writer) error {
		sw := crypt.NewStreamWriter(w, s.snapKey(), s.snapAD())
		bw := bufio.NewWriterSize(sw, 1<<20)
		var head bytes.Buffer
		head.WriteString(snapMagic)
		head.Write(binary.AppendUvarint(nil, uint64(len(hb))))
		head.Write(hb)
		if _, err := bw.Write(head.Bytes()); err != nil {
			return err
		}
		if err := s.index.WriteSnapshot(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return sw.Close()
	})
	if err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	return nil
}

// dropIndexSnapshot removes the snapshot file, for an erasure: the file
// must not keep what the erasure removes until the next clean close (the
// erased dossier's names and codes).
func (s *Store) dropIndexSnapshot() error {
	if err := os.Remove(filepath.Join(s.dir, indexSnapFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return ioErr(err, "remove the search index snapshot")
	}
	return nil
}
