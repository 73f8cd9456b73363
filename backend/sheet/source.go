package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"credence/backend/errs"
)

// Source yields the raw rows of one table, first to last.
type Source struct {
	next  func() ([]string, int, error) // a row and its line (0: count), io.EOF at the end
	close func() error
	line  int
	// Encoding names how a CSV file was decoded (utf-8, utf-8-bom,
	// gb18030); "xlsx" for a workbook.
	Encoding string
}

// Next returns the next row (io.EOF after the last) and its 1-based line.
func (s *Source) Next() ([]string, int, error) {
	row, line, err := s.next()
	if err != nil {
		return nil, s.line, err
	}
	if line > 0 {
		s.line = line
	} else {
		s.line++
	}
	return row, s.line, nil
}

// Close releases the file.
func (s *Source) Close() error {
	if s.close == nil {
		return nil
	}
	return s.close()
}

// Kind tells the format of a file from its name: "xlsx", "csv" or "".
func Kind(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".csv", ".tsv", ".txt":
		return "csv"
	}
	return ""
}

// Open opens an XLSX workbook (its first sheet) or a CSV file.
func Open(path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errs.Wrap(errs.NotFound, err, "open %s", filepath.Base(path)).WithKey("err.fileOpen", "file", filepath.Base(path))
	}
	var src *Source
	switch Kind(path) {
	case "xlsx":
		src, err = OpenXLSX(f)
	case "csv":
		src, err = OpenCSV(f)
	default:
		err = errs.New(errs.Invalid, "%s is neither an .xlsx nor a .csv file", filepath.Base(path)).WithKey("err.importFormat", "file", filepath.Base(path))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	inner := src.close
	src.close = func() error {
		if inner != nil {
			inner()
		}
		return f.Close()
	}
	return src, nil
}

// OpenXLSX streams the first worksheet of a workbook. Cells come as
// stored (a date is its serial number, an amount has no separators), so
// the reading does not depend on the number formats of the file.
func OpenXLSX(r io.ReaderAt) (*Source, error) {
	size, err := sizeOf(r)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, notReadable(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, notReadable(fmt.Errorf("no worksheet"))
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, notReadable(err)
	}
	src := &Source{Encoding: "xlsx"}
	src.next = func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, 0, notReadable(err)
			}
			return nil, 0, io.EOF
		}
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, notReadable(err)
		}
		return row, 0, nil
	}
	src.close = func() error {
		rows.Close()
		return f.Close()
	}
	return src, nil
}

func sizeOf(r io.ReaderAt) (int64, error) {
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		fi, err := f.Stat()
		if err != nil {
			return 0, errs.Wrap(errs.Internal, err, "stat workbook")
		}
		return fi.Size(), nil
	}
	if b, ok := r.(*bytes.Reader); ok {
		return b.Size(), nil
	}
	return 0, errs.New(errs.Internal, "workbook reader without a size")
}

func notReadable(err error) error {
	return errs.Wrap(errs.Invalid, err, "the file cannot be read as a spreadsheet").WithKey("err.sheetUnreadable")
}

// sniffLen is how much of a CSV file decides its encoding and delimiter.
const sniffLen = 64 << 10

// OpenCSV reads a CSV (or tab-separated) file in UTF-8, UTF-8 with a BOM
// or GB18030 (what Excel in Chinese saves as "CSV"), with a comma,
// semicolon or tab delimiter, whichever the first lines use.
func OpenCSV(r io.Reader) (*Source, error) {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, errs.Wrap(errs.Internal, err, "read csv")
	}
	src := &Source{Encoding: "utf-8"}
	var in io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		head = head[3:]
		src.Encoding = "utf-8-bom"
	case !validUTF8Prefix(head, len(head) < sniffLen):
		in = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		src.Encoding = "gb18030"
		head, _ = simplifiedchinese.GB18030.NewDecoder().Bytes(head)
	}
	cr := csv.NewReader(in)
	cr.Comma = delimiter(head)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	src.next = func() ([]string, int, error) {
		row, err := cr.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, errs.Wrap(errs.Invalid, err, "the file cannot be read as CSV").WithKey("err.sheetUnreadable")
		}
		line, _ := cr.FieldPos(0) // the reader skips blank lines: keep the file's numbering
		return row, line, nil
	}
	return src, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the
// end of the sniffed window when the file goes on.
func validUTF8Prefix(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for i := 1; i <= 3 && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// delimiter picks the separator the first lines use most consistently.
func delimiter(head []byte) rune {
	lines := strings.SplitN(string(head), "\n", 6)
	if len(lines) > 5 {
		lines = lines[:5]
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		n := 0
		for _, l := range lines {
			n += strings.Count(l, string(d))
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}
