package refdata

import "strings"

// FATF statuses.
const (
	FATFBlack = "black" // high-risk jurisdiction subject to a call for action
	FATFGrey  = "grey"  // jurisdiction under increased monitoring
)

// FATF holds the FATF's two public lists.
type FATF struct {
	Meta   Meta
	status map[string]string
}

func newFATF(m Meta, rows [][]string) (FATF, error) {
	f := FATF{Meta: m, status: map[string]string{}}
	for i, r := range rows {
		if len(r) < 2 || len(r[0]) != 2 || (r[1] != FATFBlack && r[1] != FATFGrey) {
			return f, badRow(TableFATF, i, r)
		}
		f.status[strings.ToUpper(r[0])] = r[1]
	}
	return f, nil
}

// Status returns FATFBlack, FATFGrey or "" for a country code.
func (f FATF) Status(code string) string {
	return f.status[strings.ToUpper(strings.TrimSpace(code))]
}

// Codes lists the listed countries, sorted.
func (f FATF) Codes() []string {
	out := make([]string, 0, len(f.status))
	for k := range f.status {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
