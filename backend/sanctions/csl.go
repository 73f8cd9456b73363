package sanctions

import (
	"fmt"
	"hash/fnv"
	"io"
	"regexp"
	"strings"
)

// ParseCSL reads the US Consolidated Screening List CSV (trade.gov). The
// header names the columns; name is required, the rest optional: _id or id,
// entity_number, source, type, programs, alt_names, addresses, countries,
// citizenships, nationalities, dates_of_birth, remarks. Multi-valued fields
// are "; "-separated. Rows without an id get a stable one derived from source
// and name ("DPL-5f1c09e2").
func ParseCSL(r io.Reader) (*List, error) {
	b, err := readText(r, "csl csv")
	if err != nil {
		return nil, err
	}
	cr := newCSV(b)
	hdr, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("csl csv: empty file")
	}
	if err != nil {
		return nil, csvErr("csl csv", err)
	}
	col := map[string]int{}
	for i, h := range hdr {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	if _, ok := col["name"]; !ok {
		return nil, fmt.Errorf("csl csv line 1: header has no \"name\" column")
	}
	l := &List{Source: SourceCSL}
	seen := map[string]bool{}
	var last []string
	lastLine := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr("csl csv", err)
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		last, lastLine = append(last[:0], rec...), line
		e := Entry{List: SourceCSL, Name: get("name"), Remarks: get("remarks")}
		if e.Name == "" {
			return nil, fmt.Errorf("csl csv line %d: empty name", line)
		}
		source := get("source")
		e.ID = firstNonEmpty(get("_id"), get("id"))
		if e.ID == "" {
			e.ID = cslID(source, get("entity_number"), e.Name)
		}
		for base, k := e.ID, 2; seen[e.ID]; k++ {
			e.ID = fmt.Sprintf("%s-%d", base, k)
		}
		seen[e.ID] = true
		switch strings.ToLower(get("type")) {
		case "individual":
			e.Kind = KindIndividual
		case "entity":
			e.Kind = KindEntity
		case "vessel":
			e.Kind = KindVessel
		case "aircraft":
			e.Kind = KindAircraft
		}
		for _, p := range splitSemi(get("programs")) {
			e.Programs = appendUnique(e.Programs, p)
		}
		for _, a := range splitSemi(get("alt_names")) {
			if a != e.Name {
				e.Aliases = appendUnique(e.Aliases, a)
			}
		}
		for _, k := range []string{"countries", "citizenships", "nationalities"} {
			for _, c := range splitSemi(get(k)) {
				e.Countries = addCountry(e.Countries, c)
			}
		}
		for _, a := range splitSemi(get("addresses")) {
			e.Addresses = appendUnique(e.Addresses, joinNonEmpty(strings.Split(a, ",")...))
			f := strings.Split(a, ",")
			if c := strings.TrimSpace(f[len(f)-1]); len(c) == 2 {
				e.Countries = addCountry(e.Countries, c)
			}
		}
		for _, d := range parseDates(get("dates_of_birth")) {
			e.BirthDates = appendUnique(e.BirthDates, d)
		}
		l.Entries = append(l.Entries, e)
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("csl csv: no rows after the header")
	}
	if err := checkCSVEnd("csl csv", b, last, lastLine, len(hdr)); err != nil {
		return nil, err
	}
	if err := cleanList(l); err != nil {
		return nil, fmt.Errorf("csl csv: %w", err)
	}
	return l, nil
}

var cslAcronym = regexp.MustCompile(`\(([A-Z0-9-]{2,10})\)`)

// cslID derives a stable identifier for a CSL row without one.
func cslID(source, entityNumber, name string) string {
	tag := "CSL"
	if m := cslAcronym.FindStringSubmatch(source); m != nil {
		tag = m[1]
	}
	if entityNumber != "" {
		return tag + "-" + entityNumber
	}
	h := fnv.New32a()
	h.Write([]byte(source + "\x00" + name))
	return fmt.Sprintf("%s-%08x", tag, h.Sum32())
}

func splitSemi(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
