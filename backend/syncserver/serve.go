package syncserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve answers on ln with TLS 1.3 until ctx is done, then shuts down
// gracefully: it stops accepting, lets requests in flight finish (a push
// either commits or not; the device resends), and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener, cert tls.Certificate) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13},
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // a large blob on a slow line
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          nil,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.ServeTLS(ln, "", "") }()
	// The sweeper is waited for before Serve returns: the caller closes
	// the storage after, and a sweep must not be reading it then.
	sctx, stopSweep := context.WithCancel(ctx)
	swept := make(chan struct{})
	go func() { defer close(swept); s.sweepEvery(sctx, 10*time.Minute) }()
	defer func() { stopSweep(); <-swept }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := hs.Shutdown(shctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// pairingGrace is how long an expired or used pairing code is kept, so that
// a person typing it late hears "expired" or "used" rather than "unknown".
const pairingGrace = 24 * time.Hour

// Sweep removes pairing codes expired more than a day ago and expired
// challenges, so the storage does not grow with every invitation.
func (s *Server) Sweep(ctx context.Context) (int, error) {
	n, err := s.opt.Storage.Sweep(ctx, s.now().Add(-pairingGrace))
	if err != nil {
		return n, fmt.Errorf("sweep: %w", err)
	}
	return n, nil
}

// sweepEvery runs Sweep at start and then every period until ctx is done.
func (s *Server) sweepEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		if n, err := s.Sweep(ctx); err != nil {
			s.opt.Log.Warn("sweep", "err", err)
		} else if n > 0 {
			s.opt.Log.Info("sweep", "removed", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
