package notify

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSendReachesTheDesktop starts a real session bus, a virtual display
// and Debian's dunst notification daemon, sends through Send and reads the
// notification back from dunst's history.
func TestSendReachesTheDesktop(t *testing.T) {
	for _, bin := range []string{"dbus-daemon", "Xvfb", "dunst", "dunstctl"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is needed (make deps installs it): %v", bin, err)
		}
	}
	dir := t.TempDir()
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1", "--address=unix:path="+filepath.Join(dir, "bus"))
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Process.Kill(); bus.Wait() })
	addr := make([]byte, 512)
	n, err := out.Read(addr)
	if err != nil {
		t.Fatalf("session bus address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(string(addr[:n])))

	display := ":" + freeDisplay(t)
	x := exec.Command("Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	t.Setenv("DISPLAY", display)
	waitFor(t, "Xvfb", func() bool { _, err := os.Stat("/tmp/.X11-unix/X" + display[1:]); return err == nil })

	d := exec.Command("dunst", "-config", "/dev/null")
	d.Env = os.Environ()
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Process.Kill(); d.Wait() })
	waitFor(t, "dunst", func() bool { return exec.Command("dunstctl", "is-paused").Run() == nil })

	if err := Send("收款预警", "Acme <GmbH>: 逾期 95 天"); err != nil {
		t.Fatalf("send: %v", err)
	}
	var shown string
	waitFor(t, "the notification", func() bool {
		exec.Command("dunstctl", "close-all").Run()
		b, err := exec.Command("dunstctl", "history").Output()
		if err != nil {
			return false
		}
		shown = string(b)
		return strings.Contains(shown, "收款预警")
	})
	var h struct {
		Data [][]struct {
			Summary, Body, Appname struct{ Data string }
		}
	}
	if err := json.Unmarshal([]byte(shown), &h); err != nil || len(h.Data) == 0 || len(h.Data[0]) == 0 {
		t.Fatalf("history %s: %v", shown, err)
	}
	got := h.Data[0][0]
	if got.Appname.Data != AppName || !strings.Contains(got.Body.Data, "逾期 95 天") || !strings.Contains(got.Body.Data, "Acme") {
		t.Errorf("shown %+v", got)
	}
}

func TestCleanNeutralisesMarkup(t *testing.T) {
	if got := clean(" <b>Acme</b> & Co\x1b[31m "); got != "&lt;b&gt;Acme&lt;/b&gt; &amp; Co[31m" {
		t.Errorf("clean = %q", got)
	}
	if err := Send(" \x00 ", "x"); err == nil {
		t.Error("an empty title was sent")
	}
}

func freeDisplay(t *testing.T) string {
	for n := 90 + os.Getpid()%50; n < 400; n++ {
		if _, err := os.Stat("/tmp/.X" + itoa(n) + "-lock"); os.IsNotExist(err) {
			return itoa(n)
		}
	}
	t.Fatal("no free X display")
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
