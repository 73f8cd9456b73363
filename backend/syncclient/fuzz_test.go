package syncclient

import (
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/hlc"
	"credence/backend/store"
	"credence/backend/syncproto"
)

// What arrives from another device is parsed by the guard before anything
// is applied: whatever the value, a sales device's change to people, roles
// or grants is refused unless it is one of the few it may make (its own
// person's name and keys, its own role as its grant gives it), and nothing
// panics. The changes are signed with the device's real key, so it is the
// reading of the value that is tested.
func FuzzGuard(f *testing.F) {
	st := newStore(f, "Ann")
	admin, err := syncproto.NewDeviceSecrets()
	if err != nil {
		f.Fatal(err)
	}
	sales, err := syncproto.NewDeviceSecrets()
	if err != nil {
		f.Fatal(err)
	}
	const ws, adminID, salesID, bob = "ws-fuzz", "dev-admin", "dev-sales", "person-bob"
	s, _, err := newState("https://127.0.0.1:1", make([]byte, 32), ws, adminID, "Ann's laptop")
	if err != nil {
		f.Fatal(err)
	}
	s.SignSeed, s.BoxKey, s.Role = admin.Sign.Seed(), admin.Box.Bytes(), syncproto.RoleAdmin
	s.Root = syncproto.RootHash(admin.Public(adminID, "").SignPub)
	cl, err := over(st, s, Options{})
	if err != nil {
		f.Fatal(err)
	}
	issued := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, g := range []syncproto.Grant{
		{Workspace: ws, Device: adminID, SignPub: admin.Public(adminID, "").SignPub, Role: syncproto.RoleAdmin, Issuer: adminID, Issued: issued},
		{Workspace: ws, Device: salesID, SignPub: sales.Public(salesID, "").SignPub, Person: bob, Role: syncproto.RoleSales, Issuer: adminID, Issued: issued},
	} {
		if err := st.PutRecord(KindGrant, g.RecordID(), syncproto.SignGrant(g, admin.Sign)); err != nil {
			f.Fatal(err)
		}
	}
	kinds := []string{store.KindPerson, store.KindRoleChange, KindGrant}
	f.Add(uint8(0), bob, "name", []byte(`"Bob"`), false)
	f.Add(uint8(0), bob, "role", []byte(`"sales"`), false)
	f.Add(uint8(0), bob, "role", []byte(`"admin"`), false)
	f.Add(uint8(0), "person-ann", "keys", []byte(`[{"device":"x","public_key":"AAAA"}]`), false)
	f.Add(uint8(0), bob, "removed", []byte(`"2026-11-30T00:00:00Z"`), false)
	f.Add(uint8(1), "20261130T000000.000000000Z/"+bob, "", []byte(`{"user_id":"person-bob","to":"sales"}`), false)
	f.Add(uint8(1), "20261130T000000.000000000Z/"+bob, "", []byte(`{"user_id":"person-bob","to":"admin"}`), false)
	f.Add(uint8(2), salesID+"/"+salesID, "", []byte(`{"workspace":"ws-fuzz","device":"dev-sales","role":"admin","issuer":"dev-sales"}`), false)
	f.Add(uint8(0), bob, "role", []byte(`{`), true)
	f.Fuzz(func(t *testing.T, k uint8, entity, field string, value []byte, deleted bool) {
		c := changelog.Change{ID: "c1", Kind: kinds[int(k)%len(kinds)], Entity: entity, Field: field, Value: value, Deleted: deleted,
			Device: salesID, Seq: 1, HLC: hlc.Timestamp{Wall: issued.Add(time.Hour).UnixMilli()}}
		c.Sig = ed25519.Sign(sales.Sign, changeMessage(ws, c))
		cs := []changelog.Change{c}
		if _, err := cl.guard(cs, nil); err != nil {
			t.Fatal(err)
		}
		refused := cs[0].Refused != ""
		var role store.Role
		roleOK := json.Unmarshal(value, &role) == nil && role == store.RoleSales
		switch c.Kind {
		case KindGrant:
			if !refused {
				t.Fatalf("a sales device's grant was believed: %q", value)
			}
		case store.KindPerson:
			allowed := entity == bob && ownFields[field] || entity == bob && field == "role" && !deleted && roleOK
			if refused == allowed {
				t.Fatalf("person %q field %q value %q deleted %v: refused %v", entity, field, value, deleted, refused)
			}
		case store.KindRoleChange:
			if !strings.HasSuffix(entity, "/"+bob) && !refused {
				t.Fatalf("a role entry of someone else was believed: %q", entity)
			}
			var rc store.RoleChange
			if !deleted && !refused && (json.Unmarshal(value, &rc) != nil || rc.UserID != bob || rc.To != store.RoleSales) {
				t.Fatalf("a role entry beyond the grant was believed: %q", value)
			}
		}
	})
}
