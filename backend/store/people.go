package store

import (
	"encoding/json"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// People: each person unlocks with their own passphrase (a slot in the
// header, workspace.go), so who acts is whoever unlocked, never a name
// typed in Settings. Their record (kind KindPerson, shared) holds their
// name, role and the public signing keys of their devices; their private
// signing key is sealed under their own key and kept on the device
// (KindSigningKey). Roles are given by an admin and recorded
// (KindRoleChange, append-only).
//
// The record kinds keep the names the credit package gave them, so that
// existing workspaces need no copy.
const (
	KindPerson     = "credit_user"        // <user id> → Person (shared)
	KindSigningKey = "credit_user_key"    // <user id>/<device id> → sealed ed25519 seed (device-only)
	KindRoleChange = "credit_role_change" // <time>/<uuid> → RoleChange (shared, append-only)
)

// Role decides what a person may do.
type Role string

// Roles: sales propose, credit managers decide, admins also manage people.
const (
	RoleSales         Role = "sales"
	RoleCreditManager Role = "credit_manager"
	RoleAdmin         Role = "admin"
)

// Roles lists the roles, least power first.
var Roles = []Role{RoleSales, RoleCreditManager, RoleAdmin}

// Valid: one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// CanDecide: approving limits, compliance decisions, the policy, the
// match threshold and review dates.
func (r Role) CanDecide() bool { return r == RoleCreditManager || r == RoleAdmin }

// DeviceKey is a public signing key of one of a person's devices.
type DeviceKey struct {
	Device    string    `json:"device"`
	PublicKey []byte    `json:"public_key"`
	Added     time.Time `json:"added"`
}

// Person is someone of the workspace.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// PublicKey is the one key of a person from before keys per device;
	// it stays so that what they signed then still verifies.
	PublicKey []byte      `json:"public_key,omitempty"`
	Keys      []DeviceKey `json:"keys,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	// Removed: an admin took their access away; the record stays so that
	// their name and signatures still show.
	Removed time.Time `json:"removed,omitzero"`
}

// RoleChange is one entry of the record of who gave whom which role.
type RoleChange struct {
	UserID string    `json:"user_id"`
	Name   string    `json:"name"`
	From   Role      `json:"from"` // "" when the person was added
	To     Role      `json:"to"`   // "" when they were removed
	By     string    `json:"by"`
	ByID   string    `json:"by_id"`
	At     time.Time `json:"at"`
}

// Unlocker is someone who can unlock a workspace, as its plaintext header
// names them: for an unlock screen's list of people.
type Unlocker struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Unlockers lists who can unlock the workspace in dir, without unlocking
// it. A workspace from before people had their own passphrases lists
// nobody: its one passphrase opens it (Open).
func Unlockers(dir string) ([]Unlocker, error) {
	m, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	out := []Unlocker{}
	for _, sl := range m.Slots {
		out = append(out, Unlocker{ID: sl.UserID, Name: sl.Name})
	}
	return out, nil
}

// unlockedAs is the person who unlocked this store.
type unlockedAs struct {
	id        string
	name      string // the slot's name, until the record is read
	personKey []byte // seals their signing keys; nil read-only on a format-1 header
}

// slotOf is the index of id's slot in m (slots move as people are
// removed), or -1.
func (m *meta) slotOf(id string) int {
	return slices.IndexFunc(m.Slots, func(sl slot) bool { return sl.UserID == id })
}

type whoRef = atomic.Pointer[unlockedAs]

func (s *Store) whoami() unlockedAs {
	if w := s.who.Load(); w != nil {
		return *w
	}
	return unlockedAs{}
}

// Person is the id and current name of the person who unlocked.
func (s *Store) Person() (id, name string) {
	w := s.whoami()
	if p, err := s.PersonByID(w.id); err == nil {
		return p.ID, p.Name
	}
	return w.id, w.name
}

// Me is the record of the person who unlocked.
func (s *Store) Me() (Person, error) { return s.PersonByID(s.whoami().id) }

// PersonByID returns one person; errs.NotFound "err.userNotFound".
func (s *Store) PersonByID(id string) (Person, error) {
	var p Person
	if id == "" {
		return p, errs.New(errs.NotFound, "no user with id %q", id).WithKey("err.userNotFound", "id", id)
	}
	if err := s.GetRecord(KindPerson, id, &p); err != nil {
		if errs.Is(err, errs.NotFound) {
			return p, errs.New(errs.NotFound, "no user with id %s", id).WithKey("err.userNotFound", "id", id)
		}
		return p, err
	}
	return p, nil
}

// People lists everyone, removed people too, oldest first.
func (s *Store) People() ([]Person, error) {
	out := []Person{}
	err := s.ScanRecords(KindPerson, "", func(id string, b []byte) error {
		var p Person
		if err := json.Unmarshal(b, &p); err != nil {
			return errs.Wrap(errs.Internal, err, "decode user %s", id)
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Person) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// HasAccess: the person has a slot, i.e. can unlock this workspace.
func (s *Store) HasAccess(id string) bool {
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	return s.meta.slotOf(id) >= 0
}

func errAdminOnly(what string) error {
	return errs.New(errs.Unauthorized, "only an admin may %s", what).WithKey("err.notAllowed", "action", what)
}

func errNoName() error {
	return errs.New(errs.Invalid, "a user needs a name").WithKey("err.userRequired", "field", "name")
}

func errRole(r Role) error {
	return errs.New(errs.Invalid, "unknown role %q (sales, credit_manager or admin)", r).WithKey("err.choice", "field", "role")
}

// requireAdmin returns the acting admin; the role is read from the record
// each time, as it may just have changed.
func (s *Store) requireAdmin(what string) (Person, error) {
	me, err := s.Me()
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return me, errAdminOnly(what)
		}
		return me, err
	}
	if me.Role != RoleAdmin || !me.Removed.IsZero() {
		return me, errAdminOnly(what)
	}
	return me, nil
}

// nameTaken: someone else (removed people too: names must stay
// unambiguous in history) is called name.
func nameTaken(people []Person, name, except string) bool {
	return slices.ContainsFunc(people, func(p Person) bool { return p.ID != except && strings.EqualFold(p.Name, name) })
}

func errNameTaken(name string) error {
	return errs.New(errs.Conflict, "there is already a user called %s", name).WithKey("err.userExists", "name", name)
}

// AddPerson adds someone with a role; only an admin may. With a
// passphrase (at least 8 characters) they can unlock at once with it, and
// should change it; without, they are a name and a role only until an
// admin gives them a passphrase (ResetPassphrase). A name already taken
// is errs.Conflict "err.userExists".
func (s *Store) AddPerson(name string, role Role, passphrase string) (Person, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Person{}, errNoName()
	}
	if !role.Valid() {
		return Person{}, errRole(role)
	}
	if passphrase != "" {
		if err := CheckPassphrase(passphrase); err != nil {
			return Person{}, err
		}
	}
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	me, err := s.requireAdmin("add users")
	if err != nil {
		return Person{}, err
	}
	people, err := s.People()
	if err != nil {
		return Person{}, err
	}
	if nameTaken(people, name, "") {
		return Person{}, errNameTaken(name)
	}
	p := Person{ID: uuid.NewString(), Name: name, Role: role, CreatedAt: s.now().UTC()}
	// The record first: a slot always has its person.
	if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
		return Person{}, err
	}
	if err := s.recordRole(p, "", role, me); err != nil {
		return p, err
	}
	if passphrase != "" {
		if err := s.setSlot(p.ID, p.Name, passphrase); err != nil {
			return p, err
		}
	}
	return p, nil
}

// ResetPassphrase gives a person a new passphrase, replacing their slot or
// making one (someone added without a passphrase, or from before people
// had their own); only an admin may. Their signing keys sealed under the
// old slot no longer open: they get new ones on their next signature.
func (s *Store) ResetPassphrase(id, passphrase string) error {
	if err := CheckPassphrase(passphrase); err != nil {
		return err
	}
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	if _, err := s.requireAdmin("give users a passphrase"); err != nil {
		return err
	}
	p, err := s.PersonByID(id)
	if err != nil {
		return err
	}
	if !p.Removed.IsZero() {
		return errs.New(errs.NotFound, "%s was removed", p.Name).WithKey("err.userNotFound", "id", id)
	}
	return s.setSlot(p.ID, p.Name, passphrase)
}

// setSlot writes (or replaces) id's slot with a new person key. The caller
// holds peopleMu.
func (s *Store) setSlot(id, name, passphrase string) error {
	if err := s.checkSpace(0); err != nil {
		return err
	}
	m := s.cloneMeta()
	kdf := m.Slots[max(m.slotOf(s.whoami().id), 0)].KDF
	sl, err := m.newSlot(id, name, passphrase, kdf, s.dataKey, crypt.Random(crypt.KeySize))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "make a passphrase slot")
	}
	if i := m.slotOf(id); i >= 0 {
		m.Slots[i] = sl
	} else {
		if len(m.Slots) >= maxSlots {
			return errs.New(errs.Conflict, "a workspace holds at most %d people who can unlock it", maxSlots).WithKey("err.tooManyPeople", "max", "32")
		}
		m.Slots = append(m.Slots, sl)
	}
	return s.replaceMeta(m)
}

// cloneMeta copies the header, slots included, for a change.
func (s *Store) cloneMeta() *meta {
	m := *s.meta
	m.Slots = slices.Clone(m.Slots)
	return &m
}

// replaceMeta writes a changed header and makes it current.
func (s *Store) replaceMeta(m *meta) error {
	if err := writeMeta(s.dir, m); err != nil {
		return ioErr(err, "write the workspace header")
	}
	s.meta = m
	return nil
}

// RemovePerson takes a person's access away (their slot, and their signing
// key on this device); only an admin may, and never from the last admin.
// The record stays, marked removed, so history and signatures still name
// them.
func (s *Store) RemovePerson(id string) error {
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	me, err := s.requireAdmin("remove users")
	if err != nil {
		return err
	}
	p, err := s.PersonByID(id)
	if err != nil {
		return err
	}
	if !p.Removed.IsZero() {
		return nil
	}
	if p.Role == RoleAdmin {
		if err := s.checkNotLastAdmin(p); err != nil {
			return err
		}
	}
	if err := s.checkSpace(0); err != nil {
		return err
	}
	m := s.cloneMeta()
	m.Slots = slices.DeleteFunc(m.Slots, func(sl slot) bool { return sl.UserID == id })
	if len(m.Slots) == 0 {
		return errs.New(errs.Conflict, "%s is the last person who can unlock the workspace", p.Name).WithKey("err.lastAdmin", "name", p.Name)
	}
	// The slot goes first: from then on they cannot unlock, whatever else
	// fails.
	if err := s.replaceMeta(m); err != nil {
		return err
	}
	if err := s.DeleteRecord(KindSigningKey, id+"/"+s.device); err != nil {
		return err
	}
	from := p.Role
	p.Removed = s.now().UTC()
	if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
		return err
	}
	return s.recordRole(p, from, "", me)
}

func (s *Store) checkNotLastAdmin(p Person) error {
	people, err := s.People()
	if err != nil {
		return err
	}
	admins := 0
	for _, x := range people {
		if x.Role == RoleAdmin && x.Removed.IsZero() {
			admins++
		}
	}
	if admins <= 1 {
		return errs.New(errs.Conflict, "%s is the last admin; make someone else admin first", p.Name).WithKey("err.lastAdmin", "name", p.Name)
	}
	return nil
}

// SetRole changes a person's role; only an admin may, and the workspace
// always keeps at least one admin (errs.Conflict "err.lastAdmin").
func (s *Store) SetRole(id string, role Role) error {
	if !role.Valid() {
		return errRole(role)
	}
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	me, err := s.requireAdmin("change roles")
	if err != nil {
		return err
	}
	p, err := s.PersonByID(id)
	if err != nil {
		return err
	}
	if p.Role == role {
		return nil
	}
	if p.Role == RoleAdmin {
		if err := s.checkNotLastAdmin(p); err != nil {
			return err
		}
	}
	from := p.Role
	p.Role = role
	if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
		return err
	}
	return s.recordRole(p, from, role, me)
}

// RenamePerson renames the person who unlocked; never to the name of
// someone else. Their id, role and signatures do not change.
func (s *Store) RenamePerson(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errNoName()
	}
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	w := s.whoami()
	p, err := s.PersonByID(w.id)
	if errs.Is(err, errs.NotFound) && w.id == "" {
		return nil // read-only on an old header: nothing to rename
	}
	if err != nil {
		return err
	}
	if p.Name == name {
		return nil
	}
	people, err := s.People()
	if err != nil {
		return err
	}
	if nameTaken(people, name, p.ID) {
		return errNameTaken(name)
	}
	p.Name = name
	if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
		return err
	}
	if i := s.meta.slotOf(w.id); i >= 0 { // the slot's name only finds it at unlock
		m := s.cloneMeta()
		m.Slots[i].Name = name
		return s.replaceMeta(m)
	}
	return nil
}

// recordRole appends a role change; entries are never rewritten.
func (s *Store) recordRole(p Person, from, to Role, by Person) error {
	now := s.now().UTC()
	c := RoleChange{UserID: p.ID, Name: p.Name, From: from, To: to, By: by.Name, ByID: by.ID, At: now}
	id, err := uuid.NewV7() // ordered within one time stamp too
	if err != nil {
		return errs.Wrap(errs.Internal, err, "make record id")
	}
	return s.PutRecord(KindRoleChange, now.Format("20060102T150405.000000000Z")+"/"+id.String(), c)
}

// createFirstPerson records the workspace's first person, an admin who
// registered themselves.
func (s *Store) createFirstPerson(id, name string) error {
	p := Person{ID: id, Name: strings.TrimSpace(name), Role: RoleAdmin, CreatedAt: s.now().UTC()}
	if err := s.PutRecord(KindPerson, p.ID, p); err != nil {
		return err
	}
	return s.recordRole(p, "", RoleAdmin, p)
}

// SwitchPerson unlocks the open workspace as someone else (the lock
// screen, without closing the database): who's passphrase must open their
// slot, with the same errors as OpenAs. On failure nothing changes.
func (s *Store) SwitchPerson(who, passphrase string) error {
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	u, err := s.meta.unlock(who, passphrase)
	if err != nil {
		return err
	}
	if u.slot < 0 || string(u.dataKey) != string(s.dataKey) {
		return errWrongPassphrase()
	}
	sl := s.meta.Slots[u.slot]
	s.who.Store(&unlockedAs{id: sl.UserID, name: sl.Name, personKey: u.personKey})
	if !s.readOnly {
		return s.migrateKeys()
	}
	return nil
}

// changeOwnPassphrase re-wraps the unlocking person's slot under a new
// passphrase, with a new person key: whoever learnt the old passphrase
// (an admin who set it) cannot open their signing key any more.
func (s *Store) changeOwnPassphrase(old, new string) error {
	s.peopleMu.Lock()
	defer s.peopleMu.Unlock()
	w := s.whoami()
	i := s.meta.slotOf(w.id)
	if i < 0 || w.personKey == nil {
		return s.checkSpace(1 << 62) // read-only on an old header
	}
	u, err := s.meta.unlock(w.id, old)
	if err != nil {
		return err
	}
	if u.slot != i {
		return errWrongPassphrase()
	}
	if err := CheckPassphrase(new); err != nil {
		return err
	}
	if err := s.checkSpace(0); err != nil {
		return err
	}
	m := s.cloneMeta()
	newKey := crypt.Random(crypt.KeySize)
	sl, err := m.newSlot(w.id, m.Slots[i].Name, new, m.Slots[i].KDF, s.dataKey, newKey)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "change passphrase")
	}
	m.Slots[i] = sl
	// This device's signing key is sealed again under the new person key
	// first; if the header cannot be written, the old sealing goes back.
	restore, err := s.resealSigningKey(w, newKey)
	if err != nil {
		return err
	}
	if err := writeMeta(s.dir, m); err != nil {
		restore()
		return errs.Wrap(errs.Internal, err, "change passphrase")
	}
	s.meta = m
	nw := w
	nw.personKey = newKey
	s.who.Store(&nw)
	return nil
}
