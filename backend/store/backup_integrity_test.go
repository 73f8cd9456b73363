package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"credence/backend/crypt"
	"credence/backend/errs"
)

func errKey(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Key
	}
	return ""
}

// backupBytes makes a workspace with enough data for several stream chunks
// and returns two backups of it.
func twoBackups(t *testing.T) (*Store, []byte, []byte) {
	t.Helper()
	s := MustCreate(t)
	d, err := s.CreateDossier(sample(), "U")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAttachment(d.ID, "scan.pdf", "other", crypt.Random(300<<10), "U"); err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := s.Backup(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return s, a.Bytes(), b.Bytes()
}

// bodyStart is where the sealed stream of a format-2 backup begins.
func bodyStart(b []byte) int {
	n := int(binary.BigEndian.Uint32(b[len(backupMagic):]))
	return len(backupMagic) + 4 + n + 32
}

// frames splits a sealed stream into its frames.
func frames(b []byte) [][]byte {
	var out [][]byte
	for len(b) >= 4 {
		n := 4 + int(binary.BigEndian.Uint32(b))
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

func restoreBytes(t *testing.T, b []byte) (string, error) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "r")
	err := Restore(context.Background(), bytes.NewReader(b), dir, pass)
	if err != nil && Exists(dir) {
		t.Fatalf("failed restore left a workspace: %v", err)
	}
	return dir, err
}

// Chunks of two backups of the same workspace cannot be swapped, and bytes
// appended after the end are refused.
func TestBackupChunksBoundToTheirBackup(t *testing.T) {
	_, a, b := twoBackups(t)
	if _, err := restoreBytes(t, a); err != nil {
		t.Fatalf("genuine backup: %v", err)
	}
	fa, fb := frames(a[bodyStart(a):]), frames(b[bodyStart(b):])
	if len(fa) < 3 || len(fa) != len(fb) {
		t.Fatalf("%d and %d frames; the test needs several", len(fa), len(fb))
	}
	for i := range fa {
		mixed := bytes.Clone(a[:bodyStart(a)])
		for j := range fa {
			if j == i {
				mixed = append(mixed, fb[j]...)
			} else {
				mixed = append(mixed, fa[j]...)
			}
		}
		if _, err := restoreBytes(t, mixed); errs.Code(err) != errs.Invalid || errKey(err) != "err.badBackup" {
			t.Fatalf("chunk %d of another backup accepted: %v", i, err)
		}
	}
	for _, tail := range [][]byte{{0}, []byte("appended text"), fa[len(fa)-1]} {
		_, err := restoreBytes(t, append(bytes.Clone(a), tail...))
		if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "appended") {
			t.Fatalf("%d bytes appended: %v", len(tail), err)
		}
	}
}

// A change anywhere in the header is reported as a damaged header, never
// as a wrong passphrase.
func TestBackupDamagedHeaderNamed(t *testing.T) {
	_, a, _ := twoBackups(t)
	end := bodyStart(a)
	named := 0
	for i := len(backupMagic); i < end; i++ {
		_, err := restoreBytes(t, flip(a, i))
		if errs.Code(err) == errs.Unauthorized {
			t.Fatalf("flip at header byte %d reported as a wrong passphrase: %v", i, err)
		}
		if errKey(err) != "err.backupHeader" {
			t.Fatalf("flip at header byte %d: %v", i, err)
		}
		named++
	}
	t.Logf("%d of %d header flips named a damaged header", named, end-len(backupMagic))
}

// A crafted header asking Argon2id for 4 GiB and many passes is refused
// before any derivation: the memory allocated stays small.
func TestBackupCraftedKDFRefusedCheaply(t *testing.T) {
	s, a, _ := twoBackups(t)
	h := backupHeader{Format: backupFormat, BackupID: crypt.RandomHex(16), Meta: *s.cloneMeta()}
	salt := h.Meta.Slots[0].KDF.Salt
	for _, k := range []crypt.KDFParams{
		{Time: 1, Memory: 4 << 20, Threads: 4, Salt: salt},
		{Time: 40, Memory: 64 << 10, Threads: 4, Salt: salt},
	} {
		h.Meta.Slots[0].KDF = k
		raw, _ := json.Marshal(h)
		sum := sumOf(raw)
		var b bytes.Buffer
		b.WriteString(backupMagic)
		binary.Write(&b, binary.BigEndian, uint32(len(raw)))
		b.Write(raw)
		b.Write(sum)
		b.Write(a[bodyStart(a):])
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := restoreBytes(t, b.Bytes())
		runtime.ReadMemStats(&m1)
		if errKey(err) != "err.backupHeader" {
			t.Fatalf("crafted KDF %+v: %v", k, err)
		}
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 32<<20 {
			t.Fatalf("refusing a crafted header allocated %d MB", alloc>>20)
		}
	}
}

func sumOf(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// The backup never writes through a symlink planted at a temporary name,
// and leaves nothing but the backup in its folder.
func TestBackupDoesNotFollowSymlinks(t *testing.T) {
	s := MustCreate(t)
	s.CreateDossier(sample(), "U")
	out := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("keep me"), 0o600)
	path := filepath.Join(out, "b.credence")
	if err := os.Symlink(victim, path+".partial"); err != nil {
		t.Fatal(err)
	}
	if err := s.BackupFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Fatal("backup wrote through a symlink")
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file %v %v", fi, err)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 2 {
		t.Fatalf("backup folder holds %d entries, want the backup and the planted link", len(ents))
	}
}

// A restore killed with SIGKILL part-way leaves no workspace in the target;
// the next restore removes the leftovers and succeeds.
func TestRestoreKilledCleansUp(t *testing.T) {
	s, a, _ := twoBackups(t)
	want := s.Count()
	backup := filepath.Join(t.TempDir(), "b.credence")
	if err := os.WriteFile(backup, a, 0o600); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	target := filepath.Join(parent, "restored")
	killed := 0
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CREDENCE_RESTORE_CHILD="+backup, "CREDENCE_RESTORE_TARGET="+target)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "STARTED" {
		}
		time.Sleep(time.Duration(50+100*round) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		io.Copy(io.Discard, out)
		if err := cmd.Wait(); err != nil {
			killed++
		}
		if Exists(target) {
			t.Fatalf("round %d: a killed restore left a workspace header in the target", round)
		}
	}
	if killed == 0 {
		t.Fatal("no restore was killed part-way: the test exercised nothing")
	}
	if err := RestoreFile(context.Background(), backup, target, pass); err != nil {
		t.Fatalf("restore after killed ones: %v", err)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 || ents[0].Name() != "restored" {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("leftovers beside the restored workspace: %v", names)
	}
	r, err := Open(target, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Count() != want {
		t.Fatalf("restored %d dossiers, want %d", r.Count(), want)
	}
	t.Logf("%d restores killed part-way, then one restored cleanly", killed)
}

// restoreChild is the process of TestRestoreKilledCleansUp: it restores
// slowly (a throttled reader) so that the kill lands part-way.
func restoreChild(backup string) {
	target := os.Getenv("CREDENCE_RESTORE_TARGET")
	f, err := os.Open(backup)
	if err != nil {
		os.Exit(3)
	}
	fmt.Println("STARTED")
	err = Restore(context.Background(), slowReader{f}, target, pass)
	fmt.Println("DONE", err)
	os.Exit(0)
}

type slowReader struct{ r io.Reader }

func (s slowReader) Read(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return s.r.Read(p[:min(len(p), 8<<10)])
}

// What a killed backup left beside the target goes at the next backup;
// a fresh one (a backup in progress) stays.
func TestBackupRemovesStalePartials(t *testing.T) {
	s := MustCreate(t)
	out := t.TempDir()
	path := filepath.Join(out, "b.credence")
	stale := filepath.Join(out, ".b.credence.partial-123")
	fresh := filepath.Join(out, ".b.credence.partial-456")
	os.WriteFile(stale, []byte("left by a kill"), 0o600)
	os.WriteFile(fresh, []byte("being written"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	if err := s.BackupFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Fatal("stale partial backup left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Fatal("a recent partial (a backup in progress) was removed")
	}
}
