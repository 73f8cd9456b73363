package workspace

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/store"
)

// A workspace is created, closed and opened again with its passphrase; a
// wrong one opens nothing; Close twice is harmless; the services it holds
// are one of each, the desk assessing through the same credit service.
func TestOpenClose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	w, err := Create(dir, pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := mustDossier(t, w, "Hansa Licht GmbH", "DE")
	if w.Desk.Credit != w.Credit || w.Credit.Evidence == nil {
		t.Fatal("the desk has a credit service of its own, or the evidence hook is not wired")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if _, err := Open(dir, "not the passphrase", testOptions()); !errs.Is(err, errs.Unauthorized) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	w, err = Open(dir, pass, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got, err := w.Store().Dossier(d.ID); err != nil || got.DisplayName() != "Hansa Licht GmbH" {
		t.Fatalf("reopened: %v %v", got, err)
	}
	if w.User() != "Sam Sales" || w.Dir() != dir {
		t.Fatalf("user %q dir %q", w.User(), w.Dir())
	}
}

// A new customer is screened as it is created: a listed name comes back
// with its new hit, and its red flags show the hit without screening again.
func TestCreateThenScreen(t *testing.T) {
	w := mustCreate(t)
	before := mustDossier(t, w, "Hansa Licht GmbH", "DE")
	f, err := w.RedFlags(before.ID)
	if err != nil || f.Result != nil || !hasFlag(f.Flags, redflags.CodeSanctionsNotScreened) {
		t.Fatalf("no list imported: result %v, flags %+v, %v", f.Result, f.Flags, err)
	}
	if _, err := w.Screening.Import(context.Background(), "../../testdata/sanctions/us-csl-sample.csv", "", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	s, err := w.CreateDossier(dossierOf("200G PSA HOLDINGS LLC", "US"), "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Screened || len(s.NewHits) == 0 || s.Dossier.Owner != "Sam Sales" {
		t.Fatalf("create-then-screen: screened %v, %d new hits, owner %q", s.Screened, len(s.NewHits), s.Dossier.Owner)
	}
	f, err = w.RedFlags(s.Dossier.ID)
	if err != nil || f.Result == nil || len(f.NewHits) != 0 || !hasFlag(f.Flags, redflags.CodeSanctionsHit) {
		t.Fatalf("flags of the listed customer: %+v new %d, %v", f.Flags, len(f.NewHits), err)
	}
	// The customer created before the list: screened on the first look at
	// its flags (never screened with a list), then not again.
	f, err = w.RedFlags(before.ID)
	if err != nil || f.Result == nil || len(f.Result.Lists) == 0 || hasFlag(f.Flags, redflags.CodeSanctionsNotScreened) {
		t.Fatalf("older customer: %+v, %v", f.Result, err)
	}
	at := f.Result.ScreenedAt
	if f, _ = w.RedFlags(before.ID); !f.Result.ScreenedAt.Equal(at) {
		t.Fatal("screened again although nothing changed")
	}
	// A rename that leaves the names alone does not screen; one that
	// changes them does.
	d := *s.Dossier
	d.Notes = "met at the Canton fair"
	if again, err := w.SaveDossier(&d, "Sam Sales"); err != nil || again.Screened {
		t.Fatalf("a note screened the dossier: %v", err)
	}
}

// The assessment sees every evidence source: the signed visit and the
// customs records of the dossier count in it, from the one hook.
func TestAssessWithEveryEvidence(t *testing.T) {
	w := mustCreate(t)
	d := mustDossier(t, w, "Lumiere Import GmbH", "DE")
	plain, err := w.Evaluate(d.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	importCustoms(t, w, d.ID, "LUMIERE IMPORT GMBH", 24, 20)
	signVisit(t, w, d.ID, "2026-03-12")
	snap, err := w.Assess(d.ID, "Sam Sales", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{assess.DimVisit, assess.DimTrade} {
		if dim := dimension(snap.Assessment, key); dim == nil || dim.Missing {
			t.Errorf("%s missing from the assessment: %+v", key, dim)
		}
		if dim := dimension(plain.Assessment, key); dim == nil || !dim.Missing {
			t.Errorf("%s present before any evidence: %+v", key, dim)
		}
	}
	v, n, err := w.LatestSignedVisit(d.ID)
	if err != nil || v == nil || n != 1 || v.Score.Total == 0 {
		t.Fatalf("latest signed visit: %+v of %d, %v", v, n, err)
	}
}

func hasFlag(fs []redflags.Flag, code string) bool {
	return slices.ContainsFunc(fs, func(f redflags.Flag) bool { return f.Code == code })
}

func dimension(a assess.Assessment, key string) *assess.Dimension {
	for i := range a.Dimensions {
		if a.Dimensions[i].Key == key {
			return &a.Dimensions[i]
		}
	}
	return nil
}

// Customers an import created are screened by the workspace's one
// screening service, with progress; a cancelled run says how far it got.
func TestScreenDossiers(t *testing.T) {
	w := mustCreate(t)
	if _, err := w.Screening.Import(context.Background(), "../../testdata/sanctions/us-csl-sample.csv", "", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"Hansa Licht GmbH", "200G PSA HOLDINGS LLC"} {
		d, err := w.Store().CreateDossier(dossierOf(name, "US"), "Sam Sales") // as an import writes them: unscreened
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n, err := w.ScreenDossiers(ctx, ids, nil); n != 0 || err == nil {
		t.Fatalf("cancelled: %d hits, %v", n, err)
	} else if e, ok := errs.As(err); !ok || e.Key != "err.screenStopped" {
		t.Fatalf("cancelled: %v", err)
	}
	var done []int
	n, err := w.ScreenDossiers(context.Background(), ids, func(d, total int) { done = append(done, d) })
	if err != nil || n == 0 || !slices.Equal(done, []int{1, 2}) {
		t.Fatalf("%d hits, progress %v, %v", n, done, err)
	}
	if r, err := w.Screening.Result(ids[1]); err != nil || len(r.Hits) == 0 {
		t.Fatalf("the listed customer's result: %+v %v", r, err)
	}
}
