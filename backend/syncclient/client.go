package syncclient

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncproto"
)

// Client syncs one store. One sync runs at a time.
type Client struct {
	mu    *sync.Mutex // the store's (storeLock): held while the state changes
	own   sync.Mutex  // this client's connection
	st    *store.Store
	opt   Options
	state *State
	sec   syncproto.DeviceSecrets
	c     *conn
}

// Open returns the client of a store that was set up (Setup or Join).
func Open(st *store.Store, opt Options) (*Client, error) {
	s, err := LoadState(st)
	if err != nil {
		return nil, err
	}
	return over(st, s, opt)
}

func over(st *store.Store, s *State, opt Options) (*Client, error) {
	sec, err := s.secrets()
	if err != nil {
		return nil, err
	}
	c := newConn(s.Server, s.Fingerprint, opt)
	c.ws, c.device, c.sign = s.Workspace, s.Device, sec.Sign
	return &Client{mu: storeLock(st), st: st, opt: opt, state: s, sec: sec, c: c}, nil
}

// The app opens a client per call (a sync in the background, an
// invitation, a removal from the Devices page), so two may run at once on
// one store. All of a store's clients share one lock, and each call
// re-reads the state under it: a sync saving the state it loaded before a
// removal rotated the key would otherwise lose the new key.
var storeLocks sync.Map // *store.Store → *sync.Mutex

func storeLock(st *store.Store) *sync.Mutex {
	m, _ := storeLocks.LoadOrStore(st, &sync.Mutex{})
	return m.(*sync.Mutex)
}

// lock takes the store's lock and the connection, and reloads the state.
// State, Pending, Granted and Refusals read the stored state without it,
// so the header and the Devices page never wait for a running sync.
func (cl *Client) lock() error {
	cl.mu.Lock()
	cl.own.Lock()
	s, err := LoadState(cl.st)
	if err != nil {
		cl.unlock()
		return err
	}
	cl.state = s
	return nil
}

func (cl *Client) unlock() {
	cl.own.Unlock()
	cl.mu.Unlock()
}

// Close drops idle connections.
func (cl *Client) Close() { cl.c.close() }

// State is a copy of the device's sync state without its secrets.
func (cl *Client) State() State {
	cur, err := LoadState(cl.st)
	if err != nil { // as this client last saw it
		cl.own.Lock()
		defer cl.own.Unlock()
		cur = cl.state
	}
	s := *cur
	s.SignSeed, s.BoxKey, s.Keys = nil, nil, nil
	return s
}

// ClearRefused forgets the refusals a person has seen.
func (cl *Client) ClearRefused() error {
	rs, err := cl.Refusals()
	if err != nil {
		return err
	}
	for dev := range rs {
		if err := cl.st.DeleteRecord(KindState, prefRefused+dev); err != nil {
			return err
		}
	}
	return nil
}

func randomKey() []byte {
	k := make([]byte, syncproto.KeySize)
	if _, err := rand.Read(k); err != nil {
		panic("syncclient: no randomness: " + err.Error())
	}
	return k
}

// Setup registers the store's workspace with the server at serverURL: this
// device becomes its first, admin device, and a fresh sync key (epoch 1)
// is made. It pins the certificate the server shows now and returns its
// fingerprint for the person to compare with the server's log.
func Setup(ctx context.Context, st *store.Store, serverURL, deviceName string, opt Options) (*Client, []byte, error) {
	if IsSetUp(st) {
		return nil, nil, errs.New(errs.Conflict, "this workspace already syncs").WithKey("err.syncAlreadySetUp")
	}
	serverURL = strings.TrimRight(strings.TrimSpace(serverURL), "/")
	fp, err := fetchFingerprint(ctx, serverURL)
	if err != nil {
		return nil, nil, err
	}
	s, sec, err := newState(serverURL, fp, st.WorkspaceID(), st.DeviceID(), deviceName)
	if err != nil {
		return nil, nil, err
	}
	c := newConn(serverURL, fp, opt)
	defer c.close()
	keys := sec.Public(s.Device, deviceName)
	keys.Person, _ = st.Person()
	req := syncproto.CreateWorkspace{Workspace: s.Workspace, Device: keys,
		Signature: ed25519.Sign(sec.Sign, syncproto.CreateMessage(s.Workspace, keys))}
	var reg syncproto.Registered
	if err := c.call(ctx, http.MethodPost, "/v1/workspaces", false, req, &reg); err != nil {
		return nil, nil, err
	}
	s.Role, s.Epoch = reg.Device.Role, reg.Epoch
	s.Keys[reg.Epoch] = randomKey()
	if err := saveState(st, s); err != nil {
		return nil, nil, err
	}
	cl, err := over(st, s, opt)
	if err != nil {
		return nil, nil, err
	}
	if err := cl.becomeRoot(); err != nil {
		return nil, nil, err
	}
	if err := st.ShareFirmName(); err != nil {
		return nil, nil, err
	}
	// Its own key on the server too, so that it could be restored on a
	// reinstalled device by another admin later; failure is not fatal.
	_ = cl.wrapFor(ctx, []syncproto.Device{{DeviceKeys: keys}})
	return cl, fp, nil
}

// Join redeems a pairing code for this store (a new, empty workspace on
// this machine): the device is registered with the role the code grants,
// and the sync key arrives once an admin device has synced (Sync says so
// until then).
func Join(ctx context.Context, st *store.Store, code, deviceName string, opt Options) (*Client, error) {
	if IsSetUp(st) {
		return nil, errs.New(errs.Conflict, "this workspace already syncs").WithKey("err.syncAlreadySetUp")
	}
	pc, err := syncproto.ParsePairingCode(code)
	if errors.Is(err, syncproto.ErrOldCode) {
		return nil, errs.Wrap(errs.Invalid, err, "a pairing code of an older version").WithKey("err.syncOldCode")
	}
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "that is not a pairing code").WithKey("err.syncBadCode")
	}
	me, err := st.Me()
	if err != nil {
		return nil, err
	}
	s, sec, err := newState(pc.Server, pc.Fingerprint, pc.Workspace, st.DeviceID(), deviceName)
	if err != nil {
		return nil, err
	}
	s.Root = pc.Root
	c := newConn(pc.Server, pc.Fingerprint, opt)
	defer c.close()
	keys := sec.Public(s.Device, deviceName)
	keys.Person = me.ID
	keys.Proof = syncproto.PairProof(pc.Auth, pc.Workspace, keys)
	req := syncproto.Pair{Workspace: pc.Workspace, Secret: pc.Secret, Device: keys,
		Signature: ed25519.Sign(sec.Sign, syncproto.PairMessage(pc.Workspace, pc.Secret, keys))}
	var reg syncproto.Registered
	if err := c.call(ctx, http.MethodPost, "/v1/pair", false, req, &reg); err != nil {
		return nil, err
	}
	s.Role = reg.Device.Role
	// The person takes the code's role before anything is pushed: the new
	// workspace made them its admin, which no grant backs.
	if err := adoptJoinedRole(st, store.Role(s.Role), opt.now()); err != nil {
		return nil, err
	}
	if err := saveState(st, s); err != nil {
		return nil, err
	}
	return over(st, s, opt)
}

// Invite creates a one-time pairing code for a new device with role (an
// admin device only).
func (cl *Client) Invite(ctx context.Context, role string) (string, error) {
	if err := cl.lock(); err != nil {
		return "", err
	}
	defer cl.unlock()
	if !syncproto.ValidRole(role) {
		return "", errs.New(errs.Invalid, "role %q: sales, credit_manager or admin", role).WithKey("err.choice", "field", "role")
	}
	if err := cl.ensureRoot(); err != nil {
		return "", err
	}
	if len(cl.state.Root) == 0 {
		return "", errs.New(errs.Conflict, "this device does not know the workspace's root device yet: sync once, then invite").
			WithKey("err.syncNoRoot")
	}
	var pc syncproto.PairingCreated
	if err := cl.c.call(ctx, http.MethodPost, "/v1/pairings", true, syncproto.PairingRequest{Role: role}, &pc); err != nil {
		return "", err
	}
	auth := randomKey()[:16]
	open, err := invitations(cl.st)
	if err != nil {
		return "", err
	}
	for h, inv := range open { // codes long expired were never used
		if cl.opt.now().Sub(inv.Expires) > 24*time.Hour {
			if err := cl.st.DeleteRecord(KindState, prefInvited+h); err != nil {
				return "", err
			}
		}
	}
	inv := Invitation{Auth: auth, Role: pc.Role, Expires: pc.Expires}
	if err := cl.st.PutRecord(KindState, prefInvited+syncproto.SecretHash(pc.Secret), inv); err != nil {
		return "", err
	}
	code := syncproto.PairingCode{Server: cl.state.Server, Fingerprint: cl.state.Fingerprint,
		Workspace: cl.state.Workspace, Secret: pc.Secret, Auth: auth, Root: cl.state.Root}
	return code.String(), nil
}

// Devices lists the workspace's devices as the server knows them.
func (cl *Client) Devices(ctx context.Context) ([]syncproto.Device, uint32, error) {
	cl.own.Lock()
	defer cl.own.Unlock()
	var ds syncproto.Devices
	if err := cl.c.call(ctx, http.MethodGet, "/v1/devices", true, nil, &ds); err != nil {
		return nil, 0, err
	}
	return ds.Devices, ds.Epoch, nil
}

// RemoveDevice has the server refuse device id from now on, then moves
// the workspace to a new sync key wrapped for the remaining devices only:
// the removed device cannot read what is written after.
func (cl *Client) RemoveDevice(ctx context.Context, id string) error {
	if err := cl.lock(); err != nil {
		return err
	}
	defer cl.unlock()
	var rm syncproto.Removed
	if err := cl.c.call(ctx, http.MethodDelete, "/v1/devices/"+id, true, nil, &rm); err != nil {
		return err
	}
	return cl.rotate(ctx, rm.Epoch)
}

// rotate makes the key of epoch and wraps it for every remaining device.
func (cl *Client) rotate(ctx context.Context, epoch uint32) error {
	if _, ok := cl.state.Keys[epoch]; !ok {
		cl.state.Keys[epoch] = randomKey()
		if epoch > cl.state.Epoch {
			cl.state.Epoch = epoch
		}
		if err := saveState(cl.st, cl.state); err != nil {
			return err
		}
	}
	var ds syncproto.Devices
	if err := cl.c.call(ctx, http.MethodGet, "/v1/devices", true, nil, &ds); err != nil {
		return err
	}
	return cl.wrapFor(ctx, ds.Devices)
}

// wrapFor (admin) wraps every epoch key a live device lacks for it, if
// its role was granted by an admin device (certified): never for a device
// the server alone vouches for. A device joining late gets the old epochs
// too: it must read the history.
func (cl *Client) wrapFor(ctx context.Context, devices []syncproto.Device) error {
	devices, err := cl.certified(devices)
	if err != nil {
		return err
	}
	var out []syncproto.WrappedKey
	var to []string
	for _, d := range devices {
		if d.Revoked != nil {
			continue
		}
		have := cl.state.Wrapped[d.ID]
		if have >= cl.state.Epoch {
			continue
		}
		for e := have + 1; e <= cl.state.Epoch; e++ {
			key, ok := cl.state.Keys[e]
			if !ok {
				continue // an epoch this admin never held: another admin wraps it
			}
			w, err := syncproto.WrapKey(d.BoxPub, cl.state.Workspace, e, d.ID, key)
			if err != nil {
				return errs.Wrap(errs.Invalid, err, "wrap the sync key for device %s", d.ID)
			}
			out = append(out, syncproto.WrappedKey{Device: d.ID, Epoch: e, Wrapped: w})
		}
		to = append(to, d.ID)
	}
	if len(out) == 0 {
		return nil
	}
	if err := cl.c.call(ctx, http.MethodPut, "/v1/keys", true, syncproto.Keys{Keys: out}, nil); err != nil {
		return err
	}
	for _, id := range to {
		cl.state.Wrapped[id] = cl.state.Epoch
	}
	return saveState(cl.st, cl.state)
}

// fetchKeys unwraps the keys the server holds for this device.
func (cl *Client) fetchKeys(ctx context.Context) error {
	var ks syncproto.Keys
	if err := cl.c.call(ctx, http.MethodGet, "/v1/keys", true, nil, &ks); err != nil {
		return err
	}
	changed := false
	for _, k := range ks.Keys {
		if k.Device != cl.state.Device {
			continue
		}
		if _, ok := cl.state.Keys[k.Epoch]; ok {
			continue
		}
		key, err := syncproto.UnwrapKey(cl.sec.Box, cl.state.Workspace, k.Epoch, cl.state.Device, k.Wrapped)
		if err != nil {
			return errs.Wrap(errs.Unauthorized, err, "the sync key of epoch %d does not open with this device's key", k.Epoch).
				WithKey("err.syncKeyDamaged")
		}
		cl.state.Keys[k.Epoch] = key
		if k.Epoch > cl.state.Epoch {
			cl.state.Epoch = k.Epoch
		}
		changed = true
	}
	if changed {
		return saveState(cl.st, cl.state)
	}
	return nil
}
