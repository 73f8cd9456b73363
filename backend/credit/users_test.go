package credit

import (
	"testing"

	"credence/backend/assess"
	"credence/backend/errs"
)

func TestUsersAndRoles(t *testing.T) {
	s, _ := mustService(t)
	users, err := s.Users()
	if err != nil || len(users) != 3 {
		t.Fatalf("users: %v %v", users, err)
	}
	roles := map[string]Role{}
	ids := map[string]string{}
	for _, u := range users {
		roles[u.Name], ids[u.Name] = u.Role, u.ID
		if len(u.Keys) != 0 {
			t.Fatalf("%s has a key before signing anything", u.Name)
		}
	}
	if roles["Admin Ann"] != RoleAdmin || roles["Maria Manager"] != RoleCreditManager || roles["Sam Sales"] != RoleSales {
		t.Fatalf("roles: %v", roles)
	}
	// EnsureUser finds existing people; it no longer makes anyone up.
	if u, err := s.EnsureUser(" maria manager "); err != nil || u.ID != ids["Maria Manager"] {
		t.Fatalf("ensure existing: %+v %v", u, err)
	}
	if u, err := s.EnsureUser(""); err != nil || u.ID != ids["Admin Ann"] {
		t.Fatalf("ensure me: %+v %v", u, err)
	}
	if _, err := s.EnsureUser("Newcomer Ned"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("ensure new: %v", err)
	}

	for _, tc := range []struct {
		name    string
		do      func() error
		code    string
		key     string
		wantErr bool
	}{
		{"sales cannot add users", func() error { _, err := s.as("Sam Sales").AddUser("X", RoleSales, "Sam Sales"); return err }, errs.Unauthorized, "err.notAllowed", true},
		{"credit manager cannot add users", func() error { _, err := s.as("Maria Manager").AddUser("X", RoleSales, "Maria Manager"); return err }, errs.Unauthorized, "err.notAllowed", true},
		{"unknown role", func() error { _, err := s.as("Admin Ann").AddUser("X", "boss", "Admin Ann"); return err }, errs.Invalid, "err.choice", true},
		{"name taken", func() error { _, err := s.as("Admin Ann").AddUser("sam sales", RoleSales, "Admin Ann"); return err }, errs.Conflict, "err.userExists", true},
		{"empty name", func() error { _, err := s.as("Admin Ann").AddUser(" ", RoleSales, "Admin Ann"); return err }, errs.Invalid, "", true},
		{"sales cannot change roles", func() error { return s.as("Sam Sales").SetRole(ids["Sam Sales"], RoleAdmin, "Sam Sales") }, errs.Unauthorized, "err.notAllowed", true},
		{"the last admin cannot be demoted", func() error { return s.as("Admin Ann").SetRole(ids["Admin Ann"], RoleCreditManager, "Admin Ann") }, errs.Conflict, "err.lastAdmin", true},
		{"unknown user", func() error { return s.as("Admin Ann").SetRole("nobody", RoleSales, "Admin Ann") }, errs.NotFound, "", true},
		{"admin promotes sales", func() error { return s.as("Admin Ann").SetRole(ids["Sam Sales"], RoleAdmin, "Admin Ann") }, "", "", false},
		{"with a second admin, the first may step down", func() error { return s.as("Admin Ann").SetRole(ids["Admin Ann"], RoleSales, "Admin Ann") }, "", "", false},
		{"a former admin cannot change roles", func() error { return s.as("Admin Ann").SetRole(ids["Maria Manager"], RoleSales, "Admin Ann") }, errs.Unauthorized, "err.notAllowed", true},
		{"now Sam is the last admin", func() error { return s.as("Sam Sales").SetRole(ids["Sam Sales"], RoleSales, "Sam Sales") }, errs.Conflict, "err.lastAdmin", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if !tc.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, tc.code, tc.key)
		})
	}
}

func TestPolicy(t *testing.T) {
	s, st := mustService(t)
	p, err := s.Policy()
	if err != nil || p.Currency != "USD" || len(p.Bands) != 5 {
		t.Fatalf("default policy: %+v %v", p, err)
	}
	p.Bands[0].MaxLimit = 300000
	_, err = s.as("Sam Sales").SavePolicy(p, "Sam Sales")
	wantCode(t, err, errs.Unauthorized, "err.notAllowed")
	bad := assess.DefaultPolicy()
	bad.Currency = "dollars"
	_, err = s.as("Maria Manager").SavePolicy(bad, "Maria Manager")
	wantCode(t, err, errs.Invalid, "err.policy")
	if _, err := s.as("Maria Manager").SavePolicy(p, "Maria Manager"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Policy()
	if got.Bands[0].MaxLimit != 300000 {
		t.Fatalf("saved policy not returned: %+v", got.Bands[0])
	}
	d := mustCreate(t, st, solidEuropean())
	snap, err := s.as("Sam Sales").Assess(d.ID, "Sam Sales", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if snap.PolicyDate != "2026-03-16" || snap.Assessment.PolicyRow.Grade == "A" && snap.Assessment.PolicyRow.MaxLimit != 300000 {
		t.Fatalf("snapshot policy: %s %+v", snap.PolicyDate, snap.Assessment.PolicyRow)
	}
}
