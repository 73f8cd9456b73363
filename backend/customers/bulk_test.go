package customers

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// seedKnown stores the customers a firm already keeps, the same in every
// store it is given: matched by VAT, by mail domain, by name, by a name
// in another country (not the same company), by a phone only (not a
// match), and an archived one (never matched).
func seedKnown(t *testing.T, st *store.Store) {
	t.Helper()
	for _, d := range []*dossier.Dossier{
		{LatinName: dossier.Fact{Value: "B7 Handel"}, Country: dossier.Fact{Value: "DE"}, Identifiers: []dossier.Fact{{Type: "vat", Value: "DE100000007"}}},
		{LegalName: dossier.Fact{Value: "Eighth Buyer"}, Emails: []dossier.Fact{{Value: "ceo@buyer0008.de"}}},
		{LegalName: dossier.Fact{Value: "Buyer 0012 Trading AG"}, Country: dossier.Fact{Value: "DE"}},
		{LegalName: dossier.Fact{Value: "Buyer 0013 Trading"}, Country: dossier.Fact{Value: "JP"}},
		{LegalName: dossier.Fact{Value: "Switchboard Ltd"}, Phones: []dossier.Fact{{Value: "+49 30 1000014"}}},
		{LegalName: dossier.Fact{Value: "Buyer 0015 Trading GmbH"}, Archived: true},
		{LegalName: dossier.Fact{Value: "Buyer 0017 Trading AG"}},
		{LegalName: dossier.Fact{Value: "Buyer 0016 Trading GmbH"}, Identifiers: []dossier.Fact{{Type: "vat", Value: "DE999999999"}}},
	} {
		if _, err := st.CreateDossier(d, "Sam Sales"); err != nil {
			t.Fatal(err)
		}
	}
}

// trickyRows are customer rows with every case the matching knows: in-file
// repeats by identifier, by mail domain and by name (and a same name in
// another country), a free-mail address shared by strangers, bad cells.
func trickyRows(n int) [][]any {
	rows := customerRows(n)
	rows = append(rows,
		[]any{n + 1, "BUYER 0010 TRADING GMBH.", "", "DE", "sales@buyer0010.de", "", "", "", "", "", "", "", "second address book entry"},
		[]any{n + 2, "Other Name", "", "", "info@buyer0020.de", "", "", "", "", "", "", "", ""},
		[]any{n + 3, "Vat Twin", "", "", "", "", "DE100000030", "", "", "", "", "", "same VAT as row 30"},
		[]any{n + 4, "Buyer 0040 Trading GmbH", "", "Japan", "", "", "", "", "", "", "", "", "same name, other country"},
		[]any{n + 5, "Free Mail One", "", "", "one@gmail.com", "", "", "", "", "", "", "", ""},
		[]any{n + 6, "Free Mail Two", "", "", "two@gmail.com", "", "", "", "", "", "", "", ""},
		[]any{n + 7, "Bad Country", "", "Atlantis", "", "", "", "", "", "", "", "", ""},
		[]any{n + 8, "Bad Date", "", "", "", "", "", "not a date", "", "", "", "", ""},
		[]any{n + 9, "Buyer 0045 Trading GmbH", "", "", "", "", "DE555555555", "", "", "", "", "", "same name, other VAT"},
		[]any{n + 10, "", "", "DE", "", "", "", "", "", "", "", "", "no name"},
	)
	return rows
}

// writeCSV writes the rows as a CRM's CSV export (header first).
func writeCSV(t *testing.T, path string, header []string, rows [][]any) {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, v := range r {
			switch x := v.(type) {
			case nil:
			case serial:
				rec[i] = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(x)).Format("2006-01-02")
			default:
				rec[i] = fmt.Sprint(x)
			}
		}
		w.Write(rec)
	}
	w.Flush()
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

var (
	reUUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}`)
	reTime = regexp.MustCompile(`"(created_at|updated_at|at|hlc)":("[^"]*"|\{[^}]*\})`)
	reWhen = regexp.MustCompile(`\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)`)
)

// canon is a value with what differs between two stores by chance (ids,
// times, clocks) blanked.
func canon(v any) string {
	b, _ := json.Marshal(v)
	s := reTime.ReplaceAllString(reUUID.ReplaceAllString(string(b), "ID"), `"$1":T`)
	return reWhen.ReplaceAllString(s, "T")
}

// storedBook is every dossier of a store with its history and change log
// entries, by name, in a form two stores can be compared in.
func storedBook(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	out, byName := map[string]string{}, map[string][]string{}
	rows := st.Search(search.Query{Limit: st.Count() + 1}).Rows
	rows = append(rows, st.Search(search.Query{Limit: st.Count() + 1, Archived: true}).Rows...)
	for _, r := range rows {
		d, err := st.Dossier(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.History(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var hist []string
		for _, c := range h {
			hist = append(hist, canon(c))
		}
		slices.Sort(hist)
		byName[d.DisplayName()] = append(byName[d.DisplayName()], canon(d)+"\n"+strings.Join(hist, "\n"))
	}
	for k, v := range byName { // two dossiers of one name (another country): in no particular order
		slices.Sort(v)
		out[k] = strings.Join(v, "\n---\n")
	}
	changes, _, err := st.Changes(changelog.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for i, c := range changes {
		if c.Seq != uint64(i+1) {
			t.Fatalf("change %d has sequence %d", i+1, c.Seq)
		}
		log = append(log, canon(struct {
			Kind, Field, Value string
			Deleted            bool
			Base               string
		}{c.Kind, c.Field, string(c.Value), c.Deleted, canon(c.Base)}))
	}
	slices.Sort(log)
	out["(log)"] = strings.Join(log, "\n")
	return out
}

// summary is a Result without what differs by chance, the merged
// dossiers named instead of numbered.
func summary(t *testing.T, st *store.Store, r Result) string {
	t.Helper()
	var merged []string
	for _, id := range r.Merged {
		d, err := st.Dossier(id)
		if err != nil {
			t.Fatal(err)
		}
		merged = append(merged, d.DisplayName())
	}
	return fmt.Sprintf("rows %d skipped %d created %d unchanged %d written %v merged %q errors %s",
		r.Rows, r.Skipped, len(r.Created), r.Unchanged, r.Written, merged, canon(r.Errors))
}

// TestImportBulkDoesWhatTheFirstImporterDid imports the same files into
// two stores holding the same customers, one with the first importer and
// one with the streaming one, and compares what each answered and what
// each store then holds (dossiers, history, change log): a first import,
// the same file again, a corrected file, a refused file and a dry run.
func TestImportBulkDoesWhatTheFirstImporterDid(t *testing.T) {
	importLikeTheFirst(t, mustStore(t), false)
}

// The same when the streaming importer's new dossiers are many enough to be
// written as a new database (store.Options.StreamMin; 2 000 in use).
func TestImportStreamedDoesWhatTheFirstImporterDid(t *testing.T) {
	st, err := store.Create(filepath.Join(t.TempDir(), "ws"), "correct horse battery",
		store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, store.Options{KDF: storetest.CheapKDF, StreamMin: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	importLikeTheFirst(t, st, true)
	if _, err := os.Stat(filepath.Join(st.Dir(), "db")); err != nil {
		t.Fatal(err)
	}
}

// importLikeTheFirst: streamed says whether the bulk store writes a merge
// of most of the book as a new database (the step that corrects every
// phone checks that it did, or did not).
func importLikeTheFirst(t *testing.T, bulk *store.Store, streamed bool) {
	old := mustStore(t)
	seedKnown(t, old)
	seedKnown(t, bulk)
	dir := t.TempDir()
	rows := trickyRows(120)
	first := filepath.Join(dir, "first.xlsx")
	writeSheet(t, first, header, rows)
	rows[99][5] = "+49 30 7777777" // a corrected phone: a merge
	rows = append(rows, []any{999, "Late Newcomer SARL", "", "FR", "achat@newcomer.fr", "", "", "", "", "", "", "", ""})
	second := filepath.Join(dir, "second.csv")
	writeCSV(t, second, header, rows)
	for i := range rows {
		if len(rows[i]) > 5 { // not the blank lines
			rows[i][5] = fmt.Sprintf("+49 40 %07d", i) // the ERP's export, every number corrected
		}
	}
	third := filepath.Join(dir, "third.xlsx")
	writeSheet(t, third, header, rows)

	steps := []struct {
		name string
		path string
		opt  Options
	}{
		{"refused (bad rows)", first, Options{User: "Sam Sales"}},
		{"dry run", first, Options{User: "Sam Sales", DryRun: true, SkipInvalid: true}},
		{"first import", first, Options{User: "Sam Sales", SkipInvalid: true}},
		{"same file again", first, Options{User: "Sam Sales", SkipInvalid: true}},
		{"corrected file", second, Options{User: "Sam Sales", SkipInvalid: true}},
		{"every phone corrected", third, Options{User: "Sam Sales", SkipInvalid: true}},
	}
	for _, s := range steps {
		db, err := os.Stat(filepath.Join(bulk.Dir(), "db"))
		if err != nil {
			t.Fatal(err)
		}
		ro, errOld := importSlice(context.Background(), old, s.path, s.opt)
		rb, errBulk := Import(context.Background(), bulk, s.path, s.opt)
		if errs.Code(errOld) != errs.Code(errBulk) || fmt.Sprint(errOld) != fmt.Sprint(errBulk) {
			t.Fatalf("%s: errors differ: first importer %v, bulk %v", s.name, errOld, errBulk)
		}
		if a, b := summary(t, old, ro), summary(t, bulk, rb); a != b {
			t.Fatalf("%s: results differ\nfirst: %s\nbulk:  %s", s.name, a, b)
		}
		a, b := storedBook(t, old), storedBook(t, bulk)
		if len(a) != len(b) {
			t.Fatalf("%s: %d dossiers, bulk %d", s.name, len(a), len(b))
		}
		for k, v := range a {
			if b[k] != v {
				t.Fatalf("%s: %s differs\nfirst: %s\nbulk:  %s", s.name, k, v, b[k])
			}
		}
		t.Logf("%s: %s", s.name, summary(t, bulk, rb))
		if s.name == "every phone corrected" {
			now, err := os.Stat(filepath.Join(bulk.Dir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			if replaced := !os.SameFile(db, now); replaced != streamed || len(rb.Merged) < 100 {
				t.Fatalf("%d merged; database written anew: %v", len(rb.Merged), replaced)
			}
		}
		if s.name == "first import" && len(rb.Merged) != 3 {
			t.Fatalf("first import merged %d stored dossiers, want 3 (by VAT, mail domain, name)", len(rb.Merged))
		}
	}
	// The cases are all there: the file refused, merges into stored and
	// in-file dossiers, and the second run created nothing.
	again, _ := Import(context.Background(), bulk, first, Options{User: "Sam Sales", SkipInvalid: true})
	if len(again.Created) != 0 || len(again.Merged) != 0 || again.Unchanged == 0 || len(again.Errors) != 3 {
		t.Fatalf("import again: %s", summary(t, bulk, again))
	}
}

// A stored dossier taken by a row's domain is not read then; a later row
// of the same name alone is compared with what it holds (its country, its
// registration), not only with the rows that joined it: each importer
// keeps the two same-named strangers apart.
func TestImportComparesAStoredDossierTakenByDomain(t *testing.T) {
	seed := func(st *store.Store) {
		for _, d := range []*dossier.Dossier{
			{LegalName: dossier.Fact{Value: "Acme Handel GmbH"}, Country: dossier.Fact{Value: "DE"}, Emails: []dossier.Fact{{Value: "info@acme-handel.de"}}},
			{LegalName: dossier.Fact{Value: "Borealis Trading"}, Emails: []dossier.Fact{{Value: "x@borealis.de"}},
				Identifiers: []dossier.Fact{{Type: "vat", Value: "DE222222222"}}},
		} {
			if _, err := st.CreateDossier(d, "Sam Sales"); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "fair.xlsx")
	writeSheet(t, path, header, [][]any{
		{1, "Acme Handel GmbH", "", "", "sales@acme-handel.de", "", "", "", "", "", "", "", "by domain"},
		{2, "Acme Handel GmbH", "", "JP", "", "", "", "", "", "", "", "", "same name, Japan"},
		{3, "Borealis Trading", "", "", "y@borealis.de", "", "", "", "", "", "", "", "by domain"},
		{4, "Borealis Trading", "", "", "", "", "DE333333333", "", "", "", "", "", "same name, other VAT"},
	})
	old, bulk := mustStore(t), mustStore(t)
	seed(old)
	seed(bulk)
	ro, err := importSlice(context.Background(), old, path, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Import(context.Background(), bulk, path, Options{User: "Sam Sales"})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := summary(t, old, ro), summary(t, bulk, rb); a != b || len(rb.Created) != 2 || len(rb.Merged) != 2 {
		t.Fatalf("results\nfirst: %s\nbulk:  %s", a, b)
	}
	a, b := storedBook(t, old), storedBook(t, bulk)
	for k, v := range a {
		if b[k] != v {
			t.Fatalf("%s differs\nfirst: %s\nbulk:  %s", k, v, b[k])
		}
	}
}

// TestRowArenaGivesBackTheRows: cells of any length and content (empty,
// Chinese, a NUL, 300 bytes) come back as they went in, with their lines.
func TestRowArenaGivesBackTheRows(t *testing.T) {
	rows := []sheet.Row{{Line: 4, Cells: []string{"", "上海华通实业有限公司", "a\x00b", strings.Repeat("x", 300)}}, {Line: 9}, {Line: 12, Cells: []string{"DE"}}}
	var a rowArena
	for _, r := range rows {
		a.add(r)
	}
	for i, want := range rows {
		got := a.row(int32(i))
		if got.Line != want.Line || !slices.Equal(got.Cells, want.Cells) || len(got.Cells) != len(want.Cells) {
			t.Fatalf("row %d: %d %q, want %d %q", i, got.Line, got.Cells, want.Line, want.Cells)
		}
	}
}

// Checking the merged groups (pass 2, seconds at 100 000 rows) stops at a
// cancel, with the import's sentence; without one it judges every group.
func TestImportCheckStopsAtACancel(t *testing.T) {
	pl := &bulkPlan{groups: make([]group, 1000)} // one-row new groups: judged without reading
	ctx, cancel := context.WithCancel(context.Background())
	v, err := pl.check(ctx, func(int) {})
	if err != nil || len(v) != 1000 || v[999].kind != groupNew {
		t.Fatalf("%d verdicts, %v", len(v), err)
	}
	cancel()
	v, err = pl.check(ctx, func(int) {})
	if e, ok := errs.As(err); !ok || e.Key != "err.importCancelled" || v != nil {
		t.Fatalf("after a cancel: %d verdicts, %v", len(v), err)
	}
}
