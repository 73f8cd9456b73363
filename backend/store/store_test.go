package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/crypt"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
)

// cheapKDF keeps tests fast; the real parameters are exercised once in
// TestDefaultKDFUnlocks.
var cheapKDF = &crypt.KDFParams{Time: 1, Memory: 1024, Threads: 1, Salt: []byte("0123456789abcdef")}

const pass = "correct horse battery"

// MustCreate makes a workspace in a temp dir.
func MustCreate(tb testing.TB) *Store {
	tb.Helper()
	s, err := Create(filepath.Join(tb.TempDir(), "ws"), pass, Settings{FirmName: "Ningbo Export Co", UserName: "李雷", Language: "zh-CN"}, Options{KDF: cheapKDF})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func sample() *dossier.Dossier {
	return &dossier.Dossier{
		LegalName:   dossier.Fact{Value: "深圳市光明照明有限公司", Sources: []dossier.Source{{Kind: "registry", Date: "2026-01-05"}}, State: dossier.Verified},
		LatinName:   dossier.Fact{Value: "Shenzhen Guangming Lighting Co., Ltd."},
		Aliases:     []string{"Bright Lighting"},
		Country:     dossier.Fact{Value: "CN"},
		Emails:      []dossier.Fact{{Value: "sales@gm-light.cn"}},
		Phones:      []dossier.Fact{{Value: "+86 755 8888 1234"}},
		Identifiers: []dossier.Fact{{Type: "uscc", Value: "91440300MA5F00000X"}},
		Contacts:    []dossier.Contact{{Name: "王芳", Role: "purchasing"}},
	}
}

func TestCreateOpenWrongPassphraseAndLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDossier(sample(), "U")
	if err != nil {
		t.Fatal(err)
	}
	// A second process (here: a second Open) is refused while it is open.
	if _, err := Open(dir, pass, Options{}); errs.Code(err) != errs.Locked {
		t.Fatalf("second open: %v, want locked", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := snapshotDir(t, dir)
	if _, err := Open(dir, "wrong passphrase", Options{}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if after := snapshotDir(t, dir); after != before {
		t.Fatalf("a wrong passphrase changed files:\n%s\n---\n%s", before, after)
	}
	s2, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Dossier(d.ID)
	if err != nil || got.LegalName.Value != "深圳市光明照明有限公司" {
		t.Fatalf("reopened dossier %+v, %v", got, err)
	}
	if res := s2.Search(search.Query{Text: "Bright"}); res.Total != 1 {
		t.Fatalf("index not rebuilt at open: %+v", res)
	}
	st, _ := s2.Settings()
	if st.FirmName != "F" || st.Language != "zh-CN" {
		t.Fatalf("settings %+v", st)
	}
	if _, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF}); errs.Code(err) != errs.Conflict {
		t.Fatalf("create over existing: %v", err)
	}
}

// snapshotDir lists names, sizes and modification times of all files.
func snapshotDir(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			fmt.Fprintf(&b, "%s %s %d\n", p, fi.ModTime(), fi.Size())
		}
		return nil
	})
	return b.String()
}

func TestDefaultKDFUnlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("argon2id with 64 MiB")
	}
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.meta.Slots[0].KDF.Memory < 64*1024 {
		t.Fatalf("default argon2 memory %d KiB", s.meta.Slots[0].KDF.Memory)
	}
	s.Close()
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestChangePassphraseRewrapsOnly(t *testing.T) {
	s := MustCreate(t)
	d, _ := s.CreateDossier(sample(), "U")
	if err := s.ChangePassphrase("not it", "new passphrase 2"); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("change with wrong old: %v", err)
	}
	if err := s.ChangePassphrase(pass, "short"); errs.Code(err) != errs.Invalid {
		t.Fatalf("short new: %v", err)
	}
	if err := s.ChangePassphrase(pass, "new passphrase 2"); err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	s.Close()
	if _, err := Open(dir, pass, Options{}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("old passphrase still opens: %v", err)
	}
	s2, err := Open(dir, "new passphrase 2", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Dossier(d.ID); err != nil {
		t.Fatal(err)
	}
}

func TestSaveRecordsFieldLevelHistory(t *testing.T) {
	s := MustCreate(t)
	// Creating the workspace logged its first person: start after that.
	_, base, err := s.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDossier(sample(), "李雷")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(d.ID)
	if len(h) < 5 {
		t.Fatalf("creation history has %d entries", len(h))
	}
	e := d.Clone()
	e.Notes = "met at Canton Fair"
	e.Emails[0].Value = "buyer@gm-light.cn"
	e2, err := s.SaveDossier(e, "韩梅梅")
	if err != nil {
		t.Fatal(err)
	}
	h, _ = s.History(d.ID)
	// Who is the person who unlocked (李雷 created the workspace), by id
	// and shown by name; the name a caller passes decides nothing.
	if h[0].User != "李雷" || h[0].UserID != personID(s) || h[0].Device != s.DeviceID() || h[0].HLC <= h[len(h)-1].HLC {
		t.Fatalf("newest entry %+v", h[0])
	}
	fields := map[string]ChangeRecord{}
	for _, r := range h[:2] {
		fields[r.Field] = r
	}
	if r, ok := fields["emails/"+d.Emails[0].ID]; !ok || !strings.Contains(r.Old, "sales@") || !strings.Contains(r.New, "buyer@") {
		t.Fatalf("e-mail change not recorded: %+v", h[:2])
	}
	if r := fields["notes"]; r.New != `"met at Canton Fair"` {
		t.Fatalf("notes change: %+v", r)
	}
	// Saving from the stale copy is refused: nothing is overwritten silently.
	stale := d.Clone()
	stale.Notes = "other"
	if _, err := s.SaveDossier(stale, "x"); errs.Code(err) != errs.Conflict {
		t.Fatalf("stale save: %v", err)
	}
	// Saving unchanged adds no history.
	n := len(h)
	if _, err := s.SaveDossier(e2, "x"); err != nil {
		t.Fatal(err)
	}
	if h, _ = s.History(d.ID); len(h) != n {
		t.Fatalf("no-op save added history: %d → %d", n, len(h))
	}
	// The change log holds every change of history, oldest first, and a
	// cursor resumes after what was read.
	log, cur, err := s.Changes(base, 0)
	if err != nil || len(log) != n {
		t.Fatalf("log has %d entries (%v), history %d", len(log), err, n)
	}
	for i := 1; i < len(log); i++ {
		if log[i].HLC.Less(log[i-1].HLC) {
			t.Fatal("log out of order")
		}
	}
	head, mid, _ := s.Changes(base, n-2)
	tail, _, _ := s.Changes(mid, 0)
	if len(head) != n-2 || len(tail) != 2 || tail[1].ID != log[n-1].ID {
		t.Fatalf("changes since: %d then %d", len(head), len(tail))
	}
	if rest, _, _ := s.Changes(cur, 0); len(rest) != 0 {
		t.Fatalf("%d changes after the end", len(rest))
	}
}

func TestArchiveAndRestore(t *testing.T) {
	s := MustCreate(t)
	d, _ := s.CreateDossier(sample(), "U")
	if _, err := s.SetArchived(d.ID, true, "U"); err != nil {
		t.Fatal(err)
	}
	if s.Search(search.Query{}).Total != 0 || s.Search(search.Query{Archived: true}).Total != 1 {
		t.Fatal("archived dossier still listed as current")
	}
	if _, err := s.SetArchived(d.ID, false, "U"); err != nil {
		t.Fatal(err)
	}
	if s.Search(search.Query{}).Total != 1 {
		t.Fatal("restored dossier not listed")
	}
	if _, err := s.Dossier("nope"); errs.Code(err) != errs.NotFound {
		t.Fatalf("missing dossier: %v", err)
	}
}

func TestValidationErrorsChangeNothing(t *testing.T) {
	s := MustCreate(t)
	bad := sample()
	bad.Country.Value = "China"
	if _, err := s.CreateDossier(bad, "U"); errs.Code(err) != errs.Invalid {
		t.Fatalf("invalid dossier accepted: %v", err)
	}
	if s.Count() != 0 {
		t.Fatal("invalid dossier stored")
	}
}

func TestAttachments(t *testing.T) {
	s := MustCreate(t)
	d, _ := s.CreateDossier(sample(), "U")
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 200<<10)...)
	a, err := s.AddAttachment(d.ID, "licence.png", "licence", png, "U")
	if err != nil {
		t.Fatal(err)
	}
	if a.Mime != "image/png" || a.Size != int64(len(png)) {
		t.Fatalf("attachment %+v", a)
	}
	_, data, err := s.Attachment(d.ID, a.ID)
	if err != nil || !bytes.Equal(data, png) {
		t.Fatalf("read back: %v", err)
	}
	if _, err := s.AddAttachment(d.ID, "empty.pdf", "other", nil, "U"); errs.Code(err) != errs.Invalid {
		t.Fatalf("empty file: %v", err)
	}
	if err := s.RemoveAttachment(d.ID, a.ID, "U"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Attachment(d.ID, a.ID); errs.Code(err) != errs.NotFound {
		t.Fatalf("removed attachment: %v", err)
	}
}

// TestNoPlaintextOnDisk writes a unique marker into a dossier and an
// attachment and then looks for it in every file under the workspace.
func TestNoPlaintextOnDisk(t *testing.T) {
	s := MustCreate(t)
	marker := "MARKER-" + strings.ToUpper(crypt.RandomHex(8))
	markerZH := "独特标记" + marker
	d := sample()
	d.Notes = marker
	d.LegalName.Value = markerZH
	got, err := s.CreateDossier(d, "U")
	if err != nil {
		t.Fatal(err)
	}
	// Large enough to land in the value log, and a small one in the LSM tree.
	big := bytes.Repeat([]byte(marker+" "), 20000)
	if _, err := s.AddAttachment(got.ID, "big.txt", "other", big, "U"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAttachment(got.ID, "small.txt", "other", []byte(marker), "U"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.Dir(), "..", "backup.credence"), buf.Bytes(), 0o600)
	dir := s.Dir()
	s.Close()
	checked := 0
	filepath.Walk(filepath.Dir(dir), func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		checked++
		for _, m := range []string{marker, markerZH, "gm-light", "Bright Lighting"} {
			if bytes.Contains(b, []byte(m)) {
				t.Errorf("%s contains plaintext %q", p, m)
			}
		}
		return nil
	})
	if checked < 4 {
		t.Fatalf("only %d files checked", checked)
	}
}

func TestBackupRestoreOnAnotherMachine(t *testing.T) {
	s := MustCreate(t)
	d, _ := s.CreateDossier(sample(), "U")
	photo := bytes.Repeat([]byte("photo"), 100<<10)
	a, _ := s.AddAttachment(d.ID, "site.jpg", "site", photo, "U")
	e := d.Clone()
	e.UpdatedAt = mustGet(t, s, d.ID).UpdatedAt
	e.Notes = "after attachment"
	if _, err := s.SaveDossier(e, "U"); err != nil {
		t.Fatal(err)
	}
	wantHistory, _ := s.History(d.ID)
	path := filepath.Join(t.TempDir(), "b.credence")
	if err := s.BackupFile(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if err := RestoreFile(context.Background(), path, target, "wrong one!"); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("wrong passphrase restore: %v", err)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatal("wrong passphrase created the target")
	}
	if err := RestoreFile(context.Background(), path, target, pass); err != nil {
		t.Fatal(err)
	}
	r, err := Open(target, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.DeviceID() == s.DeviceID() {
		t.Fatal("restored workspace kept the old device id")
	}
	if r.WorkspaceID() != s.WorkspaceID() {
		t.Fatal("workspace id changed")
	}
	got := mustGet(t, r, d.ID)
	if got.Notes != "after attachment" || len(got.Attachments) != 1 {
		t.Fatalf("restored dossier %+v", got)
	}
	_, data, err := r.Attachment(d.ID, a.ID)
	if err != nil || !bytes.Equal(data, photo) {
		t.Fatalf("restored attachment: %v", err)
	}
	h, _ := r.History(d.ID)
	if len(h) != len(wantHistory) {
		t.Fatalf("history %d entries, want %d", len(h), len(wantHistory))
	}
	if r.Search(search.Query{Text: "光明"}).Total != 1 {
		t.Fatal("restored workspace not searchable")
	}
	// Restoring again over it is refused.
	if err := RestoreFile(context.Background(), path, target, pass); errs.Code(err) != errs.Conflict {
		t.Fatalf("restore over workspace: %v", err)
	}
}

func TestRestoreRejectsDamagedBackups(t *testing.T) {
	s := MustCreate(t)
	s.CreateDossier(sample(), "U")
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	cases := map[string][]byte{
		"empty":     nil,
		"not ours":  []byte("PK\x03\x04 a zip file"),
		"truncated": full[:len(full)-30],
		"flipped":   flip(full, len(full)-100),
		"header":    flip(full, 30),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "r")
			err := Restore(context.Background(), bytes.NewReader(b), dir, pass)
			if err == nil {
				t.Fatal("damaged backup restored")
			}
			if c := errs.Code(err); c != errs.Invalid && c != errs.Unauthorized {
				t.Fatalf("code %s: %v", c, err)
			}
			if Exists(dir) {
				t.Fatal("damaged backup left a workspace")
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x40
	return c
}

func mustGet(t *testing.T, s *Store, id string) *dossier.Dossier {
	t.Helper()
	d, err := s.Dossier(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCancelledBackupLeavesNoFile(t *testing.T) {
	s := MustCreate(t)
	s.CreateDossier(sample(), "U")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "b.credence")
	if err := s.BackupFile(ctx, path); err == nil {
		t.Fatal("cancelled backup succeeded")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("cancelled backup left a file")
	}
	if _, err := os.Stat(path + ".partial"); !os.IsNotExist(err) {
		t.Fatal("cancelled backup left a partial file")
	}
	_ = time.Now
}

func TestCreateDossiersIsAllOrNothing(t *testing.T) {
	s := MustCreate(t)
	good, bad := sample(), sample()
	bad.Country.Value = "Germany"
	if _, err := s.CreateDossiers([]*dossier.Dossier{good, bad}, "U", nil); errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "record 2") {
		t.Fatalf("bad batch: %v", err)
	}
	if s.Count() != 0 {
		t.Fatal("a rejected batch stored something")
	}
	var done []int
	got, err := s.CreateDossiers([]*dossier.Dossier{sample(), sample(), sample()}, "U", func(n int) { done = append(done, n) })
	if err != nil || len(got) != 3 || s.Count() != 3 || done[len(done)-1] != 3 {
		t.Fatalf("batch: %v, %d stored, progress %v", err, s.Count(), done)
	}
	if h, _ := s.History(got[1].ID); len(h) == 0 {
		t.Fatal("batch wrote no history")
	}
}

// A value-log file left empty by a kill (created, header not yet written)
// does not keep the workspace from opening.
func TestEmptyVlogLeftByKill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDossier(sample(), "U")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// A memtable's write-ahead log is made the same way (the re-key kill
	// test met one too).
	for _, name := range []string{"000099.vlog", "00098.mem"} {
		if err := os.WriteFile(filepath.Join(dir, dbDir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatalf("open with an empty value log and write-ahead log: %v", err)
	}
	defer s.Close()
	if _, err := s.Dossier(d.ID); err != nil {
		t.Fatal(err)
	}
}
