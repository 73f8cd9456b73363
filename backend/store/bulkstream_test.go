package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/gen"
	"credence/backend/search"
)

// withStreamMin makes loads of n or more dossiers take the stream for
// the test's duration, and counts the loads that did.
func withStreamMin(t *testing.T, n int) *int {
	old, oldSave := streamMin, streamSaveMin
	streamMin, streamSaveMin = n, n
	streamed := 0
	bulkStage = func(step string) error {
		if step == "complete" {
			streamed++
		}
		return nil
	}
	t.Cleanup(func() { streamMin, streamSaveMin, bulkStage = old, oldSave, nil })
	return &streamed
}

// The stream writes what transactions write: same dossiers, history and
// change log, Verify clean, a save after it continues the log, reopens.
func TestBulkStreamWritesWhatCreateDossiersWrites(t *testing.T) {
	streamed := withStreamMin(t, 100)
	TestBulkCreateWritesWhatCreateDossiersWrites(t)
	if *streamed != 1 {
		t.Fatalf("%d loads streamed, want 1", *streamed)
	}
}

func TestBulkStreamStopsAtAnInvalidDossier(t *testing.T) {
	streamed := withStreamMin(t, 3)
	TestBulkCreateStopsAtAnInvalidDossier(t)
	if *streamed != 1 {
		t.Fatalf("%d loads streamed, want 1", *streamed)
	}
}

// holdings is what a workspace holds, for comparison across a load: its
// dossiers with their history, the change log, a record, an attachment's
// bytes (a value large enough for Badger's value log), the settings.
func holdings(t *testing.T, s *Store, ids []string, attID string) string {
	t.Helper()
	var b strings.Builder
	for _, id := range ids {
		d, err := s.Dossier(id)
		if err != nil {
			t.Fatalf("dossier %s: %v", id, err)
		}
		h, err := s.History(id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s %d\n", d.ID, d.DisplayName(), d.UpdatedAt, len(h))
	}
	var pol map[string]any
	if err := s.GetRecord("credit_policy", "current", &pol); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "policy %v\n", pol)
	_, data, err := s.Attachment(ids[0], attID)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "attachment %d %x\n", len(data), data[:16])
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "settings %s\n", st.FirmName)
	return b.String()
}

// A stream load into a workspace that holds a book, records and a large
// attachment keeps all of it, adds the load, and the result passes Verify,
// continues the change log and reopens.
func TestBulkStreamKeepsWhatTheWorkspaceHeld(t *testing.T) {
	streamed := withStreamMin(t, 50)
	s := MustCreate(t)
	book, err := s.CreateDossiers(gen.Dossiers(40, 3), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range book {
		ids = append(ids, d.ID)
	}
	if err := s.PutRecord("credit_policy", "current", map[string]any{"max_days": 60}); err != nil {
		t.Fatal(err)
	}
	photo := bytes.Repeat([]byte("photo of the warehouse "), 8000) // 184 KB: in the value log
	att, err := s.AddAttachment(ids[0], "visit.jpg", "photo", photo, "U")
	if err != nil {
		t.Fatal(err)
	}
	before := holdings(t, s, ids, att.ID)
	seqBefore := len(changesOf(t, s))

	load := gen.Dossiers(300, 9)
	added, err := s.BulkCreateSized(len(load), from(load), "U", nil)
	if err != nil || len(added) != len(load) || *streamed != 1 {
		t.Fatalf("%d added, %d streamed: %v", len(added), *streamed, err)
	}
	if got := holdings(t, s, ids, att.ID); got != before {
		t.Fatalf("what the workspace held changed:\nbefore %s\nafter  %s", before, got)
	}
	if s.Count() != len(book)+len(load) {
		t.Fatalf("%d indexed", s.Count())
	}
	if n := len(changesOf(t, s)); n <= seqBefore+len(load) {
		t.Fatalf("%d changes logged, had %d", n, seqBefore)
	}
	d, _ := s.Dossier(added[7])
	d.Notes = "met at the fair"
	if _, err := s.SaveDossier(d, "U"); err != nil {
		t.Fatal(err)
	}
	changes := changesOf(t, s) // written() checks the sequences have no gap
	if last := changes[len(changes)-1]; last.Entity != d.ID {
		t.Fatalf("the save after the load logged %+v last", last)
	}
	rep, err := s.Verify(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	dir := s.dir
	s.Close()
	for _, leftover := range []string{bulkDir, bulkOldDir} {
		if _, err := os.Stat(filepath.Join(dir, leftover)); !os.IsNotExist(err) {
			t.Fatalf("%s left behind", leftover)
		}
	}
	re, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if got := holdings(t, re, ids, att.ID); got != before {
		t.Fatalf("after reopening:\nbefore %s\nafter  %s", before, got)
	}
	if r := re.Search(search.Query{Text: load[5].DisplayName(), Limit: 5}); r.Total == 0 {
		t.Fatal("a loaded dossier is not found after reopening")
	}
	if got, _ := re.Dossier(added[7]); got.Notes != "met at the fair" {
		t.Fatalf("the save after the load: %q", got.Notes)
	}
	// A load small against the book goes through transactions: rewriting
	// the book would cost more than it saves.
	more := gen.Dossiers(60, 12)
	if _, err := re.BulkCreateSized(len(more), from(more), "U", nil); err != nil || *streamed != 1 {
		t.Fatalf("a load of 60 into a book of %d: %d streamed, %v", re.Count(), *streamed, err)
	}
}

// A save (and a record the change log does not hold) made while a stream
// load writes waits for it, then lands in the database that replaced the
// old one; reads do not wait.
func TestBulkStreamSaveDuringLoadLands(t *testing.T) {
	withStreamMin(t, 50)
	s := MustCreate(t)
	book, err := s.CreateDossiers(gen.Dossiers(5, 2), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	written := make(chan struct{}) // the load is under way: writes are held
	release := make(chan struct{})
	load := gen.Dossiers(400, 4)
	next := from(load)
	n := 0
	slow := func() (*dossier.Dossier, error) {
		if n++; n == 200 {
			close(written)
			<-release
		}
		return next()
	}
	done := make(chan error, 1)
	go func() { _, err := s.BulkCreate(slow, "U", nil); done <- err }()
	saved := make(chan error, 2)
	go func() {
		<-written
		d := book[1].Clone()
		d.Notes = "saved during the load"
		_, err := s.SaveDossier(d, "U")
		saved <- err
	}()
	go func() { // a record that is not logged, so not held by the log's lock
		<-written
		saved <- s.PutRecord("import_mapping", "fair", map[string]string{"A": "name"})
	}()
	select {
	case <-written:
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("the load wrote nothing")
	}
	if d, err := s.Dossier(book[2].ID); err != nil || d.ID != book[2].ID { // a read does not wait
		close(release)
		<-done
		t.Fatalf("read during the load: %v", err)
	}
	// Another program opening the workspace meanwhile is told it is in use,
	// and leaves the load's database alone.
	if other, err := Open(s.dir, pass, Options{}); errs.Code(err) != errs.Locked {
		if other != nil {
			other.Close()
		}
		close(release)
		<-done
		t.Fatalf("a second open during the load: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.dir, bulkDir)); err != nil {
		close(release)
		<-done
		t.Fatalf("a second open removed the load's database: %v", err)
	}
	select {
	case err := <-saved:
		close(release)
		<-done
		t.Fatalf("a write did not wait for the load (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-saved; err != nil {
			t.Fatal(err)
		}
	}
	if d, _ := s.Dossier(book[1].ID); d.Notes != "saved during the load" {
		t.Fatalf("the save is lost: %q", d.Notes)
	}
	var m map[string]string
	if err := s.GetRecord("import_mapping", "fair", &m); err != nil || m["A"] != "name" {
		t.Fatalf("the record written during the load is lost: %v %v", m, err)
	}
	if s.Count() != len(book)+len(load) {
		t.Fatalf("%d dossiers", s.Count())
	}
	rep, err := s.Verify(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

func changesOf(t *testing.T, s *Store) []changeRow {
	t.Helper()
	_, _ = written(t, s) // fails on a gap in the sequences
	cs, _, err := s.Changes(changelog.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []changeRow
	for _, c := range cs {
		out = append(out, changeRow{c.Entity, c.Seq})
	}
	return out
}

type changeRow struct {
	Entity string
	Seq    uint64
}

// A process that dies during a stream load leaves the workspace as it was
// before the load, or, once the new database was complete and the old one
// moved away, as after it: never between, never unopenable.
func TestBulkStreamCrashLeavesBeforeOrAfter(t *testing.T) {
	for _, tc := range []struct {
		step  string
		after bool
	}{{"written", false}, {"complete", false}, {"moved", true}} {
		t.Run(tc.step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ws")
			s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateDossiers(gen.Dossiers(30, 5), "U", nil); err != nil {
				t.Fatal(err)
			}
			s.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "CREDENCE_BULK_CHILD="+dir, "CREDENCE_BULK_STEP="+tc.step)
			out, _ := cmd.CombinedOutput()
			if !strings.Contains(string(out), "DIED AT "+tc.step) {
				t.Fatalf("the child did not die at %s: %s", tc.step, out)
			}
			re, err := Open(dir, pass, Options{})
			if err != nil {
				t.Fatalf("reopen after dying at %s: %v", tc.step, err)
			}
			defer re.Close()
			want := 30
			if tc.after {
				want += bulkChildLoad
			}
			if re.Count() != want {
				t.Fatalf("died at %s: %d dossiers, want %d", tc.step, re.Count(), want)
			}
			rep, err := re.Verify(context.Background())
			if err != nil || !rep.OK() {
				t.Fatalf("verify: %+v %v", rep, err)
			}
			changesOf(t, re)
			for _, leftover := range []string{bulkDir, bulkOldDir} {
				if _, err := os.Stat(filepath.Join(dir, leftover)); !os.IsNotExist(err) {
					t.Fatalf("%s left behind", leftover)
				}
			}
			d, _ := re.Dossier(re.Search(search.Query{Limit: 1}).Rows[0].ID)
			d.Notes = "after the crash"
			if _, err := re.SaveDossier(d, "U"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

const bulkChildLoad = 250

// bulkChild is the process of TestBulkStreamCrashLeavesBeforeOrAfter,
// started by TestMain: it loads into the workspace and dies at the step.
func bulkChild(dir string) {
	s, err := Open(dir, pass, Options{})
	if err != nil {
		fmt.Println("OPEN FAILED", err)
		os.Exit(3)
	}
	streamMin = 10
	step := os.Getenv("CREDENCE_BULK_STEP")
	bulkStage = func(at string) error {
		if at == step {
			fmt.Println("DIED AT " + at)
			os.Exit(9)
		}
		return nil
	}
	_, err = s.BulkCreateSized(bulkChildLoad, from(gen.Dossiers(bulkChildLoad, 8)), "U", nil)
	fmt.Println("LOAD ENDED", err, strconv.Itoa(s.Count()))
	os.Exit(4)
}

// A load that fails at any step (a disk that fails while the new database
// is written, or while it is put in place) stores nothing: the workspace
// holds what it held, the index does not show the load, no folder is left,
// and the workspace takes saves and reopens.
func TestBulkStreamFailureStoresNothing(t *testing.T) {
	for _, step := range []string{"written", "complete", "moved"} {
		t.Run(step, func(t *testing.T) {
			withStreamMin(t, 20)
			s := MustCreate(t)
			book, err := s.CreateDossiers(gen.Dossiers(10, 6), "U", nil)
			if err != nil {
				t.Fatal(err)
			}
			logged := len(changesOf(t, s))
			broken := errors.New("the disk failed")
			bulkStage = func(at string) error {
				if at == step {
					return broken
				}
				return nil
			}
			load := gen.Dossiers(200, 13)
			ids, err := s.BulkCreateSized(len(load), from(load), "U", nil)
			if !errors.Is(err, broken) || len(ids) != 0 {
				t.Fatalf("failed at %s: %d ids, %v", step, len(ids), err)
			}
			bulkStage = nil
			if s.Count() != len(book) || len(changesOf(t, s)) != logged {
				t.Fatalf("failed at %s: %d dossiers, %d changes; had %d, %d", step, s.Count(), len(changesOf(t, s)), len(book), logged)
			}
			if r := s.Search(search.Query{Text: load[3].DisplayName(), Limit: 5}); r.Total != 0 {
				t.Fatalf("failed at %s: the index still finds %q", step, load[3].DisplayName())
			}
			for _, leftover := range []string{bulkDir, bulkOldDir} {
				if _, err := os.Stat(filepath.Join(s.dir, leftover)); !os.IsNotExist(err) {
					t.Fatalf("failed at %s: %s left behind", step, leftover)
				}
			}
			d := book[0].Clone()
			d.Notes = "after the failed load"
			if _, err := s.SaveDossier(d, "U"); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Verify(context.Background())
			if err != nil || !rep.OK() {
				t.Fatalf("verify: %+v %v", rep, err)
			}
			re, _ := reopen(t, s)
			if got, _ := re.Dossier(d.ID); re.Count() != len(book) || got.Notes != d.Notes {
				t.Fatalf("reopened: %d dossiers, notes %q", re.Count(), got.Notes)
			}
		})
	}
}
