package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/refdata"
)

func TestRefDataServiceImportsAndShows(t *testing.T) {
	t.Cleanup(func() { refdata.Use(nil) })
	ws, _, _, rt := services(t)
	rd := NewRefDataService(ws.sess, rt)
	Startup(context.Background(), rd)

	// Before any workspace: the built-in tables, no import possible.
	tabs, err := rd.Tables()
	if err != nil || len(tabs.Tables) != 6 || tabs.CanImport || tabs.Tables[0].Date != "2026-01-30" {
		t.Fatalf("tables: %+v %v", tabs, err)
	}
	if c, err := rd.Country("de"); err != nil || c.OECD != "HI" || c.NameZH != "德国" {
		t.Fatalf("DE: %+v %v", c, err)
	}
	if u := uiError(t, func() error { _, err := rd.Country("QQ"); return err }()); u.Key != "err.refdataCountry" {
		t.Fatalf("QQ: %+v", u)
	}
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	// The first user is admin and may import.
	rt.open = filepath.Join("..", "backend", "refdata", "testdata", "fatf_2026-10.txt")
	ch, err := rd.ImportFromDialog(refdata.TableFATF)
	if err != nil || ch == nil || ch.After.Date != "2026-10-23" || !strings.Contains(strings.Join(ch.Removed, ","), "VN grey") || !rt.saw("refdata:changed") {
		t.Fatalf("import: %+v %v", ch, err)
	}
	if c, _ := rd.Country("VN"); c.FATF != "" || c.FATFDate != "2026-10-23" || c.FATFOrigin != "imported" {
		t.Fatalf("VN after import: %+v", c)
	}
	// A later unlock uses the imported table too.
	refdata.Use(nil)
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	if refdata.Current().FATF.Meta.Date != "2026-10-23" {
		t.Fatalf("after unlock: %s", refdata.Current().FATF.Meta.Date)
	}
	// A file that is not the table is refused with a sentence.
	rt.open = filepath.Join("..", "backend", "refdata", "testdata", "oecd_2026-06.txt")
	if u := uiError(t, func() error { _, err := rd.ImportFromDialog(refdata.TableFATF); return err }()); u.Key != "err.refdataFile" {
		t.Fatalf("bad file: %+v", u)
	}
	if back, err := rd.Forget(refdata.TableFATF); err != nil || back.After.Origin != "built-in" {
		t.Fatalf("forget: %+v %v", back, err)
	}
}
