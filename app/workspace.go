package app

import (
	"context"
	"io"
	"log"
	"os"
	"sync"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/workspace"
)

// WorkspaceService creates, unlocks and locks the workspace, and keeps its
// settings, passphrase and backups.
type WorkspaceService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime

	jobMu  sync.Mutex
	cancel context.CancelFunc // of the running backup or restore

	// OnUnlock runs after the workspace is unlocked or created (the
	// screening service builds its lists index then).
	OnUnlock func()
	// BeforeLock runs before the workspace closes (the sync service stops
	// a running sync there, so nothing writes into a closing store).
	BeforeLock func()

	// Started is when the process started; with CREDENCE_TRACE_STARTUP set,
	// the first Status call (the frontend's first question, once the
	// window shows) logs the time from start: the cold-start figure.
	Started   time.Time
	firstCall sync.Once
}

// NewWorkspaceService returns the service over sess.
func NewWorkspaceService(sess *Session, rt Runtime) *WorkspaceService {
	return &WorkspaceService{sess: sess, rt: rt}
}

func (w *WorkspaceService) startup(ctx context.Context) { w.ctx = ctx }

// shutdown locks the workspace so Badger closes cleanly.
func (w *WorkspaceService) shutdown(ctx context.Context) { w.sess.Close() }

// Status is what the first screen needs to know.
type Status struct {
	Exists   bool   `json:"exists"`
	Unlocked bool   `json:"unlocked"`
	Dir      string `json:"dir"`
	Language string `json:"language"`
	Firm     string `json:"firm"`
	User     string `json:"user"`
	IdleLock int    `json:"idle_lock"` // minutes
	Device   string `json:"device"`
	ReadOnly bool   `json:"read_only"` // opened read-only: the disk is full, or
	// ReadOnlyDamaged: a table of the database is damaged (writing would
	// let Badger compact it and lose rows).
	ReadOnlyDamaged bool `json:"read_only_damaged"`
}

// Status reports whether a workspace exists and is unlocked.
func (w *WorkspaceService) Status() Status {
	w.firstCall.Do(func() {
		if os.Getenv("CREDENCE_TRACE_STARTUP") != "" && !w.Started.IsZero() {
			log.Printf("startup: window asked for status %d ms after start", time.Since(w.Started).Milliseconds())
		}
	})
	st := Status{Exists: store.Exists(w.sess.dir), Dir: w.sess.dir, Language: w.sess.prefs().Language}
	if s, err := w.sess.Store(); err == nil {
		st.Unlocked = true
		st.Device = s.DeviceID()
		st.ReadOnly = s.ReadOnly()
		st.ReadOnlyDamaged = s.ReadOnlyDamaged()
		if set, err := s.Settings(); err == nil {
			st.Language, st.Firm, st.User, st.IdleLock = set.Language, set.FirmName, set.UserName, set.IdleLockMinutes
		}
		// Who works is whoever unlocked, not a name typed in the settings.
		if _, name := s.Person(); name != "" {
			st.User = name
		}
	}
	if st.Language == "" {
		st.Language = "zh-CN"
	}
	return st
}

// CreateRequest is the first-start form.
type CreateRequest struct {
	FirmName   string `json:"firm_name"`
	UserName   string `json:"user_name"`
	Language   string `json:"language"`
	Passphrase string `json:"passphrase"`
	Confirm    string `json:"confirm"`
}

// Create makes the workspace and leaves it unlocked.
func (w *WorkspaceService) Create(req CreateRequest) (Status, error) {
	if req.Passphrase != req.Confirm {
		return Status{}, uiErr(errs.New(errs.Invalid, "the two passphrases differ").WithKey("err.passphraseMismatch", "field", "confirm"))
	}
	ws, err := workspace.Create(w.sess.dir, req.Passphrase, store.Settings{
		FirmName: req.FirmName, UserName: req.UserName, Language: req.Language, IdleLockMinutes: 10,
	}, w.sess.options())
	if err != nil {
		return Status{}, uiErr(err)
	}
	w.sess.set(ws)
	w.sess.savePrefs(prefs{Language: req.Language})
	w.unlocked()
	return w.Status(), nil
}

// Unlockers lists who can unlock the workspace, read from its plaintext
// header: the unlock screen asks who when there is more than one. Empty
// when there is no workspace yet or it predates people's own passphrases.
func (w *WorkspaceService) Unlockers() ([]store.Unlocker, error) {
	if !store.Exists(w.sess.dir) {
		return []store.Unlocker{}, nil
	}
	u, err := store.Unlockers(w.sess.dir)
	return u, uiErr(err)
}

// Unlock opens the workspace with the passphrase, whoever's it is.
func (w *WorkspaceService) Unlock(passphrase string) (Status, error) {
	return w.UnlockAs("", passphrase)
}

// UnlockAs opens the workspace as who (a person's id or name, "" for
// whoever the passphrase is of) with their passphrase.
func (w *WorkspaceService) UnlockAs(who, passphrase string) (Status, error) {
	if _, err := w.sess.Store(); err == nil {
		return w.Status(), nil
	}
	opts := w.sess.options()
	opts.User = who
	// The workspace also takes the reference tables the firm imported.
	ws, err := workspace.Open(w.sess.dir, passphrase, opts)
	if err != nil {
		return Status{}, uiErr(err)
	}
	w.sess.set(ws)
	w.unlocked()
	return w.Status(), nil
}

func (w *WorkspaceService) unlocked() {
	if w.OnUnlock != nil {
		go w.OnUnlock()
	}
}

// Lock closes the workspace; the frontend calls it on idle and on demand.
func (w *WorkspaceService) Lock() error {
	if w.BeforeLock != nil {
		w.BeforeLock()
	}
	if err := w.sess.Close(); err != nil {
		return uiErr(err)
	}
	w.rt.Emit(w.ctx, "workspace:locked")
	return nil
}

// Settings returns the workspace settings.
func (w *WorkspaceService) Settings() (store.Settings, error) {
	s, err := w.sess.Store()
	if err != nil {
		return store.Settings{}, uiErr(err)
	}
	set, err := s.Settings()
	return set, uiErr(err)
}

// SaveSettings stores the settings.
func (w *WorkspaceService) SaveSettings(set store.Settings) (store.Settings, error) {
	s, err := w.sess.Store()
	if err != nil {
		return set, uiErr(err)
	}
	set, err = s.SaveSettings(set)
	if err != nil {
		return set, uiErr(err)
	}
	w.sess.savePrefs(prefs{Language: set.Language})
	return set, nil
}

// SetLanguage switches the interface language, locked or not.
func (w *WorkspaceService) SetLanguage(lang string) error {
	if lang != "en" {
		lang = "zh-CN"
	}
	if s, err := w.sess.Store(); err == nil {
		set, err := s.Settings()
		if err == nil {
			set.Language = lang
			if _, err := s.SaveSettings(set); err != nil {
				return uiErr(err)
			}
		}
	}
	if store.Exists(w.sess.dir) {
		return uiErr(w.sess.savePrefs(prefs{Language: lang}))
	}
	return nil
}

// ChangePassphrase rewraps the workspace key.
func (w *WorkspaceService) ChangePassphrase(old, new, confirm string) error {
	if new != confirm {
		return uiErr(errs.New(errs.Invalid, "the two passphrases differ").WithKey("err.passphraseMismatch", "field", "confirm"))
	}
	s, err := w.sess.Store()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.ChangePassphrase(old, new))
}

// Rekey changes the passphrase and re-encrypts the whole workspace under a
// new data key, after a suspected leak: older backups and the old
// passphrase then open nothing added later. The workspace is closed while
// it runs (a kill at any moment leaves the old or the new one, see
// store.Rekey) and unlocked again with the new passphrase; if the re-key
// is refused it is unlocked again with the old one.
func (w *WorkspaceService) Rekey(old, new, confirm string) (Status, error) {
	if new != confirm {
		return Status{}, uiErr(errs.New(errs.Invalid, "the two passphrases differ").WithKey("err.passphraseMismatch", "field", "confirm"))
	}
	if err := store.CheckPassphrase(new); err != nil {
		return Status{}, uiErr(err)
	}
	if _, err := w.sess.Store(); err == nil {
		if err := w.sess.Close(); err != nil {
			return Status{}, uiErr(err)
		}
	}
	if err := store.Rekey(w.sess.dir, old, new); err != nil {
		if _, uerr := w.Unlock(old); uerr != nil {
			w.rt.Emit(w.ctx, "workspace:locked")
		}
		return w.Status(), uiErr(err)
	}
	return w.Unlock(new)
}

// ChooseBackupTarget asks where to save a backup; "" when cancelled.
func (w *WorkspaceService) ChooseBackupTarget() (string, error) {
	name := "credence-" + time.Now().Format("2006-01-02") + ".credence-backup"
	p, err := w.rt.SaveFile(w.ctx, w.sess.title("backup"), name)
	return p, uiErr(err)
}

// ChooseBackupFile asks which backup to restore; "" when cancelled.
func (w *WorkspaceService) ChooseBackupFile() (string, error) {
	p, err := w.rt.OpenFile(w.ctx, w.sess.title("restore"), "*.credence-backup;*")
	return p, uiErr(err)
}

// Progress is sent with "backup:progress" and "restore:progress".
type Progress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"` // an estimate; 0 when unknown
}

// Backup writes an encrypted backup to path, emitting progress; it can be
// cancelled with CancelJob.
func (w *WorkspaceService) Backup(path string) error {
	ws, err := w.sess.Workspace()
	if err != nil {
		return uiErr(err)
	}
	s := ws.Store()
	ctx, done := w.startJob()
	defer done()
	lsm, vlog := s.Size()
	pw := &progressWriter{emit: func(n int64) { w.rt.Emit(w.ctx, "backup:progress", Progress{Done: n, Total: lsm + vlog}) }}
	err = ws.Backup(ctx, path, pw, store.BackupOptions{})
	pw.flush()
	if err == nil {
		w.sess.noteBackup(time.Now())
	}
	return uiErr(err)
}

// Restore restores the backup at path into this window's workspace folder,
// which must not hold a workspace yet, and unlocks it.
func (w *WorkspaceService) Restore(path, passphrase string) (Status, error) {
	ctx, done := w.startJob()
	defer done()
	f, err := os.Open(path)
	if err != nil {
		return Status{}, uiErr(errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path))
	}
	defer f.Close()
	fi, _ := f.Stat()
	pr := &progressReader{r: f, emit: func(n int64) { w.rt.Emit(w.ctx, "restore:progress", Progress{Done: n, Total: fi.Size()}) }}
	if err := store.Restore(ctx, pr, w.sess.dir, passphrase); err != nil {
		return Status{}, uiErr(err)
	}
	st, err := w.Unlock(passphrase)
	if err != nil {
		return st, err
	}
	return st, uiErr(w.restored())
}

// restored records the restore in the workspace just unlocked.
func (w *WorkspaceService) restored() error {
	ws, err := w.sess.Workspace()
	if err != nil {
		return err
	}
	return ws.Restored()
}

// CheckWorkspace reads the whole workspace back (Settings → Check
// workspace): every table checksum, dossier, history entry, record and
// attachment. The report lists what is damaged; it can be cancelled with
// CancelJob.
func (w *WorkspaceService) CheckWorkspace() (store.Report, error) {
	s, err := w.sess.Store()
	if err != nil {
		return store.Report{}, uiErr(err)
	}
	ctx, done := w.startJob()
	defer done()
	r, err := s.Verify(ctx)
	if r.Problems == nil {
		r.Problems = []store.Problem{}
	}
	return r, uiErr(err)
}

// BackupDamaged writes a backup of a workspace found damaged, after the
// person was told (Backup refuses one with err.damaged): the intact part
// is worth keeping.
func (w *WorkspaceService) BackupDamaged(path string) error {
	ws, err := w.sess.Workspace()
	if err != nil {
		return uiErr(err)
	}
	ctx, done := w.startJob()
	defer done()
	return uiErr(ws.Backup(ctx, path, io.Discard, store.BackupOptions{AllowDamaged: true}))
}

// CancelJob stops a running backup or restore.
func (w *WorkspaceService) CancelJob() {
	w.jobMu.Lock()
	defer w.jobMu.Unlock()
	if w.cancel != nil {
		w.cancel()
	}
}

func (w *WorkspaceService) startJob() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	w.jobMu.Lock()
	w.cancel = cancel
	w.jobMu.Unlock()
	return ctx, func() {
		w.jobMu.Lock()
		w.cancel = nil
		w.jobMu.Unlock()
		cancel()
	}
}

// progressWriter counts bytes and reports at most every 200 ms.
type progressWriter struct {
	n    int64
	last time.Time
	emit func(int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if time.Since(p.last) > 200*time.Millisecond {
		p.last = time.Now()
		p.emit(p.n)
	}
	return len(b), nil
}

func (p *progressWriter) flush() { p.emit(p.n) }

type progressReader struct {
	r    io.Reader
	n    int64
	last time.Time
	emit func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if time.Since(p.last) > 200*time.Millisecond || err == io.EOF {
		p.last = time.Now()
		p.emit(p.n)
	}
	return n, err
}
