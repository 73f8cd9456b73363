package redflags

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

const dataDir = "../../testdata/sanctions"

var cheapKDF = storetest.CheapKDF

// mustStore makes a workspace in a temp dir.
func mustStore(tb testing.TB) *store.Store { return storetest.New(tb) }

// mustService returns a screening service with the named real lists imported.
func mustService(tb testing.TB, lists ...string) *screening.Service {
	tb.Helper()
	svc := screening.New(mustStore(tb))
	for _, l := range lists {
		p := filepath.Join(dataDir, l)
		if _, err := os.Stat(p); err != nil {
			tb.Fatalf("list data missing from the repository: %v", err)
		}
		if _, err := svc.Import(context.Background(), p, "", "test"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := svc.Warm(); err != nil {
		tb.Fatal(err)
	}
	return svc
}

func find(fs []Flag, code, field string) *Flag {
	for i := range fs {
		if fs[i].Code == code && fs[i].Field == field {
			return &fs[i]
		}
	}
	return nil
}

func checkWellFormed(t testing.TB, fs []Flag) {
	t.Helper()
	for i, f := range fs {
		if f.Code == "" || f.EN == "" || f.ZH == "" || (f.Severity != High && f.Severity != Medium && f.Severity != Low) {
			t.Errorf("malformed flag %+v", f)
		}
		if i > 0 && severityRank[fs[i-1].Severity] > severityRank[f.Severity] {
			t.Errorf("not sorted by severity: %+v", fs)
		}
		if i > 0 && fs[i-1].Severity == f.Severity && fs[i-1].Field > f.Field {
			t.Errorf("not sorted by field: %q before %q", fs[i-1].Field, f.Field)
		}
	}
}

func TestCheck(t *testing.T) {
	d := &dossier.Dossier{
		ID:        "d1",
		LegalName: dossier.Fact{Value: "Teheran Lighting Trading Co", Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05", Value: "Tehran Lamp Industries"}, {Kind: "customer"}}},
		LatinName: dossier.Fact{Value: "Teheran Lighting"},
		Aliases:   []string{"TLT"},
		Country:   dossier.Fact{Value: "IR"},
		Website:   dossier.Fact{Value: "https://www.teheran-lighting.ir"},
		Emails:    []dossier.Fact{{Value: "sales@teheran-lighting.ir"}, {Value: "boss@gmail.com"}, {Value: "info@other-domain.com"}},
		Phones:    []dossier.Fact{{Value: "+98 21 8888 1234"}, {Value: "+86 755 8888 1234"}, {Value: "12"}},
		Identifiers: []dossier.Fact{
			{Type: "uscc", Value: "91110000802100433A"}, // check digit should be B
			{Type: "other", Value: "whatever 123"},
			{Type: "lei", Value: "5493001KJTIIGC8Y1R12"}, // valid
			{Type: "vat", Value: "DE13669597"},           // too short
		},
		RegisteredCapital: dossier.Fact{Value: "1000000", State: dossier.Contradicted},
		Contacts:          []dossier.Contact{{Name: "Ali", Email: "ali@yahoo.com", Phone: "+98 21 8888 1235"}},
		Segment:           "b2b", BusinessType: "importer",
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	r := &screening.Result{DossierID: "d1", Lists: []string{"v1"}, Hits: []screening.Hit{
		{Key: "ofac_sdn:1", List: "ofac_sdn", EntryID: "1", Name: "TEHRAN LAMP", MatchedName: "TEHRAN LAMP", QueryName: "Teheran Lighting", Score: 0.9},
		{Key: "un:2", List: "un", EntryID: "2", Name: "TLT GROUP", MatchedName: "TLT", QueryName: "TLT", Score: 0.88,
			Decisions: []screening.Decision{{Verdict: screening.VerdictFalsePositive, By: "李雷", At: at, Reason: "different company"}}},
		{Key: "un:3", List: "un", EntryID: "3", Name: "TEHERAN LIGHTING TRADING", MatchedName: "TEHERAN LIGHTING TRADING", QueryName: "Teheran Lighting Trading Co", Score: 0.97,
			Decisions: []screening.Decision{
				{Verdict: screening.VerdictFalsePositive, By: "李雷", At: at, Reason: "first look"},
				{Verdict: screening.VerdictTrueMatch, By: "王经理", At: at, Reason: "same address in Tehran"},
			}},
	}}
	fs := Check(d, r)
	checkWellFormed(t, fs)

	for _, tt := range []struct {
		code, field, severity string
		en, zh                string // substrings
	}{
		{CodeIdentifierInvalid, "identifiers[0]", High, "check digit should be B", "校验位"},
		{CodeIdentifierInvalid, "identifiers[3]", Medium, "DE13669597", "无效"},
		{CodeFreeMail, "emails[1]", High, "gmail.com", "免费邮箱"},
		{CodeEmailDomainMismatch, "emails[2]", Medium, "other-domain.com", "不一致"},
		{CodePhoneCountryMismatch, "phones[1]", Medium, "China", "中国"},
		{CodePhoneInvalid, "phones[2]", Medium, "12", "无效"},
		{CodeFreeMail, "contacts[0].email", High, "yahoo.com", "免费邮箱"},
		{CodeFactContradicted, "legal_name", High, `the official registry (2026-01-05) says "Tehran Lamp Industries"`, "官方登记信息（2026-01-05）为“Tehran Lamp Industries”"},
		{CodeFactContradicted, "registered_capital", Medium, "marked contradicted", "矛盾"},
		{CodeSanctionsHit, "latin_name", High, "Possible match, needs a decision", "需要判定"},
		{CodeSanctionsConfirmed, "legal_name", High, "same address in Tehran", "王经理"},
		{CodeHighRiskCountry, "country", Medium, "call for action", "高风险"},
	} {
		f := find(fs, tt.code, tt.field)
		if f == nil {
			t.Errorf("no %s on %s in %+v", tt.code, tt.field, fs)
			continue
		}
		if f.Severity != tt.severity || !strings.Contains(f.EN, tt.en) || !strings.Contains(f.ZH, tt.zh) || f.Compared == "" {
			t.Errorf("%s %s: %+v", tt.code, tt.field, *f)
		}
	}
	// Not flagged: the valid LEI, the "other" identifier, the matching
	// e-mail and phone, the hit decided false positive.
	for _, field := range []string{"identifiers[1]", "identifiers[2]", "emails[0]", "phones[0]", "aliases[0]", "contacts[0].phone"} {
		if i := slices.IndexFunc(fs, func(f Flag) bool { return f.Field == field }); i >= 0 {
			t.Errorf("unexpected flag %+v", fs[i])
		}
	}

	// Not established (a retailer): free mail is low.
	d2 := d.Clone()
	d2.BusinessType = "retailer"
	if f := find(Check(d2, nil), CodeFreeMail, "emails[1]"); f == nil || f.Severity != Low {
		t.Errorf("retailer free mail %+v", f)
	}
	// Never screened: no sanctions flags; screened with no list: say so.
	if fs := Check(d, nil); slices.ContainsFunc(fs, func(f Flag) bool { return strings.HasPrefix(f.Code, "sanctions") }) {
		t.Errorf("sanctions flag without a result")
	}
	if f := find(Check(d, &screening.Result{Lists: []string{}}), CodeSanctionsNotScreened, ""); f == nil || f.Severity != Low {
		t.Errorf("not screened %+v", f)
	}
	// A clean dossier has no flags, and an empty one does not panic.
	clean := &dossier.Dossier{LegalName: dossier.Fact{Value: "Hansa Licht GmbH"}, Country: dossier.Fact{Value: "DE"},
		Website: dossier.Fact{Value: "hansa-licht.de"}, Emails: []dossier.Fact{{Value: "einkauf@hansa-licht.de"}},
		Phones: []dossier.Fact{{Value: "+49 40 1234567"}}, Identifiers: []dossier.Fact{{Type: "vat", Value: "DE136695976"}}}
	if fs := Check(clean, &screening.Result{Lists: []string{"v"}}); len(fs) != 0 {
		t.Errorf("clean dossier: %+v", fs)
	}
	if fs := Check(&dossier.Dossier{}, nil); fs == nil || len(fs) != 0 {
		t.Errorf("empty dossier: %#v", fs)
	}
}

func TestCheckScreenedDossier(t *testing.T) {
	svc := mustService(t, "ofac-sdn", "un-consolidated.xml")
	d := &dossier.Dossier{ID: "x1", LegalName: dossier.Fact{Value: "朝鲜矿业发展贸易公司"}, LatinName: dossier.Fact{Value: "Korea Mining Development Trading Corporation"},
		Country: dossier.Fact{Value: "KP"}}
	r, _, err := svc.ScreenDossier(d)
	if err != nil {
		t.Fatal(err)
	}
	fs := Check(d, &r)
	checkWellFormed(t, fs)
	if f := find(fs, CodeSanctionsHit, "latin_name"); f == nil || !strings.Contains(f.EN, "KOREA MINING DEVELOPMENT TRADING CORPORATION") {
		t.Fatalf("flags %+v", fs)
	}
	if f := find(fs, CodeHighRiskCountry, "country"); f == nil {
		t.Fatalf("no country flag: %+v", fs)
	}
}

func TestQuick(t *testing.T) {
	svc := mustService(t, "ofac-sdn", "un-consolidated.xml")
	fs, hits := Quick(QuickInput{Name: "Korea Mining Development Trading Corp", Country: "North Korea", Email: "komid@163.com", Phone: "+86 755 8888 1234", Website: "komid.kp"}, svc)
	checkWellFormed(t, fs)
	if len(hits) < 2 || hits[0].Score < svc.Threshold() {
		t.Fatalf("hits %+v", hits)
	}
	for _, want := range []struct{ code, field string }{
		{CodeSanctionsHit, "name"}, {CodeHighRiskCountry, "country"}, {CodePhoneCountryMismatch, "phone"}, {CodeFreeMail, "email"},
	} {
		if find(fs, want.code, want.field) == nil {
			t.Errorf("no %s on %s: %+v", want.code, want.field, fs)
		}
	}
	// An ordinary buyer typed as on a business card: nothing.
	fs, hits = Quick(QuickInput{Name: "Hansa Licht GmbH", Country: "de", Email: "einkauf@hansa-licht.de", Phone: "+49 40 1234567", Website: "www.hansa-licht.de"}, svc)
	if len(fs) != 0 || len(hits) != 0 {
		t.Errorf("ordinary buyer: %+v %+v", fs, hits)
	}
	// Half-typed input and no service: contact checks only, no panic.
	fs, hits = Quick(QuickInput{Name: "K", Phone: "+86"}, nil)
	if hits != nil || find(fs, CodePhoneInvalid, "phone") == nil {
		t.Errorf("half typed: %+v", fs)
	}
	// A workspace without lists says the name was not screened.
	fs, _ = Quick(QuickInput{Name: "Korea Mining"}, screening.New(mustStore(t)))
	if find(fs, CodeSanctionsNotScreened, "name") == nil {
		t.Errorf("no lists: %+v", fs)
	}
}

var quickInputs = []QuickInput{
	{Name: "Korea Mining Development Trading Corp", Country: "KP", Email: "komid@163.com", Phone: "+86 755 8888 1234"},
	{Name: "Hansa Licht GmbH", Country: "DE", Email: "einkauf@hansa-licht.de", Phone: "+49 40 1234567", Website: "hansa-licht.de"},
	{Name: "Banco Nacional de Cuba", Country: "CU", Email: "compras@gmail.com", Phone: "+53 7 8888888"},
	{Name: "Al Noor General Trading FZE", Country: "AE", Email: "info@alnoor.ae", Phone: "+971 4 123 4567", Website: "alnoor.ae"},
	{Name: "深圳市光明照明有限公司", Country: "CN", Email: "sales@gm-light.cn", Phone: "0755 8888 1234"},
	{Name: "Minh Phat Lighting Co., Ltd", Country: "Vietnam", Email: "minhphat@yahoo.com", Phone: "+84 28 3822 1234"},
}

// BenchmarkQuick is the quick-capture check on a workspace with OFAC SDN +
// UN, the index already built (budget: a blink, < 5 ms).
func BenchmarkQuick(b *testing.B) {
	svc := mustService(b, "ofac-sdn", "un-consolidated.xml")
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		Quick(quickInputs[i%len(quickInputs)], svc)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds()), "p95-µs")
}

// FuzzQuick feeds arbitrary typing into the quick check: it must never
// panic and every flag must be complete and sorted.
func FuzzQuick(f *testing.F) {
	for _, in := range quickInputs {
		f.Add(in.Name, in.Country, in.Email, in.Phone, in.Website)
	}
	svc := fuzzService(f)
	f.Fuzz(func(t *testing.T, name, country, email, phone, website string) {
		in := QuickInput{name, country, email, phone, website}
		fs, _ := Quick(in, nil)
		checkWellFormed(t, fs)
		if svc != nil {
			fs, hits := Quick(in, svc)
			checkWellFormed(t, fs)
			for _, h := range hits {
				if h.Score < svc.Threshold() || h.Score > 1 {
					t.Errorf("hit score %v", h.Score)
				}
			}
		}
	})
}

// fuzzService screens against the small CSL sample; nil without the data.
func fuzzService(f *testing.F) *screening.Service {
	p := filepath.Join(dataDir, "us-csl-sample.csv")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	st, err := store.Create(filepath.Join(f.TempDir(), "ws"), "correct horse battery", store.Settings{FirmName: "F", UserName: "U"}, store.Options{KDF: cheapKDF})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	svc := screening.New(st)
	if _, err := svc.Import(context.Background(), p, "", "fuzz"); err != nil {
		f.Fatal(err)
	}
	return svc
}
