// Package appdir says where Credence keeps its workspace on each system:
// the place each one sets aside for an application's data (%APPDATA% on
// Windows, XDG on Linux, Application Support on macOS).
//
// The rules take the operating system, the environment and the home
// folder as plain values, so the Windows and macOS answers, with drive
// letters and backslashes, are tested on the Linux CI machine; FileName
// reads the paths that the systems' file dialogs return the same way.
package appdir

import (
	"os"
	"path"
	"runtime"
	"strings"
)

// System is what the answer depends on.
type System struct {
	OS     string              // runtime.GOOS: "windows", "darwin", "linux", …
	Getenv func(string) string // os.Getenv
	Home   string              // the user's home folder; "" when unknown
}

// Current is the machine this program runs on.
func Current() System {
	home, _ := os.UserHomeDir()
	return System{OS: runtime.GOOS, Getenv: os.Getenv, Home: home}
}

// Workspace is the folder of the default workspace on this machine.
func Workspace() string { return Current().Workspace() }

// Workspace is the default workspace folder on s:
//
//	windows  %APPDATA%\Credence\workspace (else %USERPROFILE%\AppData\Roaming\…)
//	darwin   ~/Library/Application Support/Credence/workspace
//	others   $XDG_DATA_HOME/credence/workspace (else ~/.local/share/credence/workspace)
//
// With nothing to go on it falls back to a folder beside the working
// directory rather than failing: the first screen then shows that folder.
func (s System) Workspace() string {
	get := s.Getenv
	if get == nil {
		get = func(string) string { return "" }
	}
	switch s.OS {
	case "windows":
		if d := get("APPDATA"); isWindowsAbs(d) {
			return windowsJoin(d, "Credence", "workspace")
		}
		for _, home := range []string{get("USERPROFILE"), s.Home} {
			if isWindowsAbs(home) {
				return windowsJoin(home, "AppData", "Roaming", "Credence", "workspace")
			}
		}
		return `.\credence-workspace`
	case "darwin", "ios":
		if path.IsAbs(s.Home) {
			return path.Join(s.Home, "Library", "Application Support", "Credence", "workspace")
		}
	default:
		// The XDG spec says a relative value is invalid and must be ignored.
		if d := get("XDG_DATA_HOME"); path.IsAbs(d) {
			return path.Join(d, "credence", "workspace")
		}
		if path.IsAbs(s.Home) {
			return path.Join(s.Home, ".local", "share", "credence", "workspace")
		}
	}
	return "./credence-workspace"
}

// isWindowsAbs reports a drive path (C:\ or C:/) or a UNC path (\\server\share).
func isWindowsAbs(p string) bool {
	if len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') {
		c := p[0] | 0x20
		return c >= 'a' && c <= 'z'
	}
	return strings.HasPrefix(p, `\\`) || strings.HasPrefix(p, `//`)
}

// windowsJoin joins with backslashes whatever system runs it, turning
// forward slashes into backslashes and dropping doubled separators
// (but keeping the two that start a UNC path).
func windowsJoin(base string, elem ...string) string {
	base = strings.ReplaceAll(base, "/", `\`)
	unc := strings.HasPrefix(base, `\\`)
	var parts []string
	for _, p := range strings.Split(base, `\`) {
		if p != "" && p != "." {
			parts = append(parts, p)
		}
	}
	parts = append(parts, elem...)
	out := strings.Join(parts, `\`)
	if unc {
		return `\\` + out
	}
	return out
}
