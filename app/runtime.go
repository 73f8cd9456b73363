package app

import "context"

// Runtime is the part of the Wails runtime the services use. It is an
// interface because wails' runtime functions log.Fatal on a context that
// is not theirs: tests pass a fake.
type Runtime interface {
	Emit(ctx context.Context, event string, data ...any)
	OpenFile(ctx context.Context, title string, patterns string) (string, error)
	SaveFile(ctx context.Context, title, defaultName string) (string, error)
	OpenDir(ctx context.Context, title string) (string, error)
}
