package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/gen"
	"credence/backend/search"
)

// Through the app's services: a CSL file cut at a line end is refused with
// err.listShrink and its figures, imported once confirmed, and rolled back.
func TestListShrinkConfirmAndRollback(t *testing.T) {
	ws, _, sc, _ := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")
	v1, err := sc.ImportPath(full)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "consolidated.csv")
	os.WriteFile(cut, b[:len(b)/2+bytes.IndexByte(b[len(b)/2:], '\n')+1], 0o600)
	_, err = sc.ImportPath(cut)
	if u := uiError(t, err); u.Key != "err.listShrink" || u.Params["total"] != "115" || u.Params["removed"] == "" {
		t.Fatalf("shrunk import: %+v", u)
	}
	v2, err := sc.ImportPathAllowShrink(cut)
	if err != nil || v2.Entries >= v1.Entries {
		t.Fatalf("confirmed import: %+v %v", v2, err)
	}
	back, err := sc.RollbackList("us_csl", "")
	if err != nil || back.ID != v1.ID {
		t.Fatalf("rollback: %+v %v", back, err)
	}
}

// Re-key through the app: the workspace comes back unlocked under the new
// passphrase with its data; a wrong old passphrase changes nothing and
// leaves it locked.
func TestRekeyThroughApp(t *testing.T) {
	ws, ds, _, _ := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Rekey("abcdefgh1", "new passphrase 2", "new passphrase 3"); uiError(t, err).Key != "err.passphraseMismatch" {
		t.Fatal("mismatch accepted")
	}
	st, err := ws.Rekey("wrong passphrase", "new passphrase 2", "new passphrase 2")
	if u := uiError(t, err); u.Key != "err.wrongPassphrase" || st.Unlocked {
		t.Fatalf("wrong old passphrase: %+v %+v", u, st)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatalf("old passphrase after a refused re-key: %v", err)
	}
	st, err = ws.Rekey("abcdefgh1", "new passphrase 2", "new passphrase 2")
	if err != nil || !st.Unlocked {
		t.Fatalf("re-key: %+v %v", st, err)
	}
	if res, err := ds.List(search.Query{Text: "acme"}); err != nil || res.Total != 1 {
		t.Fatalf("data after re-key: %+v %v", res, err)
	}
	ws.Lock()
	if _, err := ws.Unlock("abcdefgh1"); uiError(t, err).Key != "err.wrongPassphrase" {
		t.Fatal("old passphrase still opens after re-key")
	}
}

// screeningApp is a new workspace, unlocked, whose unlock warms the
// screening and resumes what was left, as main.go wires it; unlocked, when
// not nil, hears the end of each unlock's warm-up.
func screeningApp(t *testing.T, unlocked chan struct{}) (*WorkspaceService, *ScreeningService, *fakeRuntime) {
	t.Helper()
	ws, _, sc, rt := services(t)
	ws.OnUnlock = func() {
		sc.Warm()
		if unlocked != nil {
			unlocked <- struct{}{}
		}
	}
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	return ws, sc, rt
}

// importCSL imports the US consolidated list, which starts a re-screen.
func importCSL(t *testing.T, sc *ScreeningService) {
	t.Helper()
	if _, err := sc.ImportPath(filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")); err != nil {
		t.Fatal(err)
	}
}

// waitRescreens waits until n re-screens have ended.
func waitRescreens(t *testing.T, rt *fakeRuntime, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for rt.count("screening:done") < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := rt.count("screening:done"); got < n {
		t.Fatalf("%d re-screens ended, want %d", got, n)
	}
}

// mustBeScreened fails unless every one of made is screened against the
// one list imported.
func mustBeScreened(t *testing.T, sc *ScreeningService, made []*dossier.Dossier, when string) {
	t.Helper()
	svc, err := sc.service()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range made {
		if r, err := svc.Result(d.ID); err != nil || len(r.Lists) != 1 {
			t.Fatalf("%s %s: %+v %v", d.ID, when, r, err)
		}
	}
}

// A screening the app was closed during is resumed at the next unlock: the
// customers stored without a screening are screened in the background.
func TestUnlockResumesScreening(t *testing.T) {
	unlocked := make(chan struct{}, 1)
	ws, sc, rt := screeningApp(t, unlocked)
	<-unlocked // no list yet: nothing to resume
	importCSL(t, sc)
	waitRescreens(t, rt, 1) // the list's re-screen, of an empty book
	st, err := ws.sess.Store()
	if err != nil {
		t.Fatal(err)
	}
	// As an import whose screening the app's closing stopped.
	made, err := st.CreateDossiers(gen.Dossiers(40, 5), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	<-unlocked
	waitRescreens(t, rt, 2)
	mustBeScreened(t, sc, made, "after the unlock")
	// Nothing left behind: the next unlock starts no re-screen.
	ws.Lock()
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	<-unlocked
	running := sc.rescreen.running()
	if n := rt.count("screening:done"); running || n != 2 {
		t.Fatalf("a re-screen started with nothing behind (running %v, %d done)", running, n)
	}
}

// Locking stops a running re-screen and waits for it: it ends as
// cancelled, not with an error from a closed store, before the lock
// returns; the next unlock screens what it left.
func TestLockStopsTheRescreen(t *testing.T) {
	ws, sc, rt := screeningApp(t, nil)
	st, err := ws.sess.Store()
	if err != nil {
		t.Fatal(err)
	}
	made, err := st.CreateDossiers(gen.Dossiers(1500, 7), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	importCSL(t, sc)
	if rt.count("screening:done") != 0 {
		t.Fatal("the re-screen of 1 500 customers ended at once: nothing to stop")
	}
	// A slow end: the lock must wait for it all the same.
	rt.slow.Store("screening:done")
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	rt.slow.Store("")
	done, _ := rt.last("screening:done").(map[string]any)
	if rt.count("screening:done") != 1 || done["cancelled"] != true {
		t.Fatalf("after the lock returned: %d re-screens ended, the last %v", rt.count("screening:done"), done)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	waitRescreens(t, rt, 2)
	if done, _ := rt.last("screening:done").(map[string]any); done["cancelled"] != false || done["error"] != "" {
		t.Fatalf("the re-screen resumed at unlock ended %v", done)
	}
	mustBeScreened(t, sc, made, "after the resumed re-screen")
}
