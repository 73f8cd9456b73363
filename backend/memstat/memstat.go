// Package memstat measures the memory a piece of work takes, for the
// benchmarks that report a peak against a budget, and bounds it while bulk
// work runs (Cap).
package memstat

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Peak runs fn and returns the most memory the Go runtime held from the
// OS meanwhile (Sys − HeapReleased, sampled every 20 ms): what a budget
// such as "peak < 300 MB" is about, Badger's Go-side buffers included.
func Peak(fn func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if v := m.Sys - m.HeapReleased; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}
