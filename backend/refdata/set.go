package refdata

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"credence/backend/errs"
)

//go:embed data/*.tsv data/*.txt data/LICENSES/*
var embedded embed.FS

// files maps a table to its file name, embedded and in a workspace.
var files = map[string]string{
	TableOECD:       "oecd.tsv",
	TableFATF:       "fatf.tsv",
	TableFreeMail:   "freemail.txt",
	TableDisposable: "disposable.txt",
	TableNeverFree:  "neverfree.txt",
	TableCountries:  "countries.tsv",
}

// Set is one consistent set of tables.
type Set struct {
	OECD       OECD
	FATF       FATF
	FreeMail   Domains
	Disposable Domains
	NeverFree  Domains
	Countries  Countries
}

// Tables lists the tables of s with their source, date and row count, in
// a fixed order.
func (s *Set) Tables() []Meta {
	return []Meta{s.OECD.Meta, s.FATF.Meta, s.FreeMail.Meta, s.Disposable.Meta, s.NeverFree.Meta, s.Countries.Meta}
}

// Licences returns the licence notices of the embedded third-party data,
// by file name.
func Licences() map[string]string {
	out := map[string]string{}
	entries, _ := fs.ReadDir(embedded, "data/LICENSES")
	for _, e := range entries {
		b, err := embedded.ReadFile("data/LICENSES/" + e.Name())
		if err == nil {
			out[e.Name()] = string(b)
		}
	}
	return out
}

var (
	builtinOnce sync.Once
	builtinSet  *Set
	current     atomic.Pointer[Set]
)

// Builtin returns the tables embedded in the binary. It panics if they do
// not parse, which a test catches before any release.
func Builtin() *Set {
	builtinOnce.Do(func() {
		s, err := build(func(table string) ([]byte, string, error) {
			b, err := embedded.ReadFile("data/" + files[table])
			return b, "built-in", err
		}, nil)
		if err != nil {
			panic(fmt.Sprintf("refdata: embedded tables: %v", err))
		}
		builtinSet = s
	})
	return builtinSet
}

// Current returns the tables in use: those of the workspace given to Use,
// else the built-in ones. Safe for concurrent use.
func Current() *Set {
	if s := current.Load(); s != nil {
		return s
	}
	return Builtin()
}

// Use makes s the set Current returns; nil goes back to the built-in set.
func Use(s *Set) { current.Store(s) }

// Dir is where a workspace keeps the tables it imported.
func Dir(workspace string) string { return filepath.Join(workspace, "refdata") }

// Load returns the built-in tables with every table the workspace
// imported in their place.
//
// Errors: Invalid when an imported file no longer parses (it names the
// table); Internal for I/O failures.
func Load(workspace string) (*Set, error) {
	dir := Dir(workspace)
	imported := map[string][]byte{}
	for table, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err == nil:
			imported[table] = b
		case !errors.Is(err, fs.ErrNotExist):
			return nil, errs.Wrap(errs.Internal, err, "read imported table %s", table)
		}
	}
	base := Builtin()
	if len(imported) == 0 {
		return base, nil
	}
	// Parse only what was imported; the rest is shared with the built-in set.
	s, err := build(func(table string) ([]byte, string, error) {
		if b, ok := imported[table]; ok {
			return b, "imported", nil
		}
		return nil, "", nil
	}, base)
	return s, err
}

// UseWorkspace loads the workspace's tables and makes them current.
func UseWorkspace(workspace string) error {
	s, err := Load(workspace)
	if err != nil {
		return err
	}
	Use(s)
	return nil
}

// build parses each table read returns; a nil result (no error) takes
// that table from base.
func build(read func(table string) ([]byte, string, error), base *Set) (*Set, error) {
	s := &Set{}
	if base != nil {
		*s = *base
	}
	get := func(table string) (Meta, [][]string, bool, error) {
		b, origin, err := read(table)
		if err != nil || b == nil {
			return Meta{}, nil, false, err
		}
		m, rows := parseTSV(b)
		m.Origin = origin
		if m.Table == "" {
			m.Table = table
		}
		return m, rows, true, nil
	}
	for _, table := range []string{TableOECD, TableFATF, TableFreeMail, TableDisposable, TableNeverFree, TableCountries} {
		m, rows, ok, err := get(table)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		switch table {
		case TableOECD:
			if s.OECD, err = newOECD(m, rows); err != nil {
				return nil, err
			}
		case TableFATF:
			if s.FATF, err = newFATF(m, rows); err != nil {
				return nil, err
			}
		case TableFreeMail:
			s.FreeMail = newDomains(m, rows)
		case TableDisposable:
			s.Disposable = newDomains(m, rows)
		case TableNeverFree:
			s.NeverFree = newDomains(m, rows)
		case TableCountries:
			s.Countries = newCountries(m, rows)
		}
	}
	return s, nil
}

func badRow(table string, i int, r []string) error {
	return errs.New(errs.Invalid, "table %s, row %d: %q is not a valid row", table, i+1, r).
		WithKey("err.refdataRow", "table", table, "row", fmt.Sprint(i+1))
}

func sortStrings(s []string) { sort.Strings(s) }
