package store

import (
	"bytes"
	"path/filepath"
	"testing"

	"credence/backend/dossier"
)

// An erasure cut short after its tombstone (a crash) is finished when the
// workspace opens again: the contact, its history entries and every
// version of them are gone, the marker too.
func TestErasureInterruptedIsFinishedAtOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "李雷"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	d := sample()
	d.Contacts = []dossier.Contact{{Name: "Qorvath Example", Email: "qorvath@example.com"}}
	d.Notes = "Qorvath Example called twice."
	if d, err = s.CreateDossier(d, "李雷"); err != nil {
		t.Fatal(err)
	}
	eraseCrashHook = func() bool { return true }
	_, err = s.EraseContact(d.ID, d.Contacts[0].ID, "asked")
	eraseCrashHook = nil
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Dossier(d.ID); len(got.Contacts) != 1 {
		t.Fatal("the hook did not stop the erasure: the test proves nothing")
	}
	s.Close()

	s, err = Open(dir, pass, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Dossier(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contacts) != 0 || got.Notes != "[erased] called twice." {
		t.Errorf("after reopening: %+v %q", got.Contacts, got.Notes)
	}
	s.EachVersion(func(k, v []byte, _ uint64) error {
		if bytes.Contains(k, []byte(prefErasePending)) || bytes.Contains(v, []byte("Qorvath")) || bytes.Contains(v, []byte("qorvath")) {
			t.Errorf("left in %s", k)
		}
		return nil
	})
	if es, _ := s.Erasures(d.ID); len(es) != 1 {
		t.Errorf("tombstones %+v", es)
	}
}
