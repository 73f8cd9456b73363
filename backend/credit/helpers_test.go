package credit

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

var cheapKDF = storetest.CheapKDF

var testNow = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

// mustService opens a fresh workspace on real Badger with a fixed clock;
// "Admin Ann" is its first user (admin), "Maria Manager" a credit manager
// and "Sam Sales" a salesperson.
func mustService(tb testing.TB) (*Service, *store.Store) {
	tb.Helper()
	st, err := store.Create(filepath.Join(tb.TempDir(), "ws"), testPass,
		store.Settings{FirmName: "Ningbo Export Co", UserName: "Admin Ann"}, store.Options{KDF: cheapKDF})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	s := New(st)
	s.Now = func() time.Time { return testNow }
	if u, err := s.Me(); err != nil || u.Role != RoleAdmin || u.Name != "Admin Ann" {
		tb.Fatalf("first user: %+v %v", u, err)
	}
	if _, err := st.AddPerson("Maria Manager", RoleCreditManager, testPass); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AddPerson("Sam Sales", RoleSales, testPass); err != nil {
		tb.Fatal(err)
	}
	return s, st
}

// testPass unlocks every person of mustService's workspace.
const testPass = "correct horse battery"

// as unlocks the workspace as name (their own passphrase), as when they
// sit down at the machine; the service then acts as them.
func (s *Service) as(name string) *Service {
	if err := s.st.SwitchPerson(name, testPass); err != nil {
		panic(fmt.Sprintf("unlock as %s: %v", name, err))
	}
	return s
}

func mustCreate(tb testing.TB, st *store.Store, d *dossier.Dossier) *dossier.Dossier {
	tb.Helper()
	got, err := st.CreateDossier(d, "Sam Sales")
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func verified(v, kind string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Verified, Sources: []dossier.Source{{Kind: kind, Date: "2026-02-10"}}}
}

// solidEuropean is a German distributor we have sold to for years:
// verified at the registry, a good credit report, an insurance limit.
func solidEuropean() *dossier.Dossier {
	return &dossier.Dossier{
		LegalName:           verified("Müller Industriebedarf GmbH", "registry"),
		Country:             verified("DE", "registry"),
		RegisteredAddress:   verified("Hafenstraße 12, 28217 Bremen", "registry"),
		RegistrationDate:    verified("2004-05-12", "registry"),
		RegisteredCapital:   verified("250000", "registry"),
		CapitalCurrency:     "EUR",
		LegalRepresentative: verified("Katrin Müller", "registry"),
		Website:             verified("https://www.mueller-industriebedarf.de", "website"),
		Emails:              []dossier.Fact{{Value: "einkauf@mueller-industriebedarf.de"}},
		Phones:              []dossier.Fact{{Value: "+49 421 555 0120"}},
		Identifiers: []dossier.Fact{
			{Type: "lei", Value: "529900T8BM49AURSDO55", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry"}}},
		},
		Segment: "b2b", BusinessType: "distributor", Status: "active", KeyAccount: true,
		Contacts: []dossier.Contact{{Name: "Jonas Weber", Role: "purchasing"}, {Name: "Petra Vogel", Role: "finance"}},
		CreditReports: []dossier.CreditReport{
			{Agency: "D&B", Date: "2025-11-20", Score: 82, ScaleMin: 1, ScaleMax: 100, Rating: "5A1", RecommendedLimit: 150000, Currency: "USD"},
		},
		Banks:           []dossier.Bank{{Name: "Deutsche Bank", Rating: "A-"}},
		References:      []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}},
		InsuranceLimits: []dossier.InsuranceLimit{{Insurer: "Allianz Trade", Amount: 120000, Currency: "USD", Expiry: "2026-12-31"}},
		Soft:            dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance"}},
		Expected:        dossier.Expected{AnnualVolume: 900000, Currency: "USD", RequestedTerms: "oa_60"},
	}
}

// gmailTrader is a new Middle East trading company with only a Gmail address.
func gmailTrader() *dossier.Dossier {
	return &dossier.Dossier{
		LatinName: dossier.Fact{Value: "Gulf Star General Trading"},
		Country:   dossier.Fact{Value: "AE"},
		Emails:    []dossier.Fact{{Value: "gulfstar.trading@gmail.com"}},
		Segment:   "b2b", BusinessType: "trading", Status: "new",
	}
}

func wantCode(tb testing.TB, err error, code, key string) {
	tb.Helper()
	if errs.Code(err) != code {
		tb.Fatalf("error %v: code %q, want %q", err, errs.Code(err), code)
	}
	if key != "" {
		if e, _ := errs.As(err); e.Key != key {
			tb.Fatalf("error %v: key %q, want %q", err, e.Key, key)
		}
	}
}
