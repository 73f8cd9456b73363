package syncclient

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/hlc"
	"credence/backend/store"
	"credence/backend/syncproto"
)

func personOn(t *testing.T, d *device, id string) store.Person {
	t.Helper()
	p, err := d.st.PersonByID(id)
	if err != nil {
		t.Fatalf("%s: person %s: %v", d.name, id, err)
	}
	return p
}

// A sales device holds the sync key and can write anything into its own
// log, but the others believe a change to people, roles or grants only
// from a device an admin granted the role by signature: its self-promotion,
// a grant it signs itself and a key slipped into the admin's record are
// refused everywhere, also on a device that joins later, while the
// admin's promotion of the same person goes through.
func TestSalesDeviceCannotMakeItselfCreditManager(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	b.sync()
	if r := a.sync(); r.Refused != 0 || len(a.cl.State().Refused) != 0 {
		// Bob's new workspace made him its own admin before he joined: that
		// change is refused quietly, it is no attempt.
		t.Fatalf("a plain join counts as an attempt: %+v", r)
	}
	bob, _ := b.st.Person()
	ann, _ := a.st.Person()
	if p := personOn(t, a, bob); p.Role != store.RoleSales || p.Name != "Bob" {
		t.Fatalf("Bob on Ann's computer: %+v", p)
	}
	// His own name is his to change, whatever it holds (encoding/json
	// escapes & < > on the way: the signature still holds).
	if err := b.st.RenamePerson("Bob & Söhne <Hamburg>"); err != nil {
		t.Fatal(err)
	}
	b.sync()
	if r := a.sync(); r.Refused != 0 || personOn(t, a, bob).Name != "Bob & Söhne <Hamburg>" {
		t.Fatalf("Bob's rename on Ann's computer: %q, refused %d", personOn(t, a, bob).Name, r.Refused)
	}

	// 1. Bob writes himself credit manager (what SetRole would refuse him)
	// with a role entry to match.
	me := personOn(t, b, bob)
	me.Role = store.RoleCreditManager
	if err := b.st.PutRecord(store.KindPerson, bob, me); err != nil {
		t.Fatal(err)
	}
	at := time.Now().UTC()
	if err := b.st.PutRecord(store.KindRoleChange, at.Format("20060102T150405.000000000Z")+"/"+bob,
		store.RoleChange{UserID: bob, Name: "Bob", From: store.RoleSales, To: store.RoleCreditManager, By: "Bob", ByID: bob, At: at}); err != nil {
		t.Fatal(err)
	}
	// 2. He grants his own device admin, signed with his own key.
	bsec, _ := b.cl.state.secrets()
	forged := syncproto.SignGrant(syncproto.Grant{Workspace: b.cl.state.Workspace, Device: b.cl.state.Device,
		SignPub: bsec.Public(b.cl.state.Device, "").SignPub, Person: bob, Role: syncproto.RoleAdmin,
		Issuer: b.cl.state.Device, Issued: at}, bsec.Sign)
	if err := b.st.PutRecord(KindGrant, forged.RecordID(), forged); err != nil {
		t.Fatal(err)
	}
	// 3. He adds a key of his own to Ann's record, to sign approvals as her.
	annOnB := personOn(t, b, ann)
	annOnB.Keys = append(annOnB.Keys, store.DeviceKey{Device: b.cl.state.Device, PublicKey: bsec.Public("", "").SignPub, Added: at})
	if err := b.st.PutRecord(store.KindPerson, ann, annOnB); err != nil {
		t.Fatal(err)
	}
	b.sync()
	r := a.sync()
	if r.Refused != 4 || r.Applied != 0 {
		t.Fatalf("Ann's sync: refused %d, applied %d; want the 4 forged changes refused and nothing applied", r.Refused, r.Applied)
	}
	if got := a.cl.State().Refused[b.cl.state.Device]; got.Count != 4 || got.Name != "Bob's laptop" {
		t.Fatalf("Ann's note of Bob's attempt: %+v", got)
	}
	if err := a.cl.ClearRefused(); err != nil || len(a.cl.State().Refused) != 0 {
		t.Fatalf("acknowledged: %v %v", err, a.cl.State().Refused)
	}
	annOnA := personOn(t, a, ann)
	if p := personOn(t, a, bob); p.Role != store.RoleSales {
		t.Fatalf("Bob made himself %s on Ann's computer", p.Role)
	}
	if slices.ContainsFunc(annOnA.Keys, func(k store.DeviceKey) bool { return k.Device == b.cl.state.Device }) {
		t.Fatal("Bob's key landed in Ann's record")
	}

	// A device joining later pulls the whole history and refuses the same.
	c := join(t, a, "Cai", "credit_manager")
	rc := c.sync()
	if rc.Refused < 4 {
		t.Fatalf("Cai refused %d changes, want at least the 4 forged", rc.Refused)
	}
	if p := personOn(t, c, bob); p.Role != store.RoleSales {
		t.Fatalf("Bob is %s on Cai's computer", p.Role)
	}
	if p := personOn(t, c, ann); len(p.Keys) != len(annOnA.Keys) {
		t.Fatalf("Ann's keys on Cai's computer: %d, on hers %d", len(p.Keys), len(annOnA.Keys))
	}
	a.sync()
	if p := personOn(t, a, c.mustPerson(t)); p.Role != store.RoleCreditManager {
		t.Fatalf("Cai joined as credit manager, Ann sees %s", p.Role)
	}

	// The admin's promotion of Bob is believed everywhere, and Bob's device
	// may then say so itself.
	if err := a.st.SetRole(bob, store.RoleCreditManager); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()
	c.sync()
	for _, d := range []*device{a, b, c} {
		if p := personOn(t, d, bob); p.Role != store.RoleCreditManager {
			t.Fatalf("after Ann's promotion Bob is %s on %s's computer", p.Role, d.name)
		}
	}
}

func (d *device) mustPerson(t *testing.T) string {
	t.Helper()
	id, _ := d.st.Person()
	if id == "" {
		t.Fatalf("%s: nobody unlocked", d.name)
	}
	return id
}

// A change to people arriving without its device's signature, or signed
// by another device's key, is refused even from the admin's device.
func TestUnsignedChangeToPeopleRefused(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	b.sync() // Bob now holds the grants
	ann, _ := a.st.Person()
	trusted := a.cl.state.Device
	mk := func(sig []byte) changelog.Change {
		c := changelog.Change{ID: changelog.NewID(), Kind: store.KindPerson, Entity: ann, Field: "name",
			Value: []byte(`"Mallory"`), Device: trusted, Seq: 99, HLC: hlc.Timestamp{Wall: time.Now().UnixMilli()}}
		c.Sig = sig
		return c
	}
	good := mk(nil)
	a.cl.signGuarded(&good)
	badSig := mk(nil)
	badSig.Sig = good.Sig // signed over another change id
	otherKey := mk(nil)
	b.cl.signGuarded(&otherKey) // Bob's key, Ann's device id
	cs := []changelog.Change{mk(nil), badSig, otherKey, good}
	n, err := b.cl.guard(cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || cs[0].Refused == "" || cs[1].Refused == "" || cs[2].Refused == "" || cs[3].Refused != "" {
		t.Fatalf("refused %d: %q %q %q %q", n, cs[0].Refused, cs[1].Refused, cs[2].Refused, cs[3].Refused)
	}
}

// What a device signs is what the other reads after the change travelled
// as JSON (compacted, & < > escaped), whatever bytes the value had.
func TestSignedChangeSurvivesJSON(t *testing.T) {
	c := changelog.Change{ID: "1", Kind: store.KindPerson, Entity: "p", Field: "name", Value: []byte(`  "Li & Co <HK>" `),
		Device: "d", Seq: 1, HLC: hlc.Timestamp{Wall: 1}}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back changelog.Change
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if string(back.Value) == string(c.Value) {
		t.Fatal("the value came back byte for byte: this test proves nothing")
	}
	if !bytes.Equal(changeMessage("ws", c), changeMessage("ws", back)) {
		t.Fatalf("signed %q, read %q", c.Value, back.Value)
	}
}
