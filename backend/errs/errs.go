// Package errs gives backend errors a small set of codes, so that the
// interface can show a translated sentence and the CLI a clear message,
// whatever wrapping happened on the way up.
package errs

import (
	"errors"
	"fmt"
)

// Codes. They are stable strings: the frontend maps each to a sentence and
// they survive the sync wire.
const (
	Invalid      = "invalid"      // the input is wrong; the message says how
	NotFound     = "not_found"    // the thing asked for does not exist
	Conflict     = "conflict"     // the thing exists already, or changed meanwhile
	Unauthorized = "unauthorized" // wrong passphrase, wrong role
	Locked       = "locked"       // the workspace is locked, or open in another process
	Internal     = "internal"     // a bug or an I/O failure
)

// Error is an error with a code and a message meant for people (English);
// Key and Params let the UI build the sentence in the user's language.
type Error struct {
	Code    string
	Message string
	Key     string            // i18n key, e.g. "err.wrongPassphrase"; empty uses the code's generic sentence
	Params  map[string]string // values substituted into the translated sentence
	Err     error             // the underlying cause, if any
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message != "" {
		return e.Message + ": " + e.Err.Error()
	}
	if e.Message != "" {
		return e.Message
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the code and a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithKey returns e with an i18n key and parameters, for chaining.
func (e *Error) WithKey(key string, kv ...string) *Error {
	e.Key = key
	if len(kv) > 0 {
		e.Params = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			e.Params[kv[i]] = kv[i+1]
		}
	}
	return e
}

// Wrap attaches a code to err, keeping it as the cause.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Code returns the code of the first *Error in err's chain, Internal for
// other non-nil errors and "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries the code.
func Is(err error, code string) bool { return Code(err) == code }
