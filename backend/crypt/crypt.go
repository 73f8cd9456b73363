// Package crypt holds the workspace's key handling: Argon2id turns the
// passphrase into a key-encryption key (KEK) that wraps a random data key,
// and an AEAD (XChaCha20-Poly1305) seals whatever leaves Badger's own
// encryption: attachments, backup streams, later the sync payloads.
package crypt

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// KeySize is the size of the data key and of every derived key (AES-256 in
// Badger, XChaCha20-Poly1305 here).
const KeySize = 32

// KDFParams are the Argon2id parameters stored beside the wrapped key, so a
// workspace keeps opening after the defaults change.
type KDFParams struct {
	Time    uint32 `json:"time"`    // passes over memory
	Memory  uint32 `json:"memory"`  // KiB
	Threads uint8  `json:"threads"` // lanes
	Salt    []byte `json:"salt"`
}

// DefaultParams follows RFC 9106's second recommended option (64 MiB,
// 3 passes) with 2 lanes for our 2-core laptops: about 0.2-0.3 s to unlock,
// which a person does once a session and an attacker must pay per guess.
func DefaultParams() KDFParams {
	return KDFParams{Time: 3, Memory: 64 * 1024, Threads: 2, Salt: Random(16)}
}

// ErrWrongKey is returned when a sealed value does not open: the wrong
// passphrase, or a tampered file.
var ErrWrongKey = errors.New("wrong key or tampered data")

// Random returns n random bytes; it panics only if the OS has no entropy,
// where nothing safe can continue anyway.
func Random(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(fmt.Sprintf("crypt: read random: %v", err))
	}
	return b
}

// DeriveKEK runs Argon2id over the passphrase.
func DeriveKEK(passphrase string, p KDFParams) ([]byte, error) {
	// The bounds also protect against a crafted header (in a backup file)
	// asking for terabytes of memory or hours of work.
	if p.Memory < 8 || p.Memory > 4<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 || len(p.Salt) < 8 || len(p.Salt) > 64 {
		return nil, fmt.Errorf("derive key: unusable argon2 parameters %+v", p)
	}
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.Memory, p.Threads, KeySize), nil
}

// SubKey derives an independent key for one purpose (e.g. "attachments")
// from the data key, so one key never serves two ciphers.
func SubKey(dataKey []byte, purpose string) []byte {
	k := make([]byte, KeySize)
	r := hkdf.New(sha256.New, dataKey, nil, []byte("credence "+purpose))
	if _, err := io.ReadFull(r, k); err != nil {
		panic(fmt.Sprintf("crypt: hkdf: %v", err))
	}
	return k
}

// Seal encrypts and authenticates plaintext under key with additional data
// ad; the output is nonce || ciphertext.
func Seal(key, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	nonce := Random(aead.NonceSize())
	return aead.Seal(nonce, nonce, plaintext, ad), nil
}

// Open reverses Seal. It returns ErrWrongKey when authentication fails.
func Open(key, sealed, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("open sealed: %w", err)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrWrongKey
	}
	n := aead.NonceSize()
	pt, err := aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, ErrWrongKey
	}
	return pt, nil
}

// RandomHex returns n random bytes as hex, for unique test markers and ids.
func RandomHex(n int) string { return fmt.Sprintf("%x", Random(n)) }
