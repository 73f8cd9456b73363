package syncclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/store/storetest"
	"credence/backend/syncserver"
)

// server is a real credence-server on loopback TLS over Badger, which can
// be stopped and started again on the same address with the same data.
type server struct {
	t       testing.TB
	dir     string
	addr    string
	url     string
	storage *syncserver.BadgerStorage
	cancel  context.CancelFunc
	done    chan error
	opt     syncserver.Options
}

func startServer(t testing.TB) *server {
	t.Helper()
	s := &server{t: t, dir: t.TempDir(), addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) start() {
	s.t.Helper()
	cert, err := syncserver.LoadOrCreateCert(s.dir, []string{"127.0.0.1"})
	if err != nil {
		s.t.Fatal(err)
	}
	st, err := syncserver.OpenBadger(filepath.Join(s.dir, "data"))
	if err != nil {
		s.t.Fatal(err)
	}
	var ln net.Listener
	for i := 0; ; i++ { // the old socket may linger a moment after a restart
		ln, err = net.Listen("tcp", s.addr)
		if err == nil {
			break
		}
		if i == 50 {
			s.t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.addr, s.url = ln.Addr().String(), "https://"+ln.Addr().String()
	opt := s.opt
	opt.Storage = st
	opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	if opt.Rate == 0 {
		opt.Rate, opt.Burst = 10000, 10000
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.storage, s.cancel, s.done = st, cancel, make(chan error, 1)
	go func() { s.done <- syncserver.New(opt).Serve(ctx, ln, cert) }()
}

func (s *server) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	if err := <-s.done; err != nil {
		s.t.Errorf("server: %v", err)
	}
	if err := s.storage.Close(); err != nil {
		s.t.Errorf("server storage: %v", err)
	}
	s.cancel = nil
}

func (s *server) restart() {
	s.stop()
	s.start()
}

// newStore is a device's workspace in its own folder.
func newStore(t testing.TB, user string) *store.Store {
	t.Helper()
	return storetest.NewAs(t, user)
}

// faults is a transport a test drives: it can lose the answer of the next
// requests (the server did the work, the device never hears), refuse every
// request, or rewrite what answers bring.
type faults struct {
	mu       sync.Mutex
	rt       http.RoundTripper
	dropNext int                                   // answers to lose
	dropPath string                                // only of requests to this path ("" any)
	offline  bool                                  // every request fails
	mutate   func(path string, body []byte) []byte // rewrites answers
}

func (f *faults) wrap(rt http.RoundTripper) http.RoundTripper {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rt = rt
	return f
}

var errCut = errors.New("connection cut by the test")

func (f *faults) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	offline, mutate := f.offline, f.mutate
	drop := f.dropNext > 0 && (f.dropPath == "" || f.dropPath == r.URL.Path)
	if drop {
		f.dropNext--
	}
	f.mu.Unlock()
	if offline {
		return nil, errCut
	}
	resp, err := f.rt.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if drop {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errCut
	}
	if mutate != nil {
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		b = mutate(r.URL.Path, b)
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}

// device is one computer: its store, sync client and transport.
type device struct {
	t    testing.TB
	name string
	st   *store.Store
	cl   *Client
	f    *faults
}

func (d *device) opts() Options {
	return Options{Transport: d.f.wrap}
}

// setupFirst makes the first device, registered with srv.
func setupFirst(t testing.TB, srv *server, name string) *device {
	t.Helper()
	d := &device{t: t, name: name, st: newStore(t, name), f: &faults{}}
	cl, fp, err := Setup(context.Background(), d.st, srv.url, name+"'s laptop", d.opts())
	if err != nil {
		t.Fatal(err)
	}
	if len(fp) != 32 {
		t.Fatalf("fingerprint %x", fp)
	}
	d.cl = cl
	t.Cleanup(cl.Close)
	return d
}

// join pairs a new device through admin with role, and lets admin share the
// key with it.
func join(t testing.TB, admin *device, name, role string) *device {
	t.Helper()
	ctx := context.Background()
	code, err := admin.cl.Invite(ctx, role)
	if err != nil {
		t.Fatal(err)
	}
	d := &device{t: t, name: name, st: newStore(t, name), f: &faults{}}
	cl, err := Join(ctx, d.st, code, name+"'s laptop", d.opts())
	if err != nil {
		t.Fatal(err)
	}
	d.cl = cl
	t.Cleanup(cl.Close)
	if _, err := cl.Sync(ctx); errKey(err) != "err.syncWaitingKey" {
		t.Fatalf("sync before an admin shared the key: %v", err)
	}
	admin.sync()
	return d
}

func (d *device) sync() Result {
	d.t.Helper()
	r, err := d.cl.Sync(context.Background())
	if err != nil {
		d.t.Fatalf("%s: sync: %v", d.name, err)
	}
	return r
}

func errKey(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Key
	}
	return ""
}
