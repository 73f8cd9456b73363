package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/dossier"
	"credence/backend/errs"
)

const pass2 = "a new passphrase after the leak"

// rekeyWorkspace makes a closed workspace with dossiers and an attachment.
func rekeyWorkspace(t *testing.T, n int) (dir, dossierID, attID string, photo []byte) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	var ds []*dossier.Dossier
	for i := range n {
		d := sample()
		d.LatinName.Value = fmt.Sprintf("Rekey Test %d", i)
		ds = append(ds, d)
	}
	got, err := s.CreateDossiers(ds, "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	photo = crypt.Random(200 << 10)
	a, err := s.AddAttachment(got[0].ID, "site.jpg", "site", photo, "U")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir, got[0].ID, a.ID, photo
}

// checkWorkspace opens dir with whichever passphrase works and checks the data.
func checkWorkspace(t *testing.T, dir string, n int, dossierID, attID string, photo []byte) string {
	t.Helper()
	for _, p := range []string{pass, pass2} {
		s, err := Open(dir, p, Options{})
		if errs.Code(err) == errs.Unauthorized {
			continue
		}
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer s.Close()
		if s.Count() != n {
			t.Fatalf("%d dossiers, want %d", s.Count(), n)
		}
		if _, data, err := s.Attachment(dossierID, attID); err != nil || !bytes.Equal(data, photo) {
			t.Fatalf("attachment after re-key: %v", err)
		}
		for _, name := range []string{rekeyDBDir, rekeyMetaFile, oldDBDir} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Fatalf("%s left behind after open", name)
			}
		}
		return p
	}
	t.Fatal("neither passphrase opens the workspace")
	return ""
}

// After a re-key the old data key opens nothing: an old backup's header
// and the old passphrase give a key the database refuses.
func TestRekeyReencrypts(t *testing.T) {
	dir, id, att, photo := rekeyWorkspace(t, 20)
	oldMeta, _ := readMeta(dir)
	u, _ := oldMeta.unlock("", pass)
	oldKey := u.dataKey
	if err := Rekey(dir, "wrong passphrase", pass2); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("re-key with a wrong passphrase: %v", err)
	}
	if err := Rekey(dir, pass, pass2); err != nil {
		t.Fatal(err)
	}
	if got := checkWorkspace(t, dir, 20, id, att, photo); got != pass2 {
		t.Fatalf("opened with %q after re-key", got)
	}
	db, err := badger.Open(badgerOptions(filepath.Join(dir, dbDir), oldKey))
	if err == nil {
		db.Close()
		t.Fatal("the old data key still opens the database")
	}
	if !errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		t.Fatalf("old key: %v", err)
	}
}

// TestRekeyKilled kills re-keys with SIGKILL at random moments: after each
// kill the workspace opens with exactly one of the two passphrases and
// holds everything.
func TestRekeyKilled(t *testing.T) {
	const n = 400
	dir, id, att, photo := rekeyWorkspace(t, n)
	current := pass
	kills, done := 0, 0
	// One re-key left to finish says how long a whole one takes here; the
	// kills then fall at random moments inside that span, so they land in
	// the re-key however fast or loaded the machine is.
	var span time.Duration
	for round := 0; round < 11; round++ {
		next := pass2
		if current == pass2 {
			next = pass
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CREDENCE_REKEY_CHILD="+dir, "CREDENCE_REKEY_FROM="+current, "CREDENCE_REKEY_TO="+next)
		started := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		kill := time.AfterFunc(time.Hour, func() { cmd.Process.Signal(syscall.SIGKILL) })
		if round > 0 {
			kill.Reset(time.Duration(rand.Int64N(int64(span))))
		}
		err := cmd.Wait()
		kill.Stop()
		if round == 0 {
			if err != nil {
				t.Fatalf("a re-key left alone failed: %v", err)
			}
			span = time.Since(started)
		}
		if err != nil {
			kills++
		} else {
			done++
		}
		current = checkWorkspace(t, dir, n, id, att, photo)
	}
	if kills == 0 {
		t.Fatal("no re-key was killed: the test exercised nothing")
	}
	t.Logf("%d re-keys killed, %d finished; every time the workspace opened whole", kills, done)
}

// rekeyChild is the re-keying process of TestRekeyKilled.
func rekeyChild(dir string) {
	if err := Rekey(dir, os.Getenv("CREDENCE_REKEY_FROM"), os.Getenv("CREDENCE_REKEY_TO")); err != nil {
		fmt.Println("REKEY FAILED", err)
		os.Exit(4)
	}
	os.Exit(0)
}

// Each state a crash can leave is recovered: before the commit point the
// old workspace opens and the copy is removed; after it, the new one.
func TestRekeyRecoveryStates(t *testing.T) {
	for _, state := range []string{"copy without header", "committed", "old moved aside", "new in place"} {
		t.Run(state, func(t *testing.T) {
			dir, id, att, photo := rekeyWorkspace(t, 5)
			old := t.TempDir()
			copyTree(t, dir, old)
			if err := Rekey(dir, pass, pass2); err != nil {
				t.Fatal(err)
			}
			mv := func(a, b string) {
				if err := os.Rename(filepath.Join(dir, a), filepath.Join(dir, b)); err != nil {
					t.Fatal(err)
				}
			}
			restoreOld := func(db string, withMeta bool) {
				copyTree(t, filepath.Join(old, dbDir), filepath.Join(dir, db))
				if withMeta {
					b, _ := os.ReadFile(filepath.Join(old, metaFile))
					os.WriteFile(filepath.Join(dir, metaFile), b, 0o600)
				}
			}
			want := pass2
			switch state {
			case "copy without header": // killed while copying: the new files are garbage to remove
				mv(dbDir, rekeyDBDir)
				restoreOld(dbDir, true)
				want = pass
			case "committed":
				mv(dbDir, rekeyDBDir)
				mv(metaFile, rekeyMetaFile)
				restoreOld(dbDir, true)
			case "old moved aside":
				mv(dbDir, rekeyDBDir)
				mv(metaFile, rekeyMetaFile)
				restoreOld(oldDBDir, true)
			case "new in place":
				mv(metaFile, rekeyMetaFile)
				restoreOld(oldDBDir, true)
			}
			if got := checkWorkspace(t, dir, 5, id, att, photo); got != want {
				t.Fatalf("opened with %q, want %q", got, want)
			}
		})
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if fi.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
