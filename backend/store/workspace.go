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
	Format      int             `json:"format"`
	WorkspaceID string          `json:"workspace_id"`
	KDF         crypt.KDFParams `json:"kdf"`
	WrappedKey  []byte          `json:"wrapped_key"` // data key sealed under the KEK
	CreatedAt   time.Time       `json:"created_at"`
	// RecordMAC: every value carries an authentication tag (mac.go).
	RecordMAC bool `json:"record_mac,omitempty"`
	// Check is the SHA-256 of the header written without it: a damaged
	// header is then named as such, not taken for a wrong passphrase.
	Check string `json:"check,omitempty"`
}

// checksum is the header's Check value.
func (m meta) checksum() string {
	m.Check = ""
	b, _ := json.Marshal(m)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

const metaFormat = 1

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
	if err := json.Unmarshal(b, &m); err != nil || m.Format != metaFormat || len(m.WrappedKey) == 0 ||
		(m.Check != "" && m.Check != m.checksum()) || m.KDF.Check() != nil {
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

// wrapAD binds the wrapped key to its workspace.
func wrapAD(workspaceID string) []byte { return []byte("credence data key v1 " + workspaceID) }

// newMeta creates a header with a fresh data key wrapped under passphrase.
func newMeta(passphrase string, kdf crypt.KDFParams) (*meta, []byte, error) {
	m := &meta{Format: metaFormat, WorkspaceID: uuid.NewString(), KDF: kdf, CreatedAt: time.Now().UTC(), RecordMAC: true}
	dataKey := crypt.Random(crypt.KeySize)
	if err := m.wrap(passphrase, dataKey); err != nil {
		return nil, nil, err
	}
	return m, dataKey, nil
}

func (m *meta) wrap(passphrase string, dataKey []byte) error {
	kek, err := crypt.DeriveKEK(passphrase, m.KDF)
	if err != nil {
		return err
	}
	m.WrappedKey, err = crypt.Seal(kek, dataKey, wrapAD(m.WorkspaceID))
	return err
}

// unwrap returns the data key, or errs.Unauthorized for a wrong passphrase.
func (m *meta) unwrap(passphrase string) ([]byte, error) {
	kek, err := crypt.DeriveKEK(passphrase, m.KDF)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "workspace header")
	}
	key, err := crypt.Open(kek, m.WrappedKey, wrapAD(m.WorkspaceID))
	if err != nil {
		return nil, errs.New(errs.Unauthorized, "wrong passphrase").WithKey("err.wrongPassphrase")
	}
	return key, nil
}

// deviceID returns this device's id, creating it on first use.
func deviceID(dir string) (string, error) {
	p := filepath.Join(dir, deviceFile)
	b, err := os.ReadFile(p)
	if err == nil {
		if id := strings.TrimSpace(string(b)); id != "" {
			return id, nil
		}
	}
	id := uuid.NewString()
	if err := writeFileAtomic(p, []byte(id+"\n")); err != nil {
		return "", errs.Wrap(errs.Internal, err, "write device id")
	}
	return id, nil
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
