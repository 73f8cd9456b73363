package store

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"credence/backend/errs"
)

// ioErr words a failed read or write for people. A full disk says so in a
// sentence (err.diskFull) instead of Badger's or the OS's text; anything
// else stays an internal error, with the cause kept for the log.
// An error that already carries a sentence (a full disk found before the
// write, a damaged workspace) is returned as it is.
func ioErr(err error, format string, args ...any) error {
	if e, ok := errs.As(err); ok && e.Key != "" {
		return err
	}
	what := fmt.Sprintf(format, args...)
	if isDiskFull(err) {
		return errs.Wrap(errs.Invalid, err, "%s: the disk is full; free some space, then try again (nothing was lost)", what).
			WithKey("err.diskFull")
	}
	return errs.Wrap(errs.Internal, err, "%s", what)
}

// isDiskFull recognises "no space left" however deep it is wrapped; Badger
// sometimes keeps only the text.
func isDiskFull(err error) bool {
	return err != nil && (errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left on device"))
}
