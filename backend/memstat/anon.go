package memstat

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// SampleAnon samples the process's anonymous resident memory (Go's heap
// and whatever else the process allocated, not the pages of the files it
// maps, which the kernel can drop) every 20 ms until the returned stop,
// which gives the most seen. 0 where /proc is missing.
func SampleAnon() (stop func() uint64) {
	var peak uint64
	done, quit := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			peak = max(peak, Anon())
			select {
			case <-quit:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(quit); <-done; return peak }
}

// Anon is the process's anonymous resident memory now (RssAnon), and RSS
// all of its resident memory (VmRSS, the mapped files' pages included),
// in bytes; 0 where /proc is missing.
func Anon() uint64 { return procStatus("RssAnon:") }
func RSS() uint64  { return procStatus("VmRSS:") }

func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte(field)); ok {
			kb, _ := strconv.ParseUint(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			return kb << 10
		}
	}
	return 0
}
