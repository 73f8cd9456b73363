package app

import (
	"context"
	"os"
	"sync"

	"credence/backend/appdir"
	"credence/backend/version"
)

// AboutService answers the About box (version, workspace folder) and opens
// the throw-away sample workspace of the first-start screen (sample.go).
type AboutService struct {
	sess *Session
	ws   *WorkspaceService

	mu     sync.Mutex
	real   string // the workspace folder while a sample is open
	sample string // the sample's temporary folder, "" when none is open
}

// NewAboutService returns the service over the window's session; ws gives
// the status the first screen needs after switching workspace.
func NewAboutService(sess *Session, ws *WorkspaceService) *AboutService {
	return &AboutService{sess: sess, ws: ws}
}

func (a *AboutService) startup(ctx context.Context) {}

// shutdown throws the sample away, if one is open.
func (a *AboutService) shutdown(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sample != "" {
		a.sess.Close()
		os.RemoveAll(a.sample)
		a.sample = ""
	}
}

// About is what the About box shows.
type About struct {
	version.Info
	// Workspace is the folder in use; DefaultWorkspace is this system's
	// place for it (they differ when CREDENCE_DIR names another).
	Workspace        string `json:"workspace"`
	DefaultWorkspace string `json:"default_workspace"`
	Sample           bool   `json:"sample"` // the throw-away sample is open
}

// About describes this build and where its data is.
func (a *AboutService) About() About {
	a.mu.Lock()
	sample := a.sample != ""
	a.mu.Unlock()
	a.sess.mu.RLock()
	dir := a.sess.dir
	a.sess.mu.RUnlock()
	return About{Info: version.Get(), Workspace: dir, DefaultWorkspace: appdir.Workspace(), Sample: sample}
}
