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
// store while unlocked. Services share one Session.
type Session struct {
	mu    sync.RWMutex
	dir   string
	opts  store.Options
	store *store.Store
}

// NewSession returns a locked session on the workspace folder dir.
func NewSession(dir string, opts store.Options) *Session {
	return &Session{dir: dir, opts: opts}
}

// Store returns the open store, or errs.Locked while the workspace is locked.
func (s *Session) Store() (*store.Store, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.store == nil {
		return nil, errs.New(errs.Locked, "the workspace is locked").WithKey("err.locked")
	}
	return s.store, nil
}

func (s *Session) set(st *store.Store) {
	s.mu.Lock()
	old := s.store
	s.store = st
	s.mu.Unlock()
	if old != nil && old != st {
		old.Close()
	}
}

// Close locks the workspace, closing the database.
func (s *Session) Close() error {
	s.mu.Lock()
	st := s.store
	s.store = nil
	s.mu.Unlock()
	if st != nil {
		return st.Close()
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
