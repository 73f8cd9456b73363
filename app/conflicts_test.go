package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

func syncStores(t *testing.T, from, to *store.Store) {
	t.Helper()
	cs, _, err := from.Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.Apply(cs); err != nil {
		t.Fatal(err)
	}
}

// Two computers edit one customer's notes and a contact at once; after
// they exchange changes this one lists the losing edits as conflicts a
// person can read (customer, field label, both values as text, who, where)
// and resolving one writes the kept-aside value and tells the stores.
func TestConflictsListedForPeopleAndResolved(t *testing.T) {
	ws, ds, _, rt := services(t)
	cs := NewConflictService(ws.sess, rt)
	Startup(context.Background(), cs)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "Ann", Language: "en", Passphrase: "annpass123", Confirm: "annpass123"}); err != nil {
		t.Fatal(err)
	}
	a, _ := ws.sess.Store()
	d, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}, Contacts: []dossier.Contact{{ID: "c1", Name: "Hans", Phone: "+49 1"}}})
	if err != nil {
		t.Fatal(err)
	}
	b := storetest.NewAs(t, "Bea")
	syncStores(t, a, b)
	db, err := b.Dossier(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	db.Notes = "pays late"
	db.Contacts[0].Phone = "+49 2"
	if _, err := b.SaveDossier(db, "Bea"); err != nil {
		t.Fatal(err)
	}
	da, _ := a.Dossier(d.ID)
	da.Notes = "pays on time"
	da.Contacts[0].Phone = "+49 3"
	if _, err := a.SaveDossier(da, "Ann"); err != nil {
		t.Fatal(err)
	}
	syncStores(t, b, a)
	rows, err := cs.List()
	if err != nil || len(rows) != 2 {
		t.Fatalf("conflicts: %+v %v", rows, err)
	}
	en, _ := os.ReadFile("../frontend/src/langs/en.json")
	var notes, contact ConflictRow
	for _, r := range rows {
		if r.Customer != "Acme GmbH" || r.DossierID != d.ID || r.Label == "" || r.Winner.Deleted || r.Loser.Deleted {
			t.Fatalf("row %+v", r)
		}
		if !strings.Contains(string(en), `"`+strings.TrimPrefix(r.Label, "field.")+`"`) {
			t.Fatalf("label %s has no English sentence", r.Label)
		}
		if r.Winner.ThisDevice == r.Loser.ThisDevice || r.Winner.At.IsZero() {
			t.Fatalf("sides not told apart: %+v", r)
		}
		switch r.Label {
		case "field.notes":
			notes = r
		case "field.contacts":
			contact = r
		}
	}
	texts := notes.Winner.Text + "|" + notes.Loser.Text
	if texts != "pays late|pays on time" && texts != "pays on time|pays late" {
		t.Fatalf("notes as text: %q", texts)
	}
	if !strings.HasPrefix(contact.Winner.Text, "Hans · ") || strings.Contains(contact.Loser.Text, "{") || strings.Contains(contact.Loser.Text, "c1") {
		t.Fatalf("contact as text: %q / %q", contact.Winner.Text, contact.Loser.Text)
	}
	for _, side := range []ConflictSide{notes.Winner, notes.Loser} {
		if side.User != "Ann" && side.User != "Bea" {
			t.Fatalf("who: %+v", side)
		}
	}
	if u := uiError(t, cs.Resolve(notes.ID, "both")); u.Code != "invalid" {
		t.Fatalf("bad pick: %+v", u)
	}
	rt.events = nil
	if err := cs.Resolve(notes.ID, "loser"); err != nil || !rt.saw(EventChanged) {
		t.Fatalf("resolve: %v", err)
	}
	got, _ := a.Dossier(d.ID)
	if got.Notes != notes.Loser.Text {
		t.Fatalf("picked %q, dossier holds %q", notes.Loser.Text, got.Notes)
	}
	if rows, _ := cs.List(); len(rows) != 1 || rows[0].ID != contact.ID {
		t.Fatalf("after resolve: %+v", rows)
	}
	if u := uiError(t, cs.Resolve(notes.ID, "winner")); u.Code != "not_found" {
		t.Fatalf("resolved twice: %+v", u)
	}
}
