package app

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"credence/backend/errs"
	"credence/backend/refdata"
	"credence/backend/sample"
	"credence/backend/workspace"
)

// OpenSample builds the throw-away sample workspace in a temporary folder
// and opens it in place of the user's own, which stays untouched (locked).
// It is deleted when the user leaves it or the app closes.
func (a *AboutService) OpenSample(lang string) (Status, error) {
	if lang != "en" {
		lang = "zh-CN"
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sample != "" {
		return a.ws.Status(), nil
	}
	tmp, err := os.MkdirTemp("", "credence-sample-")
	if err != nil {
		return Status{}, uiErr(errs.Wrap(errs.Internal, err, "sample workspace"))
	}
	dir := filepath.Join(tmp, "workspace")
	st, err := sample.Build(context.Background(), dir, lang, time.Now())
	if err != nil {
		os.RemoveAll(tmp)
		return Status{}, uiErr(errs.Wrap(errs.Internal, err, "sample workspace"))
	}
	// The sample uses the built-in reference tables, not the user's imports.
	if err := refdata.UseWorkspace(dir); err != nil {
		st.Close()
		os.RemoveAll(tmp)
		return Status{}, uiErr(err)
	}
	a.sess.Close() // the user's own workspace, if it was open
	a.sess.mu.Lock()
	a.real, a.sess.dir = a.sess.dir, dir
	a.sess.mu.Unlock()
	a.sample = tmp
	a.sess.set(workspace.Over(st, a.sess.options()))
	a.ws.unlocked()
	return a.ws.Status(), nil
}

// LeaveSample closes and deletes the sample and returns to the user's own
// workspace folder (locked, or the first-start screen if there is none).
func (a *AboutService) LeaveSample() (Status, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sample == "" {
		return a.ws.Status(), nil
	}
	a.sess.Close()
	a.sess.mu.Lock()
	a.sess.dir = a.real
	a.sess.mu.Unlock()
	os.RemoveAll(a.sample)
	a.sample = ""
	return a.ws.Status(), nil
}
