package safefile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const marker = "CUSTOMER-MARKER-7f3a"

// TestMain lets the kill test run this binary as a child that is killed
// half-way through a write.
func TestMain(m *testing.M) {
	if path := os.Getenv("SAFEFILE_CHILD"); path != "" {
		Write(path, func(w io.Writer) error {
			w.Write([]byte(strings.Repeat(marker, 1000)))
			os.Stdout.WriteString("half\n")
			time.Sleep(time.Minute)
			return nil
		})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.pdf")
	for _, body := range []string{"first", "second, longer"} {
		if err := WriteBytes(p, []byte(body)); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		fi, _ := os.Stat(p)
		if string(b) != body || fi.Mode().Perm() != 0o600 {
			t.Errorf("got %q mode %v", b, fi.Mode())
		}
	}
	onlyFiles(t, dir, "report.pdf")
}

func TestFailureLeavesTargetAndNoCopy(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.xlsx")
	os.WriteFile(p, []byte("old"), 0o600)
	boom := errors.New("boom")
	for name, write := range map[string]func(string, func(io.Writer) error) error{
		"unnamed": Write,
		"named":   func(p string, fn func(io.Writer) error) error { return writeNamed(dir, p, fn) },
	} {
		err := write(p, func(w io.Writer) error { w.Write([]byte(marker)); return boom })
		if !errors.Is(err, boom) {
			t.Errorf("%s: err %v", name, err)
		}
		if b, _ := os.ReadFile(p); string(b) != "old" {
			t.Errorf("%s: target became %q", name, b)
		}
		onlyFiles(t, dir, "out.xlsx")
	}
}

func TestSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o600)
	link := filepath.Join(dir, "report.pdf")
	os.Symlink(victim, link)
	if err := WriteBytes(link, []byte(marker)); !errors.Is(err, ErrSymlink) {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("written through the link: %q", b)
	}
}

// A process killed half-way through writing a report leaves no file with
// the customer's data in the folder.
func TestKilledWriterLeavesNothing(t *testing.T) {
	for _, existing := range []bool{false, true} {
		dir := t.TempDir()
		p := filepath.Join(dir, "report.pdf")
		if existing {
			os.WriteFile(p, []byte("old"), 0o600)
		}
		cmd := exec.Command(os.Args[0], "-test.run", "^$")
		cmd.Env = append(os.Environ(), "SAFEFILE_CHILD="+p)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 5)
		if _, err := io.ReadFull(out, buf); err != nil || string(buf) != "half\n" {
			t.Fatalf("child: %q %v", buf, err)
		}
		cmd.Process.Kill()
		cmd.Wait()
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			if bytes.Contains(b, []byte(marker)) {
				t.Errorf("existing=%v: %s holds the data after kill -9", existing, e.Name())
			}
		}
		if existing {
			onlyFiles(t, dir, "report.pdf")
		} else {
			onlyFiles(t, dir)
		}
	}
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}
