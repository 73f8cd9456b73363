package store

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/errs"
)

// A backup file is:
//
//	"CREDENCE-BACKUP\n"            magic
//	uint32 big-endian n, n bytes   JSON header: the workspace's KDF parameters,
//	                               wrapped data key and workspace id
//	sealed stream                  crypt.StreamWriter over Badger's backup
//	                               stream, with the header as additional data
//
// Badger's own backup stream is plaintext, so it is sealed before it
// reaches the file. Whoever has the file and the passphrase can restore it
// anywhere; the header alone reveals nothing but parameters and sizes.
const backupMagic = "CREDENCE-BACKUP\n"

// maxBackupHeader bounds the header a reader will allocate for.
const maxBackupHeader = 64 << 10

type backupHeader struct {
	Format int  `json:"format"`
	Meta   meta `json:"meta"`
}

// Backup writes an encrypted backup of the whole workspace to w.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	hdr, err := json.Marshal(backupHeader{Format: 1, Meta: *s.meta})
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode backup header")
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(backupMagic)
	binary.Write(bw, binary.BigEndian, uint32(len(hdr)))
	bw.Write(hdr)
	sw := crypt.NewStreamWriter(bw, crypt.SubKey(s.dataKey, "backup"), hdr)
	stream := s.db.NewStream()
	stream.LogPrefix = "backup"
	if _, err := stream.Backup(ctxWriter{ctx, sw}, 0); err != nil {
		if cerr := ctxErr(ctx); cerr != nil {
			return cerr
		}
		return errs.Wrap(errs.Internal, err, "write backup")
	}
	if err := sw.Close(); err != nil {
		return errs.Wrap(errs.Internal, err, "write backup")
	}
	if err := bw.Flush(); err != nil {
		return errs.Wrap(errs.Internal, err, "write backup")
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
// (which only counts bytes).
func (s *Store) BackupFileTo(ctx context.Context, path string, progress io.Writer) error {
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path)
	}
	err = s.Backup(ctx, io.MultiWriter(f, progress))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = errs.Wrap(errs.Internal, cerr, "close backup")
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return errs.Wrap(errs.Internal, err, "finish backup")
	}
	return nil
}

// readBackupHeader reads and checks the plaintext part of a backup.
func readBackupHeader(r io.Reader) (*backupHeader, []byte, error) {
	bad := func(why string) error {
		return errs.New(errs.Invalid, "not a Credence backup, or a damaged one: %s", why).WithKey("err.badBackup")
	}
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return nil, nil, bad("wrong file signature")
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
	if err := json.Unmarshal(raw, &h); err != nil || h.Format != 1 || h.Meta.Format != metaFormat || len(h.Meta.WrappedKey) == 0 || h.Meta.WorkspaceID == "" {
		return nil, nil, bad("header unreadable")
	}
	return &h, raw, nil
}

// Restore recreates the backup in r as a workspace in dir, which must not
// hold a workspace. The passphrase is the one that was current when the
// backup was made. A wrong passphrase or a damaged file leaves dir as it
// was; a half-restored workspace is removed.
func Restore(ctx context.Context, r io.Reader, dir, passphrase string) (err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	h, raw, err := readBackupHeader(br)
	if err != nil {
		return err
	}
	m := h.Meta
	dataKey, err := m.unwrap(passphrase)
	if err != nil {
		return err
	}
	if Exists(dir) {
		return errs.New(errs.Conflict, "a workspace already exists in %s", dir).WithKey("err.workspaceExists", "dir", dir)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		return errs.New(errs.Conflict, "the folder %s is not empty", dir).WithKey("err.folderNotEmpty", "dir", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return errs.Wrap(errs.Internal, err, "create workspace folder")
	}
	defer func() {
		if err != nil {
			os.RemoveAll(filepath.Join(dir, dbDir))
			os.Remove(filepath.Join(dir, deviceFile))
		}
	}()
	db, err := badger.Open(badgerOptions(filepath.Join(dir, dbDir), dataKey))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "open database for restore")
	}
	sr := crypt.NewStreamReader(br, crypt.SubKey(dataKey, "backup"), raw)
	lerr := db.Load(ctxReader{ctx, sr}, 64)
	if cerr := db.Close(); lerr == nil && cerr != nil {
		lerr = cerr
	}
	if lerr != nil {
		if cerr := ctxErr(ctx); cerr != nil {
			return cerr
		}
		if errors.Is(lerr, crypt.ErrWrongKey) || errors.Is(lerr, crypt.ErrTruncated) {
			return errs.Wrap(errs.Invalid, lerr, "the backup file is damaged or incomplete").WithKey("err.badBackup")
		}
		return errs.Wrap(errs.Invalid, lerr, "the backup could not be loaded").WithKey("err.badBackup")
	}
	// A full backup's stream must end with the sealed final chunk; Load may
	// stop reading before it, so make sure nothing is left unread or cut.
	if _, err := io.Copy(io.Discard, sr); err != nil {
		return errs.Wrap(errs.Invalid, err, "the backup file is damaged or incomplete").WithKey("err.badBackup")
	}
	if err := writeMeta(dir, &m); err != nil {
		return errs.Wrap(errs.Internal, err, "restore")
	}
	return nil
}

// RestoreFile restores from a backup file.
func RestoreFile(ctx context.Context, path, dir, passphrase string) error {
	f, err := os.Open(path)
	if err != nil {
		return errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path)
	}
	defer f.Close()
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
