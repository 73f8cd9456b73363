// Package app holds the services bound to the Wails frontend. They are
// thin: convert, call the backend, emit events. Everything that decides
// anything lives in backend/.
package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/workspace"
)

// service is what every bound service has: lifecycle hooks kept unexported
// so that Wails does not bind them as frontend API.
type service interface {
	startup(ctx context.Context)
	shutdown(ctx context.Context)
}

// Startup hands the Wails context to the services.
func Startup(ctx context.Context, services ...service) {
	for _, s := range services {
		s.startup(ctx)
	}
}

// Shutdown stops the services in reverse order.
func Shutdown(ctx context.Context, services ...service) {
	for i := len(services) - 1; i >= 0; i-- {
		services[i].shutdown(ctx)
	}
}

// Session is the workspace this window works on: its folder, and the open
// workspace (its store and its one set of services, see
// backend/workspace) while unlocked. Services share one Session and take
// their backend services from its workspace: none makes its own.
type Session struct {
	mu      sync.RWMutex
	dir     string
	opts    store.Options
	ws      *workspace.Workspace
	closing []func() // run before the workspace closes (beforeClose)
}

// beforeClose has fn run before the open workspace closes (lock, re-key,
// restore, quit): work a service runs on it in the background stops there,
// and fn returns once it has let go, so nothing writes to a closed store.
func (s *Session) beforeClose(fn func()) {
	s.mu.Lock()
	s.closing = append(s.closing, fn)
	s.mu.Unlock()
}

func (s *Session) runClosing() {
	s.mu.RLock()
	fns := append([]func(){}, s.closing...)
	s.mu.RUnlock()
	for _, fn := range fns {
		fn()
	}
}

// NewSession returns a locked session on the workspace folder dir.
func NewSession(dir string, opts store.Options) *Session {
	return &Session{dir: dir, opts: opts}
}

// Workspace returns the open workspace, or errs.Locked while it is locked.
func (s *Session) Workspace() (*workspace.Workspace, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ws == nil {
		return nil, errs.New(errs.Locked, "the workspace is locked").WithKey("err.locked")
	}
	return s.ws, nil
}

// Store returns the open workspace's store, or errs.Locked while it is
// locked: for what the workspace has no use case for yet.
func (s *Session) Store() (*store.Store, error) {
	ws, err := s.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Store(), nil
}

// options are how this window opens its workspace.
func (s *Session) options() workspace.Options { return workspace.Options{Store: s.opts} }

func (s *Session) set(ws *workspace.Workspace) {
	s.mu.RLock()
	old := s.ws
	s.mu.RUnlock()
	if old != nil && old != ws {
		s.runClosing()
	}
	s.mu.Lock()
	old = s.ws
	s.ws = ws
	s.mu.Unlock()
	if old != nil && old != ws {
		old.Close()
	}
	if ws != nil {
		// The list is the first screen after unlocking: its index is
		// built now rather than at the first query.
		ws.Store().WarmIndex()
	}
}

// Close locks the workspace, closing the database.
func (s *Session) Close() error {
	s.runClosing()
	s.mu.Lock()
	ws := s.ws
	s.ws = nil
	s.mu.Unlock()
	if ws != nil {
		return ws.Close()
	}
	return nil
}

// prefs are interface preferences needed before unlock (the unlock screen
// speaks the user's language). They hold no customer data, so they live
// in plaintext beside the workspace.
type prefs struct {
	Language   string    `json:"language"`
	LastBackup time.Time `json:"last_backup,omitempty"` // when a backup last succeeded from this window
}

const prefsFile = "ui-prefs.json"

func (s *Session) prefs() prefs {
	var p prefs
	if b, err := os.ReadFile(filepath.Join(s.dir, prefsFile)); err == nil {
		json.Unmarshal(b, &p)
	}
	return p
}

func (s *Session) savePrefs(p prefs) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return errs.Wrap(errs.Internal, err, "save preferences")
	}
	b, _ := json.Marshal(p)
	if err := os.WriteFile(filepath.Join(s.dir, prefsFile), b, 0o600); err != nil {
		return errs.Wrap(errs.Internal, err, "save preferences")
	}
	return nil
}
