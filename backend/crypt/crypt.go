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

// Bounds on Argon2id parameters read from a file. A crafted header (in a
// backup, or a workspace copied from elsewhere) must not make us allocate
// gigabytes or spend minutes before the passphrase is even tried: at most
// 256 MiB, and at most four times the default work (memory x passes).
const (
	MaxKDFMemory  = 256 * 1024 // KiB
	MaxKDFTime    = 12
	MaxKDFThreads = 16
	maxKDFWork    = 4 * 64 * 1024 * 3 // KiB x passes: four times DefaultParams
)

// ErrKDFParams says a file asks for Argon2id parameters outside the bounds.
var ErrKDFParams = errors.New("unusable key-derivation parameters")

// Check refuses parameters outside the bounds, before any work is done.
func (p KDFParams) Check() error {
	if p.Memory < 8 || p.Memory > MaxKDFMemory || p.Time < 1 || p.Time > MaxKDFTime ||
		p.Threads < 1 || p.Threads > MaxKDFThreads || len(p.Salt) < 8 || len(p.Salt) > 64 ||
		uint64(p.Memory)*uint64(p.Time) > maxKDFWork {
		return fmt.Errorf("%w: time %d, memory %d KiB, threads %d, salt %d bytes", ErrKDFParams, p.Time, p.Memory, p.Threads, len(p.Salt))
	}
	return nil
}

// DeriveKEK runs Argon2id over the passphrase, after checking the
// parameters (see Check).
func DeriveKEK(passphrase string, p KDFParams) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
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
