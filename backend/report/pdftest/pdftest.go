// Package pdftest runs poppler's tools (pdftotext, pdfinfo, pdffonts,
// pdftoppm) on PDFs written by tests, so reports are checked the way a
// person reads them.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// NeedTool skips the test when a tool is not installed, except under CI
// (CI set), where a missing tool is a broken set-up and fails the test
// rather than letting the check silently not run.
func NeedTool(tb testing.TB, name string) {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s not installed, but CI must run the PDF checks (install poppler-utils)", name)
		}
		tb.Skipf("%s not installed", name)
	}
}

// Run runs a tool and returns its output; a failure or an "Error" on
// stderr fails the test.
func Run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	NeedTool(tb, name)
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	if strings.Contains(stderr.String(), "Error") {
		tb.Fatalf("%s %v complained:\n%s", name, args, stderr.String())
	}
	return string(out)
}
