package store

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/gofrs/flock"
	"github.com/google/uuid"

	"credence/backend/crypt"
	"credence/backend/errs"
	"credence/backend/hlc"
	"credence/backend/search"
)

// Options tune how a store opens. The zero value is right for the app.
type Options struct {
	// KDF overrides the Argon2id parameters for a new workspace (tests use
	// cheap ones). Existing workspaces keep the parameters in their header.
	KDF *crypt.KDFParams
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MinFree is the free disk space kept in reserve (DefaultReserve when
	// 0): below it writes are refused and the workspace opens read-only.
	MinFree int64
	// StreamMin is how many new dossiers make a bulk load, or merged
	// ones a bulk save, write a new database instead of transactions
	// (bulkstream.go, bulkmerge.go); 2 000 and 50 000 when 0.
	StreamMin int
}

// Settings are the workspace's preferences, stored encrypted.
type Settings struct {
	FirmName        string `json:"firm_name"`
	UserName        string `json:"user_name"`
	Language        string `json:"language"`          // zh-CN or en
	IdleLockMinutes int    `json:"idle_lock_minutes"` // 0 = never
}

func (s *Settings) normalize() error {
	s.FirmName = strings.TrimSpace(s.FirmName)
	s.UserName = strings.TrimSpace(s.UserName)
	if s.FirmName == "" {
		return errs.New(errs.Invalid, "the firm name is required").WithKey("err.firmRequired", "field", "firm_name")
	}
	if s.UserName == "" {
		return errs.New(errs.Invalid, "your name is required").WithKey("err.userRequired", "field", "user_name")
	}
	if s.Language != "en" {
		s.Language = "zh-CN"
	}
	if s.IdleLockMinutes < 0 || s.IdleLockMinutes > 24*60 {
		return errs.New(errs.Invalid, "idle lock must be between 0 and 1440 minutes").WithKey("err.idleLock", "field", "idle_lock_minutes")
	}
	return nil
}

// Store is an open, unlocked workspace. It is safe for concurrent use.
type Store struct {
	dir     string
	db      *badger.DB
	meta    *meta  // replaced whole by a passphrase change: read wsID, not meta.WorkspaceID, from other goroutines
	wsID    string // the workspace's id, fixed at its creation
	dataKey []byte
	blobKey []byte // seals attachments
	macKey  []byte // tags every value (mac.go); nil for a workspace not yet upgraded
	macs    *macs  // HMAC states under macKey, reused
	device  string
	clock   *hlc.Clock
	now     func() time.Time
	index   *search.Index
	writeMu sync.Mutex // serialises read-diff-write of dossiers
	logMu   sync.Mutex // hands out change sequences without gaps (log.go)
	// txMu is held shared by every use of db, alone by a bulk load that
	// puts a new database in its place (bulkstream.go).
	txMu     sync.RWMutex
	bulkGate atomic.Bool  // a stream load is writing: writes wait (bulkstream.go)
	wsLock   *flock.Flock // held while open (openDB)
	gcStop   chan struct{}
	gcDone   chan struct{}
	closeErr error
	closed   sync.Once
	// indexOnce builds index on first use (idx); Close waits for a build
	// under way.
	indexOnce  sync.Once
	indexReady atomic.Bool
	// openVersion is Badger's version when it opened, snapVersion the one
	// of the index snapshot loaded (0: built from the dossiers); see
	// indexsnap.go.
	openVersion uint64
	snapVersion uint64
	snapErr     error         // why the last close wrote no snapshot (tests)
	damage      []Problem     // found at open (tablecheck.go, dossiers); backups refuse them
	checked     chan struct{} // closed once the open-time checks are done
	readOnly    bool          // opened read-only: the disk is full, or tables are damaged
	// damagedRO: read-only because a table is damaged (tablecheck.go), not
	// because the disk is full.
	damagedRO bool
	repaired  []string // what opening repaired (a damaged device id file)
	minFree   int64
	streamMin int        // Options.StreamMin
	who       whoRef     // the person who unlocked (people.go)
	peopleMu  sync.Mutex // serialises changes to people and the header's slots
}

// Key layout inside Badger.
const (
	keySettings = "cfg/settings"
	keyHLC      = "cfg/hlc"
	prefDossier = "d/" // d/<id> → dossier JSON
	prefHistory = "h/" // h/<id>/<hlc>/<device>/<n> → ChangeRecord JSON
	prefLog     = "l/" // l/<hlc>/<device>/<n> → history key: the old sync log, replaced by c/ (log.go)
	prefBlob    = "a/" // a/<attachment id> → sealed bytes
)

// Create makes a new workspace in dir (which must be empty or absent) and
// returns it open.
func Create(dir, passphrase string, settings Settings, opt Options) (*Store, error) {
	if err := CheckPassphrase(passphrase); err != nil {
		return nil, err
	}
	if err := settings.normalize(); err != nil {
		return nil, err
	}
	if Exists(dir) {
		return nil, errs.New(errs.Conflict, "a workspace already exists in %s", dir).WithKey("err.workspaceExists", "dir", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, ioErr(err, "create workspace folder")
	}
	if openMode(dir, opt.MinFree) {
		free, _ := freeSpace(dir)
		return nil, diskFull(free, max(opt.MinFree, DefaultReserve))
	}
	kdf := crypt.DefaultParams()
	if opt.KDF != nil {
		kdf = *opt.KDF
	}
	first := uuid.NewString()
	m, dataKey, personKey, err := newMeta(first, settings.UserName, passphrase, kdf)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "create workspace key")
	}
	s, err := openDB(dir, m, dataKey, opt)
	if err != nil {
		return nil, err
	}
	s.who.Store(&unlockedAs{id: first, name: settings.UserName, personKey: personKey})
	if err := s.putJSON(keySettings, settings); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.createFirstPerson(first, settings.UserName); err != nil {
		s.Close()
		return nil, err
	}
	// The header goes last: a crash before this leaves a folder that is not
	// yet a workspace, rather than a header whose database is missing.
	if err := writeMeta(dir, m); err != nil {
		s.Close()
		return nil, errs.Wrap(errs.Internal, err, "create workspace")
	}
	return s, nil
}

// Open unlocks the workspace in dir with a passphrase, which says who is
// unlocking (see OpenAs).
func Open(dir, passphrase string, opt Options) (*Store, error) {
	return OpenAs(dir, "", passphrase, opt)
}

// OpenAs unlocks the workspace in dir as who (a user id or name; "" lets
// the passphrase say who). A wrong passphrase or an unknown person
// returns errs.Unauthorized "err.wrongPassphrase" and touches nothing; a
// workspace open in another process returns errs.Locked. A workspace made
// before people had their own passphrases is turned into one whose first
// person holds the passphrase (migratePeople).
func OpenAs(dir, who, passphrase string, opt Options) (*Store, error) {
	// A re-key interrupted by a crash is finished or undone first.
	if err := recoverRekey(dir); err != nil {
		return nil, err
	}
	m, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	u, err := m.unlock(who, passphrase)
	if err != nil {
		return nil, err
	}
	// Argon2id just used 64 MiB: hand it back to the OS now rather than
	// whenever the collector gets round to it.
	debug.FreeOSMemory()
	s, err := openDB(dir, m, u.dataKey, opt)
	if err != nil {
		return nil, err
	}
	if err := s.unlockedBy(u); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openDB(dir string, m *meta, dataKey []byte, opt Options) (*Store, error) {
	// One program at a time: Badger locks its own folder, but what comes
	// before it opens (settling a bulk load's folders) must be ours alone.
	lock := flock.New(filepath.Join(dir, workspaceLock))
	if ok, err := lock.TryLock(); err != nil {
		return nil, ioErr(err, "lock workspace")
	} else if !ok {
		return nil, errs.New(errs.Locked, "the workspace is open in another program").WithKey("err.workspaceInUse")
	}
	s, err := openLocked(dir, m, dataKey, opt)
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	s.wsLock = lock
	return s, nil
}

// workspaceLock is the file a program that opened the workspace holds
// locked until it closes it.
const workspaceLock = "workspace.lock"

func openLocked(dir string, m *meta, dataKey []byte, opt Options) (*Store, error) {
	if err := resumeBulk(dir); err != nil { // bulkstream.go
		return nil, ioErr(err, "open database")
	}
	deviceFile := readDeviceFile(dir)
	readOnly := openMode(dir, opt.MinFree)
	if !readOnly {
		if err := removeEmptyVlogs(filepath.Join(dir, dbDir)); err != nil {
			return nil, ioErr(err, "open database")
		}
	}
	// Tables are checked before Badger may compact them (tablecheck.go); a
	// damaged one keeps the workspace read-only, so what is intact can be
	// read and exported and nothing is rewritten without the rows it lost.
	var damage []Problem
	if err := checkTablesClosed(filepath.Join(dir, dbDir), dataKey); errors.Is(err, errManifestDamaged) {
		return nil, errs.Wrap(errs.Invalid, err, "the workspace database is damaged (%v) and cannot be opened; restore it from a backup", err).
			WithKey("err.damaged", "what", "database tables")
	} else if err != nil {
		damage = append(damage, Problem{Where: "database tables", What: err.Error()})
		readOnly = true
	}
	db, err := badger.Open(badgerOptions(filepath.Join(dir, dbDir), dataKey).WithReadOnly(readOnly))
	if err != nil {
		if len(damage) > 0 {
			return nil, errs.Wrap(errs.Invalid, err, "the workspace database is damaged (%s) and cannot be opened; restore it from a backup", damage[0].What).
				WithKey("err.damaged", "what", "database tables")
		}
		if readOnly && errors.Is(err, badger.ErrTruncateNeeded) {
			return nil, errs.Wrap(errs.Invalid, err, "the disk of the workspace is full and its last changes must be written before it can open: free some space, then open it again").
				WithKey("err.diskFull")
		}
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, errs.Wrap(errs.Locked, err, "the workspace is open in another program").WithKey("err.workspaceInUse")
		}
		if strings.Contains(err.Error(), "Encryption key mismatch") {
			return nil, errs.Wrap(errs.Unauthorized, err, "the database does not match this workspace's key").WithKey("err.keyMismatch")
		}
		if strings.Contains(err.Error(), "checksum mismatch") || strings.Contains(err.Error(), "Opening table") {
			return nil, errs.Wrap(errs.Invalid, err, "the workspace database is damaged and cannot be opened; restore it from a backup").
				WithKey("err.damaged", "what", "database tables")
		}
		return nil, errs.Wrap(errs.Internal, err, "open database")
	}
	if !readOnly {
		cleanupRekey(dir) // the database is locked: no re-key is running
		if !m.RecordMAC {
			if err := migrateMAC(db, dir, m, macKey(dataKey)); err != nil {
				db.Close()
				return nil, err
			}
		}
	}
	openVersion := db.MaxVersion() // before this open writes anything (indexsnap.go)
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{
		dir: dir, db: db, meta: m, wsID: m.WorkspaceID, dataKey: dataKey, blobKey: crypt.SubKey(dataKey, "attachments"),
		now: now, index: search.NewIndex(), readOnly: readOnly, damagedRO: len(damage) > 0, minFree: opt.MinFree, streamMin: opt.StreamMin,
		damage: damage, openVersion: openVersion,
		gcStop: make(chan struct{}), gcDone: make(chan struct{}),
	}
	if m.RecordMAC {
		s.macKey = macKey(dataKey)
		s.macs = newMACs(s.macKey)
	}
	if s.device, err = s.settleDevice(deviceFile); err != nil {
		db.Close()
		return nil, err
	}
	var last hlc.Timestamp
	if err := s.getJSON(keyHLC, &last); err != nil && !errs.Is(err, errs.NotFound) {
		db.Close()
		return nil, err
	}
	s.clock = hlc.New(now, last)
	s.checked = make(chan struct{})
	close(s.checked) // the tables were checked before the database opened
	go s.gcLoop()
	if err := s.backfillLog(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.resumeErasures(); err != nil { // erase_resume.go
		s.Close()
		return nil, err
	}
	return s, nil
}

// badgerOptions sizes Badger for a laptop with thousands, not millions, of
// records. Badger's defaults suit servers: 64 MB memtables x5, a 256 MB
// block cache, 1 GB preallocated value-log files.
func badgerOptions(path string, key []byte) badger.Options {
	o := badger.DefaultOptions(path).
		WithEncryptionKey(key).
		// Encryption needs a block cache (Open panics without one) and an
		// index cache. Badger decrypts a table's index again on every
		// miss, so a cache smaller than the indexes of a large book
		// (100 000 customers: about 300 tables of 2 MB) costs memory
		// rather than saving it: at 8 MB a compaction of that book held
		// 189 MB of decrypted indexes waiting for the cache, at 32 MB 118.
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(32 << 20).
		// 16 KB blocks, not Badger's 4 KB: a table's index holds the first
		// key of every block, and at 4 KB the indexes of 100 000 customers
		// were 54 MB, more than the cache, read from the mapped files at
		// every open (78 MB of them resident). At 16 KB they are 16 MB, the
		// tables compress better (713 to 524 MB on disk) and a page of the
		// list reads no slower (BENCHMARKS.md, eleventh pass). Tables
		// written with other block sizes read as before.
		WithBlockSize(16 << 10).
		// 8 MB memtables, two of them: a workspace of 10 000 dossiers is
		// ~40 MB of JSON, so this flushes a few times during a bulk import
		// and keeps resident memory small the rest of the time.
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBaseTableSize(2 << 20).
		// Values over 64 KB (photos, PDFs) go to the value log, whose files
		// are 32 MB instead of 1 GB: small on disk, quick to garbage-collect.
		WithValueThreshold(64 << 10).
		WithValueLogFileSize(32 << 20).
		WithNumCompactors(2).
		// A save the UI calls done must survive a power cut, not only a
		// crash: fsync on every commit. One save is one small transaction.
		WithSyncWrites(true).
		// AES-CTR does not notice a changed byte: Badger's checksums do,
		// on every block and value read (verify.go checks all at open).
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
		WithLoggingLevel(badger.ERROR).
		WithMetricsEnabled(false)
	// Tables of every level stay 2 MB (Badger doubles them per level): a
	// compaction's table builder holds each table about three times over,
	// so at 100 000 dossiers the bigger deep tables held 250 MB.
	o.TableSizeMultiplier = 1
	return o
}

// gcLoop reclaims value-log space now and then (deleted attachments,
// superseded versions). Badger never does this by itself.
func (s *Store) gcLoop() {
	defer close(s.gcDone)
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.gcStop:
			return
		case <-t.C:
			if s.readOnly {
				continue
			}
			s.writeDB(func(db *badger.DB) error {
				for db.RunValueLogGC(0.5) == nil {
				}
				return nil
			})
		}
	}
}

// Close flushes and closes the database. It is safe to call twice.
func (s *Store) Close() error {
	s.closed.Do(func() {
		close(s.gcStop)
		<-s.gcDone
		s.indexOnce.Do(func() {}) // waits for a build under way, starts none
		<-s.checked
		// No dossier write falls between the snapshot's version and its
		// index (indexsnap.go). A snapshot that fails is only a slower
		// next open.
		s.logMu.Lock()
		if err := s.saveIndexSnapshot(); err != nil {
			s.snapErr = err
		}
		s.logMu.Unlock()
		if err := s.db.Close(); err != nil {
			s.closeErr = errs.Wrap(errs.Internal, err, "close database")
		}
		if s.wsLock != nil {
			s.wsLock.Unlock()
		}
		clear(s.dataKey)
		clear(s.blobKey)
		clear(s.macKey)
		if w := s.who.Load(); w != nil {
			clear(w.personKey)
		}
	})
	return s.closeErr
}

// Size is Badger's estimate of its LSM and value-log sizes, for progress.
func (s *Store) Size() (lsm, vlog int64) {
	s.readDB(func(db *badger.DB) error { lsm, vlog = db.Size(); return nil })
	return lsm, vlog
}

// Dir is the workspace folder.
func (s *Store) Dir() string { return s.dir }

// DeviceID is this device's id, stamped on every change it makes.
func (s *Store) DeviceID() string { return s.device }

// WorkspaceID identifies the workspace across devices.
func (s *Store) WorkspaceID() string { return s.wsID }

// Settings returns the workspace settings. UserName is the name of the
// person who unlocked, whatever was saved: who someone is comes from
// unlocking, never from a text field.
func (s *Store) Settings() (Settings, error) {
	var st Settings
	err := s.getJSON(keySettings, &st)
	if _, name := s.Person(); name != "" {
		st.UserName = name
	}
	if name := s.sharedFirmName(); name != "" {
		st.FirmName = name
	}
	return st, err
}

// KindFirm is the firm's own record (its name), shared so that every
// device of the workspace prints the same name on its reports. The name
// typed when a computer joins stands until one arrives.
const KindFirm = "firm"

type firmRecord struct {
	Name string `json:"name"`
}

func (s *Store) sharedFirmName() string {
	var f firmRecord
	if err := s.GetRecord(KindFirm, KindFirm, &f); err != nil {
		return ""
	}
	return f.Name
}

// ShareFirmName records the firm's name for every device, unless one
// already is: a workspace that starts to sync shares the name it has.
func (s *Store) ShareFirmName() error {
	if s.sharedFirmName() != "" {
		return nil
	}
	var st Settings
	if err := s.getJSON(keySettings, &st); err != nil {
		return err
	}
	return s.PutRecord(KindFirm, KindFirm, firmRecord{Name: st.FirmName})
}

// SaveSettings validates and stores settings. A changed UserName renames
// the person who unlocked (RenamePerson: never to another person's name);
// their id, role and approvals stay theirs.
func (s *Store) SaveSettings(st Settings) (Settings, error) {
	if err := st.normalize(); err != nil {
		return st, err
	}
	if err := s.RenamePerson(st.UserName); err != nil {
		return st, err
	}
	if cur, err := s.Settings(); err == nil && cur.FirmName != st.FirmName {
		// A rename is the firm's: every device takes it.
		if err := s.PutRecord(KindFirm, KindFirm, firmRecord{Name: st.FirmName}); err != nil {
			return st, err
		}
	}
	return st, s.putJSON(keySettings, st)
}

// ChangePassphrase changes the passphrase of the person who unlocked
// (see ChangeOwnPassphrase in people.go); the data is not re-encrypted.
func (s *Store) ChangePassphrase(old, new string) error {
	return s.changeOwnPassphrase(old, new)
}

func (s *Store) getJSON(key string, v any) error {
	return s.view(func(txn *badger.Txn) error { return s.getJSONTxn(txn, key, v) })
}

func (s *Store) getJSONTxn(txn *badger.Txn, key string, v any) error {
	item, err := txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return errs.New(errs.NotFound, "%s not found", key)
	}
	if err != nil {
		return errs.Wrap(errs.Internal, err, "read %s", key)
	}
	b, err := s.value(item)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errs.Wrap(errs.Invalid, err, "%s is damaged", key).WithKey("err.damaged", "what", describeKey([]byte(key)))
	}
	return nil
}

func (s *Store) putJSON(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode %s", key)
	}
	if err := s.commit(func(txn *badger.Txn) error { return s.set(txn, []byte(key), b) }); err != nil {
		return ioErr(err, "write %s", key)
	}
	return nil
}

// ctxErr turns a cancelled context into the error people see.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(errs.Invalid, err, "cancelled").WithKey("err.cancelled")
	}
	return nil
}

// removeEmptyVlogs deletes value-log and memtable write-ahead-log files of
// zero bytes. A process killed between creating such a file and writing its
// header leaves one; Badger then refuses to open ("Create a new file")
// although the file holds nothing. Found by the kill -9 re-key test (the
// value log first, a memtable's log later).
func removeEmptyVlogs(dbPath string) error {
	entries, err := os.ReadDir(dbPath)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".vlog") && !strings.HasSuffix(e.Name(), ".mem") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size() == 0 {
			if err := os.Remove(filepath.Join(dbPath, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
