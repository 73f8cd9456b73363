package store

import (
	"os"
	"path/filepath"
)

// DefaultDir is where the app keeps its workspace when none is named:
// the user's data folder (XDG_DATA_HOME on Linux, AppData on Windows,
// Application Support on macOS).
func DefaultDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "credence", "workspace")
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return filepath.Join(".", "credence-workspace")
	}
	if filepath.Base(base) == ".config" {
		// On Linux keep data beside other applications' data, not config.
		home, _ := os.UserHomeDir()
		return filepath.Join(home, ".local", "share", "credence", "workspace")
	}
	return filepath.Join(base, "Credence", "workspace")
}
