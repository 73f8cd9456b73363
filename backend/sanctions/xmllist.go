package sanctions

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// xmlList describes a list published as one XML document: the root
// element, the root attribute holding the publication date, and the
// elements that are its records. The UN and EU lists differ only in these
// and in how one record becomes an Entry.
type xmlList struct {
	what     string   // "un xml": how errors name the file
	source   string   // Source* of the entries
	root     string   // root element
	dateAttr string   // attribute of the root with the publication date
	records  []string // elements that are records
	idName   string   // what the list calls a record's id, for errors
	// decode reads one record element into an Entry; a record without an
	// id is an error.
	decode func(d *xml.Decoder, se *xml.StartElement) (Entry, error)
}

// parse walks the document, decoding every record. Errors name the record
// (element, position, line) and the problem; a duplicate id, a wrong root
// or a document without records is refused.
func (x xmlList) parse(r io.Reader) (*List, error) {
	b, err := readText(r, x.what)
	if err != nil {
		return nil, err
	}
	d := newXMLDecoder(b)
	lc := lineCounter{b: b}
	l := &List{Source: x.source}
	root := false
	seen := map[string]bool{}
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlErr(x.what, d, b, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			if se.Name.Local != x.root {
				return nil, fmt.Errorf("%s: root element is <%s>, want <%s>", x.what, se.Name.Local, x.root)
			}
			root = true
			for _, a := range se.Attr {
				if a.Name.Local == x.dateAttr {
					if l.Date, err = parseListTime(a.Value); err != nil {
						return nil, fmt.Errorf("%s: %s %q: %w", x.what, x.dateAttr, trunc(a.Value), err)
					}
				}
			}
			continue
		}
		if !contains(x.records, se.Name.Local) {
			continue
		}
		n++
		where := fmt.Sprintf("%s %s #%d (line %d)", x.what, se.Name.Local, n, lc.at(d.InputOffset()))
		e, err := x.decode(d, &se)
		if err != nil {
			if _, syntax := err.(*xml.SyntaxError); syntax {
				return nil, xmlErr(where, d, b, err)
			}
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if seen[e.ID] {
			return nil, fmt.Errorf("%s: %s %s appears twice", where, x.idName, e.ID)
		}
		seen[e.ID] = true
		l.Entries = append(l.Entries, e)
	}
	if !root {
		return nil, fmt.Errorf("%s: no <%s> element", x.what, x.root)
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("%s: no %s records", x.what, strings.Join(x.records, " or "))
	}
	if err := cleanList(l); err != nil {
		return nil, fmt.Errorf("%s: %w", x.what, err)
	}
	return l, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func newXMLDecoder(b []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	// readText already produced UTF-8, whatever the declaration says.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

// lineCounter returns line numbers for increasing offsets without rescanning.
type lineCounter struct {
	b    []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	if off > int64(len(c.b)) {
		off = int64(len(c.b))
	}
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.b[c.off:off], []byte("\n"))
	c.off = off
	return c.line + 1
}

// lineAt returns the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}

func xmlErr(what string, d *xml.Decoder, b []byte, err error) error {
	if se, ok := err.(*xml.SyntaxError); ok {
		return fmt.Errorf("%s: line %d: %s", what, se.Line, se.Msg)
	}
	return fmt.Errorf("%s: near line %d: %w", what, lineAt(b, d.InputOffset()), err)
}
