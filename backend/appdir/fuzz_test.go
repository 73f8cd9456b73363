package appdir

import (
	"strings"
	"testing"
)

// Whatever the environment holds, the Windows answer is a backslash path
// ending in the workspace folder, never an empty string.
func FuzzWindowsWorkspace(f *testing.F) {
	for _, s := range []string{`C:\Users\a\AppData\Roaming`, `\\srv\p`, `c:/x//y/`, `C:`, ``, `\\`, `C:\\\\`} {
		f.Add(s, `C:\Users\a`)
	}
	f.Fuzz(func(t *testing.T, appdata, profile string) {
		got := System{OS: "windows", Getenv: env("APPDATA", appdata, "USERPROFILE", profile)}.Workspace()
		if strings.Contains(got, "/") && !strings.Contains(appdata+profile, "/") {
			t.Fatalf("slash in %q", got)
		}
		if !strings.HasSuffix(got, `\credence-workspace`) && !strings.HasSuffix(got, `\Credence\workspace`) {
			t.Fatalf("Workspace() = %q", got)
		}
	})
}
