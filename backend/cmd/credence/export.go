package main

import (
	"fmt"
	"io"
	"os"

	"credence/backend/dossierjson"
	"credence/backend/screening"
)

func init() {
	dossierSubcommands["export"] = dossierExport
	dossierSubcommands["import"] = dossierImport
}

// dossierExport prints one dossier as JSON (docs/dossier-json.md).
func dossierExport(e *env, args []string) error {
	if xlsxArg(args) {
		return dossierExportXLSX(e, args) // imports.go
	}
	id, err := oneArg(newFlags("dossier export"), args, "ID")
	if err != nil {
		return err
	}
	s, d, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer s.Close()
	return dossierjson.Encode(e.stdout, d)
}

// dossierImport creates a dossier from a JSON file ("-" reads standard
// input) and prints its new id. The file is read and checked before the
// workspace is opened: bad JSON changes nothing.
func dossierImport(e *env, args []string) error {
	if sheetArg(args) {
		return dossierImportSheet(e, args) // a customer list: imports.go
	}
	pos, err := parse(newFlags("dossier import"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("dossier import needs one FILE.json (or - for standard input)")
	}
	var r io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("open %s: %w", pos[0], err)
		}
		defer f.Close()
		r = f
	}
	d, err := dossierjson.Decode(r)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", pos[0], err)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	got, err := s.CreateDossier(d, s.User())
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", pos[0], err)
	}
	// Like `dossier add`, a new customer is screened at once (a no-op until
	// lists are imported).
	if _, newHits, err := screening.New(s).ScreenDossier(got); err != nil {
		return err
	} else if len(newHits) > 0 {
		fmt.Fprintf(e.stderr, "warning: %d possible sanctions match(es); see `credence check %s`\n", len(newHits), got.ID)
	}
	fmt.Fprintln(e.stdout, got.ID)
	return nil
}
