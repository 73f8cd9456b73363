package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"credence/backend/dossier"
	"credence/backend/errs"
)

// A workspace whose table fails its checksum opens (what is intact stays
// readable), says it is damaged, and a backup refuses to copy it unless
// told to.
func TestDamagedWorkspaceBackupRefused(t *testing.T) {
	src := filepath.Join(t.TempDir(), "ws")
	s, err := Create(src, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	var ds []*dossier.Dossier
	for i := range 600 {
		d := sample()
		d.LatinName.Value = fmt.Sprintf("Damage Test %d", i)
		ds = append(ds, d)
	}
	if _, err := s.CreateDossiers(ds, "U", nil); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Verify(context.Background()); err != nil || !r.OK() || r.Dossiers != 600 || len(s.Damaged()) != 0 {
		t.Fatalf("sound workspace: %+v %v %v", r, err, s.Damaged())
	}
	s.Close()
	ssts, _ := filepath.Glob(filepath.Join(src, dbDir, "*.sst"))
	if len(ssts) == 0 {
		t.Fatal("no table")
	}
	orig, _ := os.ReadFile(ssts[0])
	// Every flip that opens is checked: where it lands (a block's data,
	// its checksum, the index) decides whether the read fails quietly or
	// Badger panics, and the table's bytes differ from run to run.
	opened := 0
	for k := 1; k < 40; k++ {
		dir := filepath.Join(t.TempDir(), "ws")
		copyTree(t, src, dir)
		b := append([]byte(nil), orig...)
		b[len(b)*k/40] ^= 0x04
		os.WriteFile(filepath.Join(dir, dbDir, filepath.Base(ssts[0])), b, 0o600)
		s, err := Open(dir, pass, Options{})
		if err != nil {
			if errKey(err) != "err.damaged" {
				t.Fatalf("open refused without saying damaged: %v", err)
			}
			continue
		}
		opened++
		if len(s.Damaged()) == 0 {
			s.Close()
			t.Fatalf("flip at %d/40: opened without noticing", k)
		}
		if r, err := s.Verify(context.Background()); err != nil || r.OK() {
			t.Fatalf("flip at %d/40: verify of a damaged workspace: %+v %v", k, r, err)
		}
		if opened == 1 {
			out := filepath.Join(t.TempDir(), "b.credence")
			if err := s.BackupFile(context.Background(), out); errs.Code(err) != errs.Invalid || errKey(err) != "err.damaged" {
				t.Fatalf("backup of a damaged workspace: %v", err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("refused backup left a file")
			}
			if err := s.BackupFileWith(context.Background(), out, io.Discard, BackupOptions{AllowDamaged: true}); errKey(err) == "err.damaged" {
				t.Fatalf("backup with AllowDamaged still refused: %v", err)
			}
		}
		s.Close()
	}
	if opened > 0 {
		return
	}
	t.Fatal("every flip made the open fail: the damaged-but-open path was not exercised")
}
