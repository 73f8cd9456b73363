package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/customers"
	"credence/backend/dossier"
	"credence/backend/gen"
	"credence/backend/search"
	"credence/backend/store"
)

// importApp is a new workspace in lang with the import service started.
func importApp(t *testing.T, lang string) (*WorkspaceService, *ImportService, *fakeRuntime) {
	t.Helper()
	ws, _, _, rt := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Li Lei", Passphrase: "correct horse battery staple", Confirm: "correct horse battery staple", Language: lang}); err != nil {
		t.Fatal(err)
	}
	imp := NewImportService(ws.sess, rt)
	Startup(context.Background(), imp)
	return ws, imp, rt
}

func TestImportServiceRoundTrip(t *testing.T) {
	ws, imp, rt := importApp(t, "en")
	var b strings.Builder
	b.WriteString("客户名单\n\n客户名称,Land,邮箱\n")
	for i := 1; i <= 25; i++ {
		fmt.Fprintf(&b, "Kunde %02d GmbH,DE,einkauf@kunde%02d.de\n", i, i)
	}
	p := filepath.Join(t.TempDir(), "list.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)

	page, err := imp.Preview(p, TargetCustomers, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if page.HeaderLine != 3 || len(page.Rows) != 20 || page.Mapping["legal_name"] != "客户名称" || page.Customers == nil || len(page.Customers.Created) != 25 {
		t.Fatalf("preview %+v", page)
	}
	if _, ok := page.Mapping["country"]; ok {
		t.Fatalf("Land guessed: %v", page.Mapping)
	}
	page.Mapping["country"] = "Land"
	if err := imp.SaveMapping(TargetCustomers, "CRM", page.Mapping); err != nil {
		t.Fatal(err)
	}
	saved, _ := imp.Mappings(TargetCustomers)
	if len(saved) != 1 || saved[0].Mapping["country"] != "Land" {
		t.Fatalf("saved %+v", saved)
	}
	res, err := imp.ImportCustomers(p, saved[0].Mapping, false)
	if err != nil || len(res.Created) != 25 {
		t.Fatalf("import: %v %+v", err, res)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !rt.saw("import:screen-done") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !rt.saw("import:screen-done") {
		t.Fatal("background screening did not finish")
	}
	again, err := imp.ImportCustomers(p, saved[0].Mapping, false)
	if err != nil || len(again.Created) != 0 || again.Unchanged != 25 {
		t.Fatalf("again: %v %+v", err, again)
	}
	// A refused file comes back as a sentence key with the rows listed.
	os.WriteFile(p, []byte("客户名称,国家\nBad Ltd,Atlantis\n"), 0o600)
	bad, err := imp.ImportCustomers(p, nil, false)
	if err == nil || !strings.Contains(err.Error(), "err.importRefused") || len(bad.Errors) != 1 || bad.Errors[0].Key != "err.rowCountry" {
		t.Fatalf("bad file: %v %+v", err, bad.Errors)
	}

	rt.save = filepath.Join(t.TempDir(), "out") // no extension: .xlsx is added
	path, err := imp.ExportList(search.Query{Country: "DE"}, "zh-CN")
	if err != nil || path != rt.save+".xlsx" {
		t.Fatalf("export: %q %v", path, err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	f.Close()
	if len(rows) != 26 || rows[0][1] != "客户名称" {
		t.Fatalf("exported %d rows, header %v", len(rows), rows[0])
	}
	var st *store.Store
	if st, err = ws.sess.Store(); err != nil {
		t.Fatal(err)
	}
	if st.Count() != 25 {
		t.Fatalf("%d dossiers", st.Count())
	}
}

// An accounting export goes through the same mapping screen: the 用友
// preset among the saved mappings, a preview that says what would happen
// (one customer matched by name, one not), the import, and the same file
// again changing nothing.
func TestImportServiceReceivables(t *testing.T) {
	ws, imp, rt := importApp(t, "zh-CN")
	w, err := ws.sess.Workspace()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Store().CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Kunde Eins GmbH"}, Country: dossier.Fact{Value: "DE"}}, "Li Lei"); err != nil {
		t.Fatal(err)
	}
	csv := "应收账龄表\n客户编码,客户名称,单据编号,单据日期,到期日,币种,原币金额,原币余额\n" +
		"C001,Kunde Eins GmbH,INV-1,2026-09-01,2026-10-01,USD,\"12,000.00\",12000\n" +
		"C001,Kunde Eins GmbH,INV-2,2026-10-01,2026-11-01,USD,5000,2000\n" +
		"C099,Unbekannt AG,INV-3,2026-10-05,2026-11-05,USD,700,700\n"
	p := filepath.Join(t.TempDir(), "u8.csv")
	os.WriteFile(p, []byte(csv), 0o600)

	maps, err := imp.Mappings(TargetReceivables)
	if err != nil || len(maps) < 3 || maps[0].Name != "用友 U8 应收账龄" {
		t.Fatalf("presets %+v %v", maps, err)
	}
	page, err := imp.Preview(p, TargetReceivables, maps[0].Mapping, "")
	if err != nil {
		t.Fatal(err)
	}
	r := page.Receivables
	if page.Problem != "" || r == nil || r.Added != 2 || len(r.Unmatched) != 1 || r.Unmatched[0].Code != "C099" || r.Written {
		t.Fatalf("preview %+v problem %q", r, page.Problem)
	}
	if len(page.Fields) == 0 || page.Fields[0].Key != "customer_code" {
		t.Fatalf("fields %+v", page.Fields)
	}
	res, err := imp.ImportReceivables(p, page.Mapping, "", false)
	if err != nil || res.Added != 2 || !res.Written {
		t.Fatalf("import %+v %v", res, err)
	}
	if !rt.saw(EventChanged) {
		t.Error("the stores were not told")
	}
	again, err := imp.ImportReceivables(p, page.Mapping, "", false)
	if err != nil || again.Added != 0 || again.Updated != 0 || again.Known != 2 {
		t.Fatalf("second import %+v %v", again, err)
	}
}

// Locking stops the screening of imported customers and waits for it
// (cancelled, not failed on a closed store); the next unlock screens the
// customers it had left.
func TestLockStopsImportScreening(t *testing.T) {
	ws, sc, rt := screeningApp(t, nil)
	imp := NewImportService(ws.sess, rt)
	Startup(context.Background(), imp)
	importCSL(t, sc)
	waitRescreens(t, rt, 1) // the list's re-screen, of an empty book
	st, _ := ws.sess.Store()
	made, err := st.CreateDossiers(gen.Dossiers(1500, 8), "U", nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(made))
	for i, d := range made {
		ids[i] = d.ID
	}
	imp.screen(ids) // as ImportCustomers does
	// A slow end: the lock must wait for it all the same.
	rt.slow.Store("import:screen-done")
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	rt.slow.Store("")
	done, _ := rt.last("import:screen-done").(map[string]any)
	if done["cancelled"] != true {
		t.Fatalf("after the lock returned, the import's screening ended %v", done)
	}
	if _, err := ws.Unlock("abcdefgh1"); err != nil {
		t.Fatal(err)
	}
	waitRescreens(t, rt, 2)
	mustBeScreened(t, sc, made, "after the unlock")
}

// An import the window waits for shows its phases and stops at Cancel:
// a second import meanwhile is refused with a sentence, the customers
// written before the cancel are counted in the error's sentence, listed
// and screened, and the rest of the list is not written.
func TestImportServiceCancelKeepsWhatWasWritten(t *testing.T) {
	ws, imp, rt := importApp(t, "en")
	const n = 6000
	var b strings.Builder
	b.WriteString("客户名称,国家,邮箱\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Kunde %05d GmbH,DE,einkauf@kunde%05d.de\n", i, i)
	}
	p := filepath.Join(t.TempDir(), "list.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)

	var second error
	stop := make(chan struct{})
	go func() { // the window: watches the progress, then presses Cancel
		defer close(stop)
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			p, ok := rt.last("import:progress").(customers.Progress)
			if !ok {
				continue
			}
			if p.Phase == customers.PhaseWrite && p.Done > 0 {
				_, second = imp.ImportCustomers(p2(t), nil, false)
				imp.CancelImport()
				return
			}
		}
	}()
	res, err := imp.ImportCustomers(p, nil, false)
	<-stop
	if err == nil || !strings.Contains(err.Error(), "err.importCancelledPart") {
		t.Fatalf("cancelled import: %v", err)
	}
	if second == nil || !strings.Contains(second.Error(), "err.importRunning") {
		t.Fatalf("a second import while one runs: %v", second)
	}
	// Every phase reached the window, in order (the watcher may miss a
	// short one; the runtime saw them all).
	rt.mu.Lock()
	var sent []string
	for i, e := range rt.events {
		if p, ok := rt.data[i].(customers.Progress); ok && e == "import:progress" && (len(sent) == 0 || sent[len(sent)-1] != p.Phase) {
			sent = append(sent, p.Phase)
		}
	}
	rt.mu.Unlock()
	if strings.Join(sent, ",") != "read,check,write" {
		t.Fatalf("phases sent %v", sent)
	}
	st, serr := ws.sess.Store()
	if serr != nil {
		t.Fatal(serr)
	}
	if len(res.Created) == 0 || len(res.Created) >= n || st.Count() != len(res.Created) ||
		!strings.Contains(err.Error(), fmt.Sprintf(`"created":"%d"`, len(res.Created))) {
		t.Fatalf("%d created, %d stored: %v", len(res.Created), st.Count(), err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !rt.saw("import:screen-done") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !rt.saw("import:screen-done") || !rt.saw("import:done") {
		t.Fatal("the customers written before the cancel were not announced and screened")
	}
	// The job is over: the same list imported again finishes the work.
	again, err := imp.ImportCustomers(p, nil, false)
	if err != nil || len(again.Created) != n-len(res.Created) || st.Count() != n {
		t.Fatalf("again: %v, %d new, %d stored", err, len(again.Created), st.Count())
	}
}

// p2 is a one-row list, for an import tried while another runs.
func p2(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "other.csv")
	os.WriteFile(p, []byte("客户名称,国家\nOther Ltd,GB\n"), 0o600)
	return p
}
