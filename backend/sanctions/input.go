package sanctions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxInput bounds what a parser reads from one file, so a wrong file (a disk
// image, a video) fails with a clear error instead of exhausting memory.
const maxInput = 1 << 30

// readText reads r whole, strips a UTF-8 byte-order mark and, when the bytes
// are not valid UTF-8, decodes them as Windows-1252 (older OFAC and OFSI
// files were published that way).
func readText(r io.Reader, what string) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("%s: no input", what)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", what, err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d bytes, not a sanctions list", what, maxInput)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		d, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("%s: neither UTF-8 nor Windows-1252: %w", what, err)
		}
		b = d
	}
	return b, nil
}

// newCSV returns a forgiving CSV reader: stray quotes and ragged rows are
// accepted, since the published files have both.
func newCSV(b []byte) *csv.Reader {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// csvErr words a CSV syntax error with the file name and line.
func csvErr(what string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return fmt.Errorf("%s line %d: %w", what, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// ErrCutShort says a list file ends before its format says it should: a
// download or copy that stopped part-way. Such a file is refused whole, so
// a shortened list never replaces a complete one.
var ErrCutShort = errors.New("the file is cut short")

// checkCSVEnd refuses a CSV list whose last row looks cut short: the file
// must end with a line break, the last row must have every column of the
// header, and its last field must not end inside quotes (the lenient reader
// returns a quoted field cut at end of file with the line break it held).
// A file cut exactly at a line end passes: only the comparison with the
// current version (screening) can catch that one.
func checkCSVEnd(what string, b []byte, last []string, line, want int) error {
	t := bytes.TrimRight(b, " \t")
	if len(t) == 0 || t[len(t)-1] != '\n' {
		return fmt.Errorf("%s line %d: %w: the last row does not end with a line break", what, line, ErrCutShort)
	}
	if len(last) < want {
		return fmt.Errorf("%s line %d: %w: the last row has %d columns, the header %d", what, line, ErrCutShort, len(last), want)
	}
	if len(last) > 0 && strings.HasSuffix(last[len(last)-1], "\n") {
		return fmt.Errorf("%s line %d: %w: the last row ends inside a quoted field", what, line, ErrCutShort)
	}
	return nil
}
