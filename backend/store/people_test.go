package store

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"credence/backend/crypt"
	"credence/backend/errs"
)

const (
	annPass = "ann's own passphrase"
	samPass = "sam's own passphrase"
)

// peopleWorkspace: Ann (admin, made the workspace) and Sam (sales), each
// with their own passphrase; closed.
func peopleWorkspace(t *testing.T) (dir, annID, samID string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, annPass, Settings{FirmName: "F", UserName: "Ann"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	annID, name := s.Person()
	if name != "Ann" {
		t.Fatalf("creator is %q", name)
	}
	sam, err := s.AddPerson("Sam", RoleSales, samPass)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, annID, sam.ID
}

func wantKey(t *testing.T, err error, code, key string) {
	t.Helper()
	e, _ := errs.As(err)
	if errs.Code(err) != code || e == nil || e.Key != key {
		t.Fatalf("error %v, want %s %s", err, code, key)
	}
}

func openAs(t *testing.T, dir, who, p string) *Store {
	t.Helper()
	s, err := OpenAs(dir, who, p, Options{})
	if err != nil {
		t.Fatalf("open as %q: %v", who, err)
	}
	return s
}

// Each person unlocks with their own passphrase and is then who acts; a
// wrong passphrase, someone else's, or an unknown name is the one error
// of today and changes nothing on disk.
func TestPeopleUnlockAsThemselves(t *testing.T) {
	dir, annID, samID := peopleWorkspace(t)
	if u, err := Unlockers(dir); err != nil || len(u) != 2 || u[0] != (Unlocker{annID, "Ann"}) || u[1] != (Unlocker{samID, "Sam"}) {
		t.Fatalf("unlockers: %+v %v", u, err)
	}
	before := snapshotDir(t, dir)
	for _, tc := range []struct{ who, pass string }{
		{"Sam", annPass}, {"Ann", samPass}, {"Nobody", annPass}, {"", "not anyone's"}, {samID, annPass}, {"Ann", ""},
	} {
		_, err := OpenAs(dir, tc.who, tc.pass, Options{})
		wantKey(t, err, errs.Unauthorized, "err.wrongPassphrase")
	}
	if after := snapshotDir(t, dir); after != before {
		t.Fatalf("refused unlocks changed the folder:\n%s\n%s", before, after)
	}

	for _, tc := range []struct{ who, pass, id string }{
		{"Sam", samPass, samID}, {"sam", samPass, samID}, {samID, samPass, samID}, {"", samPass, samID}, {"", annPass, annID},
	} {
		s := openAs(t, dir, tc.who, tc.pass)
		if id, _ := s.Person(); id != tc.id {
			t.Fatalf("unlocked by %q: person %s, want %s", tc.who, id, tc.id)
		}
		s.Close()
	}

	// Sam manages nobody.
	s := openAs(t, dir, "Sam", samPass)
	_, err := s.AddPerson("Eve", RoleAdmin, "eve's passphrase")
	wantKey(t, err, errs.Unauthorized, "err.notAllowed")
	wantKey(t, s.SetRole(samID, RoleAdmin), errs.Unauthorized, "err.notAllowed")
	wantKey(t, s.RemovePerson(annID), errs.Unauthorized, "err.notAllowed")
	wantKey(t, s.ResetPassphrase(annID, "taken over!"), errs.Unauthorized, "err.notAllowed")
	// He changes his own passphrase: the old one no longer opens.
	wantKey(t, s.ChangePassphrase(annPass, "sam's second passphrase"), errs.Unauthorized, "err.wrongPassphrase")
	if err := s.ChangePassphrase(samPass, "sam's second passphrase"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := OpenAs(dir, "Sam", samPass, Options{}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("old passphrase after change: %v", err)
	}
	openAs(t, dir, "Ann", annPass).Close() // Ann's slot untouched

	// Ann removes Sam: his passphrase opens nothing, his record stays.
	s = openAs(t, dir, "Ann", annPass)
	wantKey(t, s.RemovePerson(annID), errs.Conflict, "err.lastAdmin")
	if err := s.RemovePerson(samID); err != nil {
		t.Fatal(err)
	}
	if p, err := s.PersonByID(samID); err != nil || p.Removed.IsZero() || s.HasAccess(samID) {
		t.Fatalf("removed Sam: %+v %v", p, err)
	}
	s.Close()
	_, err = OpenAs(dir, "Sam", "sam's second passphrase", Options{})
	wantKey(t, err, errs.Unauthorized, "err.wrongPassphrase")
}

// A slot is bound to its person: relabelling Sam's slot with Ann's id (the
// header is plaintext) opens nothing.
func TestSlotBoundToPerson(t *testing.T) {
	dir, annID, samID := peopleWorkspace(t)
	m, err := readMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Slots {
		if m.Slots[i].UserID == samID {
			m.Slots[i].UserID, m.Slots[i].Name = annID, "Ann"
		}
	}
	if err := writeMeta(dir, m); err != nil {
		t.Fatal(err)
	}
	_, err = OpenAs(dir, "Ann", samPass, Options{})
	wantKey(t, err, errs.Unauthorized, "err.wrongPassphrase")
	_, err = Open(dir, samPass, Options{})
	wantKey(t, err, errs.Unauthorized, "err.wrongPassphrase")
}

// Renaming in Settings renames the person who unlocked, never into someone
// else's name; who they are does not change.
func TestRenameKeepsWhoYouAre(t *testing.T) {
	dir, annID, samID := peopleWorkspace(t)
	s := openAs(t, dir, "Sam", samPass)
	defer s.Close()
	st, _ := s.Settings()
	if st.UserName != "Sam" {
		t.Fatalf("settings name %q", st.UserName)
	}
	st.UserName = "ann"
	_, err := s.SaveSettings(st)
	wantKey(t, err, errs.Conflict, "err.userExists")
	if id, name := s.Person(); id != samID || name != "Sam" {
		t.Fatalf("after a refused rename: %s %s", id, name)
	}
	st.UserName = "Samuel"
	if _, err := s.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	if id, name := s.Person(); id != samID || name != "Samuel" || s.User() != "Samuel" {
		t.Fatalf("after rename: %s %s %s", id, name, s.User())
	}
	if me, _ := s.Me(); me.Role != RoleSales {
		t.Fatalf("rename changed the role: %+v", me)
	}
	// Ann's settings show her own name, whatever Sam saved.
	s.Close()
	s = openAs(t, dir, "Samuel", samPass)
	if err := s.SwitchPerson("Ann", annPass); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Settings(); st.UserName != "Ann" {
		t.Fatalf("Ann sees %q", st.UserName)
	}
	if id, _ := s.Person(); id != annID {
		t.Fatal("switch did not change who acts")
	}
	wantKey(t, s.SwitchPerson("Samuel", annPass), errs.Unauthorized, "err.wrongPassphrase")
	if id, _ := s.Person(); id != annID {
		t.Fatal("a refused switch changed who acts")
	}
}

// A signing key is sealed for one person on one device: another person's
// key does not open it, and unlocking as them gives their own key.
func TestSigningKeySealedForItsPerson(t *testing.T) {
	dir, annID, samID := peopleWorkspace(t)
	s := openAs(t, dir, "Ann", annPass)
	defer s.Close()
	annKey, device, err := s.SigningKey()
	if err != nil || device != s.DeviceID() {
		t.Fatal(err, device)
	}
	again, _, _ := s.SigningKey()
	if !bytes.Equal(again, annKey) {
		t.Fatal("a second SigningKey made a new key")
	}
	annSeal := s.whoami().personKey
	sealed, err := s.GetRaw(KindSigningKey, annID+"/"+device)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, annKey.Seed()) {
		t.Fatal("the seed is stored in the clear")
	}

	if err := s.SwitchPerson("Sam", samPass); err != nil {
		t.Fatal(err)
	}
	samSeal := s.whoami().personKey
	for _, ad := range [][]byte{signingAD(s.WorkspaceID(), annID, device), signingAD(s.WorkspaceID(), samID, device)} {
		if _, err := crypt.Open(sealingKey(samSeal), sealed, ad); err == nil {
			t.Fatal("Sam's key opens Ann's signing key")
		}
	}
	if _, err := crypt.Open(sealingKey(annSeal), sealed, signingAD(s.WorkspaceID(), annID, "another-device")); err == nil {
		t.Fatal("Ann's signing key opens as another device's")
	}
	samKey, _, err := s.SigningKey()
	if err != nil || bytes.Equal(samKey, annKey) {
		t.Fatalf("Sam signs with %v %v", samKey.Public(), err)
	}
	if now, _ := s.GetRaw(KindSigningKey, annID+"/"+device); !bytes.Equal(now, sealed) {
		t.Fatal("Sam's signing touched Ann's key")
	}
	// Each public key is registered on its own person only.
	ann, _ := s.PersonByID(annID)
	sam, _ := s.PersonByID(samID)
	if len(ann.Keys) != 1 || !bytes.Equal(ann.Keys[0].PublicKey, annKey.Public().(ed25519.PublicKey)) || ann.Keys[0].Device != device ||
		len(sam.Keys) != 1 || !bytes.Equal(sam.Keys[0].PublicKey, samKey.Public().(ed25519.PublicKey)) {
		t.Fatalf("keys: ann %+v sam %+v", ann.Keys, sam.Keys)
	}

	// A changed passphrase seals the same key again; the old person key
	// (which the admin who set it could know) opens nothing.
	if err := s.ChangePassphrase(samPass, "sam's second passphrase"); err != nil {
		t.Fatal(err)
	}
	resealed, _ := s.GetRaw(KindSigningKey, samID+"/"+device)
	if _, err := crypt.Open(sealingKey(samSeal), resealed, signingAD(s.WorkspaceID(), samID, device)); err == nil {
		t.Fatal("the old person key still opens the signing key")
	}
	if k, _, _ := s.SigningKey(); !bytes.Equal(k, samKey) {
		t.Fatal("the signing key changed with the passphrase")
	}
}

// A header from before people had their own passphrases (format 1) opens
// with that passphrase, becomes a slot for the oldest user, and unsealed
// private keys are sealed (the opener's) or deleted (everyone else's),
// while their public keys stay registered.
func TestFormatOneHeaderMigrates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "Li"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := s.Person()
	dataKey := append([]byte{}, s.dataKey...)
	// What the old code left: users with one key each, seeds in the clear.
	s.DeleteRecord(KindPerson, first)
	pubA, privA, _ := ed25519.GenerateKey(nil)
	pubB, privB, _ := ed25519.GenerateKey(nil)
	a := Person{ID: "user-a", Name: "Ann", Role: RoleAdmin, PublicKey: pubA, CreatedAt: s.now().Add(-2e9)}
	b := Person{ID: "user-b", Name: "Bob", Role: RoleCreditManager, PublicKey: pubB, CreatedAt: s.now().Add(-1e9)}
	for _, p := range []Person{a, b} {
		s.PutRecord(KindPerson, p.ID, p)
	}
	s.PutRecord(KindSigningKey, a.ID, legacySeed{Seed: privA.Seed()})
	s.PutRecord(KindSigningKey, b.ID, legacySeed{Seed: privB.Seed()})
	m := *s.meta
	s.Close()
	kek, _ := crypt.DeriveKEK(pass, *cheapKDF)
	m.Format, m.Slots, m.KDF = legacyMetaFormat, nil, *cheapKDF
	m.WrappedKey, _ = crypt.Seal(kek, dataKey, wrapAD(m.WorkspaceID))
	m.Check = ""
	raw, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, metaFile), raw, 0o600); err != nil {
		t.Fatal(err)
	}

	_, err = Open(dir, "wrong passphrase", Options{})
	wantKey(t, err, errs.Unauthorized, "err.wrongPassphrase")
	if now, _ := os.ReadFile(filepath.Join(dir, metaFile)); !bytes.Equal(now, raw) {
		t.Fatal("a wrong passphrase changed the old header")
	}
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if id, name := s.Person(); id != a.ID || name != "Ann" {
		t.Fatalf("opened as %s %s, want the oldest user", id, name)
	}
	if mm, _ := readMeta(dir); mm.Format != metaFormat || len(mm.Slots) != 1 || mm.Slots[0].UserID != a.ID || len(mm.WrappedKey) != 0 {
		t.Fatalf("header after migration: %+v", mm)
	}
	for _, id := range []string{a.ID, b.ID} {
		if _, err := s.GetRaw(KindSigningKey, id); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unsealed seed of %s still there: %v", id, err)
		}
		p, _ := s.PersonByID(id)
		if len(p.Keys) != 1 || !bytes.Equal(p.Keys[0].PublicKey, p.PublicKey) || p.Keys[0].Device != s.DeviceID() {
			t.Fatalf("keys of %s: %+v", id, p.Keys)
		}
	}
	k, _, err := s.SigningKey()
	if err != nil || !bytes.Equal(k, privA) {
		t.Fatalf("Ann's old key is not hers on this device: %v", err)
	}
	// Bob unlocks once Ann gives him a passphrase; his old key is gone
	// from the disk (anyone could use it), so he gets a new one.
	if err := s.ResetPassphrase(b.ID, "bob's own passphrase"); err != nil {
		t.Fatal(err)
	}
	if err := s.SwitchPerson("Bob", "bob's own passphrase"); err != nil {
		t.Fatal(err)
	}
	kb, _, err := s.SigningKey()
	if err != nil || bytes.Equal(kb, privB) {
		t.Fatalf("Bob's key: %v", err)
	}
	if p, _ := s.PersonByID(b.ID); len(p.Keys) != 2 {
		t.Fatalf("Bob's keys: %+v", p.Keys)
	}
	s.Close()
	// Reopening changes nothing more.
	s2, err := OpenAs(dir, "Ann", pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if k, _, _ := s2.SigningKey(); !bytes.Equal(k, privA) {
		t.Fatal("Ann's key changed on reopening")
	}
	s2.Close()
}

// A backup restores with the passphrase of anyone who could unlock it.
func TestRestoreWithAnyonesPassphrase(t *testing.T) {
	dir, _, samID := peopleWorkspace(t)
	s := openAs(t, dir, "Sam", samPass)
	var buf bytes.Buffer
	if err := s.Backup(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	s.Close()
	to := filepath.Join(t.TempDir(), "restored")
	if err := Restore(t.Context(), bytes.NewReader(buf.Bytes()), to, "nobody's"); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("restore with a wrong passphrase: %v", err)
	}
	if err := Restore(t.Context(), bytes.NewReader(buf.Bytes()), to, samPass); err != nil {
		t.Fatal(err)
	}
	r := openAs(t, to, "Ann", annPass)
	defer r.Close()
	if !r.HasAccess(samID) {
		t.Fatal("Sam's slot was not restored")
	}
}

// Re-keying keeps only the re-keying person's slot, and is for admins
// when others can unlock.
func TestRekeyWithPeople(t *testing.T) {
	dir, _, samID := peopleWorkspace(t)
	wantKey(t, RekeyAs(dir, "Sam", samPass, "sam's new passphrase"), errs.Unauthorized, "err.notAllowed")
	if err := RekeyAs(dir, "Ann", annPass, "ann's new passphrase"); err != nil {
		t.Fatal(err)
	}
	s := openAs(t, dir, "Ann", "ann's new passphrase")
	defer s.Close()
	if s.HasAccess(samID) {
		t.Fatal("Sam still unlocks with the old data key's slot")
	}
	if _, err := s.PersonByID(samID); err != nil {
		t.Fatal(err)
	}
}

// Slots move when someone is removed: an admin whose slot moved still
// renames himself and changes his own passphrase, touching no one else's.
func TestRemovalMovesSlots(t *testing.T) {
	dir, _, samID := peopleWorkspace(t)
	s := openAs(t, dir, "Ann", annPass)
	if _, err := s.AddPerson("Bob", RoleAdmin, "bob's passphrase"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openAs(t, dir, "Bob", "bob's passphrase")
	if err := s.RemovePerson(samID); err != nil {
		t.Fatal(err)
	}
	if err := s.RenamePerson("Robert"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassphrase("bob's passphrase", "robert's passphrase"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	openAs(t, dir, "Robert", "robert's passphrase").Close()
	openAs(t, dir, "Ann", annPass).Close()
	if u, _ := Unlockers(dir); len(u) != 2 || u[0].Name != "Ann" || u[1].Name != "Robert" {
		t.Fatalf("unlockers: %+v", u)
	}
}

// unlockBench: a workspace with three people on the real Argon2id
// parameters. An unlock by name derives one key; a passphrase with no
// name tries every slot it does not open.
func unlockBench(b *testing.B) *meta {
	m, dataKey, _, err := newMeta("a", "Ann", annPass, defaultKDFForBench())
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []string{"Bob", "Sam"} {
		sl, err := m.newSlot(n, n, n+"'s passphrase", defaultKDFForBench(), dataKey, crypt.Random(crypt.KeySize))
		if err != nil {
			b.Fatal(err)
		}
		m.Slots = append(m.Slots, sl)
	}
	return m
}

func BenchmarkUnlockByName(b *testing.B) {
	m := unlockBench(b)
	for b.Loop() {
		if _, err := m.unlock("Sam", "Sam's passphrase"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnlockWrongNoName3Slots(b *testing.B) {
	m := unlockBench(b)
	for b.Loop() {
		if _, err := m.unlock("", "nobody's passphrase"); err == nil {
			b.Fatal("opened")
		}
	}
}
