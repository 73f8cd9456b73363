package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/redflags"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// fakeRuntime records events and answers dialogs with fixed paths: the
// Wails runtime cannot run outside a window.
type fakeRuntime struct {
	mu     sync.Mutex
	events []string
	data   []any // each event's first datum, nil for none
	open   string
	save   string
	slow   atomic.Value // an event name: its emitting takes a while (a busy frontend)
}

func (f *fakeRuntime) Emit(ctx context.Context, event string, data ...any) {
	if f.slow.Load() == event {
		time.Sleep(300 * time.Millisecond)
	}
	f.mu.Lock()
	f.events = append(f.events, event)
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	f.data = append(f.data, d)
	f.mu.Unlock()
}

// last is the datum of the latest event, nil when it was not emitted.
func (f *fakeRuntime) last(event string) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.events) - 1; i >= 0; i-- {
		if f.events[i] == event {
			return f.data[i]
		}
	}
	return nil
}
func (f *fakeRuntime) OpenFile(ctx context.Context, title, patterns string) (string, error) {
	return f.open, nil
}
func (f *fakeRuntime) SaveFile(ctx context.Context, title, name string) (string, error) {
	return f.save, nil
}
func (f *fakeRuntime) OpenDir(ctx context.Context, title string) (string, error) { return f.open, nil }

func (f *fakeRuntime) saw(event string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.events {
		if e == event {
			return true
		}
	}
	return false
}

// count is how many times event was emitted.
func (f *fakeRuntime) count(event string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, e := range f.events {
		if e == event {
			n++
		}
	}
	return n
}

var cheap = storetest.CheapKDF

func services(t testing.TB) (*WorkspaceService, *DossierService, *ScreeningService, *fakeRuntime) {
	t.Helper()
	rt := &fakeRuntime{}
	sess := NewSession(filepath.Join(t.TempDir(), "ws"), store.Options{KDF: cheap})
	ws := NewWorkspaceService(sess, rt)
	sc := NewScreeningService(sess, rt)
	ds := NewDossierService(sess, rt, sc)
	Startup(context.Background(), ws, ds, sc)
	t.Cleanup(func() { Shutdown(context.Background(), ws, ds, sc) })
	return ws, ds, sc, rt
}

// uiError decodes what the frontend receives from a failed call.
func uiError(t *testing.T, err error) UIError {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error")
	}
	var u UIError
	if json.Unmarshal([]byte(err.Error()), &u) != nil {
		t.Fatalf("error is not a UIError: %q", err.Error())
	}
	return u
}

func TestWorkspaceLifecycleAndErrorsForPeople(t *testing.T) {
	ws, ds, _, rt := services(t)
	if st := ws.Status(); st.Exists || st.Unlocked || st.Language != "zh-CN" {
		t.Fatalf("fresh status %+v", st)
	}
	_, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh2"})
	if u := uiError(t, err); u.Code != "invalid" || u.Key != "err.passphraseMismatch" {
		t.Fatalf("mismatch: %+v", u)
	}
	st, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"})
	if err != nil || !st.Unlocked || st.Language != "en" {
		t.Fatalf("create: %+v %v", st, err)
	}
	if _, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}}); err != nil {
		t.Fatal(err)
	}
	if err := ws.Lock(); err != nil || !rt.saw("workspace:locked") {
		t.Fatalf("lock: %v", err)
	}
	if u := uiError(t, func() error { _, err := ds.List(search.Query{}); return err }()); u.Code != "locked" {
		t.Fatalf("list while locked: %+v", u)
	}
	// The unlock screen speaks the language chosen before.
	if st := ws.Status(); st.Language != "en" || st.Unlocked {
		t.Fatalf("locked status %+v", st)
	}
	_, err = ws.Unlock("wrong one")
	if u := uiError(t, err); u.Key != "err.wrongPassphrase" || strings.Contains(u.Key, "badger") {
		t.Fatalf("wrong passphrase: %+v", u)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	res, err := ds.List(search.Query{Text: "acme"})
	if err != nil || res.Total != 1 {
		t.Fatalf("after unlock: %+v %v", res, err)
	}
	_, err = ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "X"}, Country: dossier.Fact{Value: "Germany"}})
	if u := uiError(t, err); u.Code != "invalid" || u.Key != "err.country" {
		t.Fatalf("bad country: %+v", u)
	}
}

func TestQuickSaveScreensAndKeepsCardContacts(t *testing.T) {
	ws, ds, sc, _ := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "zh-CN", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	q, err := sc.Quick(QuickCapture{QuickInput: redflags.QuickInput{Name: "Acme", Country: "DE", Email: "boss@gmail.com", Phone: "+86 21 5555 1234"}})
	if err != nil || q.Lists != 0 {
		t.Fatalf("quick: %+v %v", q, err)
	}
	codes := map[string]bool{}
	for _, f := range q.Flags {
		codes[f.Code] = true
	}
	if !codes["phone_country_mismatch"] || !codes["freemail_company"] {
		t.Fatalf("quick flags %v", codes)
	}
	d, err := sc.QuickSave(QuickCapture{QuickInput: redflags.QuickInput{Name: "深圳市光明照明有限公司", Country: "CN", Email: "a@b.cn", Phone: "+86 755 8888 1234"}, ContactName: "王伟", ContactTitle: "采购经理"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ds.Get(d.ID)
	if got.LegalName.Value != "深圳市光明照明有限公司" || got.LatinName.Value != "" || len(got.Emails) != 1 || got.Emails[0].Sources[0].Kind != "customer" {
		t.Fatalf("quick-saved dossier %+v", got)
	}
	if got.Owner != "U" || len(got.Contacts) != 1 || got.Contacts[0].Name != "王伟" || got.Contacts[0].Phone != "+86 755 8888 1234" {
		t.Fatalf("owner and card contact: %+v", got)
	}
	if n := got.Emails[0].Sources[0].Note; n != "展会名片" {
		t.Fatalf("source note %q is not in the workspace language", n)
	}
	if d2, _ := sc.QuickSave(QuickCapture{QuickInput: redflags.QuickInput{Name: "Acme Trading LLC"}}); d2 == nil || d2.LatinName.Value != "Acme Trading LLC" {
		t.Fatalf("latin name not in the latin field: %+v", d2)
	}
	// The same buyer captured again is recognised while it is typed.
	again, err := sc.Quick(QuickCapture{QuickInput: redflags.QuickInput{Name: "深圳市光明照明股份有限公司", Email: "sales@b.cn"}})
	if err != nil || len(again.Duplicates) != 1 || again.Duplicates[0].Row.ID != d.ID {
		t.Fatalf("duplicate not offered: %+v %v", again.Duplicates, err)
	}
	// Merging folds the second capture into the first and archives it.
	d3, err := sc.QuickSave(QuickCapture{QuickInput: redflags.QuickInput{Name: "Shenzhen Bright Lighting", Email: "info@b.cn", Website: "b.cn"}})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := ds.Merge(d.ID, d3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Emails) != 2 || merged.Website.Value != "b.cn" || merged.LatinName.Value != "Shenzhen Bright Lighting" {
		t.Fatalf("merged %+v", merged)
	}
	if old, _ := ds.Get(d3.ID); !old.Archived {
		t.Fatal("the merged duplicate stays current")
	}
}
