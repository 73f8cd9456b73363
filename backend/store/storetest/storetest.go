// Package storetest makes real workspaces for tests of the packages built
// on the store: Badger in a temporary folder, with Argon2id parameters cheap
// enough to create hundreds of them.
package storetest

import (
	"path/filepath"
	"testing"

	"credence/backend/crypt"
	"credence/backend/store"
)

// Passphrase unlocks every workspace made here.
const Passphrase = "correct horse battery"

// CheapKDF keeps tests fast; the real parameters are exercised by the
// store's own tests.
var CheapKDF = &crypt.KDFParams{Time: 1, Memory: 1024, Threads: 1, Salt: []byte("0123456789abcdef")}

// Options opens workspaces with CheapKDF.
func Options() store.Options { return store.Options{KDF: CheapKDF} }

// New creates an open workspace in a temporary folder, closed when the test
// ends. The user is 李雷 of "Ningbo Export Co".
func New(tb testing.TB) *store.Store {
	tb.Helper()
	return NewIn(tb, filepath.Join(tb.TempDir(), "ws"))
}

// NewIn is New in a folder of the caller's choosing (to reopen it later).
func NewIn(tb testing.TB, dir string) *store.Store {
	tb.Helper()
	s, err := store.Create(dir, Passphrase, store.Settings{FirmName: "Ningbo Export Co", UserName: "李雷"}, Options())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
