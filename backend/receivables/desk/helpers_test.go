package desk

import (
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

func mustStore(tb testing.TB) *store.Store { return storetest.NewAs(tb, "Sam Sales") }

// longCustomer is a German importer we have sold to for years.
func longCustomer(tb testing.TB, st *store.Store, name string) *dossier.Dossier {
	return storetest.EstablishedImporter(tb, st, name, "Sam Sales")
}

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

var now = time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)
