package store

import "credence/backend/appdir"

// DefaultDir is where the app keeps its workspace when none is named:
// the user's data folder (XDG_DATA_HOME on Linux, AppData on Windows,
// Application Support on macOS); package appdir holds the rules.
func DefaultDir() string { return appdir.Workspace() }
