package refdata

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Meta is what a table says about itself in its "# key: value" header.
type Meta struct {
	Table   string `json:"table"`
	Source  string `json:"source"`
	Date    string `json:"date"`
	Licence string `json:"licence,omitempty"`
	Rows    int    `json:"rows"`
	// Origin is "built-in" for the embedded copy, "imported" for a copy
	// the firm imported into its workspace.
	Origin   string `json:"origin"`
	Imported string `json:"imported,omitempty"` // when the copy was imported (RFC 3339)
}

// Table names, as `credence refdata import TABLE FILE` takes them.
const (
	TableOECD       = "oecd"
	TableFATF       = "fatf"
	TableFreeMail   = "freemail"
	TableDisposable = "disposable"
	TableNeverFree  = "neverfree"
	TableCountries  = "countries"
)

// ImportableTables are the tables a firm may replace from a file.
var ImportableTables = []string{TableOECD, TableFATF, TableFreeMail, TableDisposable, TableNeverFree}

// parseTSV reads our own table format: "# key: value" header lines, then
// tab-separated rows; blank lines and other comments are skipped.
func parseTSV(data []byte) (Meta, [][]string) {
	var m Meta
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") {
			k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
			if ok {
				v = strings.TrimSpace(v)
				switch strings.TrimSpace(k) {
				case "table":
					m.Table = v
				case "source":
					m.Source = v
				case "date":
					m.Date = v
				case "licence":
					m.Licence = v
				case "imported":
					m.Imported = v
				}
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	m.Rows = len(rows)
	return m, rows
}

// header writes m as our "# key: value" lines.
func header(m Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# table: %s\n# source: %s\n# date: %s\n", m.Table, oneLine(m.Source), m.Date)
	if m.Licence != "" {
		fmt.Fprintf(&b, "# licence: %s\n", oneLine(m.Licence))
	}
	if m.Imported != "" {
		fmt.Fprintf(&b, "# imported: %s\n", m.Imported)
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
