package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLITradeImportFeedsAssess(t *testing.T) {
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
	if out, _, _ = cli(t, pass, "--dir", dir, "assess", id, "--json"); !strings.Contains(out, "No customs records imported") {
		t.Fatalf("before: %s", out)
	}
	var b strings.Builder
	b.WriteString("日期,进口商,供应商,原产国,金额\n")
	for m := 0; m < 24; m++ {
		fmt.Fprintf(&b, "%d-%02d-10,LUMIERE IMPORT GMBH,Ningbo Light %d,CN,\"%d,000\"\n", 2024+m/12, m%12+1, m%3, 20+m)
	}
	p := filepath.Join(t.TempDir(), "customs.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)
	if out, e, c = cli(t, pass, "--dir", dir, "trade", "import", p); c != 0 || !strings.Contains(out, "24 shipments added") {
		t.Fatalf("trade import: %d %s %s", c, out, e)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "trade", "import", p); c != 0 || !strings.Contains(out, "0 shipments added, 24 already known") {
		t.Fatalf("again: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "trade", "show", id); c != 0 || !strings.Contains(out, "24 from 2024-01-10 to 2025-12-10") || !strings.Contains(out, "100%") {
		t.Fatalf("show: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "assess", id, "--json"); c != 0 || !strings.Contains(out, "A steady buyer, not a one-off.") {
		t.Fatalf("assess does not show the trade reasons: %s", out)
	}
	if out, _, c = cli(t, pass, "--dir", dir, "help"); !strings.Contains(out, "trade import FILE") {
		t.Fatalf("usage: %s", out)
	}
}
