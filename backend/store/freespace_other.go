//go:build !unix && !windows

package store

// freeSpace is unknown here: no reserve is enforced.
func freeSpace(dir string) (int64, bool) { return 0, false }
