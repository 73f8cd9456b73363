package store

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/gen"
	"credence/backend/memstat"
	"credence/backend/search"
)

// from yields ds one at a time, as BulkCreate takes them.
func from(ds []*dossier.Dossier) func() (*dossier.Dossier, error) {
	i := 0
	return func() (*dossier.Dossier, error) {
		if i == len(ds) {
			return nil, io.EOF
		}
		i++
		return ds[i-1].Clone(), nil
	}
}

var reChance = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|"(wall|at|hlc|created_at|updated_at)":("[^"]*"|[0-9]+)|\d{4}-\d\d-\d\dT[0-9:.]+Z|"logical":\d+|"(seq|s)":\d+`)

// written is what a store holds for its dossiers with what differs by
// chance (ids, times, clocks) blanked: each dossier with its history, by
// name, and the change log (whose sequences must run without a gap).
func written(t *testing.T, s *Store) (map[string]string, []string) {
	t.Helper()
	canon := func(v any) string {
		b, _ := json.Marshal(v)
		return reChance.ReplaceAllString(string(b), "X")
	}
	out, byName := map[string]string{}, map[string][]string{}
	for _, r := range s.Search(search.Query{Limit: s.Count() + 1}).Rows {
		d, err := s.Dossier(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.History(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, c := range h {
			lines = append(lines, canon(c))
		}
		slices.Sort(lines)
		byName[d.DisplayName()] = append(byName[d.DisplayName()], canon(d)+"\n"+strings.Join(lines, "\n"))
	}
	for k, v := range byName { // dossiers of one name in no particular order
		slices.Sort(v)
		out[k] = strings.Join(v, "\n")
	}
	changes, _, err := s.Changes(changelog.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for i, c := range changes {
		if c.Seq != uint64(i+1) {
			t.Fatalf("change %d has sequence %d", i+1, c.Seq)
		}
		if c.Kind == changelog.KindDossier {
			log = append(log, canon(c))
		}
	}
	slices.Sort(log)
	return out, log
}

// TestBulkCreateWritesWhatCreateDossiersWrites stores one generated book
// both ways and compares the dossiers, their history and the change log;
// a save after the bulk load continues the log, the index answers the
// same, and the bulk store passes Verify and reopens with every dossier.
func TestBulkCreateWritesWhatCreateDossiersWrites(t *testing.T) {
	book := gen.Dossiers(300, 7)
	a, b := MustCreate(t), MustCreate(t)
	if _, err := a.CreateDossiers(book, "U", nil); err != nil {
		t.Fatal(err)
	}
	var seen []int
	ids, err := b.BulkCreate(from(book), "U", func(done int) { seen = append(seen, done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(book) || b.Count() != len(book) || len(seen) == 0 || seen[len(seen)-1] != len(book) {
		t.Fatalf("%d ids, %d indexed, progress %v", len(ids), b.Count(), seen)
	}
	for _, s := range []*Store{a, b} { // a save after the load takes the next sequence
		r := s.Search(search.Query{Text: book[10].DisplayName(), Limit: 1}).Rows
		d, _ := s.Dossier(r[0].ID)
		d.Notes = "called after the fair"
		if _, err := s.SaveDossier(d, "U"); err != nil {
			t.Fatal(err)
		}
	}
	wa, la := written(t, a)
	wb, lb := written(t, b)
	if len(wa) != len(wb) || !slices.Equal(la, lb) {
		t.Fatalf("%d and %d dossiers, %d and %d log entries (or they differ)", len(wa), len(wb), len(la), len(lb))
	}
	for k, v := range wa {
		if wb[k] != v {
			t.Fatalf("%s differs\ncreate: %s\nbulk:   %s", k, v, wb[k])
		}
	}
	for _, q := range []string{"gmbh", book[3].DisplayName(), "有限公司"} {
		ra, rb := a.Search(search.Query{Text: q, Limit: 1000}), b.Search(search.Query{Text: q, Limit: 1000})
		if ra.Total != rb.Total || ra.Total == 0 {
			t.Fatalf("search %q: %d and %d", q, ra.Total, rb.Total)
		}
	}
	rep, err := b.Verify(context.Background())
	if err != nil || len(rep.Problems) > 0 || rep.Dossiers != len(book) {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	re, _ := reopen(t, b)
	if re.Count() != len(book) {
		t.Fatalf("reopened with %d dossiers", re.Count())
	}
}

// TestBulkCreateStopsAtAnInvalidDossier: what came before stays stored
// and logged, nothing after it is written, the error names the record.
func TestBulkCreateStopsAtAnInvalidDossier(t *testing.T) {
	s := MustCreate(t)
	book := gen.Dossiers(5, 3)
	book[3].Emails = []dossier.Fact{{Value: "not an address"}}
	_, err := s.BulkCreate(from(book), "U", nil)
	if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "record 4") {
		t.Fatalf("%v", err)
	}
	if s.Count() != 3 {
		t.Fatalf("%d stored, want the 3 before the bad one", s.Count())
	}
	if _, log := written(t, s); len(log) == 0 {
		t.Fatal("nothing logged for the stored ones")
	}
}

// A load keeps when its records were made and saved (a book generated over
// years); a stamp missing, still to come, or saved before made is the
// load's time.
func TestBulkCreateKeepsPastStamps(t *testing.T) {
	s := MustCreate(t)
	book := gen.Dossiers(4, 3)
	made, saved := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)
	book[0].CreatedAt, book[0].UpdatedAt = made, saved
	book[1].CreatedAt, book[1].UpdatedAt = time.Time{}, time.Time{}
	book[2].CreatedAt, book[2].UpdatedAt = made, time.Now().Add(time.Hour)
	book[3].CreatedAt, book[3].UpdatedAt = saved, made
	before := time.Now()
	ids, err := s.BulkCreate(from(book), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	now := func(x time.Time) bool { return !x.Before(before) && !x.After(time.Now()) }
	for i, id := range ids {
		d, err := s.Dossier(id)
		if err != nil {
			t.Fatal(err)
		}
		var ok bool
		switch i {
		case 0:
			ok = d.CreatedAt.Equal(made) && d.UpdatedAt.Equal(saved)
		case 1:
			ok = now(d.CreatedAt) && now(d.UpdatedAt)
		case 2:
			ok = d.CreatedAt.Equal(made) && now(d.UpdatedAt)
		case 3:
			ok = d.CreatedAt.Equal(saved) && now(d.UpdatedAt)
		}
		if !ok || d.CreatedBy != "U" || d.UpdatedBy != "U" {
			t.Errorf("dossier %d stored made %v by %s, saved %v by %s", i, d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy)
		}
	}
	if got := s.Search(search.Query{Sort: "updated"}).Rows[0].ID; got != ids[0] {
		t.Errorf("the list by update time starts with %s, want the one saved in 2025", got)
	}
}

// BenchmarkBulkCreate10k and 100k store a generated book through
// BulkCreate (what `credence generate` and the customer import do):
// peak-MB is the most memory the Go runtime held meanwhile (Badger
// included), cpu-ms the process's CPU time on both cores.
func BenchmarkBulkCreate10k(b *testing.B)  { benchBulk(b, 10_000) }
func BenchmarkBulkCreate100k(b *testing.B) { benchBulk(b, 100_000) }

func benchBulk(b *testing.B, n int) {
	for b.Loop() {
		b.StopTimer()
		s, err := Create(filepath.Join(b.TempDir(), "ws"), pass, Settings{FirmName: "Bench", UserName: "U"}, Options{KDF: cheapKDF})
		if err != nil {
			b.Fatal(err)
		}
		debug.FreeOSMemory()
		b.StartTimer()
		cpu := memstat.CPUTime()
		var ids []string
		stopRSS := memstat.SampleAnon()
		peak := memstat.Peak(func() { ids, err = s.BulkCreate(gen.Stream(n, 1), "U", nil) })
		anon := stopRSS()
		b.ReportMetric(float64((memstat.CPUTime() - cpu).Milliseconds()), "cpu-ms")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(float64(anon)/(1<<20), "rss-anon-MB")
		if err != nil || len(ids) != n {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// TestBulkSaveWritesWhatSaveDossierWrites edits the same dossiers of two
// stores holding the same book, one saved by SaveDossier each, one by
// BulkSave, and compares dossiers, history and change log; an unchanged
// one writes nothing, a stale one is refused after those before it.
func TestBulkSaveWritesWhatSaveDossierWrites(t *testing.T) {
	a, b := twoBooks(t, 250)
	for _, d := range mergeEdits(t, a) {
		if _, err := a.SaveDossier(d, "U"); err != nil {
			t.Fatal(err)
		}
	}
	eb := mergeEdits(t, b)
	for _, d := range eb { // the first edited dossier again, with its old stamp: stale
		if strings.HasSuffix(d.Notes, " Met at the fair.") {
			eb = append(eb, d)
			break
		}
	}
	next, i := from(eb), 0
	saved, err := b.BulkSave(func() (*dossier.Dossier, *dossier.Dossier, error) {
		d, err := next()
		if i++; err != nil || (i%2 == 0 && i < len(eb)) {
			return d, nil, err // BulkSave reads the stored copy
		}
		stored, err := b.Dossier(d.ID) // given, as the import does; stale for the one given twice
		return d, stored, err
	}, "U", nil)
	if errs.Code(err) != errs.Conflict || saved == 0 || saved >= len(eb)-1 {
		t.Fatalf("%d saved, %v", saved, err)
	}
	sameWritten(t, a, b)
	if got := b.Search(search.Query{Tag: "moved", Limit: 1000}).Total; got == 0 || got != a.Search(search.Query{Tag: "moved", Limit: 1000}).Total {
		t.Fatalf("index: %d tagged", got)
	}
}

// TestBulkSaveRereadsADossierGivenTwice: the stored copy next gives for a
// dossier already in the batch was read before the batch was written; the
// save is checked against what the batch wrote, so a second edit made from
// the old copy is refused as stale, not written over the first.
func TestBulkSaveRereadsADossierGivenTwice(t *testing.T) {
	s := MustCreate(t)
	made, err := s.CreateDossiers(gen.Dossiers(1, 3), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	first, second := made[0].Clone(), made[0].Clone()
	first.Notes, second.Notes = "first", "second"
	queue := []*dossier.Dossier{first, second}
	n, err := s.BulkSave(func() (*dossier.Dossier, *dossier.Dossier, error) {
		if len(queue) == 0 {
			return nil, nil, io.EOF
		}
		d := queue[0]
		queue = queue[1:]
		stored, err := s.Dossier(d.ID)
		return d, stored, err
	}, "U", nil)
	if errs.Code(err) != errs.Conflict || n != 1 {
		t.Fatalf("%d saved, %v; want the first saved and the second refused as stale", n, err)
	}
	if got, _ := s.Dossier(made[0].ID); got.Notes != "first" {
		t.Fatalf("notes %q, want the first save's", got.Notes)
	}
}

// saveMeanwhile is a person saving one dossier while a load runs: the
// load's progress callback is progress, whose first call starts the save
// in the background; wait gives how far the load had gone (its last
// progress) when the save returned, and checks the save is stored.
type saveMeanwhile struct {
	s           *Store
	d           *dossier.Dossier
	calls, seen atomic.Int32
	at          atomic.Int32
	once        sync.Once
	saved       chan error
}

func newSaveMeanwhile(s *Store, other *dossier.Dossier) *saveMeanwhile {
	d := other.Clone()
	d.Notes = "Saved during the load."
	return &saveMeanwhile{s: s, d: d, saved: make(chan error, 1)}
}

func (m *saveMeanwhile) progress(n int) {
	m.calls.Add(1)
	m.seen.Store(int32(n))
	m.once.Do(func() {
		go func() {
			_, err := m.s.SaveDossier(m.d, "U")
			m.at.Store(m.seen.Load())
			m.saved <- err
		}()
	})
}

func (m *saveMeanwhile) wait(t *testing.T) int32 {
	t.Helper()
	if err := <-m.saved; err != nil {
		t.Fatal(err)
	}
	if d, _ := m.s.Dossier(m.d.ID); d.Notes != m.d.Notes {
		t.Fatalf("the save was lost: %q", d.Notes)
	}
	return m.at.Load()
}

// TestBulkSaveLetsASaveIn: a person saving a customer while an import
// merges rows into hundreds of others waits for one transaction of the
// import, not for all of it; both end stored.
func TestBulkSaveLetsASaveIn(t *testing.T) {
	s := MustCreate(t)
	made, err := s.CreateDossiers(gen.Dossiers(301, 5), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	other, bulk := made[0], made[1:]
	long := strings.Repeat("Visited the plant; ", 100) // fills a transaction in a few dozen dossiers
	m := newSaveMeanwhile(s, other)
	i := 0
	n, err := s.BulkSave(func() (*dossier.Dossier, *dossier.Dossier, error) {
		if i == len(bulk) {
			return nil, nil, io.EOF
		}
		time.Sleep(time.Millisecond) // the import's own work between dossiers
		stored, err := s.Dossier(bulk[i].ID)
		if err != nil {
			return nil, nil, err
		}
		i++
		d := stored.Clone()
		d.Notes = long
		return d, stored, nil
	}, "U", m.progress)
	if err != nil || n != len(bulk) {
		t.Fatalf("%d saved, %v", n, err)
	}
	if at := m.wait(t); m.calls.Load() < 5 || at >= int32(n) {
		t.Fatalf("the save ended after %d of %d were stored (%d transactions): it waited for the import", at, n, m.calls.Load())
	}
	for _, b := range bulk {
		if d, _ := s.Dossier(b.ID); d.Notes != long {
			t.Fatalf("%s: the import's edit was lost", b.ID)
		}
	}
}

// TestBulkCreateLetsASaveIn: a load through transactions (small against
// the book) lets a save waiting for the change log go between two of its
// transactions, and the change log stays whole: every field of every new
// dossier and the save each have their own change, none written over.
func TestBulkCreateLetsASaveIn(t *testing.T) {
	s := MustCreate(t)
	made, err := s.CreateDossiers(gen.Dossiers(1, 5), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	before, _, err := s.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	book := gen.Dossiers(800, 6)
	m := newSaveMeanwhile(s, made[0])
	i := 0
	ids, err := s.BulkCreate(func() (*dossier.Dossier, error) {
		if i == len(book) {
			return nil, io.EOF
		}
		time.Sleep(time.Millisecond) // the import's own work between dossiers
		i++
		return book[i-1], nil
	}, "U", m.progress)
	if err != nil || len(ids) != len(book) {
		t.Fatalf("%d created, %v", len(ids), err)
	}
	if at := m.wait(t); at >= int32(len(book)) {
		t.Fatalf("the save ended after %d of %d were stored: it waited for the load", at, len(book))
	}
	after, _, err := s.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := len(before) + 1 // the save: its notes
	for _, id := range ids {
		d, err := s.Dossier(id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(d)
		want += len(dossier.FlattenJSON(body))
	}
	if len(after) != want {
		t.Fatalf("%d changes in the log, want %d: a sequence was taken twice", len(after), want)
	}
}

// sameWritten fails unless a (saved one dossier at a time) and b (in bulk)
// hold the same dossiers, history and change log.
func sameWritten(t *testing.T, a, b *Store) {
	t.Helper()
	wa, la := written(t, a)
	wb, lb := written(t, b)
	if len(wa) != len(wb) || len(la) != len(lb) {
		t.Fatalf("%d and %d dossiers, %d and %d log entries", len(wa), len(wb), len(la), len(lb))
	}
	for i := range la {
		if la[i] != lb[i] {
			t.Fatalf("log entry differs\nsave: %s\nbulk: %s", la[i], lb[i])
		}
	}
	for k, v := range wa {
		if wb[k] != v {
			t.Fatalf("%s differs\nsave: %s\nbulk: %s", k, v, wb[k])
		}
	}
}
