package memstat

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Bulk work here (a customs import, a whole-book re-screen) keeps a
// bounded working set, but much of it is Badger's compaction buffers, which
// are Go memory and turn over fast. The collector lets the heap grow to
// twice what was live at its last cycle before it runs again, so such work
// held twice its working set from the OS. Cap lowers the runtime's soft
// memory limit while the work runs: the collector then runs earlier instead
// of letting the heap double (measured: the same time, half the headroom).
//
// A cap never goes below a quarter above the heap live when it starts: a
// large workspace that already holds more than the cap would otherwise make
// the collector run without end (the runtime then spends up to half the CPU
// on it).

var caps struct {
	sync.Mutex
	base   int64         // the limit when no cap is on (GOMEMLIMIT, or none)
	active map[int]int64 // caps in force, by ticket
	next   int
}

// Cap lowers the process's soft memory limit to n bytes, or to 1.25 times
// the live heap if that is more, until the returned release is called.
// Caps nest: the lowest in force applies, and the limit returns to what it
// was when the last is released. Release is safe to call more than once.
func Cap(n int64) (release func()) {
	if live := liveHeap(); live > 0 && n < live+live/4 {
		n = live + live/4
	}
	caps.Lock()
	if caps.active == nil {
		caps.active = map[int]int64{}
	}
	if len(caps.active) == 0 {
		caps.base = debug.SetMemoryLimit(-1)
	}
	caps.next++
	t := caps.next
	caps.active[t] = n
	apply()
	caps.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			caps.Lock()
			delete(caps.active, t)
			apply()
			caps.Unlock()
		})
	}
}

// apply sets the lowest cap in force, or the base; caps is locked.
func apply() {
	lim := caps.base
	for _, n := range caps.active {
		lim = min(lim, n)
	}
	if lim <= 0 {
		lim = math.MaxInt64
	}
	debug.SetMemoryLimit(lim)
}

// liveHeap is the heap that was live at the end of the last collection (0
// before the first).
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(min(s[0].Value.Uint64(), math.MaxInt64))
}
