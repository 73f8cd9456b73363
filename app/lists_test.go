package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Through the app's services: a CSL file cut at a line end is refused with
// err.listShrink and its figures, imported once confirmed, and rolled back.
func TestListShrinkConfirmAndRollback(t *testing.T) {
	ws, _, sc, _ := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")
	v1, err := sc.ImportPath(full)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "consolidated.csv")
	os.WriteFile(cut, b[:len(b)/2+bytes.IndexByte(b[len(b)/2:], '\n')+1], 0o600)
	_, err = sc.ImportPath(cut)
	if u := uiError(t, err); u.Key != "err.listShrink" || u.Params["total"] != "115" || u.Params["removed"] == "" {
		t.Fatalf("shrunk import: %+v", u)
	}
	v2, err := sc.ImportPathAllowShrink(cut)
	if err != nil || v2.Entries >= v1.Entries {
		t.Fatalf("confirmed import: %+v %v", v2, err)
	}
	back, err := sc.RollbackList("us_csl", "")
	if err != nil || back.ID != v1.ID {
		t.Fatalf("rollback: %+v %v", back, err)
	}
}
