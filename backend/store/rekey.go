package store

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// Files of a re-key in progress (see Rekey).
const (
	rekeyDBDir    = "db.rekey"        // the database re-encrypted under the new key
	rekeyMetaFile = "meta.rekey.json" // its header: written once rekeyDBDir is complete
	oldDBDir      = "db.old"          // the old database, between the two renames
)

// Rekey gives the closed workspace in dir a new random data key and
// re-encrypts everything under it: Badger's data (a fresh database) and the
// sealed attachments. The new key is wrapped under newPassphrase (which may
// equal passphrase). After a suspected leak, an old backup or header plus
// the old passphrase then opens nothing added later.
//
// It is safe to kill at any moment: the new database is built beside the
// old one, its header is written only when it is complete (the commit
// point), and the swap is finished or undone by the next Open or Rekey.
// A wrong passphrase returns errs.Unauthorized; a workspace open elsewhere
// errs.Locked.
func Rekey(dir, passphrase, newPassphrase string) error {
	return RekeyAs(dir, "", passphrase, newPassphrase)
}

// RekeyAs is Rekey by who (a user id or name, as for OpenAs). Only the
// re-keying person's slot is kept: everyone else was given the old data
// key and needs a new passphrase from an admin (ResetPassphrase). When
// others can unlock, only an admin may re-key.
func RekeyAs(dir, who, passphrase, newPassphrase string) error {
	if err := CheckPassphrase(newPassphrase); err != nil {
		return err
	}
	if err := recoverRekey(dir); err != nil {
		return err
	}
	m, err := readMeta(dir)
	if err != nil {
		return err
	}
	u, err := m.unlock(who, passphrase)
	if err != nil {
		return err
	}
	oldKey := u.dataKey
	nm := *m
	nm.RecordMAC = true
	newKey := crypt.Random(crypt.KeySize)
	if u.slot < 0 {
		nm.KDF.Salt = crypt.Random(16)
		kek, err := crypt.DeriveKEK(newPassphrase, nm.KDF)
		if err == nil {
			nm.WrappedKey, err = crypt.Seal(kek, newKey, wrapAD(nm.WorkspaceID))
		}
		if err != nil {
			return errs.Wrap(errs.Internal, err, "re-key")
		}
	} else {
		sl := m.Slots[u.slot]
		ns, err := nm.newSlot(sl.UserID, sl.Name, newPassphrase, sl.KDF, newKey, u.personKey)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "re-key")
		}
		nm.Slots = []slot{ns}
	}
	nm.Check = nm.checksum()
	head, err := json.MarshalIndent(&nm, "", "  ")
	if err != nil {
		return errs.Wrap(errs.Internal, err, "re-key")
	}
	// The copy is as large as the database, and opening it writes: check
	// the room before Badger touches the disk.
	if err := roomFor(dir, dirSize(filepath.Join(dir, dbDir))); err != nil {
		return err
	}
	// The old database stays open (locked) until the new header is
	// written, so no Open can mistake the half-built copy for leftovers.
	src, err := badger.Open(badgerOptions(filepath.Join(dir, dbDir), oldKey))
	if err != nil {
		return openErr(err)
	}
	if len(m.Slots) > 1 {
		if err := rekeyAllowed(src, m, oldKey, m.Slots[u.slot].UserID); err != nil {
			src.Close()
			return err
		}
	}
	cleanupRekey(dir)
	var oldMAC []byte
	if m.RecordMAC {
		oldMAC = macKey(oldKey)
	}
	err = copyRekeyed(src, filepath.Join(dir, rekeyDBDir), oldKey, newKey, oldMAC)
	if err == nil {
		if werr := writeFileAtomic(filepath.Join(dir, rekeyMetaFile), head); werr != nil {
			err = ioErr(werr, "re-key")
		}
	}
	if cerr := src.Close(); err == nil && cerr != nil {
		err = ioErr(cerr, "re-key")
	}
	if err != nil {
		os.Remove(filepath.Join(dir, rekeyMetaFile))
		os.RemoveAll(filepath.Join(dir, rekeyDBDir))
		return err
	}
	return recoverRekey(dir)
}

// copyRekeyed writes every current value of src into a new database at
// path under newKey, resealing attachments.
func copyRekeyed(src *badger.DB, path string, oldKey, newKey, oldMAC []byte) error {
	dst, err := badger.Open(badgerOptions(path, newKey))
	if err != nil {
		return ioErr(err, "re-key: create the new database")
	}
	oldBlob, newBlob := crypt.SubKey(oldKey, "attachments"), crypt.SubKey(newKey, "attachments")
	newTags := newMACs(macKey(newKey))
	var oldTags *macs
	if oldMAC != nil {
		oldTags = newMACs(oldMAC)
	}
	wb := dst.NewWriteBatch()
	err = src.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if oldTags != nil {
				var ok bool
				if v, ok = oldTags.untag(k, v); !ok {
					return errs.New(errs.Invalid, "record %s is damaged; re-key stopped, nothing was changed", k).WithKey("err.damaged", "what", describeKey(k))
				}
			}
			if id, ok := bytesCutPrefix(k, prefBlob); ok {
				pt, err := crypt.Open(oldBlob, v, []byte(id))
				if err != nil {
					return errs.New(errs.Invalid, "attachment %s is damaged; re-key stopped, nothing was changed", id).WithKey("err.damaged", "what", "attachment "+id)
				}
				if v, err = crypt.Seal(newBlob, pt, []byte(id)); err != nil {
					return err
				}
			}
			if err := wb.Set(k, newTags.tag(k, v)); err != nil {
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
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		if _, ok := errs.As(err); ok {
			return err
		}
		return ioErr(err, "re-key")
	}
	return nil
}

func bytesCutPrefix(k []byte, prefix string) (string, bool) {
	if len(k) > len(prefix) && string(k[:len(prefix)]) == prefix {
		return string(k[len(prefix):]), true
	}
	return "", false
}

// recoverRekey finishes a re-key whose new header was written (the commit
// point). Every step checks what is already done, so it can itself be
// interrupted. The remains of a re-key that did not reach the commit point
// are removed by cleanupRekey once the old database is locked.
func recoverRekey(dir string) error {
	p := func(name string) string { return filepath.Join(dir, name) }
	exists := func(name string) bool { _, err := os.Stat(p(name)); return err == nil }
	if !exists(rekeyMetaFile) {
		return nil
	}
	if exists(rekeyDBDir) {
		if exists(dbDir) {
			if err := os.RemoveAll(p(oldDBDir)); err != nil {
				return ioErr(err, "finish re-key")
			}
			if err := os.Rename(p(dbDir), p(oldDBDir)); err != nil {
				return ioErr(err, "finish re-key")
			}
		}
		if err := os.Rename(p(rekeyDBDir), p(dbDir)); err != nil {
			return ioErr(err, "finish re-key")
		}
		syncDir(dir)
	}
	if err := os.Rename(p(rekeyMetaFile), p(metaFile)); err != nil {
		return ioErr(err, "finish re-key")
	}
	syncDir(dir)
	os.RemoveAll(p(oldDBDir))
	return nil
}

// cleanupRekey removes what an interrupted re-key left before its commit
// point. The caller holds the lock of the current database, so no re-key
// is running.
func cleanupRekey(dir string) {
	if _, err := os.Stat(filepath.Join(dir, rekeyMetaFile)); err == nil {
		return
	}
	os.RemoveAll(filepath.Join(dir, rekeyDBDir))
	os.RemoveAll(filepath.Join(dir, oldDBDir))
}

// openErr words Badger's refusal to open.
func openErr(err error) error {
	switch {
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return errs.Wrap(errs.Unauthorized, err, "the database does not match this workspace's key").WithKey("err.keyMismatch")
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		return errs.Wrap(errs.Locked, err, "the workspace is open in another program").WithKey("err.workspaceInUse")
	}
	return ioErr(err, "open database")
}

// rekeyAllowed: the person re-keying a workspace others can unlock is an
// admin, as their record in src says.
func rekeyAllowed(src *badger.DB, m *meta, dataKey []byte, userID string) error {
	k := []byte(prefRecord + KindPerson + "/" + userID)
	var p Person
	err := src.View(func(txn *badger.Txn) error {
		item, err := txn.Get(k)
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if m.RecordMAC {
			var ok bool
			if v, ok = newMACs(macKey(dataKey)).untag(k, v); !ok {
				return errs.New(errs.Invalid, "record %s is damaged", k).WithKey("err.damaged", "what", describeKey(k))
			}
		}
		return json.Unmarshal(v, &p)
	})
	if err == nil && p.Role == RoleAdmin && p.Removed.IsZero() {
		return nil
	}
	if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
		return err
	}
	return errAdminOnly("re-key a workspace other people unlock")
}
