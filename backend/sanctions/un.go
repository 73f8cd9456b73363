package sanctions

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type unDOB struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

// unRecord is an INDIVIDUAL or ENTITY element of the UN consolidated list.
type unRecord struct {
	DataID         string    `xml:"DATAID"`
	First          string    `xml:"FIRST_NAME"`
	Second         string    `xml:"SECOND_NAME"`
	Third          string    `xml:"THIRD_NAME"`
	Fourth         string    `xml:"FOURTH_NAME"`
	Original       string    `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType       string    `xml:"UN_LIST_TYPE"`
	Reference      string    `xml:"REFERENCE_NUMBER"`
	Comments       string    `xml:"COMMENTS1"`
	Nationality    []string  `xml:"NATIONALITY>VALUE"`
	IndAliases     []unAlias `xml:"INDIVIDUAL_ALIAS"`
	EntAliases     []unAlias `xml:"ENTITY_ALIAS"`
	IndAddrCountry []string  `xml:"INDIVIDUAL_ADDRESS>COUNTRY"`
	EntAddrCountry []string  `xml:"ENTITY_ADDRESS>COUNTRY"`
	DOBs           []unDOB   `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
}

// ParseUN reads the UN Security Council consolidated list XML
// (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES). Errors name the record
// (DATAID or position) and the line.
func ParseUN(r io.Reader) (*List, error) {
	b, err := readText(r, "un xml")
	if err != nil {
		return nil, err
	}
	d := newXMLDecoder(b)
	l := &List{Source: SourceUN}
	root := false
	seen := map[string]bool{}
	lc := lineCounter{b: b}
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlErr("un xml", d, b, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			if se.Name.Local != "CONSOLIDATED_LIST" {
				return nil, fmt.Errorf("un xml: root element is <%s>, want <CONSOLIDATED_LIST>", se.Name.Local)
			}
			root = true
			for _, a := range se.Attr {
				if a.Name.Local == "dateGenerated" {
					l.Date, err = parseListTime(a.Value)
					if err != nil {
						return nil, fmt.Errorf("un xml: dateGenerated %q: %w", trunc(a.Value), err)
					}
				}
			}
			continue
		}
		if se.Name.Local != "INDIVIDUAL" && se.Name.Local != "ENTITY" {
			continue
		}
		n++
		line := lc.at(d.InputOffset())
		var rec unRecord
		if err := d.DecodeElement(&rec, &se); err != nil {
			return nil, xmlErr(fmt.Sprintf("un xml %s #%d (line %d)", se.Name.Local, n, line), d, b, err)
		}
		e, err := rec.entry(se.Name.Local == "INDIVIDUAL")
		if err != nil {
			return nil, fmt.Errorf("un xml %s #%d (line %d): %w", se.Name.Local, n, line, err)
		}
		if seen[e.ID] {
			return nil, fmt.Errorf("un xml %s #%d (line %d): DATAID %s appears twice", se.Name.Local, n, line, e.ID)
		}
		seen[e.ID] = true
		l.Entries = append(l.Entries, e)
	}
	if !root {
		return nil, fmt.Errorf("un xml: no <CONSOLIDATED_LIST> element")
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("un xml: no INDIVIDUAL or ENTITY records")
	}
	return l, nil
}

func (rec *unRecord) entry(individual bool) (Entry, error) {
	e := Entry{List: SourceUN, ID: strings.TrimSpace(rec.DataID), Remarks: strings.TrimSpace(rec.Comments)}
	if e.ID == "" {
		return e, fmt.Errorf("no DATAID")
	}
	var parts []string
	for _, p := range []string{rec.First, rec.Second, rec.Third, rec.Fourth} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	e.Name = strings.Join(parts, " ")
	if e.Name == "" {
		return e, fmt.Errorf("DATAID %s has no name", e.ID)
	}
	if individual {
		e.Kind = KindIndividual
	} else {
		e.Kind = KindEntity
	}
	e.Programs = appendUnique(nil, rec.ListType)
	if o := strings.TrimSpace(rec.Original); o != "" {
		e.Aliases = appendUnique(e.Aliases, o)
	}
	for _, a := range append(rec.IndAliases, rec.EntAliases...) {
		if a.Name != "" && a.Name != e.Name {
			e.Aliases = appendUnique(e.Aliases, a.Name)
		}
	}
	for _, c := range rec.Nationality {
		e.Countries = addCountry(e.Countries, c)
	}
	for _, c := range append(rec.IndAddrCountry, rec.EntAddrCountry...) {
		e.Countries = addCountry(e.Countries, c)
	}
	for _, dob := range rec.DOBs {
		var ds []string
		switch {
		case dob.Date != "":
			ds = parseDates(dob.Date)
		case dob.Year != "":
			ds = parseDates(dob.Year)
		case dob.FromYear != "" && dob.ToYear != "":
			ds = parseDates(dob.FromYear + " to " + dob.ToYear)
		}
		for _, d := range ds {
			e.BirthDates = appendUnique(e.BirthDates, d)
		}
	}
	return e, nil
}

// parseListTime reads a list's generation timestamp, with or without time and zone.
func parseListTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02", "2006-01-02T15:04:05.999999999-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date")
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
