package syncclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/hlc"
	"credence/backend/store"
	"credence/backend/store/storetest"
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
	if r := a.sync(); r.Refused != 0 || len(refusals(t, a)) != 0 {
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
	if got := refusals(t, a)[b.cl.state.Device]; got.Count != 4 || got.Name != "Bob's laptop" {
		t.Fatalf("Ann's note of Bob's attempt: %+v", got)
	}
	if err := a.cl.ClearRefused(); err != nil || len(refusals(t, a)) != 0 {
		t.Fatalf("acknowledged: %v %v", err, refusals(t, a))
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

func refusals(t *testing.T, d *device) map[string]Refusal {
	t.Helper()
	rs, err := d.cl.Refusals()
	if err != nil {
		t.Fatal(err)
	}
	return rs
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

// The server knows a pairing code's secret, not the inviting admin's part
// of it: a device it enrols with that secret alone (here, one pairing with
// the code's other half made up) is listed with the code's admin role but
// gets no grant and never the key.
func TestDeviceTheServerEnrolsGetsNothing(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	code, err := a.cl.Invite(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	pc, err := syncproto.ParsePairingCode(code)
	if err != nil {
		t.Fatal(err)
	}
	pc.Auth = bytes.Repeat([]byte{7}, 16)
	m := &device{t: t, name: "Mallory", st: newStore(t, "Mallory"), f: &faults{}}
	cl, err := Join(t.Context(), m.st, pc.String(), "server's own", m.opts())
	if err != nil {
		t.Fatalf("the server's pairing was refused by the server itself: %v", err)
	}
	t.Cleanup(cl.Close)
	m.cl = cl
	if ds, _, err := a.cl.Devices(t.Context()); err != nil || len(ds) != 2 {
		t.Fatalf("devices: %v %v", ds, err)
	}
	a.sync()
	a.sync()
	if _, err := m.cl.Sync(t.Context()); errKey(err) != "err.syncWaitingKey" {
		t.Fatalf("the enrolled device's sync: %v", err)
	}
	granted, err := a.cl.Granted()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := granted[m.cl.state.Device]; ok || a.cl.State().Wrapped[m.cl.state.Device] != 0 {
		t.Fatalf("granted %v, wrapped %v", granted, a.cl.State().Wrapped)
	}
	// The same admin's next code, read whole, still works.
	b := join(t, a, "Bob", "sales")
	b.sync()
	if g, _ := a.cl.Granted(); g[b.cl.state.Device] != "sales" {
		t.Fatalf("Bob's grant: %v", g)
	}
}

// A second admin device invites on its own: its invitee's grant chains to
// the root through the second admin's, and every device believes it.
func TestSecondAdminInvites(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	a2 := join(t, a, "Ada", "admin")
	a2.sync() // receives the key and Ann's grants
	c := join(t, a2, "Cai", "sales")
	c.sync()
	if err := c.st.RenamePerson("Cai Wen"); err != nil {
		t.Fatal(err)
	}
	c.sync()
	r := a.sync()
	cai, _ := c.st.Person()
	if r.Refused != 0 || personOn(t, a, cai).Name != "Cai Wen" || personOn(t, a, cai).Role != store.RoleSales {
		t.Fatalf("on Ann's computer: %+v, refused %d", personOn(t, a, cai), r.Refused)
	}
	g, err := a.cl.Granted()
	if err != nil {
		t.Fatal(err)
	}
	if g[a2.cl.state.Device] != "admin" || g[c.cl.state.Device] != "sales" {
		t.Fatalf("grants as Ann's computer believes them: %v", g)
	}
}

// The app opens a client per call: a removal from the Devices page while a
// background sync runs on the same workspace must not lose the new key
// (the sync saving the state it read before the rotation), nor an
// invitation made meanwhile.
func TestClientsOfOneStoreDoNotLoseState(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	c := join(t, a, "Cai", "sales")
	b.sync()
	c.sync()
	for i := range 20 {
		addDossier(t, a.st, fmt.Sprintf("Customer %d", i))
	}
	other, err := Open(a.st, a.opts())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	wg.Add(3)
	go func() { defer wg.Done(); _, err := a.cl.Sync(t.Context()); errs <- err }()
	go func() { defer wg.Done(); errs <- other.RemoveDevice(t.Context(), c.cl.state.Device) }()
	var code string
	go func() { defer wg.Done(); var err error; code, err = other.Invite(t.Context(), "sales"); errs <- err }()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := LoadState(a.st)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Keys) != 2 || st.Epoch != 2 {
		t.Fatalf("after the removal Ann holds epochs %d (newest %d)", len(st.Keys), st.Epoch)
	}
	secret := addDossier(t, a.st, "After the removal")
	a.sync()
	if r := b.sync(); r.Epoch != 2 {
		t.Fatalf("Bob: %+v", r)
	}
	if _, err := b.st.Dossier(secret.ID); err != nil {
		t.Fatalf("Bob cannot read what Ann wrote after the removal: %v", err)
	}
	d := &device{t: t, name: "Dee", st: newStore(t, "Dee"), f: &faults{}}
	if d.cl, err = Join(t.Context(), d.st, code, "Dee's laptop", d.opts()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.cl.Close)
	a.sync()
	if _, err := d.st.Dossier(secret.ID); err == nil {
		t.Fatal("Dee read before syncing")
	}
	d.sync()
	if _, err := d.st.Dossier(secret.ID); err != nil {
		t.Fatalf("the invitation made during the sync did not work: %v", err)
	}
}

// The firm's name is the firm's: a computer that joined with the name
// typed its own way prints the admin's once it synced, and a rename on
// any computer reaches the others.
func TestFirmNameIsShared(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	// Bob's computer is made with the name typed his own way.
	bst, err := store.Create(filepath.Join(t.TempDir(), "ws"), storetest.Passphrase,
		store.Settings{FirmName: "Ningbo Exp.", UserName: "Bob"}, storetest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bst.Close() })
	code, err := a.cl.Invite(t.Context(), "sales")
	if err != nil {
		t.Fatal(err)
	}
	b := &device{t: t, name: "Bob", st: bst, f: &faults{}}
	if b.cl, err = Join(t.Context(), bst, code, "Bob's laptop", b.opts()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.cl.Close)
	firm := func(d *device) string {
		s, err := d.st.Settings()
		if err != nil {
			t.Fatal(err)
		}
		return s.FirmName
	}
	if firm(b) != "Ningbo Exp." {
		t.Fatalf("before the first sync Bob's computer prints %q", firm(b))
	}
	a.sync()
	b.sync()
	if firm(b) != "Ningbo Export Co" {
		t.Fatalf("Bob's computer prints %q", firm(b))
	}
	// Saving his own settings does not send the name back.
	set, _ := b.st.Settings()
	set.Language = "en"
	if _, err := b.st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	set, _ = a.st.Settings()
	set.FirmName = "宁波海港进出口有限公司"
	if _, err := a.st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	b.sync()
	a.sync()
	b.sync()
	if firm(b) != "宁波海港进出口有限公司" || firm(a) != "宁波海港进出口有限公司" {
		t.Fatalf("after Ann's rename: Ann %q, Bob %q", firm(a), firm(b))
	}
}
