package syncclient

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"credence/backend/changelog"
	"credence/backend/errs"
	"credence/backend/syncproto"
)

// Result says what one Sync moved.
type Result struct {
	Pushed     int `json:"pushed"`     // own changes the server acknowledged
	Pulled     int `json:"pulled"`     // envelopes received
	Applied    int `json:"applied"`    // changes that were new here
	Duplicates int `json:"duplicates"` // already held (own changes coming back, resends)
	Conflicts  int `json:"conflicts"`  // kept for a person to resolve
	Rejected   int `json:"rejected"`   // from a removed device after its removal: dropped
	// Refused changes to people, roles or grants came from a device whose
	// signed role does not allow them: logged, never applied.
	Refused int `json:"refused"`
	// Wrapped counts devices (admin) that were given the sync key.
	Wrapped int `json:"wrapped,omitempty"`
	// ClockSkew is the server's clock minus this device's; Warning says so
	// when it is beyond Options.MaxSkew (a warning, never a refusal).
	ClockSkew time.Duration         `json:"clock_skew_ns"`
	Warning   string                `json:"warning,omitempty"`
	Touched   []changelog.Ref       `json:"-"`
	Epoch     uint32                `json:"epoch"`
	Cursor    uint64                `json:"cursor"`
	Pending   int                   `json:"pending"` // own changes still to push (a refused mass delete)
	Devices   map[string]DeviceSeen `json:"-"`
	// Blobs is what the attachments sync after it moved (workspace.Sync).
	Blobs BlobResult `json:"blobs"`
}

// DeviceSeen is a device as a sync saw it.
type DeviceSeen struct {
	Revoked *time.Time
}

// MassDeleteMin is the number of deletions in one push from which the
// safety check looks at how many dossiers the store still holds.
const MassDeleteMin = 50

func (cl *Client) batch() int {
	if cl.opt.Batch > 0 && cl.opt.Batch <= syncproto.MaxBatch {
		return cl.opt.Batch
	}
	return syncproto.MaxBatch
}

// Sync pushes this device's changes the server has not acknowledged, then
// pulls and applies everything new. Any interruption leaves a state the
// next Sync resumes from: the server acknowledges pushes by change id and
// the pull cursor moves only after a page is applied.
func (cl *Client) Sync(ctx context.Context) (Result, error) {
	if err := cl.lock(); err != nil {
		return Result{}, err
	}
	defer cl.unlock()
	var res Result
	cl.opt.progress("changes")
	cl.c.token = "" // a fresh token: its epoch, role and clock are current
	if err := cl.c.login(ctx); err != nil {
		return res, err
	}
	res.ClockSkew = cl.c.skew
	max := cl.opt.MaxSkew
	if max <= 0 {
		max = 5 * time.Minute
	}
	if res.ClockSkew > max || -res.ClockSkew > max {
		res.Warning = fmt.Sprintf("this computer's clock is %s off the server's", res.ClockSkew.Round(time.Second).Abs())
	}
	if r := cl.c.tok.Role; r != "" && r != cl.state.Role {
		cl.state.Role = r
	}
	if err := cl.ensureRoot(); err != nil {
		return res, err
	}
	if err := cl.keys(ctx); err != nil {
		return res, err
	}
	if _, ok := cl.state.Keys[cl.c.tok.Epoch]; !ok {
		return res, errs.New(errs.NotFound, "waiting for an admin device to sync and share the workspace key with this device").
			WithKey("err.syncWaitingKey")
	}
	devs, err := cl.devices(ctx)
	if err != nil {
		return res, err
	}
	admin := cl.state.Role == syncproto.RoleAdmin
	if admin {
		// A workspace that synced before its name was shared shares it now.
		if err := cl.st.ShareFirmName(); err != nil {
			return res, err
		}
		// A device's grant reaches the server before its key does, so
		// whatever it writes next finds its grant there first.
		if err := cl.grantDevices(slices.Collect(maps.Values(devs))); err != nil {
			return res, err
		}
	}
	if err := cl.push(ctx, &res); err != nil {
		return res, err
	}
	if admin {
		before := len(cl.state.Wrapped)
		if err := cl.wrapFor(ctx, slices.Collect(maps.Values(devs))); err != nil {
			return res, err
		}
		res.Wrapped = len(cl.state.Wrapped) - before
	}
	if err := cl.pull(ctx, devs, &res); err != nil {
		return res, err
	}
	res.Epoch, res.Cursor = cl.state.Epoch, cl.state.Cursor
	cl.state.LastSync, cl.state.ClockSkew = cl.opt.now().UTC(), res.ClockSkew
	return res, saveState(cl.st, cl.state)
}

// PendingMax is where Pending stops counting.
const PendingMax = 10000

// Pending counts this device's changes the server has not acknowledged
// (up to PendingMax): what a sync would push.
func (cl *Client) Pending() (int, error) {
	st, err := LoadState(cl.st)
	if err != nil {
		return 0, err
	}
	cur := st.Seen.Clone()
	own := st.Device
	cur[own] = st.Pushed
	n := 0
	for n < PendingMax {
		cs, next, err := cl.st.Changes(cur, 1000)
		if err != nil {
			return n, err
		}
		for _, c := range cs {
			if c.Device == own && c.Seq > st.Pushed {
				n++
			}
		}
		if len(cs) < 1000 {
			break
		}
		cur = next
	}
	return min(n, PendingMax), nil
}

// keys fetches new epochs' keys; an admin also makes a missing current
// epoch's key (a removal whose rotation was interrupted).
func (cl *Client) keys(ctx context.Context) error {
	epoch := cl.c.tok.Epoch
	if _, ok := cl.state.Keys[epoch]; !ok || len(cl.state.Keys) < int(epoch) {
		if err := cl.fetchKeys(ctx); err != nil {
			return err
		}
	}
	if cl.state.Role != syncproto.RoleAdmin {
		return nil
	}
	if _, ok := cl.state.Keys[epoch]; !ok && epoch > cl.state.Epoch && len(cl.state.Keys) > 0 {
		return cl.rotate(ctx, epoch)
	}
	return nil
}

// devices are the workspace's devices: a change from a device removed
// before the server received it is dropped here too, whatever the server
// did.
func (cl *Client) devices(ctx context.Context) (map[string]syncproto.Device, error) {
	var ds syncproto.Devices
	if err := cl.c.call(ctx, http.MethodGet, "/v1/devices", true, nil, &ds); err != nil {
		return nil, err
	}
	out := make(map[string]syncproto.Device, len(ds.Devices))
	for _, d := range ds.Devices {
		out[d.ID] = d
	}
	return out, nil
}

// envelopeID is the uuid the server files a change under: the change id
// itself when it is 128 bits of hex, else a hash of it.
func envelopeID(changeID string) string {
	h := strings.ToLower(changeID)
	if b, err := hex.DecodeString(h); err != nil || len(b) != 16 {
		sum := sha256.Sum256([]byte(changeID))
		h = hex.EncodeToString(sum[:16])
	}
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// envelopeAAD binds a sealed change to what the server routes it by:
// workspace, change id, device, its sequence and the key epoch. The kind,
// entity and field are inside the sealed change, hidden from the server;
// moving a sealed change to another envelope fails to open.
func envelopeAAD(ws string, e syncproto.Envelope) []byte {
	var seq [12]byte
	binary.BigEndian.PutUint64(seq[:8], e.DeviceSeq)
	binary.BigEndian.PutUint32(seq[8:], e.Epoch)
	return syncproto.ChangeAAD(ws, "envelope", e.Device, string(seq[:]), e.ChangeID)
}

func (cl *Client) seal(c changelog.Change) (syncproto.Envelope, error) {
	e := syncproto.Envelope{ChangeID: envelopeID(c.ID), Device: c.Device, DeviceSeq: c.Seq, Epoch: cl.state.Epoch}
	cl.signGuarded(&c)
	pt, err := json.Marshal(c)
	if err != nil {
		return e, errs.Wrap(errs.Internal, err, "encode change %s", c.ID)
	}
	e.Sealed, err = syncproto.Seal(cl.state.Keys[e.Epoch], envelopeAAD(cl.state.Workspace, e), pt)
	if err != nil {
		return e, errs.Wrap(errs.Internal, err, "seal change %s", c.ID)
	}
	return e, nil
}

// open checks that e authenticates and that the change inside is the one
// the envelope names.
func (cl *Client) open(e syncproto.Stored) (changelog.Change, error) {
	var c changelog.Change
	key, ok := cl.state.Keys[e.Epoch]
	if !ok {
		return c, errs.New(errs.NotFound, "no sync key of epoch %d on this device yet", e.Epoch).WithKey("err.syncWaitingKey")
	}
	pt, err := syncproto.Open(key, envelopeAAD(cl.state.Workspace, e.Envelope), e.Sealed)
	if err != nil {
		return c, tampered(e, err)
	}
	if err := json.Unmarshal(pt, &c); err != nil {
		return c, tampered(e, err)
	}
	if c.Device != e.Device || c.Seq != e.DeviceSeq || envelopeID(c.ID) != e.ChangeID {
		return c, tampered(e, fmt.Errorf("change %s of %s/%d in an envelope of %s/%d", c.ID, c.Device, c.Seq, e.Device, e.DeviceSeq))
	}
	if err := c.Check(); err != nil {
		return c, tampered(e, err)
	}
	return c, nil
}

func tampered(e syncproto.Stored, err error) error {
	return errs.Wrap(errs.Invalid, err, "change %d from the server does not authenticate: it was altered or is not of this workspace", e.Seq).
		WithKey("err.syncTampered")
}

// pending pages through this device's changes not yet acknowledged.
func (cl *Client) pending(limit int) ([]changelog.Change, error) {
	cur := cl.state.Seen.Clone()
	own := cl.state.Device
	cur[own] = cl.state.Pushed
	var out []changelog.Change
	for {
		cs, next, err := cl.st.Changes(cur, limit)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Device == own && c.Seq > cl.state.Pushed {
				out = append(out, c)
			}
		}
		if len(out) >= limit || len(cs) < limit || len(cs) == 0 {
			break
		}
		cur = next
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// massDelete refuses a push that deletes many records while the store
// holds few dossiers: what a freshly restored or emptied workspace does
// to everyone else's data when it syncs.
func (cl *Client) massDelete() error {
	if cl.opt.ForceDeletes {
		return nil
	}
	cur := cl.state.Seen.Clone()
	cur[cl.state.Device] = cl.state.Pushed
	deletes := 0
	for {
		cs, next, err := cl.st.Changes(cur, 5000)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.Device == cl.state.Device && c.Deleted && c.Field == "" {
				deletes++
			}
		}
		if len(cs) < 5000 {
			break
		}
		cur = next
	}
	if live := cl.st.Count(); deletes >= MassDeleteMin && deletes > live {
		return errs.New(errs.Conflict, "this device would delete %d records while it holds only %d customers: not pushed (was it restored from an old backup?); sync with --force-deletes if the deletions are meant", deletes, live).
			WithKey("err.syncMassDelete", "deletes", fmt.Sprint(deletes), "live", fmt.Sprint(live))
	}
	return nil
}

func (cl *Client) push(ctx context.Context, res *Result) error {
	if err := cl.massDelete(); err != nil {
		return err
	}
	for {
		cs, err := cl.pending(cl.batch())
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return nil
		}
		if cs[0].Seq != cl.state.Pushed+1 {
			return errs.New(errs.Internal, "own change %d is missing from the log (next to push is %d)", cl.state.Pushed+1, cs[0].Seq).
				WithKey("err.damaged", "what", "change log")
		}
		envs := make([]syncproto.Envelope, len(cs))
		for i, c := range cs {
			if envs[i], err = cl.seal(c); err != nil {
				return err
			}
		}
		var pr syncproto.PushResult
		if err := cl.c.call(ctx, http.MethodPost, "/v1/push", true, syncproto.Push{Envelopes: envs}, &pr); err != nil {
			return err
		}
		if len(pr.Seqs) != len(envs) {
			return errs.New(errs.Internal, "the server acknowledged %d of %d changes", len(pr.Seqs), len(envs)).WithKey("err.syncBadAnswer")
		}
		cl.state.Pushed = cs[len(cs)-1].Seq
		if err := saveState(cl.st, cl.state); err != nil {
			return err
		}
		res.Pushed += len(cs)
	}
}

func (cl *Client) pull(ctx context.Context, devs map[string]syncproto.Device, res *Result) error {
	for {
		var pr syncproto.PullResult
		path := fmt.Sprintf("/v1/pull?since=%d&limit=%d", cl.state.Cursor, syncproto.MaxPullLimit)
		if err := cl.c.call(ctx, http.MethodGet, path, true, nil, &pr); err != nil {
			return err
		}
		if err := cl.applyPage(ctx, pr.Envelopes, devs, res); err != nil {
			return err
		}
		if !pr.More || len(pr.Envelopes) == 0 {
			return nil
		}
	}
}

// applyPage opens a page of envelopes and applies it; only then does the
// cursor move, so a failure pulls the page again.
func (cl *Client) applyPage(ctx context.Context, envs []syncproto.Stored, devs map[string]syncproto.Device, res *Result) error {
	if len(envs) == 0 {
		return nil
	}
	changes := make([]changelog.Change, 0, len(envs))
	top := map[string]uint64{}
	for _, e := range envs {
		if _, ok := cl.state.Keys[e.Epoch]; !ok {
			if err := cl.fetchKeys(ctx); err != nil {
				return err
			}
		}
		c, err := cl.open(e)
		if err != nil {
			return err
		}
		d, known := devs[e.Device]
		if !known || (d.Revoked != nil && e.Received.After(*d.Revoked)) {
			res.Rejected++
			continue
		}
		changes = append(changes, c)
		if c.Seq > top[c.Device] {
			top[c.Device] = c.Seq
		}
	}
	refused, err := cl.guard(changes, devs)
	if err != nil {
		return err
	}
	apply := cl.st.Apply
	if cl.opt.Apply != nil {
		apply = cl.opt.Apply
	}
	ar, err := apply(changes)
	if err != nil {
		return err
	}
	if ar.Deferred > 0 {
		return errs.New(errs.Internal, "%d changes came before their predecessors; the page will be pulled again", ar.Deferred).
			WithKey("err.syncGap")
	}
	res.Pulled += len(envs)
	res.Applied += ar.Applied
	res.Duplicates += ar.Duplicates
	res.Refused += refused
	res.Conflicts += len(ar.Conflicts)
	res.Touched = append(res.Touched, ar.Touched...)
	for d, s := range top {
		if d != cl.state.Device && s > cl.state.Seen[d] {
			cl.state.Seen[d] = s
		}
	}
	for _, e := range envs { // a page may come reordered, or repeat an old one
		if e.Seq > cl.state.Cursor {
			cl.state.Cursor = e.Seq
		}
	}
	return saveState(cl.st, cl.state)
}
