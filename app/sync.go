package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncclient"
	"credence/backend/workspace"
)

// SyncService shows and drives sync: its status for the header, sync now
// (cancellable, with progress events), setup, invitations with a QR code,
// the devices, and joining a workspace from the first screen. It also
// syncs in the background: on unlock and every Every.
type SyncService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
	ws   *WorkspaceService

	// Every is the time between background syncs (3 min when 0).
	Every time.Duration
	// Options are the client's (tests shorten nothing; zero is right).
	Options syncclient.Options

	run     sync.Mutex // held by the running sync
	mu      sync.Mutex
	cancel  context.CancelFunc // of the running sync; nil when none runs
	lastErr error              // of the last sync; nil after one went through
	stop    chan struct{}
	kick    chan struct{}
}

// Sync events: progress while one runs, then the new status.
const (
	EventSyncProgress = "sync:progress"
	EventSyncStatus   = "sync:status"
)

// NewSyncService returns the service over sess; ws creates the workspace
// a join fills.
func NewSyncService(sess *Session, rt Runtime, ws *WorkspaceService) *SyncService {
	s := &SyncService{sess: sess, rt: rt, ws: ws, kick: make(chan struct{}, 1)}
	if ws != nil {
		ws.BeforeLock = s.stopRunning
	}
	return s
}

// stopRunning cancels the running sync and waits until it has let go of
// the workspace: locking closes the store under it otherwise. The sync
// resumes where it stopped after the next unlock.
func (s *SyncService) stopRunning() {
	s.CancelSync()
	s.run.Lock()
	s.run.Unlock() // nothing to do inside: waiting for the sync is the point
}

func (s *SyncService) startup(ctx context.Context) {
	s.ctx = ctx
	s.stop = make(chan struct{})
	go s.loop()
}

func (s *SyncService) shutdown(ctx context.Context) {
	s.CancelSync()
	if s.stop != nil {
		close(s.stop)
	}
}

// every is the background period; CREDENCE_SYNC_SECONDS overrides it
// (the end-to-end tests).
func (s *SyncService) every() time.Duration {
	if v := os.Getenv("CREDENCE_SYNC_SECONDS"); v != "" {
		var n int
		if _, err := fmt.Sscan(v, &n); err == nil && n > 0 {
			return time.Duration(n) * time.Second
		}
	}
	if s.Every > 0 {
		return s.Every
	}
	return 3 * time.Minute
}

// loop syncs in the background when kicked (unlock) and every few
// minutes, while the workspace is unlocked and syncs.
func (s *SyncService) loop() {
	t := time.NewTicker(s.every())
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		case <-s.kick:
		}
		if st, err := s.sess.Store(); err == nil && syncclient.IsSetUp(st) {
			s.SyncNow()
		}
	}
}

// Kick asks the background loop for a sync now (after unlock).
func (s *SyncService) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// SyncStatus is what the header shows.
type SyncStatus struct {
	Configured  bool      `json:"configured"`
	Server      string    `json:"server"`
	Fingerprint string    `json:"fingerprint"` // as the server prints it: AB:CD:…
	DeviceName  string    `json:"device_name"`
	Role        string    `json:"role"`
	LastSync    time.Time `json:"last_sync,omitzero"`
	Pending     int       `json:"pending"`      // own changes not yet on the server
	PendingMore bool      `json:"pending_more"` // at least Pending
	Running     bool      `json:"running"`
	Error       *UIError  `json:"error,omitempty"` // of the last sync
	SkewSeconds int64     `json:"skew_seconds"`    // the server's clock minus this one's
	SkewWarning bool      `json:"skew_warning"`    // beyond 5 minutes
	// Refused: devices that wrote changes to people or roles their signed
	// role does not allow (refused here), until someone acknowledges it.
	Refused []SyncRefusal `json:"refused"`
}

// SyncRefusal is one device's refused attempts, for a warning.
type SyncRefusal struct {
	Device string    `json:"device"` // its name
	Count  int       `json:"count"`
	Last   time.Time `json:"last"`
}

// Status reports sync for the header; a locked or never set up workspace
// is not configured.
func (s *SyncService) Status() (SyncStatus, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return SyncStatus{}, nil
	}
	return s.status(ws), nil
}

func (s *SyncService) status(ws *workspace.Workspace) SyncStatus {
	var out SyncStatus
	s.mu.Lock()
	out.Running = s.cancel != nil
	lastErr := s.lastErr
	s.mu.Unlock()
	cl, err := ws.SyncClient(s.Options)
	if err != nil {
		if !errs.Is(err, errs.NotFound) {
			out.Error = toUIError(err)
		}
		return out
	}
	defer cl.Close()
	st := cl.State()
	out.Configured, out.Server, out.Fingerprint = true, st.Server, formatFingerprint(st.Fingerprint)
	out.DeviceName, out.Role, out.LastSync = st.Name, st.Role, st.LastSync
	out.SkewSeconds = int64(st.ClockSkew.Round(time.Second) / time.Second)
	out.SkewWarning = st.ClockSkew > 5*time.Minute || -st.ClockSkew > 5*time.Minute
	if n, err := cl.Pending(); err == nil {
		out.Pending, out.PendingMore = n, n >= syncclient.PendingMax
	}
	out.Refused = []SyncRefusal{}
	rs, err := cl.Refusals()
	if err != nil {
		out.Error = toUIError(err)
	}
	for _, r := range rs {
		out.Refused = append(out.Refused, SyncRefusal{Device: r.Name, Count: r.Count, Last: r.Last})
	}
	sort.Slice(out.Refused, func(i, j int) bool { return out.Refused[i].Last.After(out.Refused[j].Last) })
	if lastErr != nil {
		out.Error = toUIError(lastErr)
	}
	return out
}

// SyncResult is what a sync moved, for the header's note.
type SyncResult struct {
	Pushed     int        `json:"pushed"`
	Applied    int        `json:"applied"`
	Conflicts  int        `json:"conflicts"`
	Uploaded   int        `json:"uploaded"`   // files sent
	Downloaded int        `json:"downloaded"` // files received
	Status     SyncStatus `json:"status"`
}

// SyncNow syncs once and returns what it moved; errors are also kept for
// the header's status.
func (s *SyncService) SyncNow() (SyncResult, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return SyncResult{}, uiErr(err)
	}
	// One at a time: a sync asked for while another runs (the background
	// one) waits for it, then runs, so that it sends what was just done.
	s.run.Lock()
	defer s.run.Unlock()
	s.mu.Lock()
	ctx, cancel := context.WithTimeout(s.base(), 10*time.Minute)
	s.cancel = cancel
	s.mu.Unlock()
	opt := s.Options
	opt.Progress = func(step string) { s.emit(EventSyncProgress, map[string]string{"step": step}) }
	res, err := ws.Sync(ctx, opt)
	stopped := err != nil && ctx.Err() == context.Canceled
	cancel()
	s.mu.Lock()
	s.cancel = nil
	s.lastErr = err
	if stopped {
		s.lastErr = errs.New(errs.Invalid, "the sync was stopped").WithKey("err.syncCancelled")
	}
	s.mu.Unlock()
	if res.Applied > 0 || res.Blobs.Downloaded > 0 || res.Conflicts > 0 {
		// What other devices changed shows without navigating.
		s.emit(EventChanged, Changed{})
	}
	out := SyncResult{Pushed: res.Pushed, Applied: res.Applied, Conflicts: res.Conflicts,
		Uploaded: res.Blobs.Uploaded, Downloaded: res.Blobs.Downloaded, Status: s.status(ws)}
	s.emit(EventSyncStatus, out.Status)
	s.mu.Lock()
	err = s.lastErr
	s.mu.Unlock()
	return out, uiErr(err)
}

// AcknowledgeRefused clears the warning about refused changes once a
// person has read it.
func (s *SyncService) AcknowledgeRefused() (SyncStatus, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return SyncStatus{}, uiErr(err)
	}
	cl, err := ws.SyncClient(s.Options)
	if err != nil {
		return SyncStatus{}, uiErr(err)
	}
	err = cl.ClearRefused()
	cl.Close()
	if err != nil {
		return SyncStatus{}, uiErr(err)
	}
	st := s.status(ws)
	s.emit(EventSyncStatus, st)
	return st, nil
}

// CancelSync stops the running sync; it resumes where it was next time.
func (s *SyncService) CancelSync() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// Setup registers this workspace with the server at url; this device
// becomes its admin. The status carries the pinned fingerprint.
func (s *SyncService) Setup(url, deviceName string) (SyncStatus, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return SyncStatus{}, uiErr(err)
	}
	url = strings.TrimSpace(url)
	if url != "" && !strings.Contains(url, "://") {
		url = "https://" + url
	}
	ctx, cancel := context.WithTimeout(s.base(), time.Minute)
	defer cancel()
	if _, err := ws.SyncSetup(ctx, url, s.deviceName(deviceName), s.Options); err != nil {
		return SyncStatus{}, uiErr(err)
	}
	st := s.status(ws)
	s.emit(EventSyncStatus, st)
	go s.SyncNow()
	return st, nil
}

// Invitation is a one-time pairing code, as text and as a QR code.
type Invitation struct {
	Code string `json:"code"`
	Role string `json:"role"`
	QR   string `json:"qr"` // data:image/png;base64,…
}

// client is the open workspace's sync client; errors are for people.
// The caller closes it.
func (s *SyncService) client() (*syncclient.Client, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	cl, err := ws.SyncClient(s.Options)
	if err != nil {
		return nil, uiErr(err)
	}
	return cl, nil
}

// Invite makes a pairing code for a new device with role (admin devices).
func (s *SyncService) Invite(role string) (Invitation, error) {
	cl, err := s.client()
	if err != nil {
		return Invitation{}, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(s.base(), time.Minute)
	defer cancel()
	code, err := cl.Invite(ctx, role)
	if err != nil {
		return Invitation{}, uiErr(err)
	}
	png, err := qrcode.Encode(code, qrcode.Medium, 320)
	if err != nil {
		return Invitation{}, uiErr(errs.Wrap(errs.Internal, err, "draw the QR code"))
	}
	return Invitation{Code: code, Role: role, QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)}, nil
}

// DeviceRow is a device of the workspace as the Devices page lists it.
type DeviceRow struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	Added      time.Time  `json:"added"`
	Removed    *time.Time `json:"removed,omitempty"`
	ThisDevice bool       `json:"this_device"`
	// Granted is the role an admin device signed for it, as this computer
	// believes it ("" not yet: its changes to people and roles are refused).
	Granted string `json:"granted"`
}

// Devices lists the workspace's devices as the server knows them.
func (s *SyncService) Devices() ([]DeviceRow, error) {
	cl, err := s.client()
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(s.base(), time.Minute)
	defer cancel()
	ds, _, err := cl.Devices(ctx)
	if err != nil {
		return nil, uiErr(err)
	}
	me := cl.State().Device
	granted, err := cl.Granted()
	if err != nil {
		return nil, uiErr(err)
	}
	rows := make([]DeviceRow, 0, len(ds))
	for _, d := range ds {
		rows = append(rows, DeviceRow{ID: d.ID, Name: d.Name, Role: d.Role, Added: d.Created, Removed: d.Revoked,
			ThisDevice: d.ID == me, Granted: granted[d.ID]})
	}
	return rows, nil
}

// RemoveDevice has the server refuse the device from now on and moves the
// others to a new sync key (admin devices).
func (s *SyncService) RemoveDevice(id string) ([]DeviceRow, error) {
	cl, err := s.client()
	if err != nil {
		return nil, err
	}
	if id == cl.State().Device {
		cl.Close()
		return nil, uiErr(errs.New(errs.Invalid, "this device cannot remove itself").WithKey("err.syncRemoveSelf"))
	}
	ctx, cancel := context.WithTimeout(s.base(), time.Minute)
	defer cancel()
	err = cl.RemoveDevice(ctx, id)
	cl.Close()
	if err != nil {
		return nil, uiErr(err)
	}
	return s.Devices()
}

// JoinRequest is the first screen's "join an existing workspace" form.
type JoinRequest struct {
	Code       string `json:"code"`
	FirmName   string `json:"firm_name"` // as this computer shows it (settings stay on each device)
	UserName   string `json:"user_name"`
	Language   string `json:"language"`
	Passphrase string `json:"passphrase"`
	Confirm    string `json:"confirm"`
	DeviceName string `json:"device_name"`
}

// JoinResult is the new workspace's status; Waiting says it is paired but
// an admin device must sync once before the data comes.
type JoinResult struct {
	Status  Status `json:"status"`
	Waiting bool   `json:"waiting"`
}

// Join makes a workspace on this computer and pairs it with the code's
// server, the way the CLI's join does (workspace.SyncJoin). When pairing
// fails the new folder goes, so that a good code can be tried again.
func (s *SyncService) Join(req JoinRequest) (JoinResult, error) {
	if strings.TrimSpace(req.Code) == "" {
		return JoinResult{}, uiErr(errs.New(errs.Invalid, "type the pairing code").WithKey("err.syncBadCode", "field", "code"))
	}
	if req.Passphrase != req.Confirm {
		return JoinResult{}, uiErr(errs.New(errs.Invalid, "the two passphrases differ").WithKey("err.passphraseMismatch", "field", "confirm"))
	}
	dir := s.sess.dir
	before := entries(dir)
	firm := strings.TrimSpace(req.FirmName)
	if firm == "" {
		firm = "Credence"
	}
	ws, err := workspace.Create(dir, req.Passphrase, store.Settings{FirmName: firm, UserName: req.UserName,
		Language: req.Language, IdleLockMinutes: 10}, s.sess.options())
	if err != nil {
		return JoinResult{}, uiErr(err)
	}
	ctx, cancel := context.WithTimeout(s.base(), 10*time.Minute)
	defer cancel()
	_, err = ws.SyncJoin(ctx, strings.TrimSpace(req.Code), s.deviceName(req.DeviceName), s.Options)
	// Paired but the key not yet shared: a success, and the header says
	// it waits until a sync brings the key.
	var kept error
	if isWaiting(err) {
		err, kept = nil, err
	}
	if err != nil && !syncclient.IsSetUp(ws.Store()) {
		ws.Close()
		removeNew(dir, before)
		return JoinResult{}, uiErr(err)
	}
	if err != nil {
		kept = err // paired; the first sync failed: the header says why
	}
	s.sess.set(ws)
	s.sess.savePrefs(prefs{Language: req.Language})
	s.ws.unlocked()
	s.mu.Lock()
	s.lastErr = kept
	s.mu.Unlock()
	return JoinResult{Status: s.ws.Status(), Waiting: isWaiting(kept)}, nil
}

// entries names what dir holds (nil when it does not exist).
func entries(dir string) map[string]bool {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, e := range es {
		out[e.Name()] = true
	}
	return out
}

// removeNew undoes a workspace.Create whose pairing failed: what it made
// in dir goes (the folder too when it made it), what was there stays.
func removeNew(dir string, before map[string]bool) {
	if before == nil {
		os.RemoveAll(dir)
		return
	}
	for name := range entries(dir) {
		if !before[name] {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
}

func (s *SyncService) deviceName(name string) string {
	if name = strings.TrimSpace(name); name != "" {
		return name
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "computer"
}

func (s *SyncService) base() context.Context {
	if s.ctx != nil {
		return s.ctx
	}
	return context.Background()
}

func (s *SyncService) emit(event string, data any) {
	if s.rt != nil && s.ctx != nil {
		s.rt.Emit(s.ctx, event, data)
	}
}

// toUIError is a kept error as the frontend reads it.
func toUIError(err error) *UIError {
	u := UIError{Code: errs.Code(err), Message: err.Error()}
	if e, ok := errs.As(err); ok {
		u.Key, u.Params = e.Key, e.Params
	}
	return &u
}

func formatFingerprint(fp []byte) string {
	parts := make([]string, len(fp))
	for i, b := range fp {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func isWaiting(err error) bool {
	x, ok := errs.As(err)
	return ok && x.Key == "err.syncWaitingKey"
}
