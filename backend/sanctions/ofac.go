package sanctions

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ofacField returns field i of rec, with OFAC's "-0-" empty marker mapped to "".
func ofacField(rec []string, i int) string {
	if i >= len(rec) {
		return ""
	}
	s := strings.TrimSpace(rec[i])
	if s == "-0-" {
		return ""
	}
	return s
}

// isOFACTrailer reports the records OFAC files end with: a lone Ctrl-Z or blank.
func isOFACTrailer(rec []string) bool {
	return len(rec) == 1 && strings.Trim(rec[0], "\x1a \t\r\n") == ""
}

// OFAC's legacy CSV files have a fixed number of fields per row and end with
// a Ctrl-Z on its own line. A file cut short anywhere lacks the Ctrl-Z, so
// its absence is refused rather than read as a shorter list.
const (
	ofacEOF   = 0x1a
	sdnFields = 12
	altFields = 5
	addFields = 6
)

// checkOFACEnd refuses a file without OFAC's end marker, or whose last row
// has fewer fields than the format's: both mean the file was cut short.
func checkOFACEnd(what string, b []byte, lastLine, lastFields, want int) error {
	t := bytes.TrimRight(b, " \t\r\n")
	if len(t) == 0 || t[len(t)-1] != ofacEOF {
		return fmt.Errorf("%s: %w: OFAC's end-of-file mark (Ctrl-Z) is missing after line %d", what, ErrCutShort, lastLine)
	}
	if lastFields > 0 && lastFields < want {
		return fmt.Errorf("%s line %d: %w: the last row has %d fields, want %d", what, lastLine, ErrCutShort, lastFields, want)
	}
	return nil
}

// ParseOFAC reads OFAC's legacy CSV files: sdn.csv (required), alt.csv and
// add.csv (optional, nil to skip). Aliases come from alt.csv, countries from
// add.csv and from "nationality"/"citizen" in the remarks, birth dates from
// "DOB" in the remarks. Errors name the file and line.
func ParseOFAC(sdn, alt, add io.Reader) (*List, error) {
	b, err := readText(sdn, "sdn.csv")
	if err != nil {
		return nil, err
	}
	l := &List{Source: SourceOFAC}
	byID := map[string]int{}
	cr := newCSV(b)
	lastLine, lastFields := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr("sdn.csv", err)
		}
		if isOFACTrailer(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		lastLine, lastFields = line, len(rec)
		id := ofacField(rec, 0)
		if _, err := strconv.Atoi(id); err != nil {
			return nil, fmt.Errorf("sdn.csv line %d: ent_num %q is not a number", line, trunc(id))
		}
		name := ofacField(rec, 1)
		if name == "" {
			return nil, fmt.Errorf("sdn.csv line %d: ent_num %s has no name", line, id)
		}
		if _, dup := byID[id]; dup {
			return nil, fmt.Errorf("sdn.csv line %d: ent_num %s appears twice", line, id)
		}
		e := Entry{List: SourceOFAC, ID: id, Name: name, Remarks: ofacField(rec, 11)}
		switch strings.ToLower(ofacField(rec, 2)) {
		case "individual":
			e.Kind = KindIndividual
		case "vessel":
			e.Kind = KindVessel
		case "aircraft":
			e.Kind = KindAircraft
		default:
			e.Kind = KindEntity
		}
		for _, p := range strings.FieldsFunc(ofacField(rec, 3), func(r rune) bool { return r == '[' || r == ']' }) {
			e.Programs = appendUnique(e.Programs, p)
		}
		if e.Kind == KindVessel {
			e.Countries = addCountry(e.Countries, ofacField(rec, 9))
		}
		parseOFACRemarks(&e)
		byID[id] = len(l.Entries)
		l.Entries = append(l.Entries, e)
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("sdn.csv: no entries")
	}
	if err := checkOFACEnd("sdn.csv", b, lastLine, lastFields, sdnFields); err != nil {
		return nil, err
	}
	if alt != nil {
		if err := ofacSide(alt, "alt.csv", altFields, func(rec []string, i int) {
			e := &l.Entries[i]
			if a := ofacField(rec, 3); a != "" && a != e.Name {
				e.Aliases = appendUnique(e.Aliases, a)
			}
		}, byID); err != nil {
			return nil, err
		}
	}
	if add != nil {
		if err := ofacSide(add, "add.csv", addFields, func(rec []string, i int) {
			e := &l.Entries[i]
			e.Countries = addCountry(e.Countries, ofacField(rec, 4))
			// address, city/state/postal code, country
			e.Addresses = appendUnique(e.Addresses, joinNonEmpty(ofacField(rec, 2), ofacField(rec, 3), ofacField(rec, 4)))
		}, byID); err != nil {
			return nil, err
		}
	}
	if err := cleanList(l); err != nil {
		return nil, fmt.Errorf("sdn.csv: %w", err)
	}
	return l, nil
}

// ofacSide reads alt.csv or add.csv: rows keyed by ent_num, at least minFields
// fields, ended by OFAC's end marker. Rows for an ent_num missing from
// sdn.csv are ignored, as OFAC's own files sometimes carry them.
func ofacSide(r io.Reader, what string, minFields int, apply func(rec []string, i int), byID map[string]int) error {
	b, err := readText(r, what)
	if err != nil {
		return err
	}
	cr := newCSV(b)
	lastLine := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return checkOFACEnd(what, b, lastLine, 0, minFields)
		}
		if err != nil {
			return csvErr(what, err)
		}
		if isOFACTrailer(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		id := ofacField(rec, 0)
		if _, err := strconv.Atoi(id); err != nil {
			return fmt.Errorf("%s line %d: ent_num %q is not a number", what, line, trunc(id))
		}
		if len(rec) < minFields {
			return fmt.Errorf("%s line %d: %d fields, want at least %d", what, line, len(rec), minFields)
		}
		if i, ok := byID[id]; ok {
			apply(rec, i)
		}
	}
}

// parseOFACRemarks pulls birth dates and nationalities from the remarks
// ("DOB 12 Jan 1960; alt. DOB 1961; POB Tehran, Iran; nationality Iran").
func parseOFACRemarks(e *Entry) {
	for _, part := range strings.Split(e.Remarks, ";") {
		p := strings.TrimSuffix(strings.TrimSpace(part), ".")
		p = strings.TrimSpace(strings.TrimPrefix(p, "alt."))
		switch {
		case strings.HasPrefix(p, "DOB "):
			for _, d := range parseDates(p[4:]) {
				e.BirthDates = appendUnique(e.BirthDates, d)
			}
		case strings.HasPrefix(p, "nationality "):
			e.Countries = addCountry(e.Countries, p[len("nationality "):])
		case strings.HasPrefix(p, "citizen "):
			e.Countries = addCountry(e.Countries, p[len("citizen "):])
		}
	}
}

// trunc shortens s for an error message.
func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
