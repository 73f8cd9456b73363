package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"sync"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// Every value in Badger carries an authentication tag: the first 16 bytes
// of HMAC-SHA256 under a key derived from the data key, over the record's
// key and value. Badger's checksums catch accidents; the tag also catches a
// deliberate change (AES-CTR lets one flip chosen bits of a value without
// the key) and a value moved under another key. A changed byte is then an
// error naming the record, never a silently different value.
//
// Workspaces made before the tag have meta.RecordMAC unset; their values
// are tagged once, at the first open that can write (migrateMAC).

const macSize = 16

func macKey(dataKey []byte) []byte { return crypt.SubKey(dataKey, "records") }

// macs keeps HMAC states under the store's key for reuse: a new one for
// every value written or read was a tenth of an import's allocations.
type macs struct {
	key  []byte
	pool sync.Pool
}

func newMACs(key []byte) *macs {
	m := &macs{key: key}
	m.pool.New = func() any { return hmac.New(sha256.New, key) }
	return m
}

func (m *macs) sum(out, k, v []byte) []byte {
	h := m.pool.Get().(hash.Hash)
	h.Reset()
	h.Write(k)
	h.Write([]byte{0})
	h.Write(v)
	out = h.Sum(out)
	m.pool.Put(h)
	return out
}

// tag returns v followed by its tag.
func (m *macs) tag(k, v []byte) []byte {
	out := make([]byte, 0, len(v)+sha256.Size)
	out = append(out, v...)
	return m.sum(out, k, v)[:len(v)+macSize]
}

// untag checks and strips the tag; ok is false when it does not match.
func (m *macs) untag(k, tagged []byte) ([]byte, bool) {
	if len(tagged) < macSize {
		return nil, false
	}
	v := tagged[:len(tagged)-macSize]
	var buf [sha256.Size]byte
	return v, hmac.Equal(m.sum(buf[:0], k, v)[:macSize], tagged[len(v):])
}

// set writes a value with its tag.
func (s *Store) set(txn *badger.Txn, k, v []byte) error {
	if s.macs != nil {
		v = s.macs.tag(k, v)
	}
	return txn.Set(k, v)
}

// value reads an item's value (a copy), checking its tag.
func (s *Store) value(item *badger.Item) ([]byte, error) {
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "record %s cannot be read: the workspace is damaged", item.Key()).
			WithKey("err.damaged", "what", describeKey(item.Key()))
	}
	if s.macs == nil {
		return v, nil
	}
	v, ok := s.macs.untag(item.Key(), v)
	if !ok {
		return nil, errs.New(errs.Invalid, "record %s is damaged: its content was changed outside Credence", item.Key()).
			WithKey("err.damaged", "what", describeKey(item.Key()))
	}
	return v, nil
}

// describeKey names a record for people.
func describeKey(k []byte) string {
	key := string(k)
	for _, p := range []struct{ prefix, what string }{
		{prefDossier, "customer "}, {prefHistory, "history entry "}, {prefLog, "change log entry "},
		{prefBlob, "attachment "}, {prefRecord, "record "}, {prefChange, "change "}, {prefSeq, "change sequence of "},
		{prefVersion, "merge state "}, {prefConflict, "conflict "}, {prefSeenBy, "synced fields of "},
	} {
		if len(key) > len(p.prefix) && key[:len(p.prefix)] == p.prefix {
			return p.what + key[len(p.prefix):]
		}
	}
	return fmt.Sprintf("setting %s", key)
}

// migrateMAC tags every value of a workspace made before tags, then marks
// the header. Values already tagged (an earlier, interrupted migration) are
// left as they are, so it can be interrupted at any point.
func migrateMAC(db *badger.DB, dir string, m *meta, key []byte) error {
	tags := newMACs(key)
	wb := db.NewWriteBatch()
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if _, ok := tags.untag(k, v); ok {
				continue
			}
			if err := wb.Set(k, tags.tag(k, v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = wb.Flush()
	} else {
		wb.Cancel()
	}
	if err != nil {
		return ioErr(err, "upgrade the workspace")
	}
	nm := *m
	nm.RecordMAC = true
	if err := writeMeta(dir, &nm); err != nil {
		return ioErr(err, "upgrade the workspace")
	}
	m.RecordMAC = true
	return nil
}
