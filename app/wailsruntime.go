package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// WailsRuntime is the real Runtime.
type WailsRuntime struct{}

func (WailsRuntime) Emit(ctx context.Context, event string, data ...any) {
	runtime.EventsEmit(ctx, event, data...)
}

func (WailsRuntime) OpenFile(ctx context.Context, title, patterns string) (string, error) {
	opts := runtime.OpenDialogOptions{Title: title}
	if patterns != "" {
		opts.Filters = []runtime.FileFilter{{DisplayName: title, Pattern: patterns}}
	}
	return runtime.OpenFileDialog(ctx, opts)
}

func (WailsRuntime) SaveFile(ctx context.Context, title, defaultName string) (string, error) {
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName})
}

func (WailsRuntime) OpenDir(ctx context.Context, title string) (string, error) {
	return runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{Title: title})
}
