package main

import (
	"flag"
	"fmt"

	"credence/backend/sheet"
	"credence/backend/store"
)

// sheetImport is what every spreadsheet import of the CLI shares (customer
// lists, customs records, receivables): a saved or preset mapping, FIELD=
// HEADER overrides, saving the mapping used, the good rows only, a dry
// run, JSON output.
type sheetImport struct {
	fs      *flag.FlagSet
	mapping *string
	save    *string
	maps    multi
	skip    *bool
	dry     *bool
	asJSON  *bool
}

func newSheetImport(name, mappingHelp string) *sheetImport {
	fs := newFlags(name)
	si := &sheetImport{fs: fs}
	si.mapping = fs.String("mapping", "", mappingHelp)
	si.save = fs.String("save-mapping", "", "save the mapping used under this name")
	fs.Var(&si.maps, "map", "FIELD=HEADER: the column for a field (repeatable), over the guessed mapping")
	si.skip = fs.Bool("skip-invalid", false, "import the good rows of a file with bad ones")
	si.dry = fs.Bool("dry-run", false, "show what would happen, write nothing")
	si.asJSON = fs.Bool("json", false, "print the result as JSON")
	return si
}

// resolve is the mapping to import with: the named one (find looks it up)
// with the --map overrides applied; nil lets the importer guess.
func (si *sheetImport) resolve(path string, schema sheet.Schema, find func(name string) (sheet.Mapping, error)) (sheet.Mapping, error) {
	var m sheet.Mapping
	var err error
	if *si.mapping != "" {
		if m, err = find(*si.mapping); err != nil {
			return nil, err
		}
	}
	if len(si.maps) > 0 {
		return overrideMappingFor(schema, path, m, si.maps)
	}
	return m, nil
}

// done reports the refused rows on stderr, then saves the mapping used
// when asked; err is the import's own error.
func (si *sheetImport) done(e *env, s *store.Store, target string, used sheet.Mapping, rows []sheet.RowError, err error) error {
	for _, r := range rows {
		fmt.Fprintf(e.stderr, "line %d: %s\n", r.Line, printable(r.Message))
	}
	if err != nil {
		return err
	}
	if *si.save != "" {
		return sheet.SaveMapping(s, sheet.Saved{Name: *si.save, Target: target, Mapping: used, By: s.User()})
	}
	return nil
}
