package syncproto

import (
	"testing"
	"time"
)

func newDev(t *testing.T) DeviceSecrets {
	t.Helper()
	s, err := NewDeviceSecrets()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func grant(ws string, to DeviceSecrets, id, role string, by DeviceSecrets, issuer string) Grant {
	g := Grant{Workspace: ws, Device: id, SignPub: to.Public(id, "").SignPub, Person: "p-" + id, Role: role,
		Issuer: issuer, Issued: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	return SignGrant(g, by.Sign)
}

// Only grants that chain to the pinned root are believed: an admin's grant
// through the root, not a sales device's grant of itself or of another, not
// a forged root, not a grant changed after it was signed.
func TestTrustChainsToTheRoot(t *testing.T) {
	const ws = "ws-1"
	root, admin2, sales, mallory := newDev(t), newDev(t), newDev(t), newDev(t)
	rootG := grant(ws, root, "root", RoleAdmin, root, "root")
	pin := RootHash(rootG.SignPub)
	adminG := grant(ws, admin2, "a2", RoleAdmin, root, "root")
	salesG := grant(ws, sales, "s1", RoleSales, admin2, "a2") // through the second admin
	selfPromo := grant(ws, sales, "s1", RoleAdmin, sales, "s1")
	salesGrants := grant(ws, mallory, "m1", RoleAdmin, sales, "s1")
	fakeRoot := grant(ws, mallory, "m2", RoleAdmin, mallory, "m2")
	edited := salesG
	edited.Role = RoleCreditManager
	edited.Issuer = "a2"
	otherWS := grant("ws-2", mallory, "m3", RoleSales, root, "root")

	// Order does not matter: the sales grant comes before its issuer's.
	tr := TrustOf(ws, pin, []Grant{salesG, selfPromo, salesGrants, fakeRoot, adminG, rootG, otherWS})
	for id, role := range map[string]string{"root": RoleAdmin, "a2": RoleAdmin, "s1": RoleSales} {
		if g, ok := tr[id]; !ok || g.Role != role {
			t.Fatalf("%s: got %+v %v, want role %s", id, g, ok, role)
		}
	}
	for _, id := range []string{"m1", "m2", "m3"} {
		if _, ok := tr[id]; ok {
			t.Fatalf("%s is trusted", id)
		}
	}
	if tr.Trusted(selfPromo) || tr.Trusted(edited) || !tr.Trusted(salesG) || !tr.Trusted(adminG) {
		t.Fatal("Trusted disagrees with the chain")
	}
	// Another root pinned: nothing of this workspace is believed.
	if tr := TrustOf(ws, RootHash(mallory.Public("m2", "").SignPub), []Grant{rootG, adminG, salesG}); len(tr) != 0 {
		t.Fatalf("trusted under a wrong pin: %v", tr)
	}
	if tr := TrustOf(ws, nil, []Grant{rootG}); len(tr) != 0 {
		t.Fatal("trusted without a pin")
	}
}
