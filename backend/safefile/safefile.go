// Package safefile writes output files (reports, exports, backups) so that
// a reader never sees half a file and a killed process leaves no copy of
// customer data behind: the bytes go to an unnamed file (O_TMPFILE on
// Linux) that only gets a name once complete and on disk. Where the system
// has no unnamed files, a 0600 hidden temporary file next to the target is
// used and removed on every failure. Files are created 0600; a symlink at
// the target is refused rather than followed.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrSymlink is returned when the target is a symbolic link: writing
// through it could put customer data wherever the link points.
var ErrSymlink = errors.New("the target is a symbolic link")

// Write creates or replaces path with what fn writes. Either the whole
// output is at path, fsynced, or path is as it was before.
func Write(path string, fn func(w io.Writer) error) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("write %s: %w", path, ErrSymlink)
	}
	dir := filepath.Dir(path)
	if f, err := openUnnamed(dir); err == nil {
		return writeUnnamed(f, path, fn)
	}
	return writeNamed(dir, path, fn)
}

// WriteBytes is Write for output already in memory.
func WriteBytes(path string, b []byte) error {
	return Write(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

func fill(f *os.File, fn func(w io.Writer) error) error {
	if err := fn(f); err != nil {
		return err
	}
	return f.Sync()
}

// writeUnnamed fills an unnamed file and links it into place. A crash
// before the link leaves nothing: the kernel frees an unnamed file when
// its last descriptor closes.
func writeUnnamed(f *os.File, path string, fn func(w io.Writer) error) error {
	defer f.Close()
	if err := fill(f, fn); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := link(f, path); err == nil {
		return syncDir(filepath.Dir(path))
	} else if !os.IsExist(err) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The target exists: link under a hidden name, then rename over it. The
	// file is complete by now, so only a finished copy can be left behind.
	tmp := hiddenName(path)
	if err := link(f, tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

func writeNamed(dir, path string, fn func(w io.Writer) error) error {
	f, err := os.OpenFile(hiddenName(path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	err = fill(f, fn)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(dir)
}

func hiddenName(path string) string {
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.partial-%d-%d", filepath.Base(path), os.Getpid(), seq()))
}
