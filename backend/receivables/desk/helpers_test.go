package desk

import (
	"path/filepath"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

func mustStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Create(filepath.Join(tb.TempDir(), "ws"), "correct horse battery",
		store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, store.Options{KDF: storetest.CheapKDF})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func reg(v string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}}
}

// longCustomer is a German importer we have sold to for years.
func longCustomer(tb testing.TB, st *store.Store, name string) *dossier.Dossier {
	tb.Helper()
	d, err := st.CreateDossier(&dossier.Dossier{
		LegalName: reg(name), Country: reg("DE"),
		Website: dossier.Fact{Value: "lumiere-import.de"}, Emails: []dossier.Fact{{Value: "einkauf@lumiere-import.de"}},
		Identifiers:         []dossier.Fact{{Type: "vat", Value: "DE136695976", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}}},
		RegisteredAddress:   reg("Hafenstraße 12, 28217 Bremen"),
		RegistrationDate:    reg("2012-05-12"),
		LegalRepresentative: reg("Claire Roth"),
		Contacts:            []dossier.Contact{{Name: "Jonas Weber", Role: "purchasing"}},
		Soft:                dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance"}},
		References:          []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}},
		BusinessType:        "importer", Segment: "b2b", Status: "active",
	}, "Sam Sales")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

var now = time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)
