package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/audit"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/syncclient"
	"credence/backend/syncserver/synctest"
	"credence/backend/visit"
)

// The marker: a person planted in every place a workspace keeps values.
const (
	markerName  = "Zyxwq Müllerhof"
	markerEmail = "zyxwq.mh@example.de"
	markerB     = "Zyxwq Mobile +49 170 0000" // written on device B before it heard of the erasure
	marker      = "zyxwq"                     // what must be nowhere afterwards (any case)
)

// startSyncServer is a real sync server on loopback TLS over Badger.
func startSyncServer(t *testing.T) string {
	url, _ := synctest.Start(t)
	return url
}

func mustSync(t *testing.T, w *Workspace, who string) {
	t.Helper()
	if _, err := w.Sync(context.Background(), syncclient.Options{}); err != nil {
		t.Fatalf("%s: sync: %v", who, err)
	}
}

// plantPerson gives a dossier a contact person named in its notes, a
// visit's answer and signature, and an evidence file; it edits the
// contact twice so history and the change log hold old values too.
func plantPerson(t *testing.T, w *Workspace) (*dossier.Dossier, string) {
	t.Helper()
	d := mustDossier(t, w, "Rheinland Maschinen GmbH", "DE")
	d.Contacts = []dossier.Contact{{Name: markerName, Email: "old." + markerEmail, Role: "purchasing"},
		{Name: "Anna Keep", Email: "anna@example.de", Role: "finance"}}
	d.Notes = "Met " + markerName + " at the Hannover fair."
	s, err := w.SaveDossier(d, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	d = s.Dossier
	d.Contacts[0].Email = markerEmail
	if s, err = w.SaveDossier(d, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	d = s.Dossier
	if _, err := w.Store().AddAttachment(d.ID, markerName+" card.png", "card", signature(t), "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	// Over Badger's value threshold (64 KB): kept in the value log.
	big := append([]byte("%PDF-1.4\n"+markerName+"\n"), bytes.Repeat([]byte{'x'}, 100<<10)...)
	if _, err := w.Store().AddAttachment(d.ID, markerName+" passport.pdf", "other", big, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	v := signVisitBy(t, w, d.ID, "2026-03-02", markerName)
	// A correction after sign-off naming the person, and their signature.
	item := ""
	for k := range v.Answers {
		item = k
		break
	}
	if _, err := w.Visits.Correct(v.ID, visit.Answer{ItemID: item, Value: v.Answers[item].Value, Note: markerName + " showed the warehouse"}, "asked by the customer", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	d, err = w.Store().Dossier(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, d.Contacts[0].ID
}

// traces lists every readable place of w where the marker still is.
func traces(t *testing.T, w *Workspace, dossierID string) []string {
	t.Helper()
	st := w.Store()
	var out []string
	if err := st.EachVersion(func(k, v []byte, ver uint64) error {
		if hasMarker(k) || hasMarker(v) {
			out = append(out, "badger version "+string(k))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h, err := st.History(dossierID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		t.Fatal(err)
	}
	for _, c := range h {
		if hasMarker([]byte(c.Old + c.New)) {
			out = append(out, "history "+c.Field)
		}
	}
	cs, _, err := st.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if hasMarker(c.Value) {
			out = append(out, "change log "+c.Kind+" "+c.Field)
		}
	}
	if res := st.Search(search.Query{Text: "Zyxwq"}); len(res.Rows) > 0 {
		out = append(out, "search")
	}
	if d, err := st.Dossier(dossierID); err == nil {
		for _, a := range d.Attachments {
			_, data, err := st.Attachment(dossierID, a.ID)
			if err == nil && hasMarker(data) || hasMarker([]byte(a.Name+a.Caption)) {
				out = append(out, "attachment "+a.Name)
			}
		}
	}
	found, err := w.SubjectAccess(markerName)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range found.Places {
		out = append(out, "subject access "+p.Kind)
	}
	return out
}

func hasMarker(b []byte) bool { return bytes.Contains(bytes.ToLower(b), []byte(marker)) }

// rawScan is the control: no file of the folder holds the marker as bytes.
func rawScan(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && (hasMarker(b) || bytes.Contains(b, []byte(markerEmail))) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// An erased contact person is in no readable place of either device —
// every Badger version, history, the change log, search, files, subject
// access — nor in a backup made afterwards, and an older edit of them
// arriving after the erasure does not bring them back; the tombstone
// says who, when and why on both devices.
func TestEraseContactLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	url := startSyncServer(t)
	a := mustCreate(t)
	if _, err := a.SyncSetup(ctx, url, "A", syncclient.Options{}); err != nil {
		t.Fatal(err)
	}
	d, contactID := plantPerson(t, a)
	if len(traces(t, a, d.ID)) == 0 {
		t.Fatal("the marker was not planted: the test proves nothing")
	}

	cl, err := a.SyncClient(syncclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	code, err := cl.Invite(ctx, string(store.RoleCreditManager))
	cl.Close()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Create(filepath.Join(t.TempDir(), "wsB"), pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Maria Manager"}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if _, err := b.SyncJoin(ctx, code, "B", syncclient.Options{}); err != nil && !strings.Contains(errKeyOf(err), "syncWaitingKey") {
		t.Fatal(err)
	}
	mustSync(t, a, "A")
	mustSync(t, b, "B")
	if _, err := b.Store().Dossier(d.ID); err != nil {
		t.Fatalf("B did not receive the dossier: %v", err)
	}
	// B edits the contact before it hears of the erasure.
	db, _ := b.Store().Dossier(d.ID)
	for i := range db.Contacts {
		if db.Contacts[i].ID == contactID {
			db.Contacts[i].Phone = markerB
		}
	}
	if _, err := b.Store().SaveDossier(db, "Maria Manager"); err != nil {
		t.Fatal(err)
	}

	var files []string
	for _, at := range d.Attachments {
		if strings.Contains(at.Name, markerName) {
			files = append(files, "a/"+at.ID)
		}
	}
	if len(files) != 2 {
		t.Fatalf("planted files %v", files)
	}
	e, err := a.EraseContact(d.ID, contactID, "the person asked (GDPR art. 17)")
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, a, "A") // the erasure goes up
	mustSync(t, b, "B") // B's older edit goes up, the erasure comes down
	mustSync(t, a, "A") // the older edit comes down to A
	mustSync(t, b, "B")

	for _, dev := range []struct {
		name string
		w    *Workspace
	}{{"A", a}, {"B", b}} {
		if tr := traces(t, dev.w, d.ID); len(tr) > 0 {
			t.Errorf("%s still holds the erased person in: %v", dev.name, tr)
		}
		if raw := rawScan(t, dev.w.Dir()); len(raw) > 0 {
			t.Errorf("%s: marker bytes in files %v", dev.name, raw)
		}
		kept, err := dev.w.Store().Dossier(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept.Contacts) != 1 || kept.Contacts[0].Name != "Anna Keep" || !strings.Contains(kept.Notes, "Hannover fair") {
			t.Errorf("%s: the rest of the dossier must stay: %+v / %q", dev.name, kept.Contacts, kept.Notes)
		}
		ts, err := dev.w.Erasures(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 1 || ts[0].ID != e.ID || ts[0].What != store.ErasedContact || ts[0].ContactID != contactID ||
			ts[0].ByName != "Sam Sales" || ts[0].By == "" || ts[0].Reason != "the person asked (GDPR art. 17)" || ts[0].At.IsZero() {
			t.Errorf("%s: tombstone %+v", dev.name, ts)
		}
		if tb, _ := json.Marshal(ts); hasMarker(tb) {
			t.Errorf("%s: the tombstone holds a value: %s", dev.name, tb)
		}
	}
	// No version of the erased files' keys is left (the large one's bytes
	// are out of reach: docs/erasure.md).
	a.Store().EachVersion(func(k, _ []byte, _ uint64) error {
		for _, f := range files {
			if string(k) == f {
				t.Errorf("a version of %s is left", f)
			}
		}
		return nil
	})
	if e.Files != 3 {
		t.Errorf("the two files named after the person and their signature should have gone: %+v", e)
	}

	// The audit trail names the erasure by ids only.
	rows, err := a.AuditRows(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Action == audit.Erasure {
			n++
			if !strings.Contains(r.Detail, contactID) || hasMarker([]byte(r.Detail)) {
				t.Errorf("audit detail %q", r.Detail)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d erasure entries, want 1", n)
	}

	// A backup made afterwards, restored and read through.
	bk := filepath.Join(t.TempDir(), "after.credence-backup")
	if err := a.Backup(ctx, bk, nil, store.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	rdir := filepath.Join(t.TempDir(), "restored")
	if err := store.RestoreFile(ctx, bk, rdir, pass); err != nil {
		t.Fatal(err)
	}
	r, err := Open(rdir, pass, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if tr := traces(t, r, d.ID); len(tr) > 0 {
		t.Errorf("the backup made afterwards holds the person in: %v", tr)
	}
	if ts, _ := r.Erasures(d.ID); len(ts) != 1 {
		t.Errorf("the backup lost the tombstone: %+v", ts)
	}
}

// A whole customer's erasure takes the dossier, its history, visits,
// files and derived records; the tombstone and the audit entry stay.
func TestEraseDossier(t *testing.T) {
	w := mustCreate(t)
	d, _ := plantPerson(t, w)
	d.Segment = "b2c" // a consumer: the name itself is personal
	s, err := w.SaveDossier(d, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.EraseDossier(s.Dossier.ID, " "); errKeyOf(err) != "err.erasureReason" {
		t.Fatalf("an erasure without a reason: %v", err)
	}
	if _, err := w.EraseDossier(d.ID, "retention"); err != nil {
		t.Fatal(err)
	}
	if tr := traces(t, w, d.ID); len(tr) > 0 {
		t.Errorf("still held in: %v", tr)
	}
	if _, err := w.Store().Dossier(d.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("the dossier is still there: %v", err)
	}
	if vs, _ := w.Visits.Visits(d.ID); len(vs) != 0 {
		t.Errorf("%d visits left", len(vs))
	}
	left := 0
	w.Store().EachVersion(func(k, v []byte, _ uint64) error {
		if bytes.Contains(k, []byte(d.ID)) && !bytes.HasPrefix(k, []byte("r/erasure/")) && !bytes.HasPrefix(k, []byte("v/")) {
			left++
			t.Logf("left: %s", k)
		}
		if bytes.Contains(v, []byte("Rheinland")) && !bytes.HasPrefix(k, []byte("r/audit")) {
			t.Errorf("the customer's name is left in %s", k)
		}
		return nil
	})
	if ts, _ := w.Erasures(d.ID); len(ts) != 1 || ts[0].What != store.ErasedDossier {
		t.Errorf("tombstone %+v", ts)
	}
}

// Only a credit manager or an admin may erase.
func TestEraseNeedsTheRole(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	w, err := Create(dir, pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	d, cid := plantPerson(t, w)
	if _, err := w.Store().AddPerson("Sally Seller", store.RoleSales, "sally horse battery"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	opt := testOptions()
	opt.User = "Sally Seller"
	s, err := Open(dir, "sally horse battery", opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.EraseContact(d.ID, cid, "asked"); errKeyOf(err) != "err.notAllowed" {
		t.Errorf("a salesperson erased: %v", err)
	}
	if _, err := s.EraseDossier(d.ID, "asked"); errKeyOf(err) != "err.notAllowed" {
		t.Errorf("a salesperson erased a customer: %v", err)
	}
	if err := s.SetRetentionPolicy(RetentionPolicy{Years: 3}); errKeyOf(err) != "err.notAllowed" {
		t.Errorf("a salesperson set the retention policy: %v", err)
	}
	if kept, _ := s.Store().Dossier(d.ID); len(kept.Contacts) != 2 {
		t.Errorf("refused, yet the contacts changed: %+v", kept.Contacts)
	}
}

func errKeyOf(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Key
	}
	return ""
}

// A namesake at another customer is another person: erasing one Li Wei
// leaves the other's contact, history and change log as they were.
func TestEraseLeavesANamesakeAlone(t *testing.T) {
	w := mustCreate(t)
	var ids, contacts []string
	for _, name := range []string{"Alpha Trading", "Beta Imports"} {
		d := mustDossier(t, w, name, "CN")
		d.Contacts = []dossier.Contact{{Name: "Li Wei", Email: "liwei@example.cn"}}
		s, err := w.SaveDossier(d, "Sam Sales")
		if err != nil {
			t.Fatal(err)
		}
		ids, contacts = append(ids, s.Dossier.ID), append(contacts, s.Dossier.Contacts[0].ID)
	}
	if _, err := w.EraseContact(ids[0], contacts[0], "asked"); err != nil {
		t.Fatal(err)
	}
	other, _ := w.Store().Dossier(ids[1])
	if len(other.Contacts) != 1 || other.Contacts[0].Name != "Li Wei" || other.Contacts[0].Email != "liwei@example.cn" {
		t.Errorf("the namesake changed: %+v", other.Contacts)
	}
	h, _ := w.Store().History(ids[1])
	cs, _, _ := w.Store().Changes(nil, 0)
	inHistory, inLog := false, false
	for _, c := range h {
		inHistory = inHistory || strings.Contains(c.New, "Li Wei")
	}
	for _, c := range cs {
		inLog = inLog || c.Entity == ids[1] && strings.Contains(string(c.Value), "Li Wei")
	}
	if !inHistory || !inLog {
		t.Errorf("the namesake's history (%v) or change log (%v) lost him", inHistory, inLog)
	}
	first, _ := w.Store().Dossier(ids[0])
	if len(first.Contacts) != 0 {
		t.Errorf("the erased contact stayed: %+v", first.Contacts)
	}
}
