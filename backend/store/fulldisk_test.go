//go:build linux

// The full-disk tests mount a real tmpfs, which only Linux has; the Windows
// build of the test binaries (make dist-check) leaves this file out.

package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"credence/backend/crypt"
	"credence/backend/errs"
	"credence/backend/search"
)

// smallDisk mounts a 192 MB tmpfs (the tests run as root in CI) and
// unmounts it at the end. Without the right to mount, the test fails
// rather than pretending: a full disk is the thing under test.
func smallDisk(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=192m"); err != nil {
		t.Fatalf("mount a small tmpfs for the full-disk test (needs root, as in CI): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fill writes a filler file until the disk keeps only leave bytes free (0:
// until the disk refuses).
func fill(t *testing.T, dir, name string, leave int64) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := bytes.Repeat([]byte{0xAA}, 1<<20)
	for {
		free, _ := freeSpace(dir)
		n := min(int64(len(chunk)), free-leave)
		if n <= 0 {
			return
		}
		if _, err := f.Write(chunk[:n]); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// TestFullDisk fills a small real filesystem while the workspace writes:
// every write near the end is refused with a sentence (the process never
// dies of SIGBUS in Badger's mapped files), and once the disk is full to
// the last byte the workspace still opens, read-only, and can be backed up
// to another disk and restored.
func TestFullDisk(t *testing.T) {
	disk := smallDisk(t)
	dir := filepath.Join(disk, "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, disk, "filler1", s.reserve()+3<<20)
	created := 0
	notes := strings.Repeat("visit notes ", 2000)
	for i := 0; ; i++ {
		d := sample()
		d.Notes = notes
		_, err := s.CreateDossier(d, "U")
		if err != nil {
			if errs.Code(err) != errs.Invalid || errKey(err) != "err.diskNearlyFull" || !strings.Contains(err.Error(), "free some space") {
				t.Fatalf("write on a nearly full disk: %v", err)
			}
			break
		}
		created++
		if i > 10000 {
			t.Fatal("the disk never filled")
		}
	}
	if created == 0 {
		t.Fatal("nothing was written before the disk filled")
	}
	if _, err := s.AddAttachment(mustFirst(t, s), "scan.pdf", "other", crypt.Random(5<<20), "U"); errKey(err) != "err.diskNearlyFull" {
		t.Fatalf("attachment on a full disk: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close on a nearly full disk: %v", err)
	}

	fill(t, disk, "filler2", 0) // to the last byte
	ro, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatalf("open on a full disk: %v", err)
	}
	if !ro.ReadOnly() || ro.Count() != created {
		t.Fatalf("read-only %v, %d dossiers; want read-only, %d", ro.ReadOnly(), ro.Count(), created)
	}
	if _, err := ro.CreateDossier(sample(), "U"); errKey(err) != "err.diskFullReadOnly" {
		t.Fatalf("write to a read-only workspace: %v", err)
	}
	backup := filepath.Join(t.TempDir(), "b.credence")
	if err := ro.BackupFile(context.Background(), backup); err != nil {
		t.Fatalf("backup from a full disk: %v", err)
	}
	ro.Close()
	// Neither a restore onto the full disk nor a re-key there starts.
	onFull := filepath.Join(disk, "restored")
	if err := RestoreFile(context.Background(), backup, onFull, pass); errKey(err) != "err.diskNearlyFull" {
		t.Fatalf("restore onto a full disk: %v", err)
	}
	if _, err := os.Stat(onFull); err == nil {
		t.Fatal("refused restore left a folder")
	}
	if err := Rekey(dir, pass, pass2); errKey(err) != "err.diskNearlyFull" {
		t.Fatalf("re-key on a full disk: %v", err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if err := RestoreFile(context.Background(), backup, restored, pass); err != nil {
		t.Fatal(err)
	}
	r, err := Open(restored, pass, Options{})
	if err != nil || r.Count() != created {
		t.Fatalf("restored from the full disk: %v", err)
	}
	r.Close()

	// Space freed: writable again.
	os.Remove(filepath.Join(disk, "filler1"))
	os.Remove(filepath.Join(disk, "filler2"))
	rw, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if rw.ReadOnly() {
		t.Fatal("still read-only with space free")
	}
	if _, err := rw.CreateDossier(sample(), "U"); err != nil {
		t.Fatalf("write after space was freed: %v", err)
	}
	t.Logf("%d dossiers written before the reserve was reached; full disk opened read-only and backed up", created)
}

func mustFirst(t *testing.T, s *Store) string {
	t.Helper()
	rows := s.Search(search.Query{Limit: 1}).Rows
	if len(rows) == 0 {
		t.Fatal("no dossier")
	}
	return rows[0].ID
}
