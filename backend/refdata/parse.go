package refdata

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"credence/backend/errs"
)

// The parsers below read files the way their publishers write them, so
// that a firm can import the OECD's list or the FATF's statement as it
// downloaded it (as text: `pdftotext -layout` of the PDF, or the page
// saved as text), or a domain list as its maintainer ships it.

var (
	dayMonthYear = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b`)
	monthYear    = regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b`)
	isoDate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	domainRE     = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$`)
)

// findDate returns the first full date in s as YYYY-MM-DD, or "".
func findDate(s string) string {
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return m[0]
	}
	if m := dayMonthYear.FindStringSubmatch(s); m != nil {
		t, err := time.Parse("2 January 2006", m[1]+" "+titleCase(m[2])+" "+m[3])
		if err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

func lines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		out = append(out, strings.TrimRight(sc.Text(), "\r\f"))
	}
	return out
}

func invalidFile(table, why string) error {
	return errs.New(errs.Invalid, "this %s file cannot be read: %s", table, why).
		WithKey("err.refdataFile", "table", table, "reason", why)
}

// classToken reads a category cell: 0–7, or a mark for "not classified".
var classToken = regexp.MustCompile(`^(?:[0-7]|-|–|—|n\.?c\.?|HI|\*)$`)

// ParseOECD reads the OECD's "Country Risk Classifications of the
// Participants to the Arrangement": one country per line, its name
// followed by the prevailing category (0–7), or by "-", "n.c." or "HI"
// for the high-income countries the OECD does not classify; later
// columns (previous classifications) are ignored. The file must say the
// date the list is valid from ("valid from 30 January 2026", or an ISO
// date). Our own table format ("# table: oecd") is read too.
func ParseOECD(data []byte, names Countries) (Meta, [][]string, error) {
	if m, rows := parseTSV(data); m.Table == TableOECD {
		if _, err := newOECD(m, rows); err != nil {
			return m, nil, err
		}
		if m.Date == "" {
			return m, nil, invalidFile(TableOECD, "it has no date line")
		}
		return m, rows, nil
	}
	m := Meta{Table: TableOECD, Source: "OECD, Country Risk Classifications of the Participants to the Arrangement on Officially Supported Export Credits (imported file)"}
	seen := map[string]bool{}
	var rows [][]string
	for _, line := range lines(data) {
		if m.Date == "" {
			low := strings.ToLower(line)
			if strings.Contains(low, "valid") || strings.Contains(low, "as of") || strings.Contains(low, "effective") {
				m.Date = findDate(line)
			}
		}
		cells := splitCells(line)
		for i := 1; i < len(cells); i++ {
			if !classToken.MatchString(cells[i]) {
				continue
			}
			code := names.CodeOf(strings.Join(cells[:i], " "))
			if code == "" || seen[code] {
				break
			}
			cat := cells[i]
			if !(len(cat) == 1 && cat[0] >= '0' && cat[0] <= '7') {
				cat = "HI"
			}
			seen[code] = true
			rows = append(rows, []string{code, cat})
			break
		}
	}
	if m.Date == "" {
		return m, nil, invalidFile(TableOECD, "it does not say from which date the classification is valid")
	}
	if len(rows) < 20 {
		return m, nil, invalidFile(TableOECD, fmt.Sprintf("only %d countries with a category were found", len(rows)))
	}
	m.Rows = len(rows)
	return m, rows, nil
}

// splitCells splits a line of a PDF-to-text table or a CSV into cells:
// by tabs, commas, semicolons or runs of two or more spaces, then each
// cell into words, so that "Albania 4 5" and "Albania,4" both work.
func splitCells(line string) []string {
	f := strings.FieldsFunc(line, func(r rune) bool { return r == '\t' || r == ',' || r == ';' || r == '|' || r == ' ' })
	out := f[:0]
	for _, c := range f {
		c = strings.Trim(c, `"'`)
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// ParseFATF reads an FATF public statement or list page saved as text:
// the jurisdictions after a heading with "call for action" are on the
// black list, those after a heading with "increased monitoring" on the
// grey list; a heading with "no longer" ends a section. A jurisdiction
// counts when a line (or an item of a comma-separated line) is its name
// alone, as in the FATF's own lists and headings. The date is the first
// full date in the file (the plenary's closing day). Our own table format
// ("# table: fatf") is read too.
func ParseFATF(data []byte, names Countries) (Meta, [][]string, error) {
	if m, rows := parseTSV(data); m.Table == TableFATF {
		if _, err := newFATF(m, rows); err != nil {
			return m, nil, err
		}
		if m.Date == "" {
			return m, nil, invalidFile(TableFATF, "it has no date line")
		}
		return m, rows, nil
	}
	m := Meta{Table: TableFATF, Source: "FATF, High-Risk Jurisdictions subject to a Call for Action; Jurisdictions under Increased Monitoring (imported file)"}
	status := map[string]string{}
	var order []string
	section := ""
	for _, line := range lines(data) {
		if m.Date == "" {
			m.Date = findDate(line)
		}
		low := strings.ToLower(line)
		switch {
		case strings.Contains(low, "no longer"):
			section = ""
			continue
		case strings.Contains(low, "call for action"):
			section = FATFBlack
			continue
		case strings.Contains(low, "increased monitoring") && len(strings.Fields(line)) <= 12:
			section = FATFGrey
			continue
		}
		if section == "" {
			continue
		}
		item := strings.TrimLeft(strings.TrimSpace(line), "-•*·▪●0123456789.) ")
		item = strings.TrimRight(item, ".:;")
		for _, part := range strings.Split(strings.ReplaceAll(item, " and the ", ", "), ",") {
			part = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "and "))
			code := names.CodeOf(part)
			if code == "" {
				continue
			}
			if _, ok := status[code]; !ok {
				order = append(order, code)
			}
			if status[code] != FATFBlack {
				status[code] = section
			}
		}
	}
	if m.Date == "" {
		if mm := monthYear.FindStringSubmatch(string(data)); mm != nil {
			t, err := time.Parse("January 2006", titleCase(mm[1])+" "+mm[2])
			if err == nil {
				m.Date = t.Format("2006-01")
			}
		}
	}
	if m.Date == "" {
		return m, nil, invalidFile(TableFATF, "it does not say the date of the statement")
	}
	var rows [][]string
	for _, code := range order {
		rows = append(rows, []string{code, status[code]})
	}
	black := 0
	for _, r := range rows {
		if r[1] == FATFBlack {
			black++
		}
	}
	if black == 0 || len(rows) == black {
		return m, nil, invalidFile(TableFATF, "it must name the jurisdictions of both lists (call for action and increased monitoring)")
	}
	m.Rows = len(rows)
	return m, rows, nil
}

// ParseDomains reads a domain list as maintainers ship it: one domain a
// line ("#" and "//" comments allowed) or a JSON array of strings.
// Our own header lines, if present, give the source and date.
func ParseDomains(table string, data []byte, now time.Time) (Meta, [][]string, error) {
	m, _ := parseTSV(data)
	m.Table = table
	var list []string
	trim := bytes.TrimSpace(data)
	if len(trim) > 0 && trim[0] == '[' {
		if err := json.Unmarshal(trim, &list); err != nil {
			return m, nil, invalidFile(table, "it looks like JSON but is not a list of domains")
		}
	} else {
		for _, l := range lines(data) {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//") {
				continue
			}
			list = append(list, l)
		}
	}
	seen := map[string]bool{}
	var rows [][]string
	for i, d := range list {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "*.")
		if !domainRE.MatchString(d) {
			return m, nil, invalidFile(table, fmt.Sprintf("entry %d (%q) is not a domain name", i+1, d))
		}
		if !seen[d] {
			seen[d] = true
			rows = append(rows, []string{d})
		}
	}
	if len(rows) == 0 {
		return m, nil, invalidFile(table, "it lists no domains")
	}
	if m.Source == "" {
		m.Source = "imported domain list"
	}
	if m.Date == "" {
		m.Date = now.UTC().Format("2006-01-02")
	}
	m.Rows = len(rows)
	return m, rows, nil
}
