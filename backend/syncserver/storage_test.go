package syncserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"credence/backend/syncproto"
)

// The storage contract: one suite, run against every implementation.

func TestStorageBadger(t *testing.T) {
	testStorage(t, func(t *testing.T) Storage {
		s, err := OpenBadger(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestStoragePostgres(t *testing.T) {
	pg := startPG(t)
	testStorage(t, func(t *testing.T) Storage { return pg.fresh(t) })
}

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func testDevice(ws, role string) syncproto.Device {
	sec, _ := syncproto.NewDeviceSecrets()
	return syncproto.Device{DeviceKeys: sec.Public(uuid.NewString(), "laptop"), Workspace: ws, Role: role, Created: t0}
}

func env(dev string, n int) syncproto.Envelope {
	return syncproto.Envelope{ChangeID: uuid.NewString(), Device: dev, DeviceSeq: uint64(n), Epoch: 1, Sealed: []byte(fmt.Sprintf("sealed-%d", n))}
}

func mustWorkspace(t *testing.T, s Storage) (string, syncproto.Device) {
	t.Helper()
	ws := uuid.NewString()
	admin := testDevice(ws, syncproto.RoleAdmin)
	if err := s.CreateWorkspace(context.Background(), ws, admin, 0); err != nil {
		t.Fatal(err)
	}
	return ws, admin
}

func testStorage(t *testing.T, open func(t *testing.T) Storage) {
	ctx := context.Background()

	t.Run("workspace", func(t *testing.T) {
		s := open(t)
		ws := uuid.NewString()
		admin := testDevice(ws, syncproto.RoleAdmin)
		if err := s.CreateWorkspace(ctx, ws, admin, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateWorkspace(ctx, ws, admin, 0); !errors.Is(err, ErrWorkspaceExists) {
			t.Fatalf("twice: %v", err)
		}
		other := uuid.NewString()
		if err := s.CreateWorkspace(ctx, other, testDevice(other, syncproto.RoleAdmin), 1); !errors.Is(err, ErrWorkspaceLimit) {
			t.Fatalf("over the limit: %v", err)
		}
		w, err := s.Workspace(ctx, ws)
		if err != nil || w.Epoch != 1 || w.LastSeq != 0 {
			t.Fatalf("workspace = %+v, %v", w, err)
		}
		if _, err := s.Workspace(ctx, other); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown workspace: %v", err)
		}
		d, err := s.Device(ctx, ws, admin.ID)
		if err != nil || d.Role != syncproto.RoleAdmin || !bytes.Equal(d.SignPub, admin.SignPub) || !bytes.Equal(d.BoxPub, admin.BoxPub) || d.Revoked != nil {
			t.Fatalf("device = %+v, %v", d, err)
		}
	})

	t.Run("pairing", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		p := Pairing{Hash: "h1", Workspace: ws, Role: syncproto.RoleSales, CreatedBy: admin.ID, Expires: t0.Add(time.Minute)}
		if err := s.CreatePairing(ctx, p); err != nil {
			t.Fatal(err)
		}
		newDev := testDevice(ws, "")
		if _, err := s.RedeemPairing(ctx, "h1", testDevice(uuid.NewString(), ""), t0); !errors.Is(err, ErrPairingUnknown) {
			t.Fatalf("other workspace: %v", err)
		}
		if _, err := s.RedeemPairing(ctx, "h1", newDev, t0.Add(time.Minute)); !errors.Is(err, ErrPairingExpired) {
			t.Fatalf("expired: %v", err)
		}
		if _, err := s.RedeemPairing(ctx, "h1", admin, t0); !errors.Is(err, ErrDeviceExists) {
			t.Fatalf("existing device: %v", err)
		}
		got, err := s.RedeemPairing(ctx, "h1", newDev, t0)
		if err != nil || got.Role != syncproto.RoleSales {
			t.Fatalf("redeem = %+v, %v", got, err)
		}
		if _, err := s.RedeemPairing(ctx, "h1", testDevice(ws, ""), t0); !errors.Is(err, ErrPairingUsed) {
			t.Fatalf("second use: %v", err)
		}
		if _, err := s.RedeemPairing(ctx, "nope", testDevice(ws, ""), t0); !errors.Is(err, ErrPairingUnknown) {
			t.Fatalf("unknown: %v", err)
		}
		devs, err := s.Devices(ctx, ws)
		if err != nil || len(devs) != 2 {
			t.Fatalf("devices = %d, %v", len(devs), err)
		}
		if d, _ := s.Device(ctx, ws, newDev.ID); d.Role != syncproto.RoleSales {
			t.Fatalf("stored role %q", d.Role)
		}
	})

	t.Run("sweep", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		for i, exp := range []time.Duration{-2 * time.Hour, -time.Minute, time.Hour} {
			p := Pairing{Hash: fmt.Sprint("sw", i), Workspace: ws, Role: syncproto.RoleSales, CreatedBy: admin.ID, Expires: t0.Add(exp)}
			if err := s.CreatePairing(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		// Used before it expired: swept all the same once past the cutoff.
		if _, err := s.RedeemPairing(ctx, "sw0", testDevice(ws, ""), t0.Add(-3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		n, err := s.Sweep(ctx, t0.Add(-time.Hour))
		if err != nil || n < 1 {
			t.Fatalf("sweep = %d, %v", n, err)
		}
		if _, err := s.RedeemPairing(ctx, "sw0", testDevice(ws, ""), t0); !errors.Is(err, ErrPairingUnknown) {
			t.Fatalf("a code expired before the cutoff is still there: %v", err)
		}
		if _, err := s.RedeemPairing(ctx, "sw1", testDevice(ws, ""), t0); !errors.Is(err, ErrPairingExpired) {
			t.Fatalf("a code expired after the cutoff must stay to say so: %v", err)
		}
		if _, err := s.RedeemPairing(ctx, "sw2", testDevice(ws, ""), t0); err != nil {
			t.Fatalf("a live code was swept: %v", err)
		}
	})

	t.Run("revoke", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		ep, err := s.RevokeDevice(ctx, ws, admin.ID, t0)
		if err != nil || ep != 2 {
			t.Fatalf("revoke = %d, %v", ep, err)
		}
		if ep, err := s.RevokeDevice(ctx, ws, admin.ID, t0.Add(time.Hour)); err != nil || ep != 2 {
			t.Fatalf("revoke twice = %d, %v", ep, err)
		}
		d, _ := s.Device(ctx, ws, admin.ID)
		if d.Revoked == nil || !d.Revoked.Equal(t0) {
			t.Fatalf("revoked = %v", d.Revoked)
		}
		if _, err := s.RevokeDevice(ctx, ws, "nobody", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
		if w, _ := s.Workspace(ctx, ws); w.Epoch != 2 {
			t.Fatalf("epoch %d", w.Epoch)
		}
	})

	t.Run("challenge", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		n := []byte("nonce-0123456789")
		if err := s.PutChallenge(ctx, ws, admin.ID, n, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.ConsumeChallenge(ctx, ws, "other", n, t0); !errors.Is(err, ErrReplay) {
			t.Fatalf("other device: %v", err)
		}
		if err := s.ConsumeChallenge(ctx, ws, admin.ID, n, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.ConsumeChallenge(ctx, ws, admin.ID, n, t0); !errors.Is(err, ErrReplay) {
			t.Fatalf("replayed: %v", err)
		}
		old := []byte("nonce-old-456789")
		if err := s.PutChallenge(ctx, ws, admin.ID, old, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.ConsumeChallenge(ctx, ws, admin.ID, old, t0.Add(time.Minute)); !errors.Is(err, ErrReplay) {
			t.Fatalf("expired: %v", err)
		}
	})

	t.Run("keys", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		k := syncproto.WrappedKey{Device: admin.ID, Epoch: 1, Wrapped: []byte("w1"), By: admin.ID}
		if err := s.PutWrappedKeys(ctx, ws, []syncproto.WrappedKey{k}); err != nil {
			t.Fatal(err)
		}
		k.Wrapped = []byte("w1b")
		if err := s.PutWrappedKeys(ctx, ws, []syncproto.WrappedKey{k}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutWrappedKeys(ctx, ws, []syncproto.WrappedKey{{Device: admin.ID, Epoch: 2, Wrapped: []byte("x")}}); !errors.Is(err, ErrBadEpoch) {
			t.Fatalf("future epoch: %v", err)
		}
		if err := s.PutWrappedKeys(ctx, ws, []syncproto.WrappedKey{{Device: "nobody", Epoch: 1, Wrapped: []byte("x")}}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown device: %v", err)
		}
		if _, err := s.RevokeDevice(ctx, ws, admin.ID, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.PutWrappedKeys(ctx, ws, []syncproto.WrappedKey{{Device: admin.ID, Epoch: 2, Wrapped: []byte("w2"), By: admin.ID}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.WrappedKeys(ctx, ws, admin.ID)
		if err != nil || len(got) != 2 || got[0].Epoch != 1 || string(got[0].Wrapped) != "w1b" || got[1].Epoch != 2 || got[1].By != admin.ID {
			t.Fatalf("keys = %+v, %v", got, err)
		}
	})

	t.Run("append and since", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		a, b, c := env(admin.ID, 1), env(admin.ID, 2), env(admin.ID, 3)
		seqs, dup, err := s.Append(ctx, ws, []syncproto.Envelope{a, b, a}, t0)
		if err != nil || fmt.Sprint(seqs, dup) != "[1 2 1] [false false true]" {
			t.Fatalf("append = %v %v %v", seqs, dup, err)
		}
		seqs, dup, err = s.Append(ctx, ws, []syncproto.Envelope{b, c}, t0)
		if err != nil || fmt.Sprint(seqs, dup) != "[2 3] [true false]" {
			t.Fatalf("append again = %v %v %v", seqs, dup, err)
		}
		got, err := s.Since(ctx, ws, 0, 10)
		if err != nil || len(got) != 3 {
			t.Fatalf("since = %d, %v", len(got), err)
		}
		for i, want := range []syncproto.Envelope{a, b, c} {
			g := got[i]
			if g.Seq != uint64(i+1) || g.ChangeID != want.ChangeID || g.Device != want.Device || g.DeviceSeq != want.DeviceSeq ||
				g.Epoch != want.Epoch || !bytes.Equal(g.Sealed, want.Sealed) || !g.Received.Equal(t0) {
				t.Fatalf("since[%d] = %+v, want %+v", i, g, want)
			}
		}
		if got, _ := s.Since(ctx, ws, 1, 1); len(got) != 1 || got[0].Seq != 2 {
			t.Fatalf("page = %+v", got)
		}
		if got, _ := s.Since(ctx, ws, 3, 10); len(got) != 0 {
			t.Fatalf("after the end = %+v", got)
		}
		other, _ := mustWorkspace(t, s)
		if got, _ := s.Since(ctx, other, 0, 10); len(got) != 0 {
			t.Fatalf("another workspace sees %d", len(got))
		}
		if seqs, _, _ := s.Append(ctx, other, []syncproto.Envelope{a}, t0); seqs[0] != 1 {
			t.Fatalf("change ids are per workspace: %v", seqs)
		}
	})

	t.Run("concurrent appends are dense and ordered", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		var wg sync.WaitGroup
		errc := make(chan error, 8)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					batch := []syncproto.Envelope{env(admin.ID, i), env(admin.ID, i)}
					if _, _, err := s.Append(ctx, ws, batch, t0); err != nil {
						errc <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		got, err := s.Since(ctx, ws, 0, 1000)
		if err != nil || len(got) != 160 {
			t.Fatalf("since = %d, %v", len(got), err)
		}
		seen := map[string]bool{}
		for i, g := range got {
			if g.Seq != uint64(i+1) || seen[g.ChangeID] {
				t.Fatalf("at %d: seq %d, change seen %v", i, g.Seq, seen[g.ChangeID])
			}
			seen[g.ChangeID] = true
		}
		if w, _ := s.Workspace(ctx, ws); w.LastSeq != 160 {
			t.Fatalf("last seq %d", w.LastSeq)
		}
	})

	t.Run("a failing append fails alone", func(t *testing.T) {
		s := open(t)
		ws, admin := mustWorkspace(t, s)
		var wg sync.WaitGroup
		errs := make([]error, 20)
		for g := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				target := ws
				if g%5 == 0 {
					target = "no-such-workspace"
				}
				_, _, errs[g] = s.Append(ctx, target, []syncproto.Envelope{env(admin.ID, g)}, t0)
			}()
		}
		wg.Wait()
		for g, err := range errs {
			if (g%5 == 0) != errors.Is(err, ErrNotFound) || (g%5 != 0 && err != nil) {
				t.Fatalf("append %d: %v", g, err)
			}
		}
		if got, _ := s.Since(ctx, ws, 0, 100); len(got) != 16 {
			t.Fatalf("kept %d of 16", len(got))
		}
	})

	t.Run("blobs", func(t *testing.T) {
		s := open(t)
		ws, _ := mustWorkspace(t, s)
		data := bytes.Repeat([]byte("sealed photo "), 1000)
		if existed, err := s.PutBlob(ctx, ws, "abc", data); err != nil || existed {
			t.Fatalf("put = %v, %v", existed, err)
		}
		if existed, err := s.PutBlob(ctx, ws, "abc", data); err != nil || !existed {
			t.Fatalf("put again = %v, %v", existed, err)
		}
		if got, err := s.Blob(ctx, ws, "abc"); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("get = %d bytes, %v", len(got), err)
		}
		if _, err := s.Blob(ctx, ws, "abd"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown blob: %v", err)
		}
		other, _ := mustWorkspace(t, s)
		if _, err := s.Blob(ctx, other, "abc"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another workspace's blob: %v", err)
		}
	})
}
