package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCLIReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "cli test passphrase"
	if _, e, c := cli(t, pass, "--dir", dir, "init", "--firm", "宁波出口", "--user", "李雷", "--lang", "en"); c != 0 {
		t.Fatalf("init: %d %s", c, e)
	}
	out, e, c := cli(t, pass, "--dir", dir, "dossier", "add", "--name", "深圳市光明照明有限公司", "--latin-name", "Shenzhen Guangming Lighting",
		"--country", "CN", "--status", "active", "--id", "uscc:91440300MA5F00000X")
	if c != 0 {
		t.Fatalf("add: %d %s", c, e)
	}
	id := strings.TrimSpace(out)
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	line := regexp.MustCompile(`^CR-\d{8}-[0-9a-f]{6}  \d+ pages  \d+ KB  .*r\.pdf\n$`)
	if out, e, c = cli(t, pass, "--dir", dir, "report", id, "--out", pdf); c != 0 || !line.MatchString(out) {
		t.Fatalf("report: %d %q %s", c, out, e)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, _ := exec.Command("pdftotext", pdf, "-").Output()
		if !strings.Contains(string(txt), "Credit Assessment Report") { // the workspace's language
			t.Fatalf("not in English:\n%.500s", txt)
		}
	}
	if out, e, c = cli(t, pass, "--dir", dir, "report", id, "--out", pdf, "--lang", "zh-CN"); c != 0 || !strings.HasPrefix(out, "CR-") {
		t.Fatalf("report zh: %d %q %s", c, out, e)
	}
	if out, e, c = cli(t, pass, "--dir", dir, "report", "--portfolio", "--out", pdf); c != 0 || !strings.HasPrefix(out, "PF-") {
		t.Fatalf("portfolio: %d %q %s", c, out, e)
	}
	// Errors: usage, unknown ids; no file is left behind for a failure.
	for _, args := range [][]string{{"report"}, {"report", id}, {"report", id, "--portfolio", "--out", pdf}, {"report", id, "--out", pdf, "--lang", "fr"}} {
		if _, _, c = cli(t, pass, append([]string{"--dir", dir}, args...)...); c != 2 {
			t.Fatalf("%v: exit %d, want 2", args, c)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.pdf")
	if _, e, c = cli(t, pass, "--dir", dir, "report", "--visit", "no-such-visit", "--out", bad); c != 1 || !strings.Contains(e, "no field visit") {
		t.Fatalf("unknown visit: %d %s", c, e)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatal("a failed report left a file")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(bad), ".credence-report-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
