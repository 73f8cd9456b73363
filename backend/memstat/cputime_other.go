//go:build !unix

package memstat

import "time"

// CPUTime is not measured here (a benchmark's cpu figure reads 0).
func CPUTime() time.Duration { return 0 }
