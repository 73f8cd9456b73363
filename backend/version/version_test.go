package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDefaultIsDev(t *testing.T) {
	if got := Get(); got.Version != "dev" || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Fatalf("Get() = %+v", got)
	}
	if s := Get().String(); !strings.HasPrefix(s, "Credence dev (") {
		t.Fatalf("String() = %q", s)
	}
}

// The link-time flag the Makefile passes really reaches the variable: a
// renamed package or variable would silently leave every build at "dev".
func TestLinkerFlagSetsVersion(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\nimport (\"fmt\"; \"credence/backend/version\")\nfunc main() { fmt.Print(version.Get().Version) }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "v")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X credence/backend/version.Version=9.8.7+1.gabcdef0", src)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil || string(out) != "9.8.7+1.gabcdef0" {
		t.Fatalf("built binary says %q (%v)", out, err)
	}
}
