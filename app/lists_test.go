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

// A screening the app was closed during is resumed at the next unlock: the
// customers stored without a screening are screened in the background.
func TestUnlockResumesScreening(t *testing.T) {
	ws, _, sc, rt := services(t)
	unlocked := make(chan struct{}, 1)
	ws.OnUnlock = func() { sc.Warm(); unlocked <- struct{}{} }
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	<-unlocked // no list yet: nothing to resume
	if _, err := sc.ImportPath(filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")); err != nil {
		t.Fatal(err)
	}
	waitDone := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for rt.count("screening:done") < n && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if rt.count("screening:done") < n {
			t.Fatalf("no re-screen finished (%d of %d)", rt.count("screening:done"), n)
		}
	}
	waitDone(1) // the list's re-screen, of an empty book
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
	waitDone(2)
	svc, err := sc.service()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range made {
		if r, err := svc.Result(d.ID); err != nil || len(r.Lists) != 1 {
			t.Fatalf("%s after the unlock: %+v %v", d.ID, r, err)
		}
	}
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
	ws, _, sc, rt := services(t)
	ws.OnUnlock = sc.Warm
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	st, err := ws.sess.Store()
	if err != nil {
		t.Fatal(err)
	}
	made, err := st.CreateDossiers(gen.Dossiers(1500, 7), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.ImportPath(filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")); err != nil {
		t.Fatal(err)
	}
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
	deadline := time.Now().Add(30 * time.Second)
	for rt.count("screening:done") < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if done, _ := rt.last("screening:done").(map[string]any); done["cancelled"] != false || done["error"] != "" {
		t.Fatalf("the re-screen resumed at unlock ended %v", done)
	}
	svc, _ := sc.service()
	for _, d := range made {
		if r, err := svc.Result(d.ID); err != nil || len(r.Lists) != 1 {
			t.Fatalf("%s after the resumed re-screen: %+v %v", d.ID, r, err)
		}
	}
}
