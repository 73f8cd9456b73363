package app

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"credence/backend/audit"
	"credence/backend/dossier"
)

// The app's doors record what they should, once: opening a dossier (twice
// in a row is one view), a backup, a printed report (whose footer names
// the printer), the trail's own export; the Audit page reads names,
// "this computer" and sentences; a restore is recorded in the restored
// workspace, whose trail stays intact.
func TestAuditFromTheApp(t *testing.T) {
	ws, ds, _, rt := services(t)
	const pass = "audit me 2026 please"
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "Una User", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	d, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Seen Twice GmbH"}, Country: dossier.Fact{Value: "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := ds.Get(d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.Backup(filepath.Join(t.TempDir(), "ws.credence-backup")); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "ws.credence-backup")
	if err := ws.Backup(backup); err != nil {
		t.Fatal(err)
	}
	rep := NewReportService(ws.sess, rt)
	au := NewAuditService(ws.sess, rt)
	Startup(context.Background(), rep, au)
	rt.save = filepath.Join(t.TempDir(), "credit.pdf")
	res, err := rep.ExportCredit(d.ID, "en", false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", res.Path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(out), "printed by Una User at ") {
		t.Errorf("the footer does not name the printer:\n%s", out)
	}

	rows, err := au.List(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []audit.Action
	for _, r := range rows {
		got = append(got, r.Action)
	}
	if strings.Join(actions(got), " ") != "print backup backup view" {
		t.Fatalf("entries %v", got)
	}
	v := rows[len(rows)-1]
	if v.Subject != d.ID || v.SubjectName != "Seen Twice GmbH" || v.UserName != "Una User" || v.DeviceName != "this computer" || !v.ThisDevice ||
		v.Sentence.En != "Una User opened the file of Seen Twice GmbH" || !strings.Contains(v.Sentence.Zh, "查看了 Seen Twice GmbH 的档案") {
		t.Errorf("view row %+v", v)
	}
	if only, err := au.List(AuditFilter{Actions: []string{"print"}, Subject: d.ID, User: "una user"}); err != nil || len(only) != 1 {
		t.Errorf("filtered: %+v %v", only, err)
	}
	if _, err := au.List(AuditFilter{From: "30/11/2026"}); uiError(t, err).Key != "err.date" {
		t.Errorf("a bad day: %v", err)
	}

	rt.save = filepath.Join(t.TempDir(), "audit")
	path, err := au.Export(AuditFilter{})
	if err != nil || path != rt.save+".xlsx" {
		t.Fatalf("export %q %v", path, err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cells, _ := x.GetRows(x.GetSheetName(0))
	x.Close()
	if len(cells) != 5 || cells[4][4] != "Una User opened the file of Seen Twice GmbH" || cells[4][5] != "this computer" {
		t.Errorf("workbook %q", cells)
	}
	if rows, _ := au.List(AuditFilter{Actions: []string{"export_xlsx"}}); len(rows) != 1 || rows[0].Subject != "audit" {
		t.Errorf("the trail's export is not audited: %+v", rows)
	}
	if p, err := au.Verify(); err != nil || len(p) != 0 {
		t.Fatalf("verify %v %v", p, err)
	}

	if _, err := ws.RestoreReplacing(backup, pass); err != nil {
		t.Fatal(err)
	}
	rows, err = au.List(AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, r := range rows {
		got = append(got, r.Action)
	}
	// The backup holds what came before it; the restore is recorded after.
	if strings.Join(actions(got), " ") != "restore backup view" {
		t.Fatalf("after the restore: %v", got)
	}
	if p, err := au.Verify(); err != nil || len(p) != 0 {
		t.Fatalf("verify after the restore %v %v", p, err)
	}
}

func actions(as []audit.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}
