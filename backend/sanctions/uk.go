package sanctions

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// ParseUK reads the UK OFSI consolidated list CSV (ConList.csv): a first line
// "Last Updated,dd/mm/yyyy", then a header row (Name 6, Name 1..5, Title, DOB,
// Country of Birth, Nationality, ..., Country, Other Information, Group Type,
// Alias Type, Regime, Group ID), then one row per name; rows sharing a Group
// ID are one party. Columns are located by header name; only Group ID and
// Name 6 (or Name 1) are required.
func ParseUK(r io.Reader) (*List, error) {
	b, err := readText(r, "uk csv")
	if err != nil {
		return nil, err
	}
	cr := newCSV(b)
	l := &List{Source: SourceUK}
	var col map[string]int
	byID := map[string]int{}
	primarySet := map[string]bool{}
	var last []string
	lastLine, width := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr("uk csv", err)
		}
		line, _ := cr.FieldPos(0)
		if col == nil {
			if c := ukHeader(rec); c != nil {
				col, width = c, len(rec)
				continue
			}
			if len(rec) >= 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "last updated") {
				if t, err := time.Parse("02/01/2006", strings.TrimSpace(rec[1])); err == nil {
					l.Date = t
				}
				continue
			}
			if line > 5 {
				return nil, fmt.Errorf("uk csv: no header row with \"Group ID\" and \"Name 6\" in the first 5 lines")
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		last, lastLine = append(last[:0], rec...), line
		id := get("group id")
		if id == "" {
			return nil, fmt.Errorf("uk csv line %d: empty Group ID", line)
		}
		var parts []string
		for _, k := range []string{"name 1", "name 2", "name 3", "name 4", "name 5", "name 6"} {
			if v := get(k); v != "" {
				parts = append(parts, v)
			}
		}
		name := strings.Join(parts, " ")
		if name == "" {
			return nil, fmt.Errorf("uk csv line %d: Group ID %s: row has no name", line, trunc(id))
		}
		i, ok := byID[id]
		if !ok {
			i = len(l.Entries)
			byID[id] = i
			l.Entries = append(l.Entries, Entry{List: SourceUK, ID: id})
		}
		e := &l.Entries[i]
		aliasType := strings.ToLower(get("alias type"))
		switch {
		case e.Name == "":
			e.Name = name
			primarySet[id] = aliasType == "primary name"
		case aliasType == "primary name" && !primarySet[id]:
			e.Aliases = appendUnique(e.Aliases, e.Name)
			e.Name = name
			primarySet[id] = true
		case name != e.Name:
			e.Aliases = appendUnique(e.Aliases, name)
		}
		if nl := get("name non-latin script"); nl != "" {
			e.Aliases = appendUnique(e.Aliases, nl)
		}
		if e.Kind == "" {
			switch strings.ToLower(get("group type")) {
			case "individual":
				e.Kind = KindIndividual
			case "entity":
				e.Kind = KindEntity
			case "ship":
				e.Kind = KindVessel
			}
		}
		for _, p := range strings.Split(get("regime"), ";") {
			e.Programs = appendUnique(e.Programs, p)
		}
		for _, k := range []string{"nationality", "country"} {
			for _, c := range splitNumbered(get(k)) {
				e.Countries = addCountry(e.Countries, c)
			}
		}
		for _, d := range splitNumbered(get("dob")) {
			for _, v := range parseDates(d) {
				e.BirthDates = appendUnique(e.BirthDates, v)
			}
		}
		// Address 1–6, post code and country: one line, as OFAC and the UN
		// give theirs (rows repeat the party per alias: kept once).
		addr := []string{}
		for _, k := range []string{"address 1", "address 2", "address 3", "address 4", "address 5", "address 6", "post/zip code"} {
			addr = append(addr, get(k))
		}
		if line := joinNonEmpty(addr...); line != "" {
			e.Addresses = appendUnique(e.Addresses, joinNonEmpty(line, get("country")))
		}
		if e.Remarks == "" {
			e.Remarks = get("other information")
		}
	}
	if col == nil {
		return nil, fmt.Errorf("uk csv: no header row with \"Group ID\" and \"Name 6\"")
	}
	if len(l.Entries) == 0 {
		return nil, fmt.Errorf("uk csv: no rows after the header")
	}
	if err := checkCSVEnd("uk csv", b, last, lastLine, width); err != nil {
		return nil, err
	}
	if err := cleanList(l); err != nil {
		return nil, fmt.Errorf("uk csv: %w", err)
	}
	return l, nil
}

// ukHeader returns column positions by lower-cased name when rec is the header row.
func ukHeader(rec []string) map[string]int {
	c := map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.Join(strings.Fields(h), " "))
		if _, dup := c[h]; !dup {
			c[h] = i
		}
	}
	_, id := c["group id"]
	_, n6 := c["name 6"]
	_, n1 := c["name 1"]
	if id && (n6 || n1) {
		return c
	}
	return nil
}

var numbered = regexp.MustCompile(`\(\d+\)`)

// splitNumbered splits OFSI's "(1) Iran (2) Iraq" lists; plain text is one item.
func splitNumbered(s string) []string {
	var out []string
	for _, p := range numbered.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
