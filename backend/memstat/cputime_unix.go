//go:build unix

package memstat

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used so far, over every core:
// the figure a benchmark reports beside wall time, which other load on a
// shared machine does not change.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
