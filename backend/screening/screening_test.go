package screening

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/gen"
	"credence/backend/sanctions"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

const dataDir = "../../testdata/sanctions"

var cheapKDF = storetest.CheapKDF

// mustStore makes a workspace in a temp dir.
func mustStore(tb testing.TB) *store.Store { return storetest.New(tb) }

// data returns the path of a real list, skipping when it is absent.
func data(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(dataDir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("list data missing from the repository: %v", err)
	}
	return p
}

// mustImport imports the real OFAC SDN and UN lists.
func mustImport(tb testing.TB, svc *Service) []ListVersion {
	tb.Helper()
	var out []ListVersion
	for _, p := range []string{data(tb, "ofac-sdn"), data(tb, "un-consolidated.xml")} {
		v, err := svc.Import(context.Background(), p, "", "王芳")
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func mustCreate(tb testing.TB, st *store.Store, d *dossier.Dossier) *dossier.Dossier {
	tb.Helper()
	got, err := st.CreateDossier(d, "李雷")
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func cuban() *dossier.Dossier {
	return &dossier.Dossier{
		LegalName: dossier.Fact{Value: "Banco Nacional de Cuba"},
		Country:   dossier.Fact{Value: "CU"},
		Segment:   "b2b", BusinessType: "importer",
	}
}

func TestImportScreenDecide(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	vs := mustImport(t, svc)
	if vs[0].Source != sanctions.SourceOFAC || vs[0].Entries < 8000 || vs[0].File != "add.csv, alt.csv, sdn.csv" || vs[0].ImportedBy != "王芳" {
		t.Fatalf("OFAC version %+v", vs[0])
	}
	if vs[1].Source != sanctions.SourceUN || vs[1].Entries < 900 || vs[1].Published.IsZero() || vs[1].File != "un-consolidated.xml" {
		t.Fatalf("UN version %+v", vs[1])
	}
	lists, err := svc.Lists()
	if err != nil || len(lists) != 2 || lists[0].ID != vs[0].ID || lists[1].ID != vs[1].ID {
		t.Fatalf("lists %+v %v", lists, err)
	}

	d := mustCreate(t, st, cuban())
	r, fresh, err := svc.ScreenDossier(d)
	if err != nil {
		t.Fatal(err)
	}
	const key = "ofac_sdn:306"
	if len(r.Hits) == 0 || r.Hits[0].Key != key || r.Hits[0].Name != "BANCO NACIONAL DE CUBA" || r.Hits[0].Score < 0.85 {
		t.Fatalf("hits %+v", r.Hits)
	}
	if h := r.Hits[0]; len(h.Programs) == 0 || len(h.Countries) == 0 || h.Kind != "entity" || h.FirstSeen.IsZero() || h.Current() != nil {
		t.Fatalf("hit details %+v", h)
	}
	if len(fresh) != len(r.Hits) || !slices.Equal(r.Lists, []string{vs[0].ID, vs[1].ID}) {
		t.Fatalf("fresh %d of %d, lists %v", len(fresh), len(r.Hits), r.Lists)
	}
	alerts, _ := svc.Alerts(false)
	if len(alerts) != len(fresh) || alerts[0].DossierID != d.ID || alerts[0].Severity != "high" || alerts[0].Name != "Banco Nacional de Cuba" ||
		!strings.Contains(alerts[0].EN, "BANCO NACIONAL DE CUBA") || !strings.Contains(alerts[0].ZH, "疑似制裁") {
		t.Fatalf("alerts %+v", alerts)
	}

	// Decisions need a known verdict and a reason.
	for _, tt := range []struct{ verdict, reason, code string }{
		{"maybe", "x", errs.Invalid},
		{VerdictFalsePositive, "  ", errs.Invalid},
		{VerdictTrueMatch, "", errs.Invalid},
	} {
		if _, err := svc.Decide(d.ID, key, tt.verdict, tt.reason, "李雷"); errs.Code(err) != tt.code {
			t.Errorf("decide %q %q: %v", tt.verdict, tt.reason, err)
		}
	}
	if _, err := svc.Decide(d.ID, "ofac_sdn:nope", VerdictFalsePositive, "x", "李雷"); errs.Code(err) != errs.NotFound {
		t.Errorf("unknown hit: %v", err)
	}
	if _, err := svc.Decide("no-such-dossier", key, VerdictFalsePositive, "x", "李雷"); errs.Code(err) != errs.NotFound {
		t.Errorf("unknown dossier: %v", err)
	}
	const why = "our buyer is a lighting shop in Havana, not the central bank"
	r, err = svc.Decide(d.ID, key, VerdictFalsePositive, why, "李雷")
	if err != nil {
		t.Fatal(err)
	}
	first := r.Hits[0].FirstSeen
	if c := r.Hits[0].Current(); c == nil || c.Verdict != VerdictFalsePositive || c.By != "李雷" || c.Reason != why {
		t.Fatalf("decision %+v", r.Hits[0])
	}

	kept := func(stage string) {
		t.Helper()
		r, err := svc.Result(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(r.Hits, func(h Hit) bool { return h.Key == key })
		if i < 0 || r.Hits[i].Current() == nil || r.Hits[i].Current().Reason != why || !r.Hits[i].FirstSeen.Equal(first) {
			t.Fatalf("%s: decision lost: %+v", stage, r.Hits)
		}
	}
	// Re-screen: no new hits, decision kept.
	if _, fresh, err = svc.ScreenDossier(d); err != nil || len(fresh) != 0 {
		t.Fatalf("re-screen: %d new, %v", len(fresh), err)
	}
	kept("re-screen")

	// A second import of OFAC: a new version, the old one in the history,
	// the result outdated; re-screening keeps the decision.
	v2, err := svc.Import(context.Background(), data(t, "ofac-sdn/sdn.csv"), sanctions.SourceOFAC, "")
	if err != nil {
		t.Fatal(err)
	}
	if v2.ImportedBy != "李雷" || v2.File != "add.csv, alt.csv, sdn.csv" {
		t.Errorf("second import %+v", v2)
	}
	hist, _ := svc.History()
	if len(hist) != 3 || hist[0].ID != v2.ID {
		t.Fatalf("history %+v", hist)
	}
	if kept, err := svc.hasBody(vs[0].ID); !kept || err != nil {
		t.Errorf("old list data not kept for a rollback: %v", err)
	}
	r, _ = svc.Result(d.ID)
	if out, err := svc.Outdated(r); err != nil || !out {
		t.Fatalf("outdated after import: %v %v", out, err)
	}
	if r, fresh, err = svc.ScreenDossier(d); err != nil || len(fresh) != 0 || !slices.Contains(r.Lists, v2.ID) {
		t.Fatalf("after import: %d new, %v, lists %v", len(fresh), err, r.Lists)
	}
	if out, _ := svc.Outdated(r); out {
		t.Fatal("fresh result outdated")
	}
	kept("second import")
	// A fresh service (the app restarted) sees the same.
	svc = New(st)
	kept("restart")

	// A new alias that matches another entry: a new hit, a new alert.
	d2 := d.Clone()
	d2.Aliases = []string{"Korea Mining Development Trading Corp"}
	if !svc.NeedsScreening(d, d2) {
		t.Fatal("alias change needs screening")
	}
	n0, _ := svc.Alerts(true)
	_, fresh, err = svc.ScreenDossier(d2)
	if err != nil || len(fresh) == 0 || !slices.ContainsFunc(fresh, func(h Hit) bool { return h.Key == "ofac_sdn:9345" }) {
		t.Fatalf("alias hit: %+v %v", fresh, err)
	}
	n1, _ := svc.Alerts(true)
	if len(n1) != len(n0)+len(fresh) || n1[0].HitKey == key {
		t.Fatalf("alerts %d -> %d for %d new", len(n0), len(n1), len(fresh))
	}
	openBefore := 0
	for _, a := range n1 {
		if !a.Acked && a.HitKey == key {
			t.Errorf("the alert of the decided hit %s is still open", key)
		}
		if !a.Acked {
			openBefore++
		}
	}
	// An undecided hit stays on the board until someone decides it.
	if err := svc.AckAlert(n1[0].ID, "李雷"); errs.Code(err) != errs.Conflict {
		t.Fatalf("ack of an undecided hit: %v", err)
	}
	if _, err := svc.Decide(d.ID, n1[0].HitKey, VerdictFalsePositive, "another company", "李雷"); err != nil {
		t.Fatal(err)
	}
	if open, _ := svc.Alerts(false); len(open) != openBefore-1 {
		t.Fatalf("after the decision %d open of %d", len(open), openBefore)
	}
	if err := svc.AckAlert(n1[0].ID, "李雷"); err != nil {
		t.Fatalf("ack of a decided hit's alert: %v", err)
	}
	if err := svc.AckAlert("nope", "x"); errs.Code(err) != errs.NotFound {
		t.Fatalf("ack unknown: %v", err)
	}
}

func TestImportBadFile(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	dir := t.TempDir()
	bad := filepath.Join(dir, "holiday-photos.csv")
	os.WriteFile(bad, []byte("this,is\nnot,a list\n"), 0o600)
	for _, tt := range []struct{ path, format, want string }{
		{bad, "", "holiday-photos.csv"},
		{filepath.Join(dir, "missing.xml"), "", "missing.xml"},
		{bad, "klingon", "holiday-photos.csv"},
		{bad, sanctions.SourceUN, "holiday-photos.csv"},
	} {
		_, err := svc.Import(context.Background(), tt.path, tt.format, "u")
		if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: %v", tt.path, tt.format, err)
		}
	}
	if h, _ := svc.History(); len(h) != 0 {
		t.Fatalf("bad import stored %+v", h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.Import(ctx, data(t, "un-consolidated.xml"), "", "u"); errs.Code(err) != errs.Invalid {
		t.Fatalf("cancelled import: %v", err)
	} else if e, _ := errs.As(err); e.Key != "err.cancelled" {
		t.Fatalf("cancelled key %q", e.Key)
	}
}

func TestNoLists(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	d := mustCreate(t, st, cuban())
	r, fresh, err := svc.ScreenDossier(d)
	if err != nil || len(r.Lists) != 0 || len(r.Hits) != 0 || fresh != nil {
		t.Fatalf("%+v %v %v", r, fresh, err)
	}
	if _, err := svc.ScreenName(sanctions.Query{Name: "Banco Nacional de Cuba"}, false); errs.Code(err) != errs.NotFound {
		t.Fatalf("screen name: %v", err)
	}
	if _, err := svc.Result("other"); errs.Code(err) != errs.NotFound {
		t.Fatalf("result: %v", err)
	}
	if l, err := svc.Lists(); err != nil || len(l) != 0 {
		t.Fatalf("lists %v %v", l, err)
	}
}

func TestThreshold(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	if th := svc.Threshold(); th != DefaultThreshold {
		t.Fatalf("default %v", th)
	}
	for _, bad := range []float64{0.49, 1.01, -1} {
		if err := svc.SetThreshold(bad); errs.Code(err) != errs.Invalid {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if err := svc.SetThreshold(0.9); err != nil {
		t.Fatal(err)
	}
	if th := New(st).Threshold(); th != 0.9 {
		t.Fatalf("stored %v", th)
	}
}

func TestScreenNameAll(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	mustImport(t, svc)
	if err := svc.Warm(); err != nil {
		t.Fatal(err)
	}
	hits, err := svc.ScreenName(sanctions.Query{Name: "Korea Mining Development Trading Corp", Country: "KP"}, false)
	if err != nil || len(hits) < 2 {
		t.Fatalf("%+v %v", hits, err)
	}
	var lists []string
	for _, h := range hits {
		if h.Score < DefaultThreshold {
			t.Errorf("below threshold: %+v", h)
		}
		lists = append(lists, h.List+":"+h.EntryID)
	}
	if !slices.Contains(lists, "ofac_sdn:9345") || !slices.Contains(lists, "un:690735") {
		t.Fatalf("hits %v", lists)
	}
	all, _ := svc.ScreenName(sanctions.Query{Name: "Korea Mining Development Trading Corp", Country: "KP"}, true)
	if len(all) <= len(hits) || all[len(all)-1].Score < 0.5 {
		t.Fatalf("all: %d vs %d", len(all), len(hits))
	}
	// An ordinary buyer does not match.
	if hits, _ := svc.ScreenName(sanctions.Query{Name: "Hamburg Nordlicht Lighting GmbH", Country: "DE"}, false); len(hits) != 0 {
		t.Fatalf("ordinary name hit: %+v", hits)
	}
}

func TestNeedsScreening(t *testing.T) {
	svc := New(nil)
	a := cuban()
	b := a.Clone()
	b.Notes, b.Status = "met at Canton Fair", "active"
	if svc.NeedsScreening(a, b) {
		t.Error("notes need no screening")
	}
	if !svc.NeedsScreening(nil, a) {
		t.Error("new dossier needs screening")
	}
	for name, edit := range map[string]func(d *dossier.Dossier){
		"legal name": func(d *dossier.Dossier) { d.LegalName.Value = "Banco de Cuba" },
		"latin name": func(d *dossier.Dossier) { d.LatinName.Value = "BNC" },
		"alias":      func(d *dossier.Dossier) { d.Aliases = []string{"BNC"} },
		"country":    func(d *dossier.Dossier) { d.Country.Value = "ES" },
	} {
		c := a.Clone()
		edit(c)
		if !svc.NeedsScreening(a, c) {
			t.Errorf("%s change needs screening", name)
		}
	}
}

func TestRescreenAllCancelAndResume(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	book := gen.Dossiers(600, 7)
	listed := []string{"Banco Nacional de Cuba", "Korea Mining Development Trading Corporation", "Aerocaribbean Airlines"}
	for i, n := range listed {
		book[i*200].LatinName.Value = n
	}
	if _, err := st.CreateDossiers(book, "gen", nil); err != nil {
		t.Fatal(err)
	}
	archived := st.Search(searchAll()).Rows[0].ID
	if _, err := st.SetArchived(archived, true, "u"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, svc)

	ctx, cancel := context.WithCancel(context.Background())
	var calls []int
	_, err := svc.RescreenAll(ctx, func(done, total int) {
		calls = append(calls, done)
		if total != 600 {
			t.Errorf("total %d, want 600 (the archived customer read and left out)", total)
		}
		if done >= 100 {
			cancel()
		}
	})
	if e, ok := errs.As(err); !ok || e.Key != "err.cancelled" {
		t.Fatalf("cancel: %v", err)
	}
	screened := countResults(t, st)
	if screened < 100 || screened >= 599 {
		t.Fatalf("after cancel %d screened", screened)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i]-calls[i-1] > progressEvery && calls[i] != 600 {
			t.Errorf("progress steps %v", calls)
		}
	}

	var mu sync.Mutex
	last := 0
	n, err := svc.RescreenAll(context.Background(), func(done, total int) { mu.Lock(); last = done; mu.Unlock() })
	if err != nil {
		t.Fatal(err)
	}
	if last != 600 || countResults(t, st) != 599 {
		t.Fatalf("progress ended at %d; %d results", last, countResults(t, st))
	}
	alerts, _ := svc.Alerts(true)
	if len(alerts) < 3 {
		t.Fatalf("%d alerts for %d new hits", len(alerts), n)
	}
	// Nothing changed: nothing new.
	if n, err := svc.RescreenAll(context.Background(), nil); err != nil || n != 0 {
		t.Fatalf("second run: %d new, %v", n, err)
	}
	if again, _ := svc.Alerts(true); len(again) != len(alerts) {
		t.Fatalf("alerts %d -> %d", len(alerts), len(again))
	}
	if _, err := svc.Result(archived); errs.Code(err) != errs.NotFound {
		t.Fatalf("archived dossier screened: %v", err)
	}
}

func countResults(t *testing.T, st *store.Store) int {
	t.Helper()
	n := 0
	if err := st.ScanRecords(kindResult, "", func(id string, _ []byte) error {
		if id != bookKey {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestListEncodingRoundTrip(t *testing.T) {
	l, err := sanctions.Load(data(t, "un-consolidated.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeList(l)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeList(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != l.Source || !got.Date.Equal(l.Date) || len(got.Entries) != len(l.Entries) {
		t.Fatalf("round trip: %s %v %d", got.Source, got.Date, len(got.Entries))
	}
	for i := range l.Entries {
		a, b := l.Entries[i], got.Entries[i]
		if a.List != b.List || a.ID != b.ID || a.Name != b.Name || !slices.Equal(a.Aliases, b.Aliases) || a.Kind != b.Kind ||
			!slices.Equal(a.Programs, b.Programs) || !slices.Equal(a.Countries, b.Countries) || !slices.Equal(a.BirthDates, b.BirthDates) || a.Remarks != b.Remarks {
			t.Fatalf("entry %d: %+v != %+v", i, a, b)
		}
	}
}

func searchAll() search.Query { return search.Query{Limit: 1 << 30} }

// A decision taken while the whole book is being re-screened is not lost.
func TestDecideDuringRescreen(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	mustImport(t, svc)
	if _, err := st.CreateDossiers(gen.Dossiers(300, 5), "gen", nil); err != nil {
		t.Fatal(err)
	}
	d := mustCreate(t, st, cuban())
	if _, _, err := svc.ScreenDossier(d); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
				t.Error(err)
			}
		}()
	}
	for i := range 5 {
		if _, err := svc.Decide(d.ID, "ofac_sdn:306", VerdictFalsePositive, "round "+string(rune('a'+i)), "李雷"); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	r, err := svc.Result(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(r.Hits, func(h Hit) bool { return h.Key == "ofac_sdn:306" })
	if i < 0 || len(r.Hits[i].Decisions) != 5 || r.Hits[i].Current().Reason != "round e" {
		t.Fatalf("decisions %+v", r.Hits)
	}
}

// TestRescreenAllWithoutTheIndex: a re-screen in a workspace whose search
// index was never built (the CLI's list import) screens every current
// customer from the database's keys, leaves the archived one out and does
// not build the index.
func TestRescreenAllWithoutTheIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	st := storetest.NewIn(t, dir)
	book := gen.Dossiers(60, 3)
	book[10].LatinName.Value = "Banco Nacional de Cuba"
	made, err := st.CreateDossiers(book, "gen", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetArchived(made[0].ID, true, "u"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, New(st))
	st.Close()

	st, err = store.Open(dir, storetest.Passphrase, storetest.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := New(st)
	last, total := 0, 0
	if _, err := svc.RescreenAll(context.Background(), func(d, n int) { last, total = d, n }); err != nil {
		t.Fatal(err)
	}
	if st.IndexReady() {
		t.Error("the re-screen built the search index")
	}
	if last != total || total != 60 {
		t.Errorf("progress ended at %d of %d, want 60 of 60 (archived read and skipped)", last, total)
	}
	var r Result
	if err := st.GetRecord(kindResult, made[10].ID, &r); err != nil || len(r.Hits) == 0 {
		t.Errorf("the listed customer: %+v, %v", r, err)
	}
	if n := countResults(t, st); n != 59 {
		t.Errorf("%d results, want 59 (the archived customer left out)", n)
	}
}
