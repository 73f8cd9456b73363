package appdir

import (
	"runtime"
	"strings"
	"testing"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestWorkspace(t *testing.T) {
	cases := []struct {
		name string
		sys  System
		want string
	}{
		{"windows appdata", System{"windows", env("APPDATA", `C:\Users\李雷\AppData\Roaming`), `C:\Users\李雷`},
			`C:\Users\李雷\AppData\Roaming\Credence\workspace`},
		{"windows trailing backslash, lower-case drive", System{"windows", env("APPDATA", `d:\Profiles\wang\AppData\Roaming\`), ""},
			`d:\Profiles\wang\AppData\Roaming\Credence\workspace`},
		{"windows forward slashes", System{"windows", env("APPDATA", `C:/Users/Ann/AppData/Roaming`), ""},
			`C:\Users\Ann\AppData\Roaming\Credence\workspace`},
		{"windows redirected to a share", System{"windows", env("APPDATA", `\\fileserver\profiles\ann\AppData`), ""},
			`\\fileserver\profiles\ann\AppData\Credence\workspace`},
		{"windows no APPDATA", System{"windows", env("USERPROFILE", `C:\Users\Ann`), ""},
			`C:\Users\Ann\AppData\Roaming\Credence\workspace`},
		{"windows relative APPDATA ignored", System{"windows", env("APPDATA", `AppData`, "USERPROFILE", `E:\Home\Ann`), ""},
			`E:\Home\Ann\AppData\Roaming\Credence\workspace`},
		{"windows nothing", System{"windows", env(), ""}, `.\credence-workspace`},
		{"windows home only", System{"windows", nil, `C:\Users\Bo`}, `C:\Users\Bo\AppData\Roaming\Credence\workspace`},
		{"macos", System{"darwin", env("XDG_DATA_HOME", "/ignored"), "/Users/ann"},
			"/Users/ann/Library/Application Support/Credence/workspace"},
		{"linux xdg", System{"linux", env("XDG_DATA_HOME", "/data/ann/"), "/home/ann"}, "/data/ann/credence/workspace"},
		{"linux relative xdg ignored", System{"linux", env("XDG_DATA_HOME", "data"), "/home/ann"}, "/home/ann/.local/share/credence/workspace"},
		{"linux default", System{"linux", env(), "/home/李雷"}, "/home/李雷/.local/share/credence/workspace"},
		{"freebsd like linux", System{"freebsd", env(), "/home/ann"}, "/home/ann/.local/share/credence/workspace"},
		{"linux no home", System{"linux", env(), ""}, "./credence-workspace"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.sys.Workspace(); got != c.want {
				t.Fatalf("Workspace() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestIsWindowsAbs(t *testing.T) {
	for p, want := range map[string]bool{
		`C:\`: true, `z:/x`: true, `\\srv\share`: true, `C:`: false, `C:foo`: false,
		`1:\x`: false, `\foo`: false, `foo\bar`: false, ``: false,
	} {
		if got := isWindowsAbs(p); got != want {
			t.Errorf("isWindowsAbs(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestCurrentMachine(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/tmp/xdg-test")
	got := Workspace()
	if runtime.GOOS == "linux" && got != "/tmp/xdg-test/credence/workspace" {
		t.Fatalf("Workspace() on this machine = %q", got)
	}
	if !strings.HasSuffix(got, "workspace") {
		t.Fatalf("Workspace() = %q", got)
	}
}
