package app

import (
	"context"
	"testing"

	"credence/backend/store"
)

// An admin adds someone with a passphrase; after locking, the unlock
// screen lists both and each unlocks as themselves; a sales person is
// refused managing people with Go's sentence; the last admin stays.
func TestPeopleUnlockAsAndRefusals(t *testing.T) {
	ws, _, _, rt := services(t)
	ps := NewPeopleService(ws.sess, rt)
	Startup(context.Background(), ps)
	if u, err := ws.Unlockers(); err != nil || len(u) != 0 {
		t.Fatalf("unlockers before a workspace: %v %v", u, err)
	}
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "Ann", Language: "en", Passphrase: "annpass123", Confirm: "annpass123"}); err != nil {
		t.Fatal(err)
	}
	if u := uiError(t, func() error { _, err := ps.Add("Bob", "sales", "bobpass123", "bobpass124"); return err }()); u.Key != "err.passphraseMismatch" {
		t.Fatalf("mismatch: %+v", u)
	}
	if u := uiError(t, func() error { _, err := ps.Add("Bob", "sales", "", ""); return err }()); u.Key != "err.passphraseShort" {
		t.Fatalf("no passphrase: %+v", u)
	}
	bob, err := ps.Add("Bob", "sales", "bobpass123", "bobpass123")
	if err != nil || !rt.saw(EventChanged) {
		t.Fatalf("add: %v", err)
	}
	v, err := ps.List()
	if err != nil || !v.Admin || len(v.People) != 2 || !v.People[0].Me || v.People[1].Name != "Bob" || !v.People[1].CanUnlock {
		t.Fatalf("list as admin: %+v %v", v, err)
	}
	ws.Lock()
	u, err := ws.Unlockers()
	if err != nil || len(u) != 2 {
		t.Fatalf("unlockers: %+v %v", u, err)
	}
	if _, err := ws.UnlockAs(bob.ID, "annpass123"); uiError(t, err).Key != "err.wrongPassphrase" {
		t.Fatalf("Bob with Ann's passphrase: %v", err)
	}
	st, err := ws.UnlockAs(bob.ID, "bobpass123")
	if err != nil || st.User != "Bob" {
		t.Fatalf("unlock as Bob: %+v %v", st, err)
	}
	v, _ = ps.List()
	if v.Admin || !v.People[1].Me {
		t.Fatalf("list as Bob: %+v", v)
	}
	if u := uiError(t, ps.SetRole(bob.ID, "admin")); u.Key != "err.notAllowed" {
		t.Fatalf("sales changing roles: %+v", u)
	}
	if err := ws.ChangePassphrase("bobpass123", "bobnew1234", "bobnew1234"); err != nil {
		t.Fatalf("own passphrase: %v", err)
	}
	ws.Lock()
	if _, err := ws.UnlockAs(bob.ID, "bobpass123"); err == nil {
		t.Fatal("Bob's old passphrase still opens his slot")
	}
	if _, err := ws.UnlockAs("Bob", "bobnew1234"); err != nil {
		t.Fatalf("Bob by name with his new passphrase: %v", err)
	}
	ws.Lock()
	// A passphrase alone still opens the workspace: it says whose it is.
	if _, err := ws.Unlock("annpass123"); err != nil {
		t.Fatal(err)
	}
	ann := v.People[0].ID
	if u := uiError(t, ps.SetRole(ann, "sales")); u.Key != "err.lastAdmin" {
		t.Fatalf("last admin demoted: %+v", u)
	}
	if err := ps.ResetPassphrase(bob.ID, "bobreset12", "bobreset12"); err != nil {
		t.Fatal(err)
	}
	if err := ps.SetRole(bob.ID, string(store.RoleCreditManager)); err != nil {
		t.Fatal(err)
	}
	if err := ps.Remove(bob.ID); err != nil {
		t.Fatal(err)
	}
	v, _ = ps.List()
	if b := v.People[1]; b.Role != store.RoleCreditManager || b.Removed.IsZero() || b.CanUnlock {
		t.Fatalf("Bob after role change and removal: %+v", b)
	}
	ws.Lock()
	if _, err := ws.UnlockAs(bob.ID, "bobreset12"); err == nil {
		t.Fatal("a removed person unlocked")
	}
}
