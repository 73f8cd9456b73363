package refdata

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"credence/backend/errs"
)

// Change is what an import changed in one table.
type Change struct {
	Table   string   `json:"table"`
	Before  Meta     `json:"before"`
	After   Meta     `json:"after"`
	Added   []string `json:"added"`   // "KW grey", "example.com"
	Removed []string `json:"removed"` // rows no longer there
	Changed []string `json:"changed"` // "SN 5 → 7"
}

// Empty reports whether the import changed no row.
func (c Change) Empty() bool { return len(c.Added)+len(c.Removed)+len(c.Changed) == 0 }

// Summary says the change in one English sentence.
func (c Change) Summary() string {
	return fmt.Sprintf("%s: %s of %s replaced by %s of %s; %d added, %d removed, %d changed",
		c.Table, c.Before.Origin, dateOr(c.Before.Date), "imported table", dateOr(c.After.Date),
		len(c.Added), len(c.Removed), len(c.Changed))
}

func dateOr(d string) string {
	if d == "" {
		return "no date"
	}
	return d
}

// Import reads a publisher's file for table, stores it in the workspace
// (replacing any earlier import of that table) and returns what changed
// against the tables the workspace used so far. It does not make the new
// set current; call UseWorkspace for that.
//
// Errors: Invalid for an unknown table or a file that cannot be read as
// that table (the sentence says why); Internal for I/O failures.
func Import(workspace, table string, data []byte, now time.Time) (Change, error) {
	if !slices.Contains(ImportableTables, table) {
		return Change{}, errs.New(errs.Invalid, "unknown table %q; tables that can be imported: %s", table, strings.Join(ImportableTables, ", ")).
			WithKey("err.refdataTable", "table", table, "tables", strings.Join(ImportableTables, ", "))
	}
	before, err := Load(workspace)
	if err != nil {
		return Change{}, err
	}
	var m Meta
	var rows [][]string
	switch table {
	case TableOECD:
		m, rows, err = ParseOECD(data, before.Countries)
	case TableFATF:
		m, rows, err = ParseFATF(data, before.Countries)
	default:
		m, rows, err = ParseDomains(table, data, now)
	}
	if err != nil {
		return Change{}, err
	}
	m.Imported = now.UTC().Format(time.RFC3339)
	var b strings.Builder
	b.WriteString(header(m))
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	if err := writeAtomic(filepath.Join(Dir(workspace), files[table]), []byte(b.String())); err != nil {
		return Change{}, err
	}
	after, err := Load(workspace)
	if err != nil {
		return Change{}, err
	}
	return Diff(table, before, after), nil
}

// Forget removes the workspace's imported copy of table, so that the
// built-in one is used again, and returns what that changed.
func Forget(workspace, table string) (Change, error) {
	before, err := Load(workspace)
	if err != nil {
		return Change{}, err
	}
	if err := os.Remove(filepath.Join(Dir(workspace), files[table])); err != nil && !os.IsNotExist(err) {
		return Change{}, errs.Wrap(errs.Internal, err, "remove imported table %s", table)
	}
	after, err := Load(workspace)
	if err != nil {
		return Change{}, err
	}
	return Diff(table, before, after), nil
}

// Diff compares one table between two sets.
func Diff(table string, a, b *Set) Change {
	c := Change{Table: table}
	rowsOf := func(s *Set) (Meta, map[string]string) {
		out := map[string]string{}
		switch table {
		case TableOECD:
			for _, k := range s.OECD.Codes() {
				cl, _ := s.OECD.Lookup(k)
				out[k] = cl.String()
			}
			return s.OECD.Meta, out
		case TableFATF:
			for _, k := range s.FATF.Codes() {
				out[k] = s.FATF.Status(k)
			}
			return s.FATF.Meta, out
		case TableCountries:
			for _, k := range s.Countries.Codes() {
				n, _ := s.Countries.Get(k)
				out[k] = n.EN + " / " + n.ZH
			}
			return s.Countries.Meta, out
		}
		var d Domains
		switch table {
		case TableFreeMail:
			d = s.FreeMail
		case TableDisposable:
			d = s.Disposable
		case TableNeverFree:
			d = s.NeverFree
		}
		for k := range d.set {
			out[k] = ""
		}
		return d.Meta, out
	}
	var ra, rb map[string]string
	c.Before, ra = rowsOf(a)
	c.After, rb = rowsOf(b)
	show := func(k, v string) string { return strings.TrimSpace(k + " " + v) }
	for k, v := range rb {
		old, ok := ra[k]
		switch {
		case !ok:
			c.Added = append(c.Added, show(k, v))
		case old != v:
			c.Changed = append(c.Changed, fmt.Sprintf("%s %s → %s", k, old, v))
		}
	}
	for k, v := range ra {
		if _, ok := rb[k]; !ok {
			c.Removed = append(c.Removed, show(k, v))
		}
	}
	slices.Sort(c.Added)
	slices.Sort(c.Removed)
	slices.Sort(c.Changed)
	return c
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return errs.Wrap(errs.Internal, err, "create %s", filepath.Dir(path))
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return errs.Wrap(errs.Internal, err, "write %s", tmp)
	}
	if err := os.Rename(tmp, path); err != nil {
		return errs.Wrap(errs.Internal, err, "replace %s", path)
	}
	return nil
}
