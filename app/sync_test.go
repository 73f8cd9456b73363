package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/png"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncserver/synctest"
)

// loopbackServer is a real credence-server on loopback TLS; stop ends it
// (the test's cleanup does too).
func loopbackServer(t *testing.T) (url string, stop func()) { return synctest.Start(t) }

type device struct {
	sess *Session
	rt   *fakeRuntime
	ws   *WorkspaceService
	sync *SyncService
}

func newDevice(t *testing.T) *device {
	t.Helper()
	rt := &fakeRuntime{}
	sess := NewSession(filepath.Join(t.TempDir(), "ws"), store.Options{KDF: cheap})
	d := &device{sess: sess, rt: rt, ws: NewWorkspaceService(sess, rt)}
	d.sync = NewSyncService(sess, rt, d.ws)
	Startup(context.Background(), d.ws, d.sync)
	t.Cleanup(func() { Shutdown(context.Background(), d.ws, d.sync) })
	return d
}

func uiKey(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	return uiError(t, err).Key
}

// Two computers through the app's services and a real server: A sets
// sync up and invites with a role (code as text and QR); B joins from the
// first screen with the code and gets the code's role; a photo added on A
// opens on B byte for byte, and B's stores are told to reload; a server
// that is gone reaches the header as a sentence's key.
func TestSyncServiceTwoDevicesPhotoAndErrors(t *testing.T) {
	url, stop := loopbackServer(t)
	a, b := newDevice(t), newDevice(t)
	if _, err := a.ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Ann", Language: "en",
		Passphrase: "ann's own passphrase", Confirm: "ann's own passphrase"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.sync.Status(); st.Configured {
		t.Fatal("configured before setup")
	}
	st, err := a.sync.Setup(strings.TrimPrefix(url, "https://"), "Ann's laptop")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Configured || st.Server != url || len(st.Fingerprint) != 32*3-1 || st.Role != "admin" {
		t.Fatalf("status after setup: %+v", st)
	}
	inv, err := a.sync.Invite("credit_manager")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(inv.Code, "CRD2-") || !strings.HasPrefix(inv.QR, "data:image/png;base64,") {
		t.Fatalf("invitation %+v", inv)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(inv.QR, "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("the QR is not a PNG: %v", err)
	}
	if _, err := a.sync.Invite("owner"); uiKey(t, err) != "err.choice" {
		t.Fatal("a role that does not exist was accepted")
	}

	// A bad code leaves nothing behind: the same screen can try again.
	if _, err := b.sync.Join(JoinRequest{Code: "CRD2-AAAAA", UserName: "Bob", Language: "en",
		Passphrase: "bob's own passphrase", Confirm: "bob's own passphrase"}); uiKey(t, err) != "err.syncBadCode" {
		t.Fatal("bad code")
	}
	if store.Exists(b.sess.dir) {
		t.Fatal("a failed join left a workspace")
	}
	jr, err := b.sync.Join(JoinRequest{Code: inv.Code, FirmName: "Ningbo Export", UserName: "Bob", Language: "en",
		Passphrase: "bob's own passphrase", Confirm: "bob's own passphrase", DeviceName: "Bob's PC"})
	if err != nil {
		t.Fatal(err)
	}
	if !jr.Status.Unlocked || !jr.Waiting || jr.Status.Firm != "Ningbo Export" || jr.Status.User != "Bob" {
		t.Fatalf("join: %+v (the admin has not synced since: it must wait for the key)", jr)
	}
	if _, err := a.sync.SyncNow(); err != nil { // shares the key with B
		t.Fatal(err)
	}
	if _, err := b.sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	bst, _ := b.sess.Store()
	if me, _ := bst.Me(); me.Role != store.RoleCreditManager {
		t.Fatalf("B's role is %q, want the code's credit_manager", me.Role)
	}
	if _, err := a.sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	ast, _ := a.sess.Store()
	people, _ := ast.People()
	for _, p := range people {
		if p.Name == "Bob" && p.Role != store.RoleCreditManager {
			t.Fatalf("A sees Bob as %q", p.Role)
		}
	}
	devs, err := a.sync.Devices()
	if err != nil || len(devs) != 2 {
		t.Fatalf("devices %+v %v", devs, err)
	}
	for _, d := range devs {
		if want := map[bool]string{true: "admin", false: "credit_manager"}[d.ThisDevice]; d.Granted != want {
			t.Fatalf("device %s: signed role %q, want %q", d.Name, d.Granted, want)
		}
	}
	if st, _ := a.sync.Status(); len(st.Refused) != 0 {
		t.Fatalf("a plain join is reported as refused changes: %+v", st.Refused)
	}

	// Bob's computer writes him admin behind the app's back: Ann's computer
	// refuses it and says so until someone has read it.
	me, _ := bst.Me()
	me.Role = store.RoleAdmin
	if err := bst.PutRecord(store.KindPerson, me.ID, me); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.sync.SyncNow(); err != nil {
		t.Fatal(err)
	}
	if p, _ := ast.PersonByID(me.ID); p.Role != store.RoleCreditManager {
		t.Fatalf("Bob made himself %s on Ann's computer", p.Role)
	}
	st, _ = a.sync.Status()
	if len(st.Refused) != 1 || st.Refused[0].Device != "Bob's PC" || st.Refused[0].Count != 1 {
		t.Fatalf("refused on Ann's computer: %+v", st.Refused)
	}
	if st, err := a.sync.AcknowledgeRefused(); err != nil || len(st.Refused) != 0 {
		t.Fatalf("acknowledged: %+v %v", st.Refused, err)
	}

	// A photo taken on A.
	photo := bytes.Repeat([]byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7}, 40000)
	d, err := ast.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Hafen Logistik GmbH"}}, "Ann")
	if err != nil {
		t.Fatal(err)
	}
	att, err := ast.AddAttachment(d.ID, "dock.jpg", "site", photo, "Ann")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := a.sync.Status(); st.Pending == 0 {
		t.Fatal("no pending change after adding a photo")
	}
	res, err := a.sync.SyncNow()
	if err != nil {
		t.Fatal(err)
	}
	if res.Uploaded != 1 || res.Status.Pending != 0 || res.Status.LastSync.IsZero() {
		t.Fatalf("A's sync: %+v", res)
	}
	b.rt.events = nil
	res, err = b.sync.SyncNow()
	if err != nil {
		t.Fatal(err)
	}
	if res.Downloaded != 1 {
		t.Fatalf("B's sync: %+v", res)
	}
	if !b.rt.saw(EventChanged) {
		t.Fatal("B's stores were not told that records changed")
	}
	_, got, err := bst.Attachment(d.ID, att.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, photo) {
		t.Fatal("the photo on B differs from A's")
	}
	if res, _ := a.sync.SyncNow(); res.Uploaded != 0 {
		t.Fatal("A uploaded the photo twice")
	}

	if !a.rt.saw(EventSyncProgress) || !a.rt.saw(EventSyncStatus) {
		t.Fatal("no progress or status event")
	}

	// B cannot remove itself; an admin can: B's next sync says so.
	var bID string
	for _, dv := range devs {
		if dv.Name == "Bob's PC" {
			bID = dv.ID
		}
	}
	if _, err := b.sync.RemoveDevice(bID); uiKey(t, err) != "err.syncRemoveSelf" {
		t.Fatal("remove self")
	}
	left, err := a.sync.RemoveDevice(bID)
	if err != nil || len(left) != 2 {
		t.Fatalf("remove: %+v %v", left, err)
	}
	for _, dv := range left {
		if (dv.ID == bID) != (dv.Removed != nil) {
			t.Fatalf("after removal: %+v", dv)
		}
	}
	if _, err := b.sync.SyncNow(); uiKey(t, err) != "err.syncDeviceRemoved" {
		t.Fatal("a removed device synced")
	}
	if st, _ := b.sync.Status(); st.Error == nil || st.Error.Key != "err.syncDeviceRemoved" {
		t.Fatalf("B's header: %+v", st.Error)
	}

	// The server gone is a sentence in the header.
	stop()
	if _, err := a.sync.SyncNow(); uiKey(t, err) != "err.syncUnreachable" {
		t.Fatal("unreachable")
	}
	if st, _ := a.sync.Status(); st.Error == nil || st.Error.Key != "err.syncUnreachable" || st.Error.Code != errs.Internal {
		t.Fatalf("status keeps %+v", st.Error)
	}
}

// Locking while a sync waits on a server that does not answer stops the
// sync first: the store is never closed under it, and Lock returns only
// once the sync has let go.
func TestLockStopsARunningSync(t *testing.T) {
	url, stop := loopbackServer(t)
	a := newDevice(t)
	if _, err := a.ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Ann", Language: "en",
		Passphrase: "ann's own passphrase", Confirm: "ann's own passphrase"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.sync.Setup(url, "Ann's laptop"); err != nil {
		t.Fatal(err)
	}
	stop()
	// The same address now accepts connections and never answers.
	var ln net.Listener
	var err error
	for i := 0; i < 100; i++ {
		if ln, err = net.Listen("tcp", strings.TrimPrefix(url, "https://")); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	done := make(chan error, 1)
	go func() { _, err := a.sync.SyncNow(); done <- err }()
	for i := 0; ; i++ {
		if st, _ := a.sync.Status(); st.Running {
			break
		}
		if i == 500 {
			t.Fatal("the sync never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The sync ends slowly (its last status event): the lock must wait
	// for it all the same.
	a.rt.slow.Store(EventSyncStatus)
	if err := a.ws.Lock(); err != nil {
		t.Fatal(err)
	}
	// The sync has let go when Lock returns; SyncNow's caller may hear of
	// it a moment later.
	if !a.sync.run.TryLock() {
		t.Fatal("Lock returned while the sync still held the workspace")
	}
	a.sync.run.Unlock()
	select {
	case err := <-done:
		if k := uiKey(t, err); k != "err.syncCancelled" {
			t.Fatalf("the stopped sync says %q", k)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stopped sync never returned")
	}
}
