package store

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/errs"
)

func rawGet(t *testing.T, s *Store, k string) []byte {
	t.Helper()
	var v []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(k))
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

func rawSet(t *testing.T, s *Store, k string, v []byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(k), v) }); err != nil {
		t.Fatal(err)
	}
}

// A value changed behind the store's back (what AES-CTR lets someone do
// without the key, and what Badger's unkeyed checksums cannot refuse once
// recomputed) or moved under another key reads as damaged, never as a
// different dossier; Verify names it and the rest stays readable.
func TestRecordTamperDetected(t *testing.T) {
	s := MustCreate(t)
	a, _ := s.CreateDossier(sample(), "U")
	b2 := sample()
	b2.LatinName.Value = "Other Co"
	b, _ := s.CreateDossier(b2, "U")

	v := rawGet(t, s, prefDossier+a.ID)
	v[10] ^= 0x01 // "legal_name" → "legal_nbme" or a changed letter: still JSON-ish
	rawSet(t, s, prefDossier+a.ID, v)
	if _, err := s.Dossier(a.ID); errKey(err) != "err.damaged" {
		t.Fatalf("changed dossier read as: %v", err)
	}
	rawSet(t, s, prefDossier+b.ID, rawGet(t, s, prefDossier+b.ID)) // untouched copy stays valid
	if got, err := s.Dossier(b.ID); err != nil || got.LatinName.Value != "Other Co" {
		t.Fatalf("intact dossier: %v", err)
	}
	// A valid value moved under another key.
	s.PutRecord("screen", "x", map[string]string{"v": "1"})
	rawSet(t, s, prefRecord+"screen/y", rawGet(t, s, prefRecord+"screen/x"))
	var out map[string]string
	if err := s.GetRecord("screen", "y", &out); errKey(err) != "err.damaged" {
		t.Fatalf("moved record read as: %v %v", out, err)
	}
	r, err := s.Verify(context.Background())
	if err != nil || r.OK() || !hasProblem(r, "customer "+a.ID) || !hasProblem(r, "record screen/y") {
		t.Fatalf("verify: %+v %v", r, err)
	}
}

// A workspace made before tags is upgraded at its first open: every value
// tagged, the header marked, the data unchanged.
func TestUntaggedWorkspaceUpgraded(t *testing.T) {
	s := MustCreate(t)
	d, _ := s.CreateDossier(sample(), "U")
	dir := s.Dir()
	// Make it look like an old workspace: strip every tag, unmark the header.
	var keys []string
	s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, string(it.Item().KeyCopy(nil)))
		}
		return nil
	})
	for _, k := range keys {
		v := rawGet(t, s, k)
		rawSet(t, s, k, v[:len(v)-macSize])
	}
	m := *s.meta
	m.RecordMAC = false
	s.Close()
	if err := writeMeta(dir, &m); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Dossier(d.ID); err != nil || got.LegalName.Value != d.LegalName.Value {
		t.Fatalf("after upgrade: %v", err)
	}
	if mm, _ := readMeta(dir); !mm.RecordMAC {
		t.Fatal("header not marked")
	}
	if r, err := s2.Verify(context.Background()); err != nil || !r.OK() {
		t.Fatalf("verify after upgrade: %+v %v", r, err)
	}
}

// A byte changed in the workspace header is named a damaged header, not a
// wrong passphrase, wherever it lands.
func TestHeaderDamageNamed(t *testing.T) {
	s := MustCreate(t)
	dir := s.Dir()
	s.Close()
	orig, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		t.Fatal(err)
	}
	for i := range orig {
		b := bytes.Clone(orig)
		b[i] ^= 0x01
		os.WriteFile(filepath.Join(dir, metaFile), b, 0o600)
		s, err := Open(dir, pass, Options{})
		if err == nil {
			// Only a change that means nothing may pass: whitespace, or
			// the name of the check field itself (then unchecked, but
			// every value still equal).
			got := *s.meta
			s.Close()
			got.Check = ""
			var want meta
			json.Unmarshal(orig, &want)
			want.Check = ""
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if !bytes.Equal(g, w) {
				t.Errorf("byte %d changed the header and the workspace opened", i)
			}
			continue
		}
		if errs.Code(err) == errs.Unauthorized {
			t.Errorf("byte %d (%q) changed: reported as a wrong passphrase", i, orig[i])
		}
	}
	os.WriteFile(filepath.Join(dir, metaFile), orig, 0o600)
	if s, err := Open(dir, pass, Options{}); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
}
