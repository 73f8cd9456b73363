package syncclient

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/syncproto"
)

// mutatePull rewrites the envelopes of pulled pages with fn.
func mutatePull(fn func([]syncproto.Stored)) func(string, []byte) []byte {
	return func(path string, b []byte) []byte {
		if path != "/v1/pull" {
			return b
		}
		var pr syncproto.PullResult
		if json.Unmarshal(b, &pr) != nil {
			return b
		}
		fn(pr.Envelopes)
		out, _ := json.Marshal(pr)
		return out
	}
}

// A change altered on the way, or moved into another envelope, is refused
// and nothing of its page is applied or skipped: once the server sends
// the real bytes, the pull resumes where it stopped.
func TestTamperedChangesRefused(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	d := addDossier(t, a.st, "Shenzhen Trading Ltd")
	a.sync()
	cursor, bID := b.cl.State().Cursor, b.cl.State().Device
	for name, fn := range map[string]func([]syncproto.Stored){
		"flipped byte":  func(es []syncproto.Stored) { es[len(es)/2].Sealed[30] ^= 1 },
		"swapped seals": func(es []syncproto.Stored) { es[0].Sealed, es[1].Sealed = es[1].Sealed, es[0].Sealed },
		"other seq":     func(es []syncproto.Stored) { es[1].DeviceSeq++ },
		"other device":  func(es []syncproto.Stored) { es[1].Device = bID },
		"other epoch":   func(es []syncproto.Stored) { es[1].Epoch = 7 },
	} {
		b.f.mutate = mutatePull(fn)
		_, err := b.cl.Sync(context.Background())
		if k := errKey(err); k != "err.syncTampered" && k != "err.syncWaitingKey" {
			t.Fatalf("%s: err = %v (%s)", name, err, k)
		}
		if _, err := b.st.Dossier(d.ID); err == nil || b.cl.State().Cursor != cursor {
			t.Fatalf("%s: applied something (cursor %d → %d)", name, cursor, b.cl.State().Cursor)
		}
	}
	b.f.mutate = nil
	b.sync()
	if _, err := b.st.Dossier(d.ID); err != nil {
		t.Fatal(err)
	}
	a.sync()
	sameState(t, a, b)
}

// A removed device is refused by the server at once, gets no key of the
// new epoch, and cannot read what is written after; the others move to
// the new epoch and go on syncing. Changes it had pushed before stay.
func TestRemovedDeviceShutOut(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	c := join(t, a, "Cai", "sales")
	before := addDossier(t, c.st, "Before removal Co")
	c.sync()
	ctx := context.Background()
	if err := b.cl.RemoveDevice(ctx, c.cl.State().Device); errKey(err) != "err.syncForbidden" {
		t.Fatalf("a sales device removed another: %v", err)
	}
	if err := a.cl.RemoveDevice(ctx, c.cl.State().Device); err != nil {
		t.Fatal(err)
	}
	addDossier(t, c.st, "After removal Co")
	if _, err := c.cl.Sync(ctx); errKey(err) != "err.syncDeviceRemoved" {
		t.Fatalf("removed device synced: %v", err)
	}
	secret := addDossier(t, a.st, "Written after the removal")
	if r := a.sync(); r.Epoch != 2 {
		t.Fatalf("epoch after removal: %+v", r)
	}
	if r := b.sync(); r.Epoch != 2 {
		t.Fatalf("b epoch: %+v", r)
	}
	if _, err := b.st.Dossier(secret.ID); err != nil {
		t.Fatalf("b cannot read the new epoch: %v", err)
	}
	if _, err := b.st.Dossier(before.ID); err != nil {
		t.Fatalf("c's change from before its removal is gone: %v", err)
	}
	// The server's envelopes of epoch 2 do not open with anything c holds.
	cs := c.cl.State()
	if len(c.cl.state.Keys) != 1 || cs.Epoch != 1 {
		t.Fatalf("removed device holds keys of epochs %v", c.cl.state.Keys)
	}
	a.sync()
	sameState(t, a, b)

	// A change from the removed device that reaches a device as received
	// after its removal (a server that let it through) is dropped there.
	d := join(t, a, "Dee", "sales")
	revokedID := cs.Device
	d.f.mutate = mutatePull(func(es []syncproto.Stored) {
		for i := range es {
			if es[i].Device == revokedID {
				es[i].Received = time.Now().Add(time.Hour)
			}
		}
	})
	r := d.sync()
	if r.Rejected == 0 {
		t.Fatalf("change of a removed device accepted: %+v", r)
	}
	if _, err := d.st.Dossier(before.ID); err == nil {
		t.Fatal("d applied a change of the removed device received after its removal")
	}
}

// A request captured on the wire does not work twice: a signed token
// request is single-use, and a push replayed is recognised as the same
// changes (nothing applied twice).
func TestReplayedRequestsRefused(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	var captured []capture
	a.f.mutate = func(path string, b []byte) []byte { return b }
	rec := &recorder{}
	a.cl.c.hc.Transport = rec.wrap(a.cl.c.hc.Transport)
	addDossier(t, a.st, "Replay GmbH")
	a.sync()
	captured = rec.all()
	var tokenReq, pushReq *capture
	for i := range captured {
		switch captured[i].path {
		case "/v1/auth/token":
			tokenReq = &captured[i]
		case "/v1/push":
			pushReq = &captured[i]
		}
	}
	if tokenReq == nil || pushReq == nil {
		t.Fatalf("captured %d requests, no token or push", len(captured))
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: syncproto.PinnedTLS(a.cl.state.Fingerprint)}}
	resp, err := hc.Post(srv.url+"/v1/auth/token", "application/json", bytes.NewReader(tokenReq.body))
	if err != nil {
		t.Fatal(err)
	}
	var pe syncproto.Error
	json.NewDecoder(resp.Body).Decode(&pe)
	resp.Body.Close()
	if resp.StatusCode < 400 || (pe.Code != syncproto.CodeReplay && pe.Code != syncproto.CodeUnauthorized) {
		t.Fatalf("replayed token request: %d %+v", resp.StatusCode, pe)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/v1/push", bytes.NewReader(pushReq.body))
	req.Header.Set("Authorization", pushReq.auth)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var pr syncproto.PushResult
	json.NewDecoder(resp.Body).Decode(&pr)
	resp.Body.Close()
	if pr.Accepted != 0 || pr.Duplicates == 0 {
		t.Fatalf("replayed push: %d %+v", resp.StatusCode, pr)
	}
	// A device with a key the server does not know cannot sign in.
	mallory := *a.cl.state
	_, mallory.SignSeed, _ = ed25519.GenerateKey(nil)
	mallory.SignSeed = mallory.SignSeed[:32]
	m, err := over(a.st, &mallory, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Sync(context.Background()); errKey(err) != "err.syncUnauthorized" {
		t.Fatalf("wrong device key: %v", err)
	}
}

type capture struct {
	path, auth string
	body       []byte
}

type recorder struct {
	rt   http.RoundTripper
	mu   chan struct{}
	reqs []capture
}

func (r *recorder) wrap(rt http.RoundTripper) http.RoundTripper {
	r.rt, r.mu = rt, make(chan struct{}, 1)
	return r
}

func (r *recorder) all() []capture {
	r.mu <- struct{}{}
	defer func() { <-r.mu }()
	return append([]capture(nil), r.reqs...)
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.GetBody != nil {
		rc, _ := req.GetBody()
		body, _ = io.ReadAll(rc)
	}
	r.mu <- struct{}{}
	r.reqs = append(r.reqs, capture{path: req.URL.Path, auth: req.Header.Get("Authorization"), body: body})
	<-r.mu
	return r.rt.RoundTrip(req)
}

// What devices push is opaque to the server: a customer's name written on
// a device appears nowhere in the server's folder. The control pushes the
// name unsealed and the same scan finds it, so the scan can fail.
func TestServerHoldsNoMarker(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	marker := fmt.Sprintf("ZQX-MARKER-%d-Yangtze", time.Now().UnixNano())
	d := addDossier(t, a.st, marker)
	a.sync()
	b.sync()
	if got, err := b.st.Dossier(d.ID); err != nil || got.LegalName.Value != marker {
		t.Fatalf("b: %v %v", got, err)
	}
	srv.stop() // the storage closed: everything is in its files
	if found := scanFor(t, srv.dir, marker); len(found) > 0 {
		t.Fatalf("the server's %v hold the customer's name", found)
	}
	srv.start()
	st := a.cl.State()
	env := syncproto.Envelope{ChangeID: envelopeID(changelog.NewID()), Device: st.Device, DeviceSeq: st.Pushed + 1, Epoch: 1,
		Sealed: []byte("unsealed " + marker)}
	if err := a.cl.c.call(context.Background(), http.MethodPost, "/v1/push", true, syncproto.Push{Envelopes: []syncproto.Envelope{env}}, nil); err != nil {
		t.Fatal(err)
	}
	srv.stop()
	if len(scanFor(t, srv.dir, marker)) == 0 {
		t.Fatal("control: an unsealed marker was not found, so the scan proves nothing")
	}
	srv.start()
}

func scanFor(t *testing.T, dir, marker string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(marker)) {
			found = append(found, p)
		}
		return nil
	})
	return found
}
