package safefile

import (
	"os"
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// openUnnamed opens an unnamed regular file in dir (O_TMPFILE): it has no
// name until link gives it one.
func openUnnamed(dir string) (*os.File, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err // EOPNOTSUPP on filesystems without it: the caller falls back
	}
	return os.NewFile(uintptr(fd), dir+"/(unnamed)"), nil
}

// link names the unnamed file; EEXIST when path exists. The /proc path is
// what linkat accepts without CAP_DAC_READ_SEARCH.
func link(f *os.File, path string) error {
	err := unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(int(f.Fd())), unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
	if err != nil {
		return &os.LinkError{Op: "link", Old: f.Name(), New: path, Err: err}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

var counter atomic.Int64

func seq() int64 { return counter.Add(1) }
