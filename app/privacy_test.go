package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/dossier"
)

// The privacy doors of the app: a contact erased leaves a tombstone the
// dossier lists and the form no longer shows; the retention preview is
// empty while the policy is off; a subject-access export goes into the
// folder the save dialog names.
func TestPrivacyFromTheApp(t *testing.T) {
	ws, ds, _, rt := services(t)
	const pass = "privacy me 2026 please"
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "Una User", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	d, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Kontakt GmbH"}, Country: dossier.Fact{Value: "DE"},
		Contacts: []dossier.Contact{{Name: "Vera Vorbild", Email: "vera@example.de"}, {Name: "Otto Other"}}})
	if err != nil {
		t.Fatal(err)
	}
	pv := NewPrivacyService(ws.sess, rt)
	Startup(context.Background(), pv)

	rt.save = filepath.Join(t.TempDir(), "sar")
	exp, err := pv.SubjectExport("Vera Vorbild")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(rt.save, "subject-access.json"))
	if err != nil || exp.Dir != rt.save || exp.Places == 0 || !strings.Contains(string(b), "vera@example.de") {
		t.Fatalf("subject export %+v: %v", exp, err)
	}

	if _, err := pv.EraseContact(d.ID, d.Contacts[0].ID, ""); err == nil || !strings.Contains(err.Error(), "err.erasureReason") {
		t.Errorf("an erasure without a reason: %v", err)
	}
	if _, err := pv.EraseContact(d.ID, d.Contacts[0].ID, "she asked"); err != nil {
		t.Fatal(err)
	}
	got, err := ds.Get(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contacts) != 1 || got.Contacts[0].Name != "Otto Other" {
		t.Errorf("contacts after the erasure: %+v", got.Contacts)
	}
	es, err := pv.Erasures(d.ID)
	if err != nil || len(es) != 1 || es[0].ByName != "Una User" || es[0].Reason != "she asked" {
		t.Errorf("tombstones %+v %v", es, err)
	}
	if p, err := pv.RetentionPreview(); err != nil || len(p) != 0 {
		t.Errorf("the policy is off, yet the preview lists %v (%v)", p, err)
	}
	if err := pv.SetRetention(7); err != nil {
		t.Fatal(err)
	}
	if r, _ := pv.Retention(); r.Years != 7 {
		t.Errorf("policy %+v", r)
	}
}
