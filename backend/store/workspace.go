// Package store keeps a workspace on disk: Badger encrypted at rest under a
// random data key, which is itself wrapped by a key derived from the
// passphrase. It holds the dossiers, their field-level change history,
// sealed attachments and settings, and makes and restores backups.
package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// Files under a workspace directory. Only meta.json and device.id are
// plaintext, and neither holds customer data.
const (
	metaFile   = "meta.json" // KDF parameters and the wrapped data key
	deviceFile = "device.id" // this device's id: not part of backups
	dbDir      = "db"        // Badger, encrypted at rest
)

// meta is the plaintext header of a workspace.
type meta struct {
	Format      int    `json:"format"`
	WorkspaceID string `json:"workspace_id"`
	// KDF and WrappedKey are format 1: one passphrase for everyone. The
	// first open that can write turns them into a slot (people.go).
	KDF        crypt.KDFParams `json:"kdf,omitzero"`
	WrappedKey []byte          `json:"wrapped_key,omitempty"` // data key sealed under the KEK
	// Slots (format 2): one per person who can unlock, each with the data
	// key wrapped under that person's passphrase.
	Slots     []slot    `json:"slots,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// RecordMAC: every value carries an authentication tag (mac.go).
	RecordMAC bool `json:"record_mac,omitempty"`
	// Check is the SHA-256 of the header written without it: a damaged
	// header is then named as such, not taken for a wrong passphrase.
	Check string `json:"check,omitempty"`
}

// slot lets one person unlock: Wrapped seals the data key followed by the
// person's own key (which seals their signing keys) under the KEK of their
// passphrase, bound to the workspace and the person's id, so a slot
// relabelled with another id does not open.
type slot struct {
	UserID string `json:"user_id"`
	// Name finds the slot before unlocking; who someone is comes from the
	// id the slot is bound to, and their name from the person record.
	Name    string          `json:"name"`
	KDF     crypt.KDFParams `json:"kdf"`
	Wrapped []byte          `json:"wrapped"`
}

// maxSlots bounds the Argon2 work a header (or a crafted backup) can ask
// for when no name is given and every slot is tried.
const maxSlots = 32

// valid: the header is complete and its KDF parameters are bounded.
func (m *meta) valid() bool {
	if m.WorkspaceID == "" {
		return false
	}
	switch m.Format {
	case legacyMetaFormat:
		return len(m.WrappedKey) > 0 && len(m.Slots) == 0 && m.KDF.Check() == nil
	case metaFormat:
		if len(m.Slots) == 0 || len(m.Slots) > maxSlots || len(m.WrappedKey) > 0 || m.KDF.Memory != 0 {
			return false
		}
		for _, sl := range m.Slots {
			if sl.UserID == "" || len(sl.Wrapped) == 0 || sl.KDF.Check() != nil {
				return false
			}
		}
		return true
	}
	return false
}

// checksum is the header's Check value.
func (m meta) checksum() string {
	m.Check = ""
	b, _ := json.Marshal(m)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Header formats: 1 had one wrapped key, 2 has a slot per person.
const (
	legacyMetaFormat = 1
	metaFormat       = 2
)

// Exists reports whether dir holds a workspace.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, metaFile))
	return err == nil
}

func readMeta(dir string) (*meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errs.New(errs.NotFound, "no workspace in %s", dir).WithKey("err.noWorkspace", "dir", dir)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "read workspace header")
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || !m.valid() || (m.Check != "" && m.Check != m.checksum()) {
		return nil, errs.New(errs.Invalid, "the workspace header in %s is damaged or from a newer version", dir).WithKey("err.badHeader")
	}
	return &m, nil
}

// writeMeta replaces the header atomically: a crash leaves the old or the
// new one, never half of each, because losing it loses the workspace.
func writeMeta(dir string, m *meta) error {
	m.Check = m.checksum()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode workspace header: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, metaFile), b)
}

// The temporary file is created new (never through a symlink), 0600,
// fsynced, and removed on any failure.
func writeFileAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("replace %s: %w", filepath.Base(path), err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // make the rename durable; best effort on systems without dir fsync
		d.Close()
	}
	return nil
}

// wrapAD binds the wrapped key to its workspace (format 1).
func wrapAD(workspaceID string) []byte { return []byte("credence data key v1 " + workspaceID) }

// slotAD binds a slot to its workspace and person.
func slotAD(workspaceID, userID string) []byte {
	return []byte("credence slot v1 " + workspaceID + " " + userID)
}

// newMeta creates a header with a fresh data key and one slot, for the
// first person (userID) with passphrase.
func newMeta(userID, name, passphrase string, kdf crypt.KDFParams) (m *meta, dataKey, personKey []byte, err error) {
	m = &meta{Format: metaFormat, WorkspaceID: uuid.NewString(), CreatedAt: time.Now().UTC(), RecordMAC: true}
	dataKey, personKey = crypt.Random(crypt.KeySize), crypt.Random(crypt.KeySize)
	sl, err := m.newSlot(userID, name, passphrase, kdf, dataKey, personKey)
	if err != nil {
		return nil, nil, nil, err
	}
	m.Slots = []slot{sl}
	return m, dataKey, personKey, nil
}

// newSlot wraps the data key and a person key under passphrase, with a
// fresh salt.
func (m *meta) newSlot(userID, name, passphrase string, kdf crypt.KDFParams, dataKey, personKey []byte) (slot, error) {
	kdf.Salt = crypt.Random(16)
	kek, err := crypt.DeriveKEK(passphrase, kdf)
	if err != nil {
		return slot{}, err
	}
	return m.sealSlot(userID, name, kdf, kek, dataKey, personKey)
}

func (m *meta) sealSlot(userID, name string, kdf crypt.KDFParams, kek, dataKey, personKey []byte) (slot, error) {
	w, err := crypt.Seal(kek, append(append([]byte{}, dataKey...), personKey...), slotAD(m.WorkspaceID, userID))
	if err != nil {
		return slot{}, err
	}
	return slot{UserID: userID, Name: name, KDF: kdf, Wrapped: w}, nil
}

// unlocked is what a passphrase opened.
type unlocked struct {
	dataKey   []byte
	personKey []byte // nil for a format-1 header
	slot      int    // -1 for a format-1 header
	kek       []byte // format 1 only: to turn the wrapped key into a slot
}

func errWrongPassphrase() error {
	return errs.New(errs.Unauthorized, "wrong passphrase").WithKey("err.wrongPassphrase")
}

// unlock opens the header with who's passphrase; who is a user id or a
// name, or "" to try every slot (the passphrase then says who). An unknown
// person and a wrong passphrase are the same error, errs.Unauthorized,
// after the same Argon2 work.
func (m *meta) unlock(who, passphrase string) (unlocked, error) {
	if m.Format == legacyMetaFormat {
		kek, err := crypt.DeriveKEK(passphrase, m.KDF)
		if err != nil {
			return unlocked{}, errs.Wrap(errs.Invalid, err, "workspace header")
		}
		key, err := crypt.Open(kek, m.WrappedKey, wrapAD(m.WorkspaceID))
		if err != nil {
			return unlocked{}, errWrongPassphrase()
		}
		return unlocked{dataKey: key, slot: -1, kek: kek}, nil
	}
	who = strings.TrimSpace(who)
	tried := false
	for i, sl := range m.Slots {
		if who != "" && sl.UserID != who && !strings.EqualFold(sl.Name, who) {
			continue
		}
		tried = true
		if u, ok := m.openSlot(i, passphrase); ok {
			return u, nil
		}
	}
	if !tried { // as slow as a wrong passphrase: timing does not tell names apart
		m.openSlot(0, passphrase)
	}
	return unlocked{}, errWrongPassphrase()
}

func (m *meta) openSlot(i int, passphrase string) (unlocked, bool) {
	sl := m.Slots[i]
	kek, err := crypt.DeriveKEK(passphrase, sl.KDF)
	if err != nil {
		return unlocked{}, false
	}
	pt, err := crypt.Open(kek, sl.Wrapped, slotAD(m.WorkspaceID, sl.UserID))
	if err != nil || len(pt) != 2*crypt.KeySize {
		return unlocked{}, false
	}
	return unlocked{dataKey: pt[:crypt.KeySize], personKey: pt[crypt.KeySize:], slot: i}, true
}

// CheckPassphrase rejects passphrases too short to resist guessing, with a
// reason people can act on. Strength hints beyond that are the UI's job.
func CheckPassphrase(p string) error {
	if len([]rune(p)) < 8 {
		return errs.New(errs.Invalid, "the passphrase must have at least 8 characters").WithKey("err.passphraseShort")
	}
	return nil
}

// defaultKDFForBench exposes the default parameters to benchmarks.
func defaultKDFForBench() crypt.KDFParams { return crypt.DefaultParams() }
