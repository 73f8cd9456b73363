// Package syncclient is a device's side of sync: it registers the
// workspace with a credence-server or joins it with a pairing code, then
// pushes the store's own changes sealed under the workspace sync key and
// pulls, opens and applies everyone else's. The server sees envelopes it
// cannot read; the sync key is random (never the store's data key) and is
// handed to each device wrapped for its own X25519 key by an admin device.
package syncclient

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"time"

	"credence/backend/changelog"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncproto"
)

// KindState is the device-only record holding a device's sync state.
const KindState = "sync_state"

const stateID = "state"

// State is what a device remembers of sync, kept device-only in the store
// (encrypted at rest like every record, never carried).
type State struct {
	Server      string `json:"server"`      // https://host:port
	Fingerprint []byte `json:"fingerprint"` // pinned server certificate
	Workspace   string `json:"workspace"`   // the workspace id at the server
	Device      string `json:"device"`      // this device's id at the server (the store's device id)
	Name        string `json:"name"`
	Role        string `json:"role"`
	// Root is the hash of the workspace root device's signing key
	// (syncproto.RootHash): grants of roles are believed when they chain
	// to it.
	Root     []byte `json:"root,omitempty"`
	SignSeed []byte `json:"sign_seed"` // ed25519 seed
	BoxKey   []byte `json:"box_key"`   // X25519 private key
	// Keys are the sync keys by epoch; Epoch is the newest held.
	Keys  map[uint32][]byte `json:"keys"`
	Epoch uint32            `json:"epoch"`
	// Cursor is the last server sequence pulled and applied.
	Cursor uint64 `json:"cursor"`
	// Pushed is the last own change sequence the server acknowledged.
	Pushed uint64 `json:"pushed"`
	// Seen is, for every other device, the last of its sequences applied
	// here: with Pushed it is the store cursor that finds only what is
	// still to push.
	Seen changelog.Cursor `json:"seen"`
	// Wrapped (admin devices) is, per device, the newest epoch whose key
	// was wrapped for it.
	Wrapped map[string]uint32 `json:"wrapped,omitempty"`
	// LastSync is when a sync last went through to the end, and
	// ClockSkew the server's clock minus this device's then.
	LastSync  time.Time     `json:"last_sync,omitzero"`
	ClockSkew time.Duration `json:"clock_skew,omitempty"`
}

// The app opens a client per call (a sync, an invitation, the status), so
// what one call adds while another syncs is kept in records of its own
// beside the state, never inside it: a sync saving the state it loaded
// would drop it.
const (
	prefInvited = "invited/" // + the server's hash of a code's secret → Invitation
	prefRefused = "refused/" // + a device id → Refusal
)

// Invitation (admin devices) is a pairing code this device made and no
// device has redeemed yet: the code's Auth and role, which a joined
// device's proof must match before this device grants it a role and the
// key.
type Invitation struct {
	Auth    []byte    `json:"auth"`
	Role    string    `json:"role"`
	Expires time.Time `json:"expires"`
}

// invitations reads this device's open invitations by their hash.
func invitations(st *store.Store) (map[string]Invitation, error) {
	out := map[string]Invitation{}
	err := st.ScanRecords(KindState, prefInvited, func(id string, v []byte) error {
		var inv Invitation
		if json.Unmarshal(v, &inv) == nil {
			out[strings.TrimPrefix(id, prefInvited)] = inv
		}
		return nil
	})
	return out, err
}

// Refusals returns, per device, the changes to people, roles or grants it
// wrote after it was granted its role that its role did not allow: someone
// tried, and the app says so until a person acknowledges it.
func (cl *Client) Refusals() (map[string]Refusal, error) {
	out := map[string]Refusal{}
	err := cl.st.ScanRecords(KindState, prefRefused, func(id string, v []byte) error {
		var r Refusal
		if json.Unmarshal(v, &r) == nil {
			out[strings.TrimPrefix(id, prefRefused)] = r
		}
		return nil
	})
	return out, err
}

// Refusal is what a device tried beyond its role, in brief.
type Refusal struct {
	Name  string    `json:"name"` // the device's name as the server knows it
	Count int       `json:"count"`
	Last  time.Time `json:"last"` // when the last refused change was written
	Why   string    `json:"why"`  // of the last one, in English (logs, CLI)
}

func (s *State) secrets() (syncproto.DeviceSecrets, error) {
	if len(s.SignSeed) != ed25519.SeedSize {
		return syncproto.DeviceSecrets{}, errs.New(errs.Invalid, "sync state has no device key").WithKey("err.damaged", "what", "sync state")
	}
	box, err := ecdh.X25519().NewPrivateKey(s.BoxKey)
	if err != nil {
		return syncproto.DeviceSecrets{}, errs.Wrap(errs.Invalid, err, "sync state device key").WithKey("err.damaged", "what", "sync state")
	}
	return syncproto.DeviceSecrets{Sign: ed25519.NewKeyFromSeed(s.SignSeed), Box: box}, nil
}

func newState(server string, fp []byte, ws, device, name string) (*State, syncproto.DeviceSecrets, error) {
	sec, err := syncproto.NewDeviceSecrets()
	if err != nil {
		return nil, sec, errs.Wrap(errs.Internal, err, "device keys")
	}
	return &State{Server: server, Fingerprint: fp, Workspace: ws, Device: device, Name: name,
		SignSeed: sec.Sign.Seed(), BoxKey: sec.Box.Bytes(), Keys: map[uint32][]byte{},
		Seen: changelog.Cursor{}, Wrapped: map[string]uint32{}}, sec, nil
}

// LoadState reads the device's sync state; errs.NotFound
// "err.syncNotSetUp" when the workspace was never set up for sync.
func LoadState(st *store.Store) (*State, error) {
	var s State
	if err := st.GetRecord(KindState, stateID, &s); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.New(errs.NotFound, "this workspace does not sync yet: run sync setup or join").WithKey("err.syncNotSetUp")
		}
		return nil, err
	}
	if s.Keys == nil {
		s.Keys = map[uint32][]byte{}
	}
	if s.Seen == nil {
		s.Seen = changelog.Cursor{}
	}
	if s.Wrapped == nil {
		s.Wrapped = map[string]uint32{}
	}

	return &s, nil
}

func saveState(st *store.Store, s *State) error {
	return st.PutRecord(KindState, stateID, s)
}

// IsSetUp reports whether the store syncs.
func IsSetUp(st *store.Store) bool {
	_, err := LoadState(st)
	return err == nil || !errs.Is(err, errs.NotFound) // damaged state still counts as set up
}
