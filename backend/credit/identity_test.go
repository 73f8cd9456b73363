package credit

import (
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"credence/backend/crypt"
	"credence/backend/errs"
	"credence/backend/store"
)

func userNamed(t *testing.T, s *Service, name string) User {
	t.Helper()
	users, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(users, func(u User) bool { return u.Name == name })
	if i < 0 {
		t.Fatalf("no user %s", name)
	}
	return users[i]
}

// A salesperson who renames herself to the credit manager and approves is
// refused at every step, and an approval she signs in his name does not
// verify as his.
func TestRenameAndApproveAttack(t *testing.T) {
	s, st := mustService(t)
	maria := userNamed(t, s, "Maria Manager")
	d := mustCreate(t, st, solidEuropean())
	snap, err := s.as("Sam Sales").Assess(d.ID, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Propose(d.ID, snap.ID, 500000, "USD", snap.Assessment.Terms, "big order", "")
	if err != nil {
		t.Fatal(err)
	}

	set, _ := st.Settings()
	set.UserName = "Maria Manager"
	_, err = st.SaveSettings(set)
	wantCode(t, err, errs.Conflict, "err.userExists")
	_, err = s.Decide(p.ID, true, "", "Maria Manager")
	wantCode(t, err, errs.Unauthorized, "err.notYou")
	_, err = s.Decide(p.ID, true, "", "")
	wantCode(t, err, errs.Unauthorized, "err.notAllowed")
	wantCode(t, s.SetThreshold(1.0, "Maria Manager"), errs.Unauthorized, "err.notYou")
	wantCode(t, s.SetThreshold(1.0, ""), errs.Unauthorized, "err.notAllowed")
	pol, _ := s.Policy()
	_, err = s.SavePolicy(pol, "")
	wantCode(t, err, errs.Unauthorized, "err.notAllowed")
	wantCode(t, s.SetNextReview(d.ID, "2030-01-01", ""), errs.Unauthorized, "err.notAllowed")
	wantCode(t, s.SetRole(userNamed(t, s, "Sam Sales").ID, RoleCreditManager, ""), errs.Unauthorized, "err.notAllowed")

	// She signs an approval in Maria's name with the key she can use, on
	// this device or naming none, and writes it into the record.
	key, device, err := st.SigningKey()
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := s.proposal(p.ID)
	for _, dev := range []string{device, ""} {
		a := Approval{ProposalID: p.ID, DossierID: d.ID, Approved: true, Limit: p.Limit, Currency: p.Currency, Terms: p.Terms,
			By: "Maria Manager", UserID: maria.ID, Device: dev, At: testNow}
		a.Signature = ed25519.Sign(key, canonical(a))
		wantCode(t, s.Verify(a), errs.Conflict, "err.tampered")
		forged := rec
		forged.Status, forged.Decision = StatusApproved, &a
		if err := st.PutRecord(kindProposal, p.ID, forged); err != nil {
			t.Fatal(err)
		}
		if state, err := s.State(d.ID); err != nil || state.Valid || state.NoRole {
			t.Fatalf("forged approval (device %q) shows as valid, or as a role problem: %+v %v", dev, state, err)
		}
	}
	// Signed as herself, the signature is hers, but a salesperson never
	// held the role to approve: refused for that, not as a forgery; as
	// Maria's it does not verify at all.
	a := Approval{ProposalID: p.ID, DossierID: d.ID, Approved: true, By: "Sam Sales", UserID: userNamed(t, s, "Sam Sales").ID, Device: device, At: testNow}
	a.Signature = ed25519.Sign(key, canonical(a))
	wantCode(t, s.Verify(a), errs.Conflict, "err.approverRole")
	forged := rec
	forged.Status, forged.Decision = StatusApproved, &a
	forged.Limit, forged.Currency, forged.Terms = a.Limit, a.Currency, a.Terms
	if err := st.PutRecord(kindProposal, p.ID, forged); err != nil {
		t.Fatal(err)
	}
	if state, err := s.State(d.ID); err != nil || state.Valid || !state.NoRole {
		t.Fatalf("a salesperson's own approval shows as valid, or not as a role problem: %+v %v", state, err)
	}
	a.UserID = maria.ID
	wantCode(t, s.Verify(a), errs.Conflict, "err.tampered")
	if err := st.PutRecord(kindProposal, p.ID, rec); err != nil { // back to pending
		t.Fatal(err)
	}

	// Maria approves as herself; a later rename keeps it hers and valid.
	if _, err := s.as("Maria Manager").Decide(p.ID, true, "parent guarantee", ""); err != nil {
		t.Fatal(err)
	}
	set, _ = st.Settings()
	set.UserName = "Maria Chen"
	if _, err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	state, err := s.State(d.ID)
	if err != nil || !state.Valid || state.ApprovedByID != maria.ID || state.ApprovedBy != "Maria Chen" {
		t.Fatalf("after rename: %+v %v", state, err)
	}
	ps, _ := s.Proposals(d.ID)
	if ps[0].Decision.Device != st.DeviceID() || ps[0].By != "Sam Sales" || ps[0].ByID != userNamed(t, s, "Sam Sales").ID {
		t.Fatalf("proposal: %+v", ps[0])
	}
}

// downgrade rewrites dir's header as the code before people had their own
// passphrases wrote it: format 1, the one data key wrapped under the one
// passphrase (the first slot's).
func downgrade(t *testing.T, dir, pass string) {
	t.Helper()
	path := filepath.Join(dir, "meta.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		WorkspaceID string `json:"workspace_id"`
		CreatedAt   string `json:"created_at"`
		Slots       []struct {
			UserID  string          `json:"user_id"`
			KDF     crypt.KDFParams `json:"kdf"`
			Wrapped []byte          `json:"wrapped"`
		} `json:"slots"`
	}
	if err := json.Unmarshal(raw, &h); err != nil || len(h.Slots) == 0 {
		t.Fatalf("header: %v", err)
	}
	sl := h.Slots[0]
	kek, err := crypt.DeriveKEK(pass, sl.KDF)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := crypt.Open(kek, sl.Wrapped, []byte("credence slot v1 "+h.WorkspaceID+" "+sl.UserID))
	if err != nil {
		t.Fatal(err)
	}
	wrapped, _ := crypt.Seal(kek, keys[:crypt.KeySize], []byte("credence data key v1 "+h.WorkspaceID))
	old, _ := json.Marshal(map[string]any{
		"format": 1, "workspace_id": h.WorkspaceID, "kdf": sl.KDF, "wrapped_key": wrapped,
		"created_at": h.CreatedAt, "record_mac": true,
	})
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
}

// legacySeed is a private key record as the old code wrote it.
type legacySeed struct {
	Seed []byte `json:"seed"`
}

// A workspace made before people had their own passphrases and keys per
// device opens with its one passphrase, as its first user; the approvals
// signed then still verify, and stay the approver's after a rename.
func TestOldWorkspaceKeepsItsApprovals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	st, err := store.Create(dir, testPass, store.Settings{FirmName: "F", UserName: "Admin Ann"}, store.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	s := New(st)
	s.Now = func() time.Time { return testNow }
	d := mustCreate(t, st, solidEuropean())
	snap, err := s.Assess(d.ID, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Propose(d.ID, snap.ID, 50000, "USD", snap.Assessment.Terms, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// The old records: Maria with one key, its seed in the clear beside
	// it, and her approval signed with it, naming no device.
	pubM, privM, _ := ed25519.GenerateKey(nil)
	maria := User{ID: "maria-old-id", Name: "Maria Manager", Role: RoleCreditManager, PublicKey: pubM, CreatedAt: time.Now().Add(time.Hour)}
	st.PutRecord(store.KindPerson, maria.ID, maria)
	st.PutRecord(store.KindSigningKey, maria.ID, legacySeed{Seed: privM.Seed()})
	rec, _ := s.proposal(p.ID)
	a := Approval{ProposalID: p.ID, DossierID: d.ID, Approved: true, Limit: p.Limit, Currency: p.Currency, Terms: p.Terms,
		By: maria.Name, UserID: maria.ID, At: testNow.Add(2 * time.Hour)}
	a.Signature = ed25519.Sign(privM, canonical(a))
	rec.Status, rec.Decision = StatusApproved, &a
	st.PutRecord(kindProposal, p.ID, rec)
	st.Close()
	downgrade(t, dir, testPass)

	st, err = store.Open(dir, testPass, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s = New(st)
	if me, err := s.Me(); err != nil || me.Name != "Admin Ann" || me.Role != RoleAdmin {
		t.Fatalf("opened as %+v %v", me, err)
	}
	state, err := s.State(d.ID)
	if err != nil || !state.Valid || state.ApprovedByID != maria.ID {
		t.Fatalf("old approval after migration: %+v %v", state, err)
	}
	if _, err := st.GetRaw(store.KindSigningKey, maria.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("Maria's seed is still in the clear: %v", err)
	}
	// Maria gets her own passphrase, renames herself: still hers, still valid.
	if err := st.ResetPassphrase(maria.ID, "maria's own passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := st.SwitchPerson("Maria Manager", "maria's own passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := st.RenamePerson("Maria Chen"); err != nil {
		t.Fatal(err)
	}
	if state, err := s.State(d.ID); err != nil || !state.Valid || state.ApprovedBy != "Maria Chen" {
		t.Fatalf("after rename: %+v %v", state, err)
	}
	// Her old key cannot be used to sign anything new in someone else's
	// name either: a changed approval fails.
	a.Limit = 5e6
	wantCode(t, s.Verify(a), errs.Conflict, "err.tampered")
}

// A credit manager's approval stays valid after she is made a salesperson:
// she held the role when she signed (the signed record of role changes says
// so). Her role now is not the test.
func TestApprovalOutlivesADemotion(t *testing.T) {
	s, st := mustService(t)
	d := mustCreate(t, st, solidEuropean())
	sn, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.as("Sam Sales").Propose(d.ID, sn.ID, 50000, "", sn.Assessment.Terms, "", "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.as("Maria Manager").Decide(p.ID, true, "", "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	maria := userNamed(t, s, "Maria Manager")
	if err := s.as("Admin Ann").SetRole(maria.ID, RoleSales, "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	if state, err := s.State(d.ID); err != nil || !state.Valid {
		t.Fatalf("after Maria's demotion her approval: %+v %v", state, err)
	}
}
