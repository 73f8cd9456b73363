package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
)

// sync copies every change from one store to another, as a sync would.
func syncTo(t *testing.T, from, to *Store) changelog.ApplyResult {
	t.Helper()
	cs, _, err := from.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := to.Apply(cs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A workspace written by the code before the change log (dossiers with
// their history and an l/ log, records with no log at all) gets one change
// per shared field at its next open, once; derived records stay out.
func TestBackfillOldWorkspace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	d := sample()
	d.ID = "old-dossier"
	d.Normalize(newID)
	body, _ := json.Marshal(d)
	old := map[string]string{
		prefDossier + d.ID:                    string(body),
		prefHistory + d.ID + "/0001/dev/0000": `{"hlc":"0001","dossier_id":"old-dossier","field":"legal_name"}`,
		prefLog + "0001/dev/0000":             prefHistory + d.ID + "/0001/dev/0000",
		prefRecord + "credit_policy/current":  `{"max_days":60,"currency":"USD"}`,
		prefRecord + "assessment/snap-1":      `{"score":41}`,
		prefRecord + "screen/old-dossier":     `{"verdict":"clear"}`,
		prefRecord + "credit_user_key/u1":     `{"seed":"c2VjcmV0"}`,
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		for k, v := range old {
			if err := s.set(txn, []byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return txn.Delete([]byte(keyLogDone)) // as if made before the log
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _, err := s.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range cs {
		got[c.Kind+" "+c.Entity+" "+c.Field] = string(c.Value)
	}
	for f, v := range flattenSample(d) {
		if got["dossier old-dossier "+f] != v {
			t.Fatalf("dossier field %s not backfilled: %q", f, got["dossier old-dossier "+f])
		}
	}
	if got["credit_policy current max_days"] != "60" || got["credit_policy current currency"] != `"USD"` || got["assessment snap-1 "] != `{"score":41}` {
		t.Fatalf("records not backfilled: %v", got)
	}
	for k := range got {
		if strings.HasPrefix(k, "screen ") || strings.HasPrefix(k, "credit_user_key ") {
			t.Fatalf("%s must never be logged", k)
		}
	}
	err = s.view(func(txn *badger.Txn) error {
		if _, err := txn.Get([]byte(prefLog + "0001/dev/0000")); err == nil {
			return fmt.Errorf("the old l/ log is still there")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := s.History(d.ID); len(h) != 1 {
		t.Fatalf("history must stay: %d entries", len(h))
	}
	s.Close()
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if again, _, _ := s.Changes(nil, 0); len(again) != len(cs) {
		t.Fatalf("backfill ran twice: %d then %d changes", len(cs), len(again))
	}
}

func flattenSample(d *dossier.Dossier) map[string]string { return dossier.Flatten(d) }

func flatten(d *dossier.Dossier) map[string]string { return dossier.Flatten(d) }

// A change from another device never makes the person's next save fail,
// and the save keeps the synced fields they did not touch; two local
// editors still get the stale-dossier error.
func TestRemoteApplyAndSave(t *testing.T) {
	a, b := MustCreate(t), MustCreate(t)
	d, err := a.CreateDossier(sample(), "A")
	if err != nil {
		t.Fatal(err)
	}
	syncTo(t, a, b)
	form, err := b.Dossier(d.ID) // the person on b opens the form
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(flatten(form)) != fmt.Sprint(flatten(d)) {
		t.Fatalf("replica differs:\n%v\n%v", flatten(form), flatten(d))
	}
	other, _ := b.Dossier(d.ID) // a second form on b
	// Meanwhile on a: notes and an e-mail change; b receives them.
	e, _ := a.Dossier(d.ID)
	e.Notes = "met at Canton Fair"
	e.Emails[0].Value = "buyer@gm-light.cn"
	if _, err := a.SaveDossier(e, "A"); err != nil {
		t.Fatal(err)
	}
	if res := syncTo(t, a, b); res.Applied == 0 || len(res.Conflicts) != 0 {
		t.Fatalf("apply: %+v", res)
	}
	if r := b.Search(search.Query{Text: "buyer@gm-light.cn"}); r.Total != 1 {
		t.Fatalf("the search index does not see the synced e-mail: %d", r.Total)
	}
	// The person saves their form, which still shows the old notes.
	form.LatinName.Value = "Guangming Lighting"
	saved, err := b.SaveDossier(form, "B")
	if err != nil {
		t.Fatalf("save after a sync: %v", err)
	}
	if saved.Notes != "met at Canton Fair" || saved.Emails[0].Value != "buyer@gm-light.cn" || saved.LatinName.Value != "Guangming Lighting" {
		t.Fatalf("save lost the synced fields or the edit: %q %q %q", saved.Notes, saved.Emails[0].Value, saved.LatinName.Value)
	}
	other.Notes = "second form"
	if _, err := b.SaveDossier(other, "B"); errs.Code(err) != errs.Conflict {
		t.Fatalf("two local editors: %v", err)
	}
	// Back to a: both replicas agree, field by field.
	syncTo(t, b, a)
	x, _ := a.Dossier(d.ID)
	y, _ := b.Dossier(d.ID)
	if fmt.Sprint(flatten(x)) != fmt.Sprint(flatten(y)) {
		t.Fatalf("replicas differ:\n%v\n%v", flatten(x), flatten(y))
	}
	// Who is the person who unlocked b (by id, shown by name), not the
	// name a caller passed.
	if h, _ := b.History(d.ID); len(h) == 0 || h[0].UserID != personID(b) || h[0].User != personName(b) {
		t.Fatalf("history on b: %+v", h)
	}
}

// The same field edited on two devices without a sync between: the later
// wins everywhere, the other is kept as a conflict, and picking it writes
// it back as a new edit that syncs.
func TestDossierConflictResolved(t *testing.T) {
	a, b := MustCreate(t), MustCreate(t)
	d, _ := a.CreateDossier(sample(), "A")
	syncTo(t, a, b)
	ea, _ := a.Dossier(d.ID)
	ea.Notes = "from a"
	a.SaveDossier(ea, "A")
	eb, _ := b.Dossier(d.ID)
	eb.Notes = "from b"
	b.SaveDossier(eb, "B")
	syncTo(t, a, b)
	syncTo(t, b, a)
	x, _ := a.Dossier(d.ID)
	y, _ := b.Dossier(d.ID)
	if x.Notes != y.Notes {
		t.Fatalf("replicas differ: %q vs %q", x.Notes, y.Notes)
	}
	ks, err := b.Conflicts()
	if err != nil || len(ks) != 1 {
		t.Fatalf("conflicts on b: %+v %v", ks, err)
	}
	k := ks[0]
	if k.Field != "notes" || string(k.Winner.Value) != fmt.Sprintf("%q", x.Notes) || string(k.Loser.Value) == string(k.Winner.Value) {
		t.Fatalf("conflict: %+v", k)
	}
	if ka, _ := a.Conflicts(); len(ka) != 1 || ka[0].ID != k.ID {
		t.Fatalf("conflicts on a: %+v", ka)
	}
	if err := b.ResolveConflict(k.ID, PickLoser); err != nil {
		t.Fatal(err)
	}
	if ks, _ := b.Conflicts(); len(ks) != 0 {
		t.Fatalf("resolved conflict still listed: %+v", ks)
	}
	syncTo(t, b, a)
	x, _ = a.Dossier(d.ID)
	y, _ = b.Dossier(d.ID)
	var want string
	json.Unmarshal(k.Loser.Value, &want)
	if x.Notes != want || y.Notes != want {
		t.Fatalf("picked value %q not everywhere: %q %q", want, x.Notes, y.Notes)
	}
	if err := b.ResolveConflict(k.ID, PickWinner); errs.Code(err) != errs.NotFound {
		t.Fatalf("resolving twice: %v", err)
	}
}

// Records of shared kinds log in the same transaction; derived and
// device-only ones never do; a delete leaves a tombstone.
func TestRecordWritesLog(t *testing.T) {
	s := MustCreate(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Creating the workspace logged its first person: read past that.
	_, base, err := s.Changes(nil, 0)
	must(err)
	first := base[s.DeviceID()]
	must(s.PutRecord("credit_policy", "current", map[string]any{"max_days": 60, "currency": "USD"}))
	must(s.PutRecord("credit_policy", "current", map[string]any{"max_days": 90, "currency": "USD"}))
	must(s.PutRecord("assessment", "snap-1", map[string]any{"score": 41}))
	must(s.PutRecord("screen", "x", map[string]any{"verdict": "clear"}))
	must(s.PutRecord("credit_user_key", "u1", map[string]any{"seed": "secret"}))
	must(s.DeleteRecord("credit_policy", "current"))
	must(s.DeleteRecord("credit_policy", "never-there"))
	cs, _, err := s.Changes(base, 0)
	must(err)
	var got []string
	for i, c := range cs {
		if c.Seq != first+uint64(i+1) || c.Device != s.DeviceID() || c.User != personID(s) {
			t.Fatalf("change %d: seq %d device %s user %s", i, c.Seq, c.Device, c.User)
		}
		got = append(got, fmt.Sprintf("%s/%s/%s=%s%v", c.Kind, c.Entity, c.Field, c.Value, c.Deleted))
	}
	want := "[credit_policy/current/currency=\"USD\"false credit_policy/current/max_days=60false credit_policy/current/max_days=90false assessment/snap-1/={\"score\":41}false credit_policy/current/=true]"
	if fmt.Sprint(got) != want {
		t.Fatalf("log:\n%v\nwant\n%v", got, want)
	}
	if _, err := s.GetRaw("credit_policy", "current"); errs.Code(err) != errs.NotFound {
		t.Fatalf("deleted record still readable: %v", err)
	}
	if err := s.PutRecord("credit_policy", "bad", []int{1}); errs.Code(err) != errs.Invalid {
		t.Fatalf("a field-level record that is not an object: %v", err)
	}
}

func personID(s *Store) string   { id, _ := s.Person(); return id }
func personName(s *Store) string { _, n := s.Person(); return n }
