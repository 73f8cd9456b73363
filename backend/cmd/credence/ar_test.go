package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An ageing export with plain headers is imported without a mapping, its
// overdue invoice shows on the alert board and in the assessment, a broken
// promise to pay raises its own alert, and an alert is handled with a note.
func TestCLIReceivables(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--latin-name", "Lumiere Import GmbH", "--country", "DE", "--type", "importer")
	if c != 0 {
		t.Fatalf("add: %s", e)
	}
	id := strings.TrimSpace(out)
	today := time.Now().UTC()
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	var b strings.Builder
	b.WriteString("客户名称,发票号码,开票日期,到期日,金额,币种,已收金额,收款日期\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "LUMIERE IMPORT GMBH,INV-%d,%s,%s,\"10,000.00\",USD,10000,%s\n", i, day(-360+30*i), day(-330+30*i), day(-330+30*i))
	}
	fmt.Fprintf(&b, "LUMIERE IMPORT GMBH,INV-OPEN,%s,%s,\"25,000.00\",美元,,\n", day(-100), day(-70))
	b.WriteString("合计,,,,\"125,000.00\",,,\n")
	p := filepath.Join(t.TempDir(), "ageing.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)
	if out, e, c = cli(t, pass, "--dir", dir, "ar", "import", p); c != 0 || !strings.Contains(out, "11 invoices added") {
		t.Fatalf("import: %d %s %s", c, out, e)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "ar", "import", p); c != 0 || !strings.Contains(out, "0 invoices added, 0 updated, 11 already known") {
		t.Fatalf("again: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "ar", "show", id); c != 0 || !strings.Contains(out, "INV-OPEN: 25000.00 USD, 70 days") {
		t.Fatalf("show: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "assess", id, "--json"); c != 0 || !strings.Contains(out, "An invoice is 70 days overdue.") {
		t.Fatalf("assess does not show the payment reasons: %s", out)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "ar", "log", id, "--kind", "promise", "--date", day(-20), "--promise-date", day(-10), "--amount", "25,000", "--note", "CFO promised"); c != 0 {
		t.Fatalf("log: %s", e)
	}
	out, _, c = cli(t, pass, "--dir", dir, "alerts", "--json")
	var alerts []struct{ ID, Rule, EN string }
	if c != 0 || json.Unmarshal([]byte(out), &alerts) != nil {
		t.Fatalf("alerts: %s", out)
	}
	rules := map[string]string{}
	for _, a := range alerts {
		rules[a.Rule] = a.ID
	}
	if rules["overdue"] == "" || rules["promise_broken"] == "" {
		t.Fatalf("alerts %+v", alerts)
	}
	if _, e, c = cli(t, pass, "--dir", dir, "alerts", "act", rules["overdue"], "--action", "handled", "--note", "payment plan agreed"); c != 0 {
		t.Fatalf("act: %s", e)
	}
	if out, _, _ = cli(t, pass, "--dir", dir, "alerts"); !strings.Contains(out, "handled: payment plan agreed") {
		t.Fatalf("board: %s", out)
	}
	if out, _, _ = cli(t, pass, "--dir", dir, "help"); !strings.Contains(out, "ar import FILE") {
		t.Fatalf("usage: %s", out)
	}
}
