package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// A backup file is:
//
//	"CREDENCE-BACKUP\n"            magic
//	uint32 big-endian n, n bytes   JSON header: a random backup id, the
//	                               workspace's KDF parameters, wrapped data
//	                               key and workspace id
//	32 bytes                       SHA-256 of the header (format 2), so a
//	                               damaged header is named as such instead
//	                               of passing for a wrong passphrase
//	sealed stream                  crypt.StreamWriter over Badger's backup
//	                               stream, under a key derived for this
//	                               backup id, with the header as additional
//	                               data; nothing may follow its final chunk
//
// Badger's own backup stream is plaintext, so it is sealed before it
// reaches the file. Whoever has the file and the passphrase can restore it
// anywhere; the header alone reveals nothing but parameters and sizes.
// The per-backup key and the header in every chunk's additional data make
// chunks of two backups of one workspace impossible to swap. Format 1
// (no id, no digest) is still restored.
const backupMagic = "CREDENCE-BACKUP\n"

// maxBackupHeader bounds the header a reader will allocate for.
const maxBackupHeader = 64 << 10

const backupFormat = 2

type backupHeader struct {
	Format   int    `json:"format"`
	BackupID string `json:"backup_id,omitempty"`
	Meta     meta   `json:"meta"`
}

// streamKey is the key sealing a backup's stream.
func (h *backupHeader) streamKey(dataKey []byte) []byte {
	if h.Format == 1 {
		return crypt.SubKey(dataKey, "backup")
	}
	return crypt.SubKey(dataKey, "backup "+h.BackupID)
}

// BackupOptions change what a backup accepts.
type BackupOptions struct {
	// AllowDamaged copies a workspace found damaged (Damaged) anyway:
	// otherwise the backup refuses, so that a good older backup is not
	// replaced by a copy of the damage.
	AllowDamaged bool
}

// Backup writes an encrypted backup of the whole workspace to w. A
// workspace found damaged at open is refused (err.damaged); see
// BackupWith.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	return s.BackupWith(ctx, w, BackupOptions{})
}

// BackupWith is Backup with options.
func (s *Store) BackupWith(ctx context.Context, w io.Writer, opt BackupOptions) error {
	if d := s.Damaged(); len(d) > 0 && !opt.AllowDamaged {
		return errDamaged(d)
	}
	h := backupHeader{Format: backupFormat, BackupID: crypt.RandomHex(16), Meta: *s.meta}
	hdr, err := json.Marshal(h)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode backup header")
	}
	sum := sha256.Sum256(hdr)
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(backupMagic)
	binary.Write(bw, binary.BigEndian, uint32(len(hdr)))
	bw.Write(hdr)
	bw.Write(sum[:])
	sw := crypt.NewStreamWriter(bw, h.streamKey(s.dataKey), hdr)
	s.txMu.RLock() // the stream reads in a transaction of its own
	defer s.txMu.RUnlock()
	stream := s.db.NewStream()
	stream.LogPrefix = "backup"
	if _, err := stream.Backup(ctxWriter{ctx, sw}, 0); err != nil {
		if cerr := ctxErr(ctx); cerr != nil {
			return cerr
		}
		return ioErr(err, "write backup")
	}
	if err := sw.Close(); err != nil {
		return ioErr(err, "write backup")
	}
	if err := bw.Flush(); err != nil {
		return ioErr(err, "write backup")
	}
	return nil
}

// ctxWriter stops a long write when the context is cancelled.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// BackupFile writes the backup to path through a temporary file, so a
// failed or cancelled backup never leaves a truncated file behind.
func (s *Store) BackupFile(ctx context.Context, path string) error {
	return s.BackupFileTo(ctx, path, io.Discard)
}

// BackupFileTo is BackupFile that also copies what it writes to progress
// (which only counts bytes). The temporary file is created new (never
// through a symlink or over another file), 0600, fsynced before it takes
// the final name, and removed on any failure.
func (s *Store) BackupFileTo(ctx context.Context, path string, progress io.Writer) error {
	return s.BackupFileWith(ctx, path, progress, BackupOptions{})
}

// BackupFileWith is BackupFileTo with options.
func (s *Store) BackupFileWith(ctx context.Context, path string, progress io.Writer, opt BackupOptions) error {
	if d := s.Damaged(); len(d) > 0 && !opt.AllowDamaged {
		return errDamaged(d)
	}
	removeStalePartials(path)
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path)
	}
	tmp := f.Name()
	err = s.BackupWith(ctx, io.MultiWriter(f, progress), opt)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = ioErr(cerr, "close backup")
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// removeStalePartials removes what killed backups to path left behind:
// temporary files of our naming not written to for a minute (a backup in
// progress writes continuously).
func removeStalePartials(path string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial-*"))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(p)
		}
	}
}

// readBackupHeader reads and checks the plaintext part of a backup: a file
// without the signature is not a backup (err.badBackup); one with it whose
// header does not check out has a damaged header (err.backupHeader).
func readBackupHeader(r io.Reader) (*backupHeader, []byte, error) {
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return nil, nil, errs.New(errs.Invalid, "not a Credence backup: wrong file signature").WithKey("err.badBackup")
	}
	bad := func(why string) error {
		return errs.New(errs.Invalid, "the backup's header is damaged (%s); the file cannot be restored, and this is not a question of the passphrase", why).
			WithKey("err.backupHeader")
	}
	var n uint32
	if err := binary.Read(r, binary.BigEndian, &n); err != nil {
		return nil, nil, bad("header missing")
	}
	if n == 0 || n > maxBackupHeader {
		return nil, nil, bad("impossible header size")
	}
	raw := make([]byte, n)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, nil, bad("header cut short")
	}
	var h backupHeader
	if err := json.Unmarshal(raw, &h); err != nil || (h.Format != 1 && h.Format != backupFormat) {
		return nil, nil, bad("header unreadable")
	}
	if h.Format == backupFormat {
		var sum [sha256.Size]byte
		if _, err := io.ReadFull(r, sum[:]); err != nil {
			return nil, nil, bad("header cut short")
		}
		if sha256.Sum256(raw) != sum || len(h.BackupID) != 32 {
			return nil, nil, bad("checksum mismatch")
		}
	}
	// valid also refuses impossible key-derivation parameters (and too
	// many slots) before spending memory or time on them.
	if !h.Meta.valid() {
		return nil, nil, bad("header incomplete or impossible key parameters")
	}
	return &h, raw, nil
}

// Restore recreates the backup in r as a workspace in dir, which must not
// hold a workspace. The passphrase is the one that was current when the
// backup was made. The workspace is built in a hidden folder beside dir
// and renamed into place only when complete: a wrong passphrase, a damaged
// file, a cancel or a crash never leaves a half workspace in dir, and the
// leftovers of a crashed restore are removed by the next one.
func Restore(ctx context.Context, r io.Reader, dir, passphrase string) (err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	h, raw, err := readBackupHeader(br)
	if err != nil {
		return err
	}
	m := h.Meta
	u, err := m.unlock("", passphrase) // anyone who could unlock when it was made
	if err != nil {
		return err
	}
	dataKey := u.dataKey
	if Exists(dir) {
		return errs.New(errs.Conflict, "a workspace already exists in %s", dir).WithKey("err.workspaceExists", "dir", dir)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		return errs.New(errs.Conflict, "the folder %s is not empty", dir).WithKey("err.folderNotEmpty", "dir", dir)
	}
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return errs.Wrap(errs.Invalid, err, "cannot write %s", dir).WithKey("err.cannotWrite", "path", dir)
	}
	removeStaleRestores(parent, base)
	stage, err := os.MkdirTemp(parent, restorePrefix(base))
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "cannot write %s", dir).WithKey("err.cannotWrite", "path", dir)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(stage)
		}
	}()
	db, err := badger.Open(badgerOptions(filepath.Join(stage, dbDir), dataKey))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "open database for restore")
	}
	sr := crypt.NewStreamReader(br, h.streamKey(dataKey), raw)
	lerr := db.Load(ctxReader{ctx, sr}, 64)
	if cerr := db.Close(); lerr == nil && cerr != nil {
		lerr = cerr
	}
	if lerr != nil {
		if cerr := ctxErr(ctx); cerr != nil {
			return cerr
		}
		return backupBodyErr(lerr)
	}
	// A full backup's stream must end with the sealed final chunk and
	// nothing after it; Load may stop reading before, so read to the end.
	if _, err := io.Copy(io.Discard, sr); err != nil {
		return backupBodyErr(err)
	}
	if err := writeMeta(stage, &m); err != nil {
		return errs.Wrap(errs.Internal, err, "restore")
	}
	if _, serr := os.Stat(dir); serr == nil {
		if err := os.Remove(dir); err != nil { // empty, checked above
			return errs.Wrap(errs.Invalid, err, "cannot write %s", dir).WithKey("err.cannotWrite", "path", dir)
		}
	}
	if err := os.Rename(stage, dir); err != nil {
		return errs.Wrap(errs.Invalid, err, "cannot write %s", dir).WithKey("err.cannotWrite", "path", dir)
	}
	syncDir(parent)
	return nil
}

// backupBodyErr words a failure reading the sealed body of a backup.
func backupBodyErr(err error) error {
	if errors.Is(err, crypt.ErrTrailing) {
		return errs.Wrap(errs.Invalid, err, "the backup file has data appended after its end; it was not restored").WithKey("err.badBackup")
	}
	return errs.Wrap(errs.Invalid, err, "the backup file is damaged or incomplete").WithKey("err.badBackup")
}

// restorePrefix names the hidden folder a restore into base is built in.
func restorePrefix(base string) string { return "." + base + ".restoring-" }

// removeStaleRestores removes what crashed restores into base left behind.
// Only folders of our own naming are touched.
func removeStaleRestores(parent, base string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), restorePrefix(base)) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// syncDir makes a rename in dir durable; best effort where folders cannot
// be fsynced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// RestoreFile restores from a backup file.
func RestoreFile(ctx context.Context, path, dir, passphrase string) error {
	f, err := os.Open(path)
	if err != nil {
		return errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path)
	}
	defer f.Close()
	// Badger writes the restored data through mapped files: check the room
	// first (the data takes about the backup's size; see space.go).
	if fi, err := f.Stat(); err == nil {
		if err := roomFor(filepath.Dir(filepath.Clean(dir)), fi.Size()*3/2); err != nil {
			return err
		}
	}
	return Restore(ctx, f, dir, passphrase)
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// InspectBackup checks a backup's header without a passphrase, for the
// restore screen ("backup of workspace …, made …").
func InspectBackup(r io.Reader) (workspaceID string, err error) {
	h, _, err := readBackupHeader(r)
	if err != nil {
		return "", err
	}
	return h.Meta.WorkspaceID, nil
}
