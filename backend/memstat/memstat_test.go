package memstat

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPeakSeesAnAllocation(t *testing.T) {
	var keep []byte
	p := Peak(func() { keep = make([]byte, 64<<20); keep[len(keep)-1] = 1 })
	if p < 64<<20 || keep[len(keep)-1] != 1 {
		t.Fatalf("peak %d bytes while 64 MiB were held", p)
	}
}

func TestCapLowersTheLimitWhileHeld(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	runtime.GC() // the live heap of this test binary is a few MB
	outer := Cap(300 << 20)
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Fatalf("limit %d under a 300 MiB cap", got)
	}
	inner := Cap(200 << 20)
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Fatalf("limit %d under nested caps of 300 and 200 MiB", got)
	}
	outer()
	outer() // a second release changes nothing
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Fatalf("limit %d after the outer cap ended, the inner still held", got)
	}
	inner()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("limit %d after every cap ended, was %d", got, before)
	}
}

func TestCapStaysAboveTheLiveHeap(t *testing.T) {
	keep := make([]byte, 64<<20)
	keep[len(keep)-1] = 1
	runtime.GC()
	release := Cap(16 << 20) // below what is live: the collector would run without end
	defer release()
	if got := debug.SetMemoryLimit(-1); got < 80<<20 {
		t.Fatalf("limit %d with 64 MiB live, want at least 1.25 times it", got)
	}
	runtime.KeepAlive(keep)
}

func TestSampleAnonSeesAnAllocation(t *testing.T) {
	stop := SampleAnon()
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(60 * time.Millisecond)
	peak := stop()
	runtime.KeepAlive(b)
	if peak < 64<<20 {
		t.Fatalf("peak %d MB with 64 MB touched", peak>>20)
	}
}
