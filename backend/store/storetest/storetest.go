// Package storetest makes real workspaces for tests of the packages built
// on the store: Badger in a temporary folder, with Argon2id parameters cheap
// enough to create hundreds of them.
package storetest

import (
	"path/filepath"
	"testing"

	"credence/backend/crypt"
	"credence/backend/dossier"
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

// NewAs is New with user as the workspace's user (the first one, admin).
func NewAs(tb testing.TB, user string) *store.Store {
	tb.Helper()
	s, err := store.Create(filepath.Join(tb.TempDir(), "ws"), Passphrase, store.Settings{FirmName: "Ningbo Export Co", UserName: user}, Options())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Registry is a fact verified in the company registry.
func Registry(v string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}}
}

// EstablishedImporter is the same well-documented German importer the
// trade and receivables tests grade: identity verified in the registry, a
// clear inquiry, a prompt supplier reference, created by `by`.
func EstablishedImporter(tb testing.TB, st *store.Store, name, by string) *dossier.Dossier {
	tb.Helper()
	d, err := st.CreateDossier(&dossier.Dossier{
		LegalName: Registry(name), Country: Registry("DE"),
		Website: dossier.Fact{Value: "lumiere-import.de"}, Emails: []dossier.Fact{{Value: "einkauf@lumiere-import.de"}},
		Identifiers:         []dossier.Fact{{Type: "vat", Value: "DE136695976", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}}},
		RegisteredAddress:   Registry("Hafenstraße 12, 28217 Bremen"),
		RegistrationDate:    Registry("2012-05-12"),
		LegalRepresentative: Registry("Claire Roth"),
		Contacts:            []dossier.Contact{{Name: "Jonas Weber", Role: "purchasing"}},
		Soft:                dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance"}},
		References:          []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}},
		BusinessType:        "importer", Segment: "b2b", Status: "active",
	}, by)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
