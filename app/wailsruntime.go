package app

import (
	"context"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WailsRuntime is the real Runtime. With SaveDir set (from
// CREDENCE_SAVE_DIR), save dialogs are answered with that folder and the
// proposed file name instead of asking: for scripted runs and the
// end-to-end tests, which cannot drive a native dialog.
type WailsRuntime struct{ SaveDir string }

func (WailsRuntime) Emit(ctx context.Context, event string, data ...any) {
	runtime.EventsEmit(ctx, event, data...)
}

func (WailsRuntime) OpenFile(ctx context.Context, title, patterns string) (string, error) {
	opts := runtime.OpenDialogOptions{Title: title, DefaultDirectory: documentsDir()}
	if patterns != "" {
		opts.Filters = []runtime.FileFilter{{DisplayName: title, Pattern: patterns}}
	}
	return runtime.OpenFileDialog(ctx, opts)
}

func (w WailsRuntime) SaveFile(ctx context.Context, title, defaultName string) (string, error) {
	if w.SaveDir != "" {
		return filepath.Join(w.SaveDir, filepath.Base(defaultName)), nil
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, DefaultDirectory: documentsDir()})
}

func (WailsRuntime) OpenDir(ctx context.Context, title string) (string, error) {
	return runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{Title: title})
}
