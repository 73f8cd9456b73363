package syncproto

import (
	"crypto/ed25519"
	"crypto/sha256"
	"time"
)

// A Grant is an admin device's signed word that a device, with this
// signing key and for this person, holds a role in the workspace. The
// server hands out roles at pairing, but a device's changes to people and
// roles are only believed when a grant chains to the workspace's root:
// the first device's self-grant, whose key hash every device pins (the
// pairing code carries it). So a sales device cannot make itself credit
// manager by writing its own records, and a server cannot either.
type Grant struct {
	Workspace string    `json:"workspace"`
	Device    string    `json:"device"`
	SignPub   []byte    `json:"sign_pub"`
	Person    string    `json:"person,omitempty"` // the person who paired the device ("" for devices paired before)
	Role      string    `json:"role"`
	Issuer    string    `json:"issuer"` // the granting device; itself for the root
	Issued    time.Time `json:"issued"`
	Signature []byte    `json:"signature"`
}

// RecordID is the id a grant is stored under: one record per device and
// issuer, so two admins granting the same device never conflict.
func (g Grant) RecordID() string { return g.Device + "/" + g.Issuer }

// GrantMessage is what the issuer signs.
func GrantMessage(g Grant) []byte {
	return frame("credence-grant-v1", g.Workspace, g.Device, string(g.SignPub), g.Person, g.Role, g.Issuer,
		g.Issued.UTC().Format(time.RFC3339Nano))
}

// SignGrant returns g signed by the issuer's key.
func SignGrant(g Grant, issuer ed25519.PrivateKey) Grant {
	g.Signature = ed25519.Sign(issuer, GrantMessage(g))
	return g
}

// RootHash is what a pairing code carries of the root device's key.
func RootHash(signPub []byte) []byte {
	h := sha256.Sum256(append([]byte("credence-root-v1"), signPub...))
	return h[:]
}

// Trust is the set of grants that chain to the root, by device.
type Trust map[string]Grant

// TrustOf keeps the grants of workspace ws that chain to root: the root's
// self-grant (admin, issued by itself, its key hashing to root), then any
// grant signed by a device an already trusted admin grant names, until
// nothing more is added. Order does not matter; a device's first trusted
// grant wins (they agree: each names the role its pairing code gave).
func TrustOf(ws string, root []byte, grants []Grant) Trust {
	t := Trust{}
	if len(root) == 0 {
		return t
	}
	valid := func(g Grant, pub []byte) bool {
		return g.Workspace == ws && ValidRole(g.Role) && Verify(pub, GrantMessage(g), g.Signature)
	}
	for _, g := range grants {
		if g.Issuer == g.Device && g.Role == RoleAdmin && string(RootHash(g.SignPub)) == string(root) && valid(g, g.SignPub) {
			t[g.Device] = g
			break
		}
	}
	for added := len(t) > 0; added; {
		added = false
		for _, g := range grants {
			if _, ok := t[g.Device]; ok {
				continue
			}
			is, ok := t[g.Issuer]
			if ok && is.Role == RoleAdmin && valid(g, is.SignPub) {
				t[g.Device] = g
				added = true
			}
		}
	}
	return t
}

// Trusted reports whether the stored grant g chains to the root: signed
// by a trusted admin (the root's own self-grant by itself).
func (t Trust) Trusted(g Grant) bool {
	if _, ok := t[g.Device]; !ok {
		return false
	}
	is, ok := t[g.Issuer]
	return ok && is.Role == RoleAdmin && g.Workspace == is.Workspace && ValidRole(g.Role) &&
		Verify(is.SignPub, GrantMessage(g), g.Signature)
}

// ChangeMessage is what a device signs of a change to people, roles or
// grants (the change's own fields, framed), so that another device can
// check who wrote it whatever the server relayed.
func ChangeMessage(ws, id, kind, entity, field string, value []byte, deleted bool, device string, seq uint64, hlc string) []byte {
	del := "0"
	if deleted {
		del = "1"
	}
	var s [8]byte
	for i := range 8 {
		s[i] = byte(seq >> (56 - 8*i))
	}
	return frame("credence-signed-change-v1", ws, id, kind, entity, field, string(value), del, device, string(s[:]), hlc)
}
