package app

import (
	"context"
	"sync"
)

// job is one piece of work a service runs in the background on the open
// workspace (a re-screen, the screening of imported customers). It can be
// stopped, and stopping waits until the work has let go of the workspace:
// locking closes the store under it otherwise.
type job struct {
	mu     sync.Mutex
	cancel context.CancelFunc // of the running work; nil when none runs
	done   chan struct{}      // closed when it has returned
}

// start runs fn in the background unless work is running (false then).
func (j *job) start(fn func(ctx context.Context)) bool {
	ctx, release, ok := j.claim()
	if ok {
		go func() {
			defer release()
			fn(ctx)
		}()
	}
	return ok
}

// run runs fn now, on this goroutine, unless work is running (false then):
// work the window waits for (an import), which stop and interrupt cancel
// as they cancel work in the background.
func (j *job) run(fn func(ctx context.Context)) bool {
	ctx, release, ok := j.claim()
	if ok {
		defer release()
		fn(ctx)
	}
	return ok
}

// claim marks work as running and gives its context, and release, which
// marks it ended; false when work is running already.
func (j *job) claim() (ctx context.Context, release func(), ok bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		return nil, nil, false
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	j.cancel, j.done = cancel, done
	return ctx, func() {
		j.mu.Lock()
		j.cancel, j.done = nil, nil
		j.mu.Unlock()
		cancel()
		close(done)
	}, true
}

// stop cancels the running work, if any, and waits until it has returned.
func (j *job) stop() {
	j.mu.Lock()
	done := j.done
	if j.cancel != nil {
		j.cancel()
	}
	j.mu.Unlock()
	if done != nil {
		<-done
	}
}

// running says whether work is running.
func (j *job) running() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cancel != nil
}

// interrupt cancels the running work, if any, without waiting for it.
func (j *job) interrupt() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		j.cancel()
	}
}
