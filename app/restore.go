package app

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
)

// RestoreResult says where the workspace that a restore replaced was kept.
type RestoreResult struct {
	Status Status `json:"status"`
	KeptAt string `json:"kept_at"` // the replaced workspace's folder, to delete once the restore is checked
}

// RestoreReplacing restores a backup over the open workspace, from
// Settings. Nothing of the current workspace is touched until the backup
// has been restored completely into a folder beside it (a wrong
// passphrase or a damaged file leaves everything as it was); then the
// current workspace is set aside, not deleted, and the restored one opens.
func (w *WorkspaceService) RestoreReplacing(path, passphrase string) (RestoreResult, error) {
	ctx, done := w.startJob()
	defer done()
	dir := filepath.Clean(w.sess.dir)
	stamp := time.Now().Format("20060102-150405")
	tmp := fmt.Sprintf("%s.restoring-%s", dir, stamp)
	f, err := os.Open(path)
	if err != nil {
		return RestoreResult{}, uiErr(errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path))
	}
	defer f.Close()
	fi, _ := f.Stat()
	pr := &progressReader{r: f, emit: func(n int64) { w.rt.Emit(w.ctx, "restore:progress", Progress{Done: n, Total: fi.Size()}) }}
	if err := store.Restore(ctx, pr, tmp, passphrase); err != nil {
		os.RemoveAll(tmp) // Restore cleans up after itself; this is for what it could not
		return RestoreResult{}, uiErr(err)
	}
	// Carry the window's preferences (language, last backup) over.
	if b, err := os.ReadFile(filepath.Join(dir, prefsFile)); err == nil {
		os.WriteFile(filepath.Join(tmp, prefsFile), b, 0o600)
	}
	if err := w.sess.Close(); err != nil {
		os.RemoveAll(tmp)
		return RestoreResult{}, uiErr(err)
	}
	kept := fmt.Sprintf("%s.before-restore-%s", dir, stamp)
	if err := os.Rename(dir, kept); err != nil {
		os.RemoveAll(tmp)
		return RestoreResult{}, uiErr(errs.Wrap(errs.Internal, err, "set the current workspace aside").WithKey("err.restoreSwap"))
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(kept, dir) // put the old workspace back
		return RestoreResult{}, uiErr(errs.Wrap(errs.Internal, err, "put the restored workspace in place").WithKey("err.restoreSwap"))
	}
	w.rt.Emit(w.ctx, "workspace:locked")
	st, err := w.Unlock(passphrase)
	if err != nil {
		return RestoreResult{}, err
	}
	if err := w.restored(); err != nil {
		return RestoreResult{}, uiErr(err)
	}
	return RestoreResult{Status: st, KeptAt: kept}, nil
}
