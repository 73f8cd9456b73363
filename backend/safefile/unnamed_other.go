//go:build !linux

package safefile

import (
	"errors"
	"os"
	"sync/atomic"
)

func openUnnamed(string) (*os.File, error) { return nil, errors.New("no unnamed files here") }

func link(*os.File, string) error { return errors.New("no unnamed files here") }

// syncDir: directories cannot be fsynced on Windows; the rename is what
// makes the file appear whole.
func syncDir(string) error { return nil }

var counter atomic.Int64

func seq() int64 { return counter.Add(1) }
