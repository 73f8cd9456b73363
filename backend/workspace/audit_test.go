package workspace

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/audit"
	"credence/backend/screening"
	"credence/backend/store"
)

// Each audited use case leaves exactly one entry naming the unlocking
// person's id and what it was about; a second look at a dossier within
// minutes is the same view; no entry carries a customer's name.
func TestEachActionIsOneEntry(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	opt := testOptions()
	opt.Now = func() time.Time { return now }
	w, err := Create(filepath.Join(t.TempDir(), "ws"), pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	me, _ := w.Store().Person()
	if me == "" || w.Actor() != me {
		t.Fatalf("actor %q, person %q", w.Actor(), me)
	}
	st := w.Store()
	type want struct {
		action  audit.Action
		subject string
	}
	var wants []want
	expect := func(a audit.Action, subject string) { wants = append(wants, want{a, subject}) }

	d := mustDossier(t, w, "Hansa Licht GmbH", "DE")
	for range 3 {
		if _, err := w.ViewDossier(d.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	expect(audit.View, d.ID)
	now = now.Add(viewWindow)
	if _, err := w.ViewDossier(d.ID); err != nil {
		t.Fatal(err)
	}
	expect(audit.View, d.ID)

	if err := w.Backup(context.Background(), filepath.Join(t.TempDir(), "b.credence-backup"), nil, store.BackupOptions{}); err != nil {
		t.Fatal(err)
	}
	expect(audit.Backup, "workspace")

	if _, err := w.Screening.Import(context.Background(), "../../testdata/sanctions/us-csl-sample.csv", "", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	listed, err := w.CreateDossier(dossierOf("200G PSA HOLDINGS LLC", "US"), "Sam Sales")
	if err != nil || len(listed.NewHits) == 0 {
		t.Fatalf("no hit to decide: %v", err)
	}
	if _, err := w.DecideHit(listed.Dossier.ID, listed.NewHits[0].Key, screening.VerdictFalsePositive, "another company", "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	expect(audit.ScreeningDecision, listed.Dossier.ID)

	pol, _ := w.Credit.Policy()
	pol.SingleApprover = true
	if _, err := w.Credit.SavePolicy(pol, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	for _, approve := range []bool{true, false} {
		snap, err := w.Assess(d.ID, "Sam Sales", now)
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.Credit.Propose(d.ID, snap.ID, snap.Assessment.Limit.Amount, "", snap.Assessment.Terms, "", "Sam Sales")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.DecideProposal(p.ID, approve, "terms checked", "Sam Sales"); err != nil {
			t.Fatal(err)
		}
		expect(map[bool]audit.Action{true: audit.Approval, false: audit.Rejection}[approve], d.ID)
	}

	maria, err := st.AddPerson("Maria Manager", store.RoleSales, pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetRole(maria.ID, store.RoleCreditManager, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	expect(audit.RoleChange, maria.ID)
	if err := w.SetRole(maria.ID, store.RoleCreditManager, "Sam Sales"); err != nil { // no change, no entry
		t.Fatal(err)
	}
	dup := mustDossier(t, w, "Hansa Licht", "DE")
	if _, err := w.Merge(d.ID, dup.ID, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	expect(audit.Deletion, dup.ID) // merged away: archived
	if err := w.Printed(d.ID, "CR-20261130-abcdef"); err != nil {
		t.Fatal(err)
	}
	expect(audit.Print, d.ID)
	if _, err := w.SetArchived(listed.Dossier.ID, true, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	expect(audit.Deletion, listed.Dossier.ID)
	if err := w.RemovePerson(maria.ID); err != nil {
		t.Fatal(err)
	}
	expect(audit.Deletion, maria.ID)
	if err := w.Restored(); err != nil {
		t.Fatal(err)
	}
	expect(audit.Restore, "workspace")

	tr, err := w.Trail()
	if err != nil {
		t.Fatal(err)
	}
	got, err := tr.List(audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wants) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(wants), got)
	}
	for i, wnt := range wants {
		e := got[len(got)-1-i] // newest first
		if e.Action != wnt.action || e.Subject != wnt.subject || e.User != me || e.Device != st.DeviceID() {
			t.Errorf("entry %d: %+v, want %s on %s by %s", i, e, wnt.action, wnt.subject, me)
		}
		for _, name := range []string{"Hansa", "200G", "Maria"} {
			if strings.Contains(e.Detail, name) {
				t.Errorf("entry %d names %s: %q", i, name, e.Detail)
			}
		}
	}
	if p, err := tr.Verify(); err != nil || len(p) != 0 {
		t.Fatalf("verify: %v %v", p, err)
	}
}
