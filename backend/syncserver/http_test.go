package syncserver

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"credence/backend/syncproto"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestPairingGivesANewDeviceTheKeyAndTheChanges(t *testing.T) {
	clk := &clock{t: time.Now()}
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir()), Now: clk.Now})
	a := admin(t, s)
	wsKey := make([]byte, syncproto.KeySize)
	rand.Read(wsKey)
	env := a.sealChange(wsKey, "dossier", "d1", "legal_name", "Guangzhou Pearl Imports")
	if _, e := a.push(env); e != nil {
		t.Fatal(e)
	}

	code := a.invite(s, syncproto.RoleSales)
	b, e := join(t, code)
	a.must(e)
	b.must(b.auth())

	// The admin sees the new device and wraps the workspace key for it.
	var devs syncproto.Devices
	a.must(a.call("GET", "/v1/devices", nil, &devs))
	if len(devs.Devices) != 2 || devs.Epoch != 1 {
		t.Fatalf("devices = %+v", devs)
	}
	var bDev syncproto.Device
	for _, d := range devs.Devices {
		if d.ID == b.keys.ID {
			bDev = d
		}
	}
	if bDev.Role != syncproto.RoleSales || !bytes.Equal(bDev.BoxPub, b.keys.BoxPub) {
		t.Fatalf("new device = %+v", bDev)
	}
	w, err := syncproto.WrapKey(bDev.BoxPub, a.ws, 1, bDev.ID, wsKey)
	if err != nil {
		t.Fatal(err)
	}
	a.must(a.call("PUT", "/v1/keys", syncproto.Keys{Keys: []syncproto.WrappedKey{{Device: bDev.ID, Epoch: 1, Wrapped: w}}}, nil))
	wantCode(t, b.call("PUT", "/v1/keys", syncproto.Keys{Keys: []syncproto.WrappedKey{{Device: bDev.ID, Epoch: 1, Wrapped: w}}}, nil), syncproto.CodeForbidden)

	var ks syncproto.Keys
	b.must(b.call("GET", "/v1/keys", nil, &ks))
	if len(ks.Keys) != 1 || ks.Keys[0].By != a.keys.ID {
		t.Fatalf("keys = %+v", ks)
	}
	got, err := syncproto.UnwrapKey(b.sec.Box, b.ws, 1, b.keys.ID, ks.Keys[0].Wrapped)
	if err != nil || !bytes.Equal(got, wsKey) {
		t.Fatalf("unwrap: %v", err)
	}
	pulled := b.pullAll(0, 10)
	if len(pulled) != 1 {
		t.Fatalf("pulled %d", len(pulled))
	}
	pt, err := syncproto.Open(got, syncproto.ChangeAAD(b.ws, "dossier", "d1", "legal_name", pulled[0].ChangeID), pulled[0].Sealed)
	if err != nil || string(pt) != "Guangzhou Pearl Imports" {
		t.Fatalf("open = %q, %v", pt, err)
	}

	// A code works once, and not after it expires; a sales device cannot invite.
	_, e = join(t, code)
	wantCode(t, e, syncproto.CodePairingUsed)
	late := a.invite(s, syncproto.RoleCreditManager)
	clk.Add(16 * time.Minute)
	a.must(a.auth())
	_, e = join(t, late)
	wantCode(t, e, syncproto.CodePairingExpired)
	pc, _ := syncproto.ParsePairingCode(late)
	pc.Secret[0] ^= 1
	_, e = join(t, pc.String())
	wantCode(t, e, syncproto.CodePairingUnknown)
	b.must(b.auth())
	wantCode(t, b.call("POST", "/v1/pairings", syncproto.PairingRequest{Role: syncproto.RoleAdmin}, nil), syncproto.CodeForbidden)
}

func TestWrongDevicesAndReplaysAreRefused(t *testing.T) {
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir())})
	a := admin(t, s)

	// A replayed answer to a challenge is refused: the nonce was consumed.
	req, e := a.tokenRequest(time.Now())
	a.must(e)
	a.must(a.call("POST", "/v1/auth/token", req, nil))
	wantCode(t, a.call("POST", "/v1/auth/token", req, nil), syncproto.CodeReplay)

	// A skewed clock is not refused; the server says its time.
	req, _ = a.tokenRequest(time.Now().Add(-3 * time.Hour))
	var tok syncproto.Token
	a.must(a.call("POST", "/v1/auth/token", req, &tok))
	if d := time.Since(tok.ServerTime); d > time.Hour || d < -time.Hour {
		t.Fatalf("server time %v", tok.ServerTime)
	}

	// Another key signing for this device is refused, and does not burn the nonce.
	req, _ = a.tokenRequest(time.Now())
	other, _ := syncproto.NewDeviceSecrets()
	forged := req
	forged.Signature = ed25519.Sign(other.Sign, syncproto.AuthMessage(req.Nonce, req.Device, req.Workspace, req.Time))
	wantCode(t, a.call("POST", "/v1/auth/token", forged, nil), syncproto.CodeUnauthorized)
	a.must(a.call("POST", "/v1/auth/token", req, nil))

	// Unknown devices, unknown workspaces, missing or made-up tokens.
	stranger := newDevice(t, s, a.ws)
	wantCode(t, stranger.auth(), syncproto.CodeUnknownDevice)
	lost := newDevice(t, s, "5d7c6f1e-0000-4000-8000-000000000000")
	wantCode(t, lost.auth(), syncproto.CodeWorkspaceUnknown)
	wantCode(t, stranger.call("GET", "/v1/pull", nil, nil), syncproto.CodeUnauthorized)
	stranger.token = "made-up"
	wantCode(t, stranger.call("GET", "/v1/pull", nil, nil), syncproto.CodeUnauthorized)
	wantCode(t, a.createWorkspace(), syncproto.CodeWorkspaceExists)

	// A device pushes only as itself.
	b, e := join(t, a.invite(s, syncproto.RoleSales))
	a.must(e)
	b.must(b.auth())
	key := make([]byte, syncproto.KeySize)
	env := a.sealChange(key, "dossier", "d1", "notes", "x")
	_, e = b.push(env)
	wantCode(t, e, syncproto.CodeForbidden)

	// Removal takes effect at once: the token in hand, a new challenge, a push.
	var rm syncproto.Removed
	wantCode(t, b.call("DELETE", "/v1/devices/"+a.keys.ID, nil, nil), syncproto.CodeForbidden)
	a.must(a.call("DELETE", "/v1/devices/"+b.keys.ID, nil, &rm))
	if rm.Epoch != 2 {
		t.Fatalf("epoch after removal = %d", rm.Epoch)
	}
	_, e = b.push(b.sealChange(key, "dossier", "d1", "notes", "after removal"))
	wantCode(t, e, syncproto.CodeDeviceRevoked)
	wantCode(t, a.call("PUT", "/v1/keys", syncproto.Keys{Keys: []syncproto.WrappedKey{{Device: b.keys.ID, Epoch: 2, Wrapped: []byte("w")}}}, nil), syncproto.CodeDeviceRevoked)
	wantCode(t, a.call("DELETE", "/v1/devices/"+a.keys.ID, nil, nil), syncproto.CodeForbidden)
	wantCode(t, b.call("GET", "/v1/pull", nil, nil), syncproto.CodeDeviceRevoked)
	wantCode(t, b.auth(), syncproto.CodeDeviceRevoked)

	// Epochs: a change sealed under an epoch the server does not have.
	future := a.sealChange(key, "dossier", "d1", "notes", "y")
	future.Epoch = 3
	_, e = a.push(future)
	wantCode(t, e, syncproto.CodeBadEpoch)
	future.Epoch = 2
	if _, e := a.push(future); e != nil {
		t.Fatal(e)
	}

	// Another protocol version is named as such.
	wantCode(t, a.call("GET", "/v2/info", nil, nil), syncproto.CodeUnsupportedVersion)
	var h syncproto.Health
	a.must(a.call("GET", "/healthz", nil, &h))
	if h.Status != "ok" || h.Protocol != 1 {
		t.Fatalf("health = %+v", h)
	}
	var info syncproto.Info
	a.must(a.call("GET", "/v1/info", nil, &info))
	if info.Protocol != syncproto.Version || info.MaxBatch != syncproto.MaxBatch || info.MaxBody <= 0 {
		t.Fatalf("info = %+v", info)
	}
}

func TestPushIsIdempotentAndPullPages(t *testing.T) {
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir())})
	a := admin(t, s)
	key := make([]byte, syncproto.KeySize)
	var batch []syncproto.Envelope
	for i := 0; i < 25; i++ {
		batch = append(batch, a.sealChange(key, "dossier", fmt.Sprint("d", i), "notes", "v"))
	}
	r1, e := a.push(batch[:10]...)
	a.must(e)
	if r1.Accepted != 10 || r1.FirstSeq != 1 || r1.LastSeq != 10 {
		t.Fatalf("first push = %+v", r1)
	}
	r2, e := a.push(batch...)
	a.must(e)
	if r2.Accepted != 15 || r2.Duplicates != 10 || r2.FirstSeq != 11 || r2.LastSeq != 25 || fmt.Sprint(r2.Seqs[:10]) != fmt.Sprint(r1.Seqs) {
		t.Fatalf("second push = %+v", r2)
	}
	all := a.pullAll(0, 7)
	if len(all) != 25 {
		t.Fatalf("pulled %d", len(all))
	}
	for i, st := range all {
		if st.Seq != uint64(i+1) || st.ChangeID != batch[i].ChangeID {
			t.Fatalf("pull[%d] = seq %d %s", i, st.Seq, st.ChangeID)
		}
	}
	if rest := a.pullAll(25, 7); len(rest) != 0 {
		t.Fatalf("after the end: %d", len(rest))
	}
}

func TestBlobsAreContentAddressed(t *testing.T) {
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir())})
	a := admin(t, s)
	sealed := bytes.Repeat([]byte{1, 2, 3}, 100000)
	sum := sha256.Sum256(sealed)
	h := hex.EncodeToString(sum[:])
	var put syncproto.BlobPut
	a.must(a.call("PUT", "/v1/blobs/"+h, sealed, &put))
	if put.Existed {
		t.Fatal("new blob reported as existing")
	}
	a.must(a.call("PUT", "/v1/blobs/"+h, sealed, &put))
	if !put.Existed {
		t.Fatal("second upload stored again")
	}
	var got []byte
	a.must(a.call("GET", "/v1/blobs/"+h, nil, &got))
	if !bytes.Equal(got, sealed) {
		t.Fatalf("got %d bytes", len(got))
	}
	var head []byte
	a.must(a.call("HEAD", "/v1/blobs/"+h, nil, &head))
	if len(head) != 0 {
		t.Fatalf("HEAD sent %d bytes", len(head))
	}
	wantCode(t, a.call("PUT", "/v1/blobs/"+h, append(sealed, 0), nil), syncproto.CodeHashMismatch)
	wantCode(t, a.call("GET", "/v1/blobs/"+hex.EncodeToString(make([]byte, 32)), nil, nil), syncproto.CodeNotFound)
	wantCode(t, a.call("GET", "/v1/blobs/nothex", nil, nil), syncproto.CodeBadRequest)
}

func TestLimitsAnswerWithCodes(t *testing.T) {
	clk := &clock{t: time.Now()} // frozen: no token comes back during the test
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir()), Now: clk.Now,
		MaxBody: 16 << 10, MaxBlob: 32 << 10, Rate: 1, Burst: 12})
	a := admin(t, s)
	code := a.invite(s, syncproto.RoleSales)
	key := make([]byte, syncproto.KeySize)
	big := a.sealChange(key, "dossier", "d1", "notes", string(make([]byte, 20<<10)))
	_, e := a.push(big)
	wantCode(t, e, syncproto.CodeTooLarge)
	blob := make([]byte, 40<<10)
	sum := sha256.Sum256(blob)
	wantCode(t, a.call("PUT", "/v1/blobs/"+hex.EncodeToString(sum[:]), blob, nil), syncproto.CodeTooLarge)
	var limited *syncproto.Error
	for i := 0; i < 20 && limited == nil; i++ {
		limited = a.call("GET", "/v1/pull", nil, nil)
	}
	wantCode(t, limited, syncproto.CodeRateLimited)
	if limited.RetryAfter < 1 {
		t.Fatalf("retry after %d", limited.RetryAfter)
	}
	// Another device keeps its own budget.
	b, e := join(t, code)
	b.must(e)
	b.must(b.auth())
	b.must(b.call("GET", "/v1/pull", nil, nil))
	wantCode(t, a.call("GET", "/v1/pull", nil, nil), syncproto.CodeRateLimited)
}

func TestTamperedEnvelopeFailsOpen(t *testing.T) {
	s := startServer(t, t.TempDir(), Options{Storage: openBadgerT(t, t.TempDir())})
	a := admin(t, s)
	key := make([]byte, syncproto.KeySize)
	rand.Read(key)
	env := a.sealChange(key, "dossier", "d7", "credit_limit", "50000 USD")
	_, e := a.push(env)
	a.must(e)
	got := a.pullAll(0, 10)[0]
	aad := syncproto.ChangeAAD(a.ws, "dossier", "d7", "credit_limit", got.ChangeID)
	if _, err := syncproto.Open(key, aad, got.Sealed); err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(got.Sealed)
	bad[len(bad)/2] ^= 0x40
	if _, err := syncproto.Open(key, aad, bad); !errors.Is(err, syncproto.ErrOpen) {
		t.Fatalf("tampered: %v", err)
	}
	// A server moving a sealed value to another field or change fails too.
	if _, err := syncproto.Open(key, syncproto.ChangeAAD(a.ws, "dossier", "d7", "payment_terms", got.ChangeID), got.Sealed); err == nil {
		t.Fatal("opened under another field")
	}
}
