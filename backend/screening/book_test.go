package screening

import (
	"bytes"
	"context"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"credence/backend/errs"
	"credence/backend/gen"
)

// TestRescreenWritesOnlyChanges: after a list changes, a whole-book
// re-screen leaves the record of a customer without hits untouched, yet
// that customer shows as screened against the current lists at the
// re-screen's date; a customer whose hits changed gets a new record and its
// alert; an archived customer keeps the lists it was really screened
// against; a re-screen that does not finish vouches for nobody.
func TestRescreenWritesOnlyChanges(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	svc.now = func() time.Time { return clock }
	made, err := st.CreateDossiers(gen.Dossiers(30, 11), "gen", nil)
	if err != nil {
		t.Fatal(err)
	}
	quiet, renamed, shelved := made[0], made[1], made[2]
	cuba := mustCreate(t, st, cuban())
	mustImport(t, svc)
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	first, err := svc.Result(quiet.ID)
	if err != nil || len(first.Hits) != 0 || len(first.Lists) != 2 {
		t.Fatalf("first screening of a customer without hits: %+v, %v", first, err)
	}
	quietRaw := raw(t, svc, quiet.ID)
	cubaRaw := raw(t, svc, cuba.ID)

	// A list is added, one customer takes a listed name (saved without
	// screening: the re-screen must find it), one is archived.
	clock = clock.Add(24 * time.Hour)
	if _, err := svc.Import(context.Background(), data(t, "us-csl-sample.csv"), "", "王芳"); err != nil {
		t.Fatal(err)
	}
	renamed.LatinName.Value = "Banco Nacional de Cuba"
	if _, err := st.SaveDossier(renamed, "李雷"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetArchived(shelved.ID, true, "李雷"); err != nil {
		t.Fatal(err)
	}

	// A re-screen cancelled at once vouches for nobody. The customers its
	// workers had already screened keep their results: the renamed one's
	// new hit may be found and counted here rather than in the next run.
	ctx, cancel := context.WithCancel(context.Background())
	early, err := svc.RescreenAll(ctx, func(done, _ int) { cancel() })
	if errs.Code(err) != errs.Invalid {
		t.Fatalf("cancelled re-screen: %v", err)
	}
	if r, _ := svc.Result(quiet.ID); len(r.Lists) != 2 || !r.ScreenedAt.Equal(first.ScreenedAt) {
		t.Fatalf("after a cancelled re-screen the customer shows %+v", r)
	}

	clock = clock.Add(time.Hour)
	n, err := svc.RescreenAll(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	current, _ := svc.snapshot()

	// No hits before, none now: not written, shown as screened today
	// against the three lists.
	if !bytes.Equal(raw(t, svc, quiet.ID), quietRaw) {
		t.Error("the record of a customer without hits was rewritten")
	}
	r, err := svc.Result(quiet.ID)
	if err != nil || !slices.Equal(r.Lists, current.ids) || len(current.ids) != 3 || !r.ScreenedAt.Equal(clock) || len(r.Hits) != 0 {
		t.Fatalf("customer without hits shows %+v (%v), want lists %v at %v", r, err, current.ids, clock)
	}
	if stale, err := svc.Outdated(r); err != nil || stale {
		t.Errorf("customer without hits outdated: %v %v", stale, err)
	}
	// The same hits as before: not written either, but the hits are kept.
	if !bytes.Equal(raw(t, svc, cuba.ID), cubaRaw) {
		t.Error("the record of a customer with the same hits was rewritten")
	}
	if r, _ := svc.Result(cuba.ID); len(r.Hits) == 0 || !slices.Equal(r.Lists, current.ids) {
		t.Errorf("customer with unchanged hits shows %+v", r)
	}

	// A new hit: written, counted and alerted.
	r, err = svc.Result(renamed.ID)
	if err != nil || len(r.Hits) == 0 || !r.ScreenedAt.Equal(clock) || !slices.Equal(r.Lists, current.ids) {
		t.Fatalf("renamed customer: %+v, %v", r, err)
	}
	var own storedResult
	if err := st.GetRecord(kindResult, renamed.ID, &own); err != nil || len(own.Hits) == 0 {
		t.Fatalf("the changed result was not written: %+v, %v", own, err)
	}
	alerts, _ := svc.Alerts(false)
	alerted := slices.ContainsFunc(alerts, func(a Alert) bool { return a.DossierID == renamed.ID && a.HitKey == r.Hits[0].Key })
	if early+n == 0 || !alerted {
		t.Errorf("%d+%d new hits; alert for the renamed customer: %v", early, n, alerted)
	}

	// Archived: left out, so still shown against the two lists of before.
	r, err = svc.Result(shelved.ID)
	if err != nil || len(r.Lists) != 2 || !r.ScreenedAt.Equal(first.ScreenedAt) {
		t.Fatalf("archived customer shows %+v, %v", r, err)
	}
	if stale, _ := svc.Outdated(r); !stale {
		t.Error("the archived customer is not outdated")
	}
	// And stays so through the next re-screen, unless it comes back.
	clock = clock.Add(time.Hour)
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if r, _ := svc.Result(shelved.ID); len(r.Lists) != 2 {
		t.Fatalf("archived customer after a second re-screen: %+v", r)
	}
	if _, err := st.SetArchived(shelved.ID, false, "李雷"); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if r, _ := svc.Result(shelved.ID); !slices.Equal(r.Lists, current.ids) || !r.ScreenedAt.Equal(clock) {
		t.Fatalf("customer back from the archive: %+v", r)
	}
}

// A decision on a customer the book record speaks for keeps what it shows.
func TestDecideOnBookScreenedCustomer(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	svc.now = func() time.Time { return clock }
	cuba := mustCreate(t, st, cuban())
	mustImport(t, svc)
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	if _, err := svc.Import(context.Background(), data(t, "us-csl-sample.csv"), "", "王芳"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	before, err := svc.Result(cuba.ID)
	if err != nil || len(before.Lists) != 3 {
		t.Fatalf("%+v, %v", before, err)
	}
	clock = clock.Add(time.Hour)
	after, err := svc.Decide(cuba.ID, before.Hits[0].Key, VerdictFalsePositive, "another bank", "李雷")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Result(cuba.ID)
	if !slices.Equal(got.Lists, before.Lists) || !got.ScreenedAt.Equal(before.ScreenedAt) || got.Hits[0].Current() == nil ||
		!slices.Equal(after.Lists, before.Lists) {
		t.Fatalf("after the decision: %+v", got)
	}
}

// raw is a customer's own screen record as stored.
func raw(t *testing.T, svc *Service, id string) []byte {
	t.Helper()
	b, err := svc.st.GetRaw(kindResult, id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRescreenBoundsTheHeap: a whole-book re-screen caps the Go heap while
// it runs (BenchmarkRescreenAll100k measures the effect) and gives the
// process its own limit back.
func TestRescreenBoundsTheHeap(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	if _, err := st.CreateDossiers(gen.Dossiers(5, 3), "gen", nil); err != nil {
		t.Fatal(err)
	}
	mustImport(t, svc)
	before := debug.SetMemoryLimit(-1)
	var during int64
	if _, err := svc.RescreenAll(context.Background(), func(int, int) { during = debug.SetMemoryLimit(-1) }); err != nil {
		t.Fatal(err)
	}
	if during == 0 || during > rescreenHeap {
		t.Errorf("memory limit %d MiB during the re-screen, want at most %d", during>>20, rescreenHeap>>20)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("memory limit %d after the re-screen, was %d", after, before)
	}
}
