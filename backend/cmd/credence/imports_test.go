package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCLIImportCustomerList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	var b strings.Builder
	b.WriteString("\ufeff客户名单\n\n客户名称,Land,邮箱,成立日期\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "Kunde %02d GmbH,DE,einkauf@kunde%02d.de,%d\n", i, i, 43000+i)
	}
	b.WriteString("合计,,,\n")
	p := filepath.Join(t.TempDir(), "list.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)

	// "Land" is unknown: without a mapping the countries are simply not read.
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "import", p, "--map", "country=Land", "--save-mapping", "Kundenliste")
	if c != 0 || !strings.Contains(out, "30 new, 0 merged") {
		t.Fatalf("import: %d %s %s", c, out, e)
	}
	out, e, c = cli(t, pass, "--dir", dir, "dossier", "import", p, "--mapping", "Kundenliste", "--json")
	var res struct {
		Created   []string `json:"created"`
		Unchanged int      `json:"unchanged"`
	}
	if c != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Created) != 0 || res.Unchanged != 30 {
		t.Fatalf("second import: %d %s %s", c, out, e)
	}
	out, _, _ = cli(t, pass, "--dir", dir, "dossier", "list", "--country", "DE", "--json")
	if !strings.Contains(out, `"total": 30`) {
		t.Fatalf("list: %s", out)
	}
	x := filepath.Join(t.TempDir(), "customers.xlsx")
	if out, e, c = cli(t, pass, "--dir", dir, "dossier", "list", "--country", "DE", "--limit", "5", "--xlsx", x, "--lang", "en"); c != 0 || !strings.Contains(out, "30 customers written") {
		t.Fatalf("list --xlsx: %d %s %s", c, out, e)
	}
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	f.Close()
	if len(rows) != 31 || rows[0][1] != "Name" || !strings.HasPrefix(rows[1][1], "Kunde ") {
		t.Fatalf("read back %v", rows)
	}
	// A bad row refuses the file and names the line.
	os.WriteFile(p, []byte("客户名称,国家\nGood GmbH,DE\nBad Ltd,Atlantis\n"), 0o600)
	_, e, c = cli(t, pass, "--dir", dir, "dossier", "import", p)
	if c == 0 || !strings.Contains(e, "line 3: unknown country") || !strings.Contains(e, "nothing was imported") {
		t.Fatalf("bad file: %d %s", c, e)
	}
	if out, _, _ = cli(t, pass, "--dir", dir, "dossier", "list", "--query", "Good", "--json"); !strings.Contains(out, `"total": 0`) {
		t.Fatalf("a refused file wrote: %s", out)
	}
}
