package credit

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/errs"
)

// Role decides what a person may do with credit.
type Role string

// Roles: sales propose, credit managers decide, admins also manage people.
const (
	RoleSales         Role = "sales"
	RoleCreditManager Role = "credit_manager"
	RoleAdmin         Role = "admin"
)

// Roles lists the roles, least power first.
var Roles = []Role{RoleSales, RoleCreditManager, RoleAdmin}

func (r Role) valid() bool { return slices.Contains(Roles, r) }

// canDecide: approving limits and editing the policy and review dates.
func (r Role) canDecide() bool { return r == RoleCreditManager || r == RoleAdmin }

// User is a person of the workspace. PublicKey verifies the approvals they
// sign; the private key is kept in its own record.
type User struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	PublicKey []byte    `json:"public_key"`
	CreatedAt time.Time `json:"created_at"`
}

type userKey struct {
	Seed []byte `json:"seed"` // ed25519 private key seed
}

func errNotAllowed(what string) error {
	return errs.New(errs.Unauthorized, "only a credit manager or an admin may %s", what).WithKey("err.notAllowed", "action", what)
}

func errAdminOnly(what string) error {
	return errs.New(errs.Unauthorized, "only an admin may %s", what).WithKey("err.notAllowed", "action", what)
}

// EnsureUser returns the user called name, creating them when there is no
// such user: as admin when the workspace has no user yet, else as sales.
func (s *Service) EnsureUser(name string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return User{}, errs.New(errs.Invalid, "a user needs a name").WithKey("err.userRequired", "field", "name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	users, err := s.users()
	if err != nil {
		return User{}, err
	}
	if u, ok := byName(users, name); ok {
		return u, nil
	}
	role := RoleSales
	if len(users) == 0 {
		role = RoleAdmin
	}
	u, err := s.createUser(name, role)
	if err != nil {
		return u, err
	}
	// Registered on first use: the record says so by naming the user.
	return u, s.recordRole(u, "", role, u)
}

// Users lists the workspace's people, oldest first.
func (s *Service) Users() ([]User, error) {
	return s.users()
}

// AddUser adds a person with a role; only an admin may. A name already
// taken is errs.Conflict.
func (s *Service) AddUser(name string, role Role, by string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return User{}, errs.New(errs.Invalid, "a user needs a name").WithKey("err.userRequired", "field", "name")
	}
	if !role.valid() {
		return User{}, errs.New(errs.Invalid, "unknown role %q (sales, credit_manager or admin)", role).WithKey("err.choice", "field", "role")
	}
	actor, err := s.EnsureUser(by)
	if err != nil {
		return User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	users, err := s.users()
	if err != nil {
		return User{}, err
	}
	if !isAdmin(users, actor.ID) {
		return User{}, errAdminOnly("add users")
	}
	if _, ok := byName(users, name); ok {
		return User{}, errs.New(errs.Conflict, "there is already a user called %s", name).WithKey("err.userExists", "name", name)
	}
	u, err := s.createUser(name, role)
	if err != nil {
		return u, err
	}
	return u, s.recordRole(u, "", role, actor)
}

// SetRole changes a person's role; only an admin may, and the workspace
// always keeps at least one admin (errs.Conflict "err.lastAdmin").
func (s *Service) SetRole(userID string, role Role, by string) error {
	if !role.valid() {
		return errs.New(errs.Invalid, "unknown role %q (sales, credit_manager or admin)", role).WithKey("err.choice", "field", "role")
	}
	actor, err := s.EnsureUser(by)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	users, err := s.users()
	if err != nil {
		return err
	}
	// The actor's role is read again under the lock: it may just have changed.
	if !isAdmin(users, actor.ID) {
		return errAdminOnly("change roles")
	}
	i := slices.IndexFunc(users, func(u User) bool { return u.ID == userID })
	if i < 0 {
		return errs.New(errs.NotFound, "no user with id %s", userID).WithKey("err.userNotFound", "id", userID)
	}
	u := users[i]
	if u.Role == role {
		return nil
	}
	if u.Role == RoleAdmin {
		admins := 0
		for _, x := range users {
			if x.Role == RoleAdmin {
				admins++
			}
		}
		if admins <= 1 {
			return errs.New(errs.Conflict, "%s is the last admin; make someone else admin first", u.Name).WithKey("err.lastAdmin", "name", u.Name)
		}
	}
	from := u.Role
	u.Role = role
	if err := s.st.PutRecord(kindUser, u.ID, u); err != nil {
		return err
	}
	return s.recordRole(u, from, role, actor)
}

// RoleChange is one entry of the record of who gave whom which role.
type RoleChange struct {
	UserID string    `json:"user_id"`
	Name   string    `json:"name"`
	From   Role      `json:"from"` // "" when the user was added
	To     Role      `json:"to"`
	By     string    `json:"by"`
	ByID   string    `json:"by_id"`
	At     time.Time `json:"at"`
}

// recordRole appends a role change to the record; entries are never
// rewritten.
func (s *Service) recordRole(u User, from, to Role, by User) error {
	now := s.now()
	c := RoleChange{UserID: u.ID, Name: u.Name, From: from, To: to, By: by.Name, ByID: by.ID, At: now}
	id, err := uuid.NewV7() // ordered within one time stamp too
	if err != nil {
		return errs.Wrap(errs.Internal, err, "make record id")
	}
	return s.st.PutRecord(kindRoleChange, now.Format(idTime)+"/"+id.String(), c)
}

// RoleChanges lists every role given or changed, newest first.
func (s *Service) RoleChanges() ([]RoleChange, error) {
	out := []RoleChange{}
	err := s.st.ScanRecords(kindRoleChange, "", func(id string, b []byte) error {
		var c RoleChange
		if err := json.Unmarshal(b, &c); err != nil {
			return errs.Wrap(errs.Internal, err, "decode role change %s", id)
		}
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
func (s *Service) user(id string) (User, error) {
	var u User
	if err := s.st.GetRecord(kindUser, id, &u); err != nil {
		if errs.Is(err, errs.NotFound) {
			return u, errs.New(errs.NotFound, "no user with id %s", id).WithKey("err.userNotFound", "id", id)
		}
		return u, err
	}
	return u, nil
}

// actor is the user acting under the name by, created as EnsureUser does.
func (s *Service) actor(by string) (User, error) { return s.EnsureUser(by) }

func (s *Service) users() ([]User, error) {
	out := []User{}
	err := s.st.ScanRecords(kindUser, "", func(_ string, b []byte) error {
		var u User
		if err := json.Unmarshal(b, &u); err != nil {
			return errs.Wrap(errs.Internal, err, "decode user")
		}
		out = append(out, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b User) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

func isAdmin(users []User, id string) bool {
	i := slices.IndexFunc(users, func(u User) bool { return u.ID == id })
	return i >= 0 && users[i].Role == RoleAdmin
}

func byName(users []User, name string) (User, bool) {
	for _, u := range users {
		if strings.EqualFold(u.Name, name) {
			return u, true
		}
	}
	return User{}, false
}

// createUser makes a key pair and stores the private key before the user:
// a user record always has its key.
func (s *Service) createUser(name string, role Role) (User, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return User{}, errs.Wrap(errs.Internal, err, "make signing key")
	}
	u := User{ID: uuid.NewString(), Name: name, Role: role, PublicKey: pub, CreatedAt: s.now()}
	if err := s.st.PutRecord(kindUserKey, u.ID, userKey{Seed: priv.Seed()}); err != nil {
		return User{}, err
	}
	if err := s.st.PutRecord(kindUser, u.ID, u); err != nil {
		return User{}, err
	}
	return u, nil
}

func (s *Service) privateKey(userID string) (ed25519.PrivateKey, error) {
	var k userKey
	if err := s.st.GetRecord(kindUserKey, userID, &k); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "read signing key")
	}
	if len(k.Seed) != ed25519.SeedSize {
		return nil, errs.New(errs.Internal, "signing key of user %s is damaged", userID)
	}
	return ed25519.NewKeyFromSeed(k.Seed), nil
}
