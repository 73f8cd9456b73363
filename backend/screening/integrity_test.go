package screening

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"credence/backend/errs"
	"credence/backend/sanctions"
)

// copyOFAC writes OFAC's three files into a temp folder, sdn.csv changed by edit.
func copyOFAC(tb testing.TB, edit func([]byte) []byte) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		b, err := os.ReadFile(filepath.Join(data(tb, "ofac-sdn"), n))
		if err != nil {
			tb.Fatal(err)
		}
		if n == "sdn.csv" {
			b = edit(b)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func keyOf(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Key
	}
	return ""
}

// An sdn.csv cut at a line end (what the issue found imported with exit 0)
// is refused, and the list imported before stays current with its entries.
func TestImportCutOFACKeepsCurrent(t *testing.T) {
	svc := New(mustStore(t))
	ctx := context.Background()
	full, err := svc.Import(ctx, data(t, "ofac-sdn"), "", "王芳")
	if err != nil {
		t.Fatal(err)
	}
	for _, frac := range []int{10, 50, 99} {
		dir := copyOFAC(t, func(b []byte) []byte {
			i := bytes.IndexByte(b[len(b)*frac/100:], '\n')
			return b[:len(b)*frac/100+i+1]
		})
		_, err := svc.Import(ctx, dir, "", "王芳")
		if errs.Code(err) != errs.Invalid || keyOf(err) != "err.listCutShort" || !strings.Contains(err.Error(), "ends too early") {
			t.Fatalf("cut at %d%%: err = %v", frac, err)
		}
	}
	cur, err := svc.Lists()
	if err != nil || len(cur) != 1 || cur[0].ID != full.ID || cur[0].Entries != 8976 {
		t.Fatalf("current %+v %v", cur, err)
	}
	if hits, err := svc.ScreenName(query(cuban()), false); err != nil || len(hits) == 0 {
		t.Fatalf("screen after refused imports: %v %v", hits, err)
	}
}

// A CSL file cut at a line end parses (the format has no end marker): the
// shrink check refuses it, says by how much, and takes it when confirmed.
// Rollback then brings the whole list back.
func TestImportShrinkAndRollback(t *testing.T) {
	svc := New(mustStore(t))
	ctx := context.Background()
	path := data(t, "us-csl-sample.csv")
	full, err := svc.Import(ctx, path, "", "王芳")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	half := b[:len(b)/2+bytes.IndexByte(b[len(b)/2:], '\n')+1]
	cut := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(cut, half, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Import(ctx, cut, "", "王芳")
	if errs.Code(err) != errs.Conflict || keyOf(err) != "err.listShrink" || !strings.Contains(err.Error(), "of the 115 entries") ||
		!strings.Contains(err.Error(), "--allow-shrink") {
		t.Fatalf("shrunk import: err = %v", err)
	}
	if cur, _ := svc.Lists(); cur[0].ID != full.ID {
		t.Fatalf("current changed to %+v", cur[0])
	}
	short, err := svc.ImportWith(ctx, cut, "", "王芳", ImportOptions{AllowShrink: true})
	if err != nil || short.Entries >= full.Entries {
		t.Fatalf("confirmed import: %+v %v", short, err)
	}
	// The same list again drops nothing: no confirmation needed.
	if _, err := svc.Import(ctx, path, "", "王芳"); err != nil {
		t.Fatalf("growing import: %v", err)
	}

	back, err := svc.Rollback(ctx, "us_csl", "")
	if err != nil || back.ID != short.ID {
		t.Fatalf("rollback to previous: %+v %v", back, err)
	}
	back, err = svc.Rollback(ctx, "us_csl", full.ID)
	if err != nil || back.ID != full.ID {
		t.Fatalf("rollback to first: %+v %v", back, err)
	}
	cur, _ := svc.Lists()
	if cur[0].ID != full.ID || cur[0].Entries != 115 {
		t.Fatalf("current after rollback %+v", cur[0])
	}
	if hits, err := svc.ScreenName(sanctions.Query{Name: "2904977 CANADA, INC."}, false); err != nil || len(hits) == 0 {
		t.Fatalf("entry of the rolled-back list not screened: %v %v", hits, err)
	}
	if _, err := svc.Rollback(ctx, "us_csl", "no-such-version"); errs.Code(err) != errs.NotFound || keyOf(err) != "err.listRollback" {
		t.Fatalf("rollback to unknown: %v", err)
	}
	if _, err := svc.Rollback(ctx, "uk", ""); errs.Code(err) != errs.NotFound {
		t.Fatalf("rollback of a list never imported: %v", err)
	}
}

// Only the last versions keep their entries; older ones keep metadata.
func TestImportKeepsLastBodies(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	path := data(t, "us-csl-sample.csv")
	for range keepBodies + 3 {
		if _, err := svc.Import(context.Background(), path, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := svc.History()
	kept := 0
	for _, v := range vs {
		if ok, _ := svc.hasBody(v.ID); ok {
			kept++
		}
	}
	if len(vs) != keepBodies+3 || kept != keepBodies+1 {
		t.Fatalf("%d versions, %d with entries; want %d, %d", len(vs), kept, keepBodies+3, keepBodies+1)
	}
}

// A hit confirmed as a true match stays in the result, and so blocking,
// when a later list no longer holds the entry (delisted, or a cut file
// taken with confirmation) and when the name is edited away from it.
func TestConfirmedMatchOutlivesList(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	ctx := context.Background()
	mustImport(t, svc)
	d := mustCreate(t, st, cuban())
	if _, _, err := svc.ScreenDossier(d); err != nil {
		t.Fatal(err)
	}
	const key = "ofac_sdn:306"
	if _, err := svc.Decide(d.ID, key, VerdictTrueMatch, "same bank, same address", "王芳"); err != nil {
		t.Fatal(err)
	}
	// A list without entry 306 (one entry fewer: no confirmation needed).
	dir := copyOFAC(t, func(b []byte) []byte {
		i := bytes.Index(b, []byte("\n306,"))
		j := bytes.IndexByte(b[i+1:], '\n')
		return append(slices.Clone(b[:i+1]), b[i+1+j+1:]...)
	})
	if _, err := svc.Import(ctx, dir, "", "李雷"); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		if _, err := svc.RescreenAll(ctx, nil); err != nil {
			t.Fatal(err)
		}
		r, err := svc.Result(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(r.Hits, func(h Hit) bool { return h.Key == key })
		if i < 0 {
			t.Fatalf("%s: confirmed match gone from the result: %+v", when, r.Hits)
		}
		h := r.Hits[i]
		if c := h.Current(); c == nil || c.Verdict != VerdictTrueMatch || h.Name != "BANCO NACIONAL DE CUBA" || !slices.Contains(h.Reasons, ReasonKeptConfirmed) {
			t.Fatalf("%s: hit %+v", when, h)
		}
	}
	check("entry delisted")

	d.LegalName.Value = "Havana Trading Partners"
	if _, err := st.SaveDossier(d, "李雷"); err != nil {
		t.Fatal(err)
	}
	check("name edited")

	// A person lifts it with a decision; then it goes away.
	if _, err := svc.Decide(d.ID, key, VerdictFalsePositive, "wrong bank after all", "王芳"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RescreenAll(ctx, nil); err != nil {
		t.Fatal(err)
	}
	r, _ := svc.Result(d.ID)
	if slices.ContainsFunc(r.Hits, func(h Hit) bool { return h.Key == key }) {
		t.Fatalf("lifted match still kept: %+v", r.Hits)
	}
}

// A list body larger than Badger's limit for one value (the 32 MB value-log
// file) is stored in chunks and read back whole; dropping it leaves nothing.
func TestLargeListBodyChunked(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	body := bytes.Repeat([]byte(`{"i":"123456","n":"A LONG LISTED NAME","r":"remarks remarks remarks"},`), (40<<20)/70)
	if err := svc.putBody("v1", body); err != nil {
		t.Fatalf("store a %d MB body: %v", len(body)>>20, err)
	}
	got, err := svc.getBody("v1")
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read back: %d bytes, %v", len(got), err)
	}
	if err := svc.deleteBody("v1"); err != nil {
		t.Fatal(err)
	}
	if ok, err := svc.hasBody("v1"); ok || err != nil {
		t.Fatalf("body still kept after delete: %v", err)
	}
	if _, err := svc.getBody("v1"); errs.Code(err) != errs.NotFound {
		t.Fatalf("get a deleted body: %v", err)
	}
}

// The streamed encoding is byte for byte the one-piece JSON it replaced,
// and a list stored through chunks reads back whole.
func TestStreamedListEncoding(t *testing.T) {
	for _, p := range []string{"un-consolidated.xml", "us-csl-sample.csv"} {
		l, err := sanctions.Load(data(t, p), "")
		if err != nil {
			t.Fatal(err)
		}
		a, err := encodeList(l)
		if err != nil {
			t.Fatal(err)
		}
		b, err := oldEncodeList(l)
		if err != nil || !bytes.Equal(a, b) {
			t.Fatalf("%s: streamed encoding differs (%d vs %d bytes) %v", p, len(a), len(b), err)
		}
		svc := New(mustStore(t))
		if err := svc.putList("v", l); err != nil {
			t.Fatal(err)
		}
		got, err := svc.getBody("v")
		if err != nil || !bytes.Equal(got, a) {
			t.Fatalf("%s: chunked body differs: %v", p, err)
		}
	}
}

// oldEncodeList is the one-piece encoding encodeListTo replaced.
func oldEncodeList(l *sanctions.List) ([]byte, error) {
	out := listJSON{Source: l.Source, Date: l.Date, Entries: make([]entryJSON, len(l.Entries))}
	for i, e := range l.Entries {
		j := entryJSON{ID: e.ID, Name: e.Name, Aliases: e.Aliases, Kind: e.Kind, Programs: e.Programs,
			Countries: e.Countries, BirthDates: e.BirthDates, Addresses: e.Addresses, Remarks: e.Remarks}
		if e.List != l.Source {
			j.List = e.List
		}
		out.Entries[i] = j
	}
	return json.Marshal(out)
}
