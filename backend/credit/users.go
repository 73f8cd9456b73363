package credit

import (
	"crypto/ed25519"
	"encoding/json"
	"slices"
	"strings"

	"credence/backend/errs"
	"credence/backend/store"
)

// People and roles live in the store, beside the passphrases they unlock
// with (store/people.go): who acts is the person who unlocked, and a name
// is only how they are shown.

// Role decides what a person may do with credit.
type Role = store.Role

// Roles: sales propose, credit managers decide, admins also manage people.
const (
	RoleSales         = store.RoleSales
	RoleCreditManager = store.RoleCreditManager
	RoleAdmin         = store.RoleAdmin
)

// Roles lists the roles, least power first.
var Roles = store.Roles

// User is a person of the workspace: id, name, role and the public keys
// of their devices, which verify the approvals they sign.
type User = store.Person

// RoleChange is one entry of the record of who gave whom which role.
type RoleChange = store.RoleChange

func errNotAllowed(what string) error {
	return errs.New(errs.Unauthorized, "only a credit manager or an admin may %s", what).WithKey("err.notAllowed", "action", what)
}

// errNotYou: a caller named someone other than the person who unlocked.
func errNotYou(me, by string) error {
	return errs.New(errs.Unauthorized, "the workspace is unlocked by %s: %s must unlock it with their own passphrase to act", me, by).
		WithKey("err.notYou", "name", me, "other", by)
}

// Me is the person who unlocked the workspace.
func (s *Service) Me() (User, error) {
	me, err := s.st.Me()
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return me, errs.New(errs.Unauthorized, "the workspace was not unlocked by a known person").WithKey("err.wrongPassphrase")
		}
		return me, err
	}
	if !me.Removed.IsZero() {
		return me, errs.New(errs.Unauthorized, "%s was removed from the workspace", me.Name).WithKey("err.wrongPassphrase")
	}
	return me, nil
}

// actor is the person acting: always the one who unlocked. by is what
// callers passed before identity came from unlocking; it must be empty or
// name that person, never someone else (errs.Unauthorized "err.notYou").
func (s *Service) actor(by string) (User, error) {
	me, err := s.Me()
	if err != nil {
		return me, err
	}
	if by = strings.TrimSpace(by); by != "" && !strings.EqualFold(by, me.Name) && by != me.ID {
		return User{}, errNotYou(me.Name, by)
	}
	return me, nil
}

// EnsureUser returns the person who unlocked when name is theirs (or
// empty), else the existing user called name (errs.NotFound when there is
// none: only an admin adds people, with AddUser). Deprecated: use Me.
func (s *Service) EnsureUser(name string) (User, error) {
	name = strings.TrimSpace(name)
	me, err := s.Me()
	if err != nil || name == "" || strings.EqualFold(name, me.Name) {
		return me, err
	}
	users, err := s.users()
	if err != nil {
		return User{}, err
	}
	if u, ok := byName(users, name); ok {
		return u, nil
	}
	return User{}, errs.New(errs.NotFound, "no user called %s", name).WithKey("err.userNotFound", "id", name)
}

// Users lists the workspace's people, oldest first (removed ones too:
// their names still show on what they did).
func (s *Service) Users() ([]User, error) {
	return s.users()
}

// UserName renders a user id as the person's current name (the id itself
// when unknown): a renamed person keeps their approvals.
func (s *Service) UserName(id string) string {
	if u, err := s.st.PersonByID(id); err == nil {
		return u.Name
	}
	return id
}

// AddUser adds a person with a role; only an admin may. They can unlock
// once an admin gives them a passphrase (store.AddPerson does both at
// once). A name already taken is errs.Conflict. by: see actor.
func (s *Service) AddUser(name string, role Role, by string) (User, error) {
	if _, err := s.actor(by); err != nil {
		return User{}, err
	}
	return s.st.AddPerson(name, role, "")
}

// SetRole changes a person's role; only an admin may, and the workspace
// always keeps at least one admin (errs.Conflict "err.lastAdmin"). The
// change is recorded. by: see actor.
func (s *Service) SetRole(userID string, role Role, by string) error {
	if _, err := s.actor(by); err != nil {
		return err
	}
	return s.st.SetRole(userID, role)
}

// RoleChanges lists every role given or changed, newest first, with
// people named as they are called now.
func (s *Service) RoleChanges() ([]RoleChange, error) {
	out := []RoleChange{}
	err := s.st.ScanRecords(store.KindRoleChange, "", func(id string, b []byte) error {
		var c RoleChange
		if err := json.Unmarshal(b, &c); err != nil {
			return errs.Wrap(errs.Internal, err, "decode role change %s", id)
		}
		c.Name, c.By = s.UserName(c.UserID), s.UserName(c.ByID)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// user returns one user by id.
func (s *Service) user(id string) (User, error) { return s.st.PersonByID(id) }

func (s *Service) users() ([]User, error) { return s.st.People() }

func byName(users []User, name string) (User, bool) {
	for _, u := range users {
		if strings.EqualFold(u.Name, name) {
			return u, true
		}
	}
	return User{}, false
}

// signingKey is the private key of the person who unlocked, on this
// device, and the device id it is registered under.
func (s *Service) signingKey() (ed25519.PrivateKey, string, error) {
	return s.st.SigningKey()
}

// keysOf are the public keys an approval by u from device may be
// verified with: that device's keys, or for approvals signed before keys
// per device (no device named), every key u ever had.
func keysOf(u User, device string) []ed25519.PublicKey {
	var out []ed25519.PublicKey
	for _, k := range u.Keys {
		if (device == "" || k.Device == device) && len(k.PublicKey) == ed25519.PublicKeySize {
			out = append(out, k.PublicKey)
		}
	}
	if device == "" && len(u.PublicKey) == ed25519.PublicKeySize {
		out = append(out, u.PublicKey)
	}
	return out
}
