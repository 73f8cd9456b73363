package syncproto

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// KeySize is the size of a workspace key.
const KeySize = chacha20poly1305.KeySize

// ErrOpen is returned by Open for any ciphertext that does not authenticate:
// tampered bytes, a wrong key, or associated data that does not match.
var ErrOpen = errors.New("sealed data does not authenticate")

// Seal encrypts plaintext with XChaCha20-Poly1305 under key, binding aad.
// The result is nonce || ciphertext; the random 24-byte nonce makes reuse
// of a key across devices safe.
func Seal(key, aad, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	out := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	return aead.Seal(out, out, plaintext, aad), nil
}

// Open reverses Seal. It returns ErrOpen when the data or aad were changed.
func Open(key, aad, sealed []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	n := aead.NonceSize()
	pt, err := aead.Open(nil, sealed[:n], sealed[n:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// ChangeAAD builds the associated data of a sealed change. It binds the
// change to its workspace, record kind, entity id, field and change id, so
// the server (or anyone) cannot move a sealed value to another record or
// field, or replay it under another change id, without Open failing.
func ChangeAAD(workspace, kind, entity, field, changeID string) []byte {
	return frame("credence-change-v1", workspace, kind, entity, field, changeID)
}

// BlobAAD builds the associated data of a sealed blob (an attachment or a
// photo); ref is the device's own id for the blob (the hash names the
// sealed bytes, so it cannot be inside them).
func BlobAAD(workspace, ref string) []byte {
	return frame("credence-blob-v1", workspace, ref)
}

// frame length-prefixes each part so that no two lists of parts encode the
// same bytes ("a","bc" differs from "ab","c").
func frame(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += 4 + len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}
