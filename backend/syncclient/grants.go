package syncclient

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"encoding/json"
	"strings"
	"time"

	"credence/backend/changelog"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncproto"
)

// Signed roles. The server gives a device the role of the pairing code it
// redeemed, but every device holds the sync key and could write anything
// into its own log: a sales device could write itself credit manager. So a
// device believes changes to people, roles and grants only from a device
// that an admin device granted a role by signature, chained to the root
// (the workspace's first device, whose key hash every pairing code
// carries), and only within that role. What it does not believe stays in
// its log, refused, and touches no record.

// KindGrant is the record kind of syncproto.Grant, one per device and
// issuer, carried like every shared record.
const KindGrant = "sync_grant"

// guarded are the kinds whose changes need a signed, trusted writer.
func guarded(kind string) bool {
	return kind == KindGrant || kind == store.KindPerson || kind == store.KindRoleChange
}

// storedGrants reads every grant record this device holds.
func storedGrants(st *store.Store) ([]syncproto.Grant, error) {
	var out []syncproto.Grant
	err := st.ScanRecords(KindGrant, "", func(id string, v []byte) error {
		var g syncproto.Grant
		if json.Unmarshal(v, &g) == nil {
			out = append(out, g)
		}
		return nil
	})
	return out, err
}

// grantFor (an admin device) signs d's role and stores it, to be pushed
// with this device's changes.
func (cl *Client) grantFor(d syncproto.Device) error {
	g := syncproto.SignGrant(syncproto.Grant{Workspace: cl.state.Workspace, Device: d.ID, SignPub: d.SignPub,
		Person: d.Person, Role: d.Role, Issuer: cl.state.Device, Issued: cl.opt.now().UTC()}, cl.sec.Sign)
	return cl.st.PutRecord(KindGrant, g.RecordID(), g)
}

// grantDevices (admin) grants a role to each live device the server lists
// that no admin granted yet, when it shows this device's proof: it
// redeemed a code this device made, with that code's role. A device the
// server lists without such a proof (another admin's invitee: that admin
// grants it; or one the server made up) gets nothing from here. Devices
// that held the key before roles were signed are granted as they are.
func (cl *Client) grantDevices(devices []syncproto.Device) error {
	gs, err := storedGrants(cl.st)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, g := range gs {
		have[g.Device] = true
	}
	open, err := invitations(cl.st)
	if err != nil {
		return err
	}
	for _, d := range devices {
		if d.Revoked != nil || have[d.ID] || d.ID == cl.state.Device || !syncproto.ValidRole(d.Role) {
			continue
		}
		h, ok := cl.invitationOf(open, d)
		switch {
		case ok:
			if err := cl.st.DeleteRecord(KindState, prefInvited+h); err != nil {
				return err
			}
			delete(open, h)
		case cl.state.Wrapped[d.ID] > 0:
		default:
			continue
		}
		if err := cl.grantFor(d); err != nil {
			return err
		}
	}
	return nil
}

// invitationOf finds the code of this device that d redeemed: its proof
// made with the code's Auth, the role the code gave, redeemed before the
// code expired.
func (cl *Client) invitationOf(open map[string]Invitation, d syncproto.Device) (string, bool) {
	if len(d.Proof) == 0 {
		return "", false
	}
	keys := d.DeviceKeys
	keys.Proof = nil
	for h, inv := range open {
		if inv.Role == d.Role && !d.Created.After(inv.Expires) &&
			hmac.Equal(syncproto.PairProof(inv.Auth, cl.state.Workspace, keys), d.Proof) {
			return h, true
		}
	}
	return "", false
}

// certified keeps the devices that may be given the sync key: this one,
// and those holding a grant that chains to the root.
func (cl *Client) certified(devices []syncproto.Device) ([]syncproto.Device, error) {
	gs, err := storedGrants(cl.st)
	if err != nil {
		return nil, err
	}
	trust := syncproto.TrustOf(cl.state.Workspace, cl.state.Root, gs)
	var out []syncproto.Device
	for _, d := range devices {
		if g, ok := trust[d.ID]; d.ID == cl.state.Device || (ok && bytes.Equal(g.SignPub, d.SignPub)) {
			out = append(out, d)
		}
	}
	return out, nil
}

// ensureRoot gives a workspace set up before signed roles its root: the
// first admin device that syncs with no grant anywhere becomes it; a
// device that pinned no root believes the one self-grant it finds (trust
// on first use, said in the sync notes).
func (cl *Client) ensureRoot() error {
	if len(cl.state.Root) > 0 {
		return nil
	}
	gs, err := storedGrants(cl.st)
	if err != nil {
		return err
	}
	for _, g := range gs {
		if g.Issuer == g.Device && g.Role == syncproto.RoleAdmin {
			cl.state.Root = syncproto.RootHash(g.SignPub)
			return saveState(cl.st, cl.state)
		}
	}
	if cl.state.Role != syncproto.RoleAdmin || len(gs) > 0 {
		return nil
	}
	return cl.becomeRoot()
}

// becomeRoot makes this device the workspace's root: its self-grant and
// its key's hash pinned.
func (cl *Client) becomeRoot() error {
	me, _ := cl.st.Person()
	self := syncproto.Device{DeviceKeys: cl.sec.Public(cl.state.Device, cl.state.Name), Role: syncproto.RoleAdmin}
	self.Person = me
	cl.state.Root = syncproto.RootHash(self.SignPub)
	if err := cl.grantFor(self); err != nil {
		return err
	}
	return saveState(cl.st, cl.state)
}

// signGuarded signs this device's own change to people, roles or grants.
func (cl *Client) signGuarded(c *changelog.Change) {
	if !guarded(c.Kind) {
		return
	}
	c.Sig = ed25519.Sign(cl.sec.Sign, changeMessage(cl.state.Workspace, *c))
}

func changeMessage(ws string, c changelog.Change) []byte {
	return syncproto.ChangeMessage(ws, c.ID, c.Kind, c.Entity, c.Field, canonicalJSON(c.Value), c.Deleted, c.Device, c.Seq, c.HLC.String())
}

// canonicalJSON is a value as it reads after any trip through
// encoding/json, which compacts a raw value and escapes <, > and & in it:
// the writer signs and the reader checks the same bytes.
func canonicalJSON(v []byte) []byte {
	if len(v) == 0 {
		return v
	}
	var c, out bytes.Buffer
	if json.Compact(&c, v) != nil {
		return v
	}
	json.HTMLEscape(&out, c.Bytes())
	return out.Bytes()
}

// guard marks the changes of a page this device must not believe (see the
// top of this file). Grants arriving in the page count with the stored
// ones; a person's role changed earlier in the page counts for the changes
// after it. It returns how many refused changes were written after their
// device's grant, and notes them per device in the state: those are
// attempts. The ones from before (a joined device's new workspace made its
// person admin before the code gave the real role) are refused quietly.
func (cl *Client) guard(changes []changelog.Change, devs map[string]syncproto.Device) (int, error) {
	var page []syncproto.Grant
	some := false
	for _, c := range changes {
		if !guarded(c.Kind) || c.Device == cl.state.Device {
			continue
		}
		some = true
		if c.Kind == KindGrant && !c.Deleted {
			var g syncproto.Grant
			if json.Unmarshal(c.Value, &g) == nil && g.RecordID() == c.Entity && g.Issuer == c.Device {
				page = append(page, g)
			}
		}
	}
	if !some {
		return 0, nil
	}
	stored, err := storedGrants(cl.st)
	if err != nil {
		return 0, err
	}
	trust := syncproto.TrustOf(cl.state.Workspace, cl.state.Root, append(stored, page...))
	if len(cl.state.Root) == 0 {
		// Nothing pinned (a workspace from before signed roles): the first
		// self-granted admin found is the root from now on.
		for _, g := range append(stored, page...) {
			if g.Issuer == g.Device && g.Role == syncproto.RoleAdmin {
				cl.state.Root = syncproto.RootHash(g.SignPub)
				trust = syncproto.TrustOf(cl.state.Workspace, cl.state.Root, append(stored, page...))
				break
			}
		}
	}
	roles := map[string]store.Role{} // person → role as this page leaves it
	roleOf := func(person string) (store.Role, bool) {
		if r, ok := roles[person]; ok {
			return r, true
		}
		p, err := cl.st.PersonByID(person)
		if err != nil {
			return "", false
		}
		if !p.Removed.IsZero() {
			return "", true
		}
		return p.Role, true
	}
	n := 0
	for i := range changes {
		c := &changes[i]
		if !guarded(c.Kind) || c.Device == cl.state.Device {
			continue
		}
		why := cl.refusal(trust, roleOf, *c)
		if why != "" {
			c.Refused = why
			if g, ok := trust[c.Device]; ok && c.HLC.Time().Before(g.Issued.Truncate(time.Millisecond)) {
				continue // written before the device joined
			}
			n++
			if err := cl.noteRefusal(c.Device, devs[c.Device].Name, why, c.HLC.Time()); err != nil {
				return n, err
			}
			continue
		}
		if c.Kind == store.KindPerson && c.Field == "role" {
			var r store.Role
			if json.Unmarshal(c.Value, &r) == nil {
				roles[c.Entity] = r
			}
		}
		if c.Kind == store.KindPerson && c.Field == "removed" && !c.Deleted {
			roles[c.Entity] = ""
		}
	}
	return n, nil
}

// noteRefusal counts one more refused change of device dev.
func (cl *Client) noteRefusal(dev, name, why string, at time.Time) error {
	var r Refusal
	if err := cl.st.GetRecord(KindState, prefRefused+dev, &r); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	r.Name, r.Why = name, why
	r.Count++
	if at.After(r.Last) {
		r.Last = at
	}
	return cl.st.PutRecord(KindState, prefRefused+dev, r)
}

// refusal says why c is not to be believed, or "".
func (cl *Client) refusal(trust syncproto.Trust, roleOf func(string) (store.Role, bool), c changelog.Change) string {
	g, ok := trust[c.Device]
	if !ok {
		return "its device holds no role granted by an admin device"
	}
	if !ed25519.Verify(g.SignPub, changeMessage(cl.state.Workspace, c), c.Sig) {
		return "not signed by its device"
	}
	if c.Kind == KindGrant {
		var ng syncproto.Grant
		if c.Deleted || json.Unmarshal(c.Value, &ng) != nil || ng.RecordID() != c.Entity || ng.Issuer != c.Device || !trust.Trusted(ng) {
			return "a grant no admin device signed"
		}
		return ""
	}
	// What the device may do is its person's role as the admins left it
	// (a promotion counts), or its pairing's role.
	role := store.Role(g.Role)
	if g.Person != "" {
		if r, ok := roleOf(g.Person); ok {
			role = r // "" once an admin removed them: no power left
		}
	}
	if role == store.RoleAdmin {
		return ""
	}
	mine := g.Person != "" && c.Entity == g.Person
	switch c.Kind {
	case store.KindPerson:
		switch {
		case !mine:
			return "a change to another person by a device that is not an admin's"
		case c.Field == "role":
			var r store.Role
			cur, _ := roleOf(g.Person)
			if c.Deleted || json.Unmarshal(c.Value, &r) != nil || !r.Valid() || (r != store.Role(g.Role) && r != cur) {
				return "a role its device was not granted"
			}
		case c.Field == "removed" || c.Field == "":
			return "removing a person takes an admin"
		case !ownFields[c.Field]:
			return "a field of a person that is not its device's to write"
		}
		return ""
	case store.KindRoleChange:
		if g.Person == "" || !strings.HasSuffix(c.Entity, "/"+g.Person) {
			return "a role entry of another person by a device that is not an admin's"
		}
		if c.Deleted {
			return ""
		}
		var rc store.RoleChange
		if json.Unmarshal(c.Value, &rc) != nil || rc.UserID != g.Person || rc.To != store.Role(g.Role) {
			return "a role its device was not granted"
		}
		return ""
	}
	return ""
}

// ownFields are the members of a person's record its own device may write
// besides its role: what a rename and its own keys change.
var ownFields = map[string]bool{"id": true, "name": true, "keys": true, "public_key": true, "created_at": true}

// adoptJoinedRole gives the person who joined the role the pairing code
// granted, before anything is pushed: the new workspace made them its own
// first admin, which the others refuse (their devices hold no such
// grant). Their self-grant entry leaves with it; the entry that replaces
// it says the code gave the role.
func adoptJoinedRole(st *store.Store, role store.Role, now time.Time) error {
	if !role.Valid() {
		return errs.New(errs.Invalid, "the server gave this device the role %q", role).WithKey("err.syncBadAnswer")
	}
	me, err := st.Me()
	if err != nil {
		return err
	}
	var self []string
	err = st.ScanRecords(store.KindRoleChange, "", func(id string, v []byte) error {
		var c store.RoleChange
		if json.Unmarshal(v, &c) == nil && c.UserID == me.ID && c.ByID == me.ID {
			self = append(self, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range self {
		if err := st.DeleteRecord(store.KindRoleChange, id); err != nil {
			return err
		}
	}
	me.Role = role
	if err := st.PutRecord(store.KindPerson, me.ID, me); err != nil {
		return err
	}
	at := now.UTC()
	c := store.RoleChange{UserID: me.ID, Name: me.Name, From: "", To: role, By: "pairing code", At: at}
	return st.PutRecord(store.KindRoleChange, at.Format("20060102T150405.000000000Z")+"/"+me.ID, c)
}

// Granted returns, per device, the role an admin device granted it by a
// signature this device believes ("" for none): the Devices page shows it.
func (cl *Client) Granted() (map[string]string, error) {
	st, err := LoadState(cl.st)
	if err != nil {
		return nil, err
	}
	gs, err := storedGrants(cl.st)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for id, g := range syncproto.TrustOf(st.Workspace, st.Root, gs) {
		out[id] = g.Role
	}
	return out, nil
}
