package syncserver

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"credence/backend/syncproto"
)

// testServer is a real server on loopback with real TLS, as devices meet it.
type testServer struct {
	url  string
	fp   []byte
	logs *lockedBuffer
	stop func()
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// startServer serves opt (its Storage required) on 127.0.0.1 with a
// certificate created in certDir, and stops it in cleanup.
func startServer(t testing.TB, certDir string, opt Options) *testServer {
	t.Helper()
	cert, err := LoadOrCreateCert(certDir, []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(opt).Serve(ctx, ln, cert) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("server: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return &testServer{url: "https://" + ln.Addr().String(), fp: CertFingerprint(cert), logs: logs, stop: stop}
}

// device is a test client: what the app's sync client will do, by hand.
type device struct {
	t     testing.TB
	srv   string
	hc    *http.Client
	ws    string
	sec   syncproto.DeviceSecrets
	keys  syncproto.DeviceKeys
	token string
	seq   uint64
}

func newDevice(t testing.TB, s *testServer, ws string) *device {
	t.Helper()
	sec, err := syncproto.NewDeviceSecrets()
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: syncproto.PinnedTLS(s.fp), MaxIdleConnsPerHost: 4}
	t.Cleanup(tr.CloseIdleConnections)
	return &device{t: t, srv: s.url, hc: &http.Client{Transport: tr, Timeout: time.Minute}, ws: ws, sec: sec,
		keys: sec.Public(uuid.NewString(), "test laptop")}
}

// call sends a JSON request; it returns the protocol error the server
// answered, or fails the test on a transport error.
func (d *device) call(method, path string, body, out any) *syncproto.Error {
	d.t.Helper()
	var rd io.Reader
	if b, ok := body.([]byte); ok {
		rd = bytes.NewReader(b)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, d.srv+path, rd)
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.hc.Do(req)
	if err != nil {
		d.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var e syncproto.Error
		if err := json.Unmarshal(raw, &e); err != nil || e.Code == "" {
			d.t.Fatalf("%s %s: status %d without an error code: %s", method, path, resp.StatusCode, raw)
		}
		return &e
	}
	if out != nil {
		if p, ok := out.(*[]byte); ok {
			*p = raw
		} else if err := json.Unmarshal(raw, out); err != nil {
			d.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return nil
}

func (d *device) must(e *syncproto.Error) {
	d.t.Helper()
	if e != nil {
		d.t.Fatal(e)
	}
}

func wantCode(t testing.TB, e *syncproto.Error, code string) {
	t.Helper()
	if e == nil || e.Code != code {
		t.Fatalf("error = %v, want code %s", e, code)
	}
}

func (d *device) createWorkspace() *syncproto.Error {
	return d.call("POST", "/v1/workspaces", syncproto.CreateWorkspace{Workspace: d.ws, Device: d.keys,
		Signature: ed25519.Sign(d.sec.Sign, syncproto.CreateMessage(d.ws, d.keys))}, nil)
}

// tokenRequest signs a fresh challenge (at the device's clock t).
func (d *device) tokenRequest(t time.Time) (syncproto.TokenRequest, *syncproto.Error) {
	var ch syncproto.Challenge
	if e := d.call("POST", "/v1/auth/challenge", syncproto.ChallengeRequest{Workspace: d.ws, Device: d.keys.ID}, &ch); e != nil {
		return syncproto.TokenRequest{}, e
	}
	return syncproto.TokenRequest{Workspace: d.ws, Device: d.keys.ID, Nonce: ch.Nonce, Time: t,
		Signature: ed25519.Sign(d.sec.Sign, syncproto.AuthMessage(ch.Nonce, d.keys.ID, d.ws, t))}, nil
}

func (d *device) auth() *syncproto.Error {
	req, e := d.tokenRequest(time.Now())
	if e != nil {
		return e
	}
	var tok syncproto.Token
	if e := d.call("POST", "/v1/auth/token", req, &tok); e != nil {
		return e
	}
	d.token = tok.Token
	return nil
}

// invite has an admin create a pairing code and returns its text.
func (d *device) invite(s *testServer, role string) string {
	d.t.Helper()
	var pc syncproto.PairingCreated
	d.must(d.call("POST", "/v1/pairings", syncproto.PairingRequest{Role: role}, &pc))
	return syncproto.PairingCode{Server: s.url, Fingerprint: s.fp, Workspace: d.ws, Secret: pc.Secret, Auth: make([]byte, 16), Root: make([]byte, 32)}.String()
}

// join reads a code the way a new device does: the server address and the
// pin come from the code itself.
func join(t testing.TB, code string) (*device, *syncproto.Error) {
	t.Helper()
	pc, err := syncproto.ParsePairingCode(code)
	if err != nil {
		t.Fatal(err)
	}
	d := newDevice(t, &testServer{url: pc.Server, fp: pc.Fingerprint}, pc.Workspace)
	return d, d.call("POST", "/v1/pair", syncproto.Pair{Workspace: d.ws, Secret: pc.Secret, Device: d.keys,
		Signature: ed25519.Sign(d.sec.Sign, syncproto.PairMessage(d.ws, pc.Secret, d.keys))}, nil)
}

// sealChange seals one field value the way the app will.
func (d *device) sealChange(key []byte, kind, entity, field, value string) syncproto.Envelope {
	d.t.Helper()
	id := uuid.NewString()
	sealed, err := syncproto.Seal(key, syncproto.ChangeAAD(d.ws, kind, entity, field, id), []byte(value))
	if err != nil {
		d.t.Fatal(err)
	}
	d.seq++
	return syncproto.Envelope{ChangeID: id, Device: d.keys.ID, DeviceSeq: d.seq, Epoch: 1, Sealed: sealed}
}

func (d *device) push(envs ...syncproto.Envelope) (syncproto.PushResult, *syncproto.Error) {
	var res syncproto.PushResult
	e := d.call("POST", "/v1/push", syncproto.Push{Envelopes: envs}, &res)
	return res, e
}

// pullAll pulls every page after since.
func (d *device) pullAll(since uint64, limit int) []syncproto.Stored {
	d.t.Helper()
	var all []syncproto.Stored
	for {
		var res syncproto.PullResult
		d.must(d.call("GET", fmt.Sprintf("/v1/pull?since=%d&limit=%d", since, limit), nil, &res))
		all = append(all, res.Envelopes...)
		since = res.Next
		if !res.More {
			return all
		}
	}
}

// admin creates a workspace on s and authenticates its first device.
func admin(t testing.TB, s *testServer) *device {
	t.Helper()
	a := newDevice(t, s, uuid.NewString())
	a.must(a.createWorkspace())
	a.must(a.auth())
	return a
}

func openBadgerT(t testing.TB, dir string) *BadgerStorage {
	t.Helper()
	st, err := OpenBadger(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}
