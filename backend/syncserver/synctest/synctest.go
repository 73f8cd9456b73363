// Package synctest runs a real sync server on loopback TLS for the tests
// of the packages that sync (the app, the CLI, the workspace).
package synctest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"testing"

	"credence/backend/syncserver"
)

// Start serves a credence-server over Badger in a temporary folder, with
// no rate limit to get in a test's way. It returns its address and a stop
// that ends it (safe to call twice; the test's cleanup calls it too).
func Start(tb testing.TB) (url string, stop func()) {
	tb.Helper()
	dir := tb.TempDir()
	cert, err := syncserver.LoadOrCreateCert(dir, []string{"127.0.0.1"})
	if err != nil {
		tb.Fatal(err)
	}
	st, err := syncserver.OpenBadger(filepath.Join(dir, "data"))
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opt := syncserver.Options{Storage: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Rate: 10000, Burst: 10000}
	go func() { done <- syncserver.New(opt).Serve(ctx, ln, cert) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				tb.Errorf("server: %v", err)
			}
			st.Close()
		})
	}
	tb.Cleanup(stop)
	return "https://" + ln.Addr().String(), stop
}
