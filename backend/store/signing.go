package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"slices"
	"strings"

	"github.com/google/uuid"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// Signing keys: one ed25519 key per (person, device). The private seed is
// sealed under a key derived from the person key in that person's slot,
// bound to the workspace, the person and the device, and stored under
// KindSigningKey <user id>/<device id>: a record that never leaves the
// device (sync must not copy it). Only that person, unlocked on this
// device, can sign with it; the public key is registered on their record.

func signingAD(workspaceID, userID, device string) []byte {
	return []byte("credence signing key v1 " + workspaceID + " " + userID + " " + device)
}

func sealingKey(personKey []byte) []byte { return crypt.SubKey(personKey, "signing") }

// legacySeed is a private key as stored before keys were sealed.
type legacySeed struct {
	Seed []byte `json:"seed"`
}

// SigningKey is the private key of the person who unlocked, on this
// device, made and registered on their record on first use. device is
// the id an approval names so that it is verified against this key.
func (s *Store) SigningKey() (key ed25519.PrivateKey, device string, err error) {
	w := s.whoami()
	if w.personKey == nil {
		return nil, "", errs.New(errs.Unauthorized, "unlock the workspace with your own passphrase to sign").WithKey("err.wrongPassphrase")
	}
	id := w.id + "/" + s.device
	raw, err := s.GetRaw(KindSigningKey, id)
	switch {
	case err == nil:
		seed, oerr := crypt.Open(sealingKey(w.personKey), raw, signingAD(s.wsID, w.id, s.device))
		if oerr == nil && len(seed) == ed25519.SeedSize {
			key = ed25519.NewKeyFromSeed(seed)
			return key, s.device, s.registerKey(w.id, key.Public().(ed25519.PublicKey))
		}
		// Sealed under a person key this slot no longer has (an admin
		// reset the passphrase): a new key replaces it.
	case !errs.Is(err, errs.NotFound):
		return nil, "", err
	}
	pub, priv, gerr := ed25519.GenerateKey(rand.Reader)
	if gerr != nil {
		return nil, "", errs.Wrap(errs.Internal, gerr, "make signing key")
	}
	if err := s.putSealedSeed(w, priv.Seed()); err != nil {
		return nil, "", err
	}
	return priv, s.device, s.registerKey(w.id, pub)
}

func (s *Store) putSealedSeed(w unlockedAs, seed []byte) error {
	sealed, err := crypt.Seal(sealingKey(w.personKey), seed, signingAD(s.wsID, w.id, s.device))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "seal signing key")
	}
	return s.PutRaw(KindSigningKey, w.id+"/"+s.device, sealed)
}

// registerKey adds pub to the person's keys for this device, once.
func (s *Store) registerKey(userID string, pub ed25519.PublicKey) error {
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	p, err := s.PersonByID(userID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(p.Keys, func(k DeviceKey) bool { return k.Device == s.device && bytes.Equal(k.PublicKey, pub) }) {
		return nil
	}
	p.Keys = append(p.Keys, DeviceKey{Device: s.device, PublicKey: pub, Added: s.now().UTC()})
	return s.PutRecord(KindPerson, p.ID, p)
}

// resealSigningKey seals this device's key of w under newKey; restore
// puts the old sealing back. No key yet: nothing to do.
func (s *Store) resealSigningKey(w unlockedAs, newKey []byte) (restore func(), err error) {
	id := w.id + "/" + s.device
	raw, err := s.GetRaw(KindSigningKey, id)
	if errs.Is(err, errs.NotFound) {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	seed, err := crypt.Open(sealingKey(w.personKey), raw, signingAD(s.wsID, w.id, s.device))
	if err != nil {
		return func() {}, nil // unusable already: a new key is made at the next signature
	}
	nw := w
	nw.personKey = newKey
	if err := s.putSealedSeed(nw, seed); err != nil {
		return nil, err
	}
	return func() { s.PutRaw(KindSigningKey, id, raw) }, nil
}

// unlockedBy makes the store know who unlocked it, and brings a workspace
// from before people had their own passphrases up to date.
func (s *Store) unlockedBy(u unlocked) error {
	if u.slot < 0 {
		return s.migratePeople(u)
	}
	sl := s.meta.Slots[u.slot]
	s.who.Store(&unlockedAs{id: sl.UserID, name: sl.Name, personKey: u.personKey})
	if s.readOnly {
		return nil
	}
	return s.migrateKeys()
}

// migratePeople turns a format-1 header (one passphrase for everyone) into
// a slot for its first person: the oldest admin (else the oldest user), or
// a new admin named after
// Settings.UserName when there was none. The other people keep their
// records, roles and signatures, and unlock once an admin gives them a
// passphrase (ResetPassphrase). The header is the commit point; the keys
// are moved afterwards, at every open until done (migrateKeys).
func (s *Store) migratePeople(u unlocked) error {
	people, err := s.People()
	if err != nil {
		return err
	}
	var first Person
	if i := slices.IndexFunc(people, func(p Person) bool { return p.Role == RoleAdmin }); i >= 0 {
		first = people[i] // the oldest admin: who made the workspace
	} else if len(people) > 0 {
		first = people[0]
	} else {
		var st Settings
		if err := s.getJSON(keySettings, &st); err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		first = Person{ID: uuid.NewString(), Name: st.UserName}
	}
	if s.readOnly { // the header stays as it is until the disk has room
		s.who.Store(&unlockedAs{id: first.ID, name: first.Name})
		return nil
	}
	if len(people) == 0 {
		if err := s.createFirstPerson(first.ID, first.Name); err != nil {
			return err
		}
	}
	personKey := crypt.Random(crypt.KeySize)
	m := s.cloneMeta()
	sl, err := m.sealSlot(first.ID, first.Name, m.KDF, u.kek, u.dataKey, personKey)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "upgrade the workspace")
	}
	m.Format, m.Slots, m.KDF, m.WrappedKey = metaFormat, []slot{sl}, crypt.KDFParams{}, nil
	if err := s.replaceMeta(m); err != nil {
		return err
	}
	s.who.Store(&unlockedAs{id: first.ID, name: first.Name, personKey: personKey})
	return s.migrateKeys()
}

// migrateKeys finishes moving keys from before keys per device: a public
// key on a record becomes that person's key for this device (their old
// approvals verify against it), the unlocking person's private seed is
// sealed under their person key, and every unsealed seed is deleted
// (anyone with the workspace passphrase could sign with it). Idempotent.
func (s *Store) migrateKeys() error {
	w := s.whoami()
	var legacy []string
	if err := s.ScanRecords(KindSigningKey, "", func(id string, _ []byte) error {
		if !strings.Contains(id, "/") {
			legacy = append(legacy, id)
		}
		return nil
	}); err != nil {
		return err
	}
	people, err := s.People()
	if err != nil {
		return err
	}
	for _, p := range people {
		if len(p.PublicKey) != ed25519.PublicKeySize || slices.ContainsFunc(p.Keys, func(k DeviceKey) bool { return bytes.Equal(k.PublicKey, p.PublicKey) }) {
			continue
		}
		p.Keys = append(p.Keys, DeviceKey{Device: s.device, PublicKey: p.PublicKey, Added: p.CreatedAt})
		if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
			return err
		}
	}
	for _, id := range legacy {
		if id == w.id && w.personKey != nil {
			var k legacySeed
			b, err := s.GetRaw(KindSigningKey, id)
			if err != nil {
				return err
			}
			if json.Unmarshal(b, &k) == nil && len(k.Seed) == ed25519.SeedSize {
				if _, err := s.GetRaw(KindSigningKey, id+"/"+s.device); errs.Is(err, errs.NotFound) {
					if err := s.putSealedSeed(w, k.Seed); err != nil {
						return err
					}
				}
			}
		}
		if err := s.DeleteRecord(KindSigningKey, id); err != nil {
			return err
		}
	}
	return nil
}
