package app

import (
	"context"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
)

// PeopleService is Settings → People: who can unlock the workspace, with
// which role. The store decides who may do what (only an admin manages
// people, the last admin stays); this only converts and tells the
// frontend's stores.
type PeopleService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewPeopleService returns the service over sess.
func NewPeopleService(sess *Session, rt Runtime) *PeopleService {
	return &PeopleService{sess: sess, rt: rt}
}

func (p *PeopleService) startup(ctx context.Context)  { p.ctx = ctx }
func (p *PeopleService) shutdown(ctx context.Context) {}

// PersonRow is one person as Settings lists them.
type PersonRow struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      store.Role `json:"role"`
	Devices   int        `json:"devices"` // devices with a signing key
	CanUnlock bool       `json:"can_unlock"`
	Removed   time.Time  `json:"removed,omitzero"`
	Me        bool       `json:"me"`
}

// PeopleView is the list and what the person working may do with it.
type PeopleView struct {
	People []PersonRow `json:"people"`
	Admin  bool        `json:"admin"` // may add, remove, reset and change roles
}

// List returns everyone, removed people too, oldest first.
func (p *PeopleService) List() (PeopleView, error) {
	s, err := p.sess.Store()
	if err != nil {
		return PeopleView{}, uiErr(err)
	}
	people, err := s.People()
	if err != nil {
		return PeopleView{}, uiErr(err)
	}
	meID, _ := s.Person()
	v := PeopleView{People: []PersonRow{}}
	for _, x := range people {
		devices := len(x.Keys)
		if devices == 0 && len(x.PublicKey) > 0 {
			devices = 1
		}
		me := x.ID == meID
		if me && x.Role == store.RoleAdmin && x.Removed.IsZero() {
			v.Admin = true
		}
		v.People = append(v.People, PersonRow{ID: x.ID, Name: x.Name, Role: x.Role, Devices: devices,
			CanUnlock: s.HasAccess(x.ID), Removed: x.Removed, Me: me})
	}
	return v, nil
}

func mismatch() error {
	return uiErr(errs.New(errs.Invalid, "the two passphrases differ").WithKey("err.passphraseMismatch", "field", "confirm"))
}

// Add adds a person with a role and a first passphrase (admins only).
func (p *PeopleService) Add(name, role, passphrase, confirm string) (store.Person, error) {
	if passphrase != confirm {
		return store.Person{}, mismatch()
	}
	if passphrase == "" {
		// Someone without a passphrase cannot unlock: here a person is
		// always added able to.
		return store.Person{}, uiErr(store.CheckPassphrase(passphrase))
	}
	s, err := p.sess.Store()
	if err != nil {
		return store.Person{}, uiErr(err)
	}
	x, err := s.AddPerson(name, store.Role(role), passphrase)
	if err != nil {
		return store.Person{}, uiErr(err)
	}
	p.changed()
	return x, nil
}

// ResetPassphrase gives someone a new passphrase (admins only).
func (p *PeopleService) ResetPassphrase(id, passphrase, confirm string) error {
	if passphrase != confirm {
		return mismatch()
	}
	return p.do(func(s *store.Store) error { return s.ResetPassphrase(id, passphrase) })
}

// Remove takes someone's access away (admins only; never the last admin).
func (p *PeopleService) Remove(id string) error {
	return p.do(func(s *store.Store) error { return s.RemovePerson(id) })
}

// SetRole changes someone's role (admins only).
func (p *PeopleService) SetRole(id, role string) error {
	return p.do(func(s *store.Store) error { return s.SetRole(id, store.Role(role)) })
}

func (p *PeopleService) do(f func(*store.Store) error) error {
	s, err := p.sess.Store()
	if err != nil {
		return uiErr(err)
	}
	if err := f(s); err != nil {
		return uiErr(err)
	}
	p.changed()
	return nil
}

// changed tells the stores that follow people (roles decide rights).
func (p *PeopleService) changed() {
	p.rt.Emit(p.ctx, EventChanged, Changed{Kinds: []string{"user"}})
}
