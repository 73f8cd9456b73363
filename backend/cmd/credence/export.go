package main

import (
	"fmt"
	"io"
	"os"

	"credence/backend/audit"
	"credence/backend/dossierjson"
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
	ws, d, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := dossierjson.Encode(e.stdout, d); err != nil {
		return err
	}
	return ws.Record(audit.ExportJSON, d.ID, "dossier json")
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
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	// Like `dossier add`, a new customer is screened at once (a no-op until
	// lists are imported).
	saved, err := ws.CreateDossier(d, ws.User())
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was imported", pos[0], err)
	}
	warnHits(e, saved)
	fmt.Fprintln(e.stdout, saved.Dossier.ID)
	return nil
}
