package main

import (
	"context"
	"credence/backend/safefile"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"credence/backend/audit"
	"credence/backend/customers"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/store"
)

// sheetArg tells a customer list (.xlsx, .csv) from a dossier JSON file
// among the arguments of `dossier import`.
func sheetArg(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") && sheet.Kind(a) != "" {
			return true
		}
	}
	return false
}

// dossierImportSheet imports a customer list: every row matched against
// the dossiers already kept and merged instead of duplicated; a file with
// a bad row is refused whole (every problem listed) unless --skip-invalid.
// New customers are screened afterwards.
func dossierImportSheet(e *env, args []string) error {
	si := newSheetImport("dossier import", "a saved mapping's name")
	path, err := oneArg(si.fs, args, "FILE")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	m, err := si.resolve(path, customers.Schema, func(name string) (sheet.Mapping, error) { return sheet.FindMapping(s, customers.Target, name) })
	if err != nil {
		return err
	}
	// Ctrl-C stops the import at its next row or customer; what was
	// written stays, and the error counts it.
	ctx, stop := interruptible()
	defer stop()
	res, err := customers.Import(ctx, s, path, customers.Options{Mapping: m, User: s.User(), SkipInvalid: *si.skip, DryRun: *si.dry})
	if err := si.done(e, s, customers.Target, res.Mapping, res.Errors, err); err != nil {
		return err
	}
	if *si.asJSON {
		return writeJSON(e, res)
	}
	verb := "imported"
	if *si.dry {
		verb = "would import"
	}
	fmt.Fprintf(e.stdout, "%s %d rows from %s (%s): %d new, %d merged into existing dossiers, %d unchanged, %d refused\n",
		verb, res.Rows, res.File, res.Encoding, len(res.Created), len(res.Merged), res.Unchanged, len(res.Errors))
	if *si.dry || len(res.Created) == 0 {
		return nil
	}
	hits, err := ws.ScreenDossiers(ctx, res.Created, func(done, total int) {
		if done%100 == 0 || done == total {
			fmt.Fprintf(e.stderr, "screened %d of %d\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	if hits > 0 {
		fmt.Fprintf(e.stderr, "warning: %d possible sanctions match(es) among the new customers; see the screening list\n", hits)
	}
	return nil
}

// overrideMapping applies FIELD=HEADER pairs over the saved or guessed
// mapping of the file.
func overrideMappingFor(schema sheet.Schema, path string, m sheet.Mapping, pairs []string) (sheet.Mapping, error) {
	if m == nil {
		src, err := sheet.Open(path)
		if err != nil {
			return nil, err
		}
		tb, err := sheet.FindHeader(src, schema)
		src.Close()
		if err != nil {
			return nil, err
		}
		m = schema.Guess(tb.Headers)
	}
	out := sheet.Mapping{}
	for k, v := range m {
		out[k] = v
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, usagef("--map wants FIELD=HEADER, e.g. --map country=Land (got %q)", p)
		}
		if strings.TrimSpace(v) == "" {
			delete(out, k)
		} else {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out, nil
}

// listXLSX writes the customers the list's filter selects to a workbook.
func listXLSX(e *env, s *store.Store, q search.Query, path, lang string) error {
	if lang == "" {
		st, _ := s.Settings()
		lang = st.Language
	}
	n := 0
	err := writeFileAtomic(path, func(w io.Writer) error {
		var err error
		n, err = customers.ExportList(context.Background(), s, q, lang, w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d customers written to %s\n", n, path)
	return nil
}

// writeFileAtomic writes a file through safefile: an unnamed 0600 file
// linked into place once complete, so an interrupted export leaves neither
// half a workbook nor a hidden plaintext copy.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := safefile.Write(abs(path), write); err != nil {
		if _, ok := errs.As(err); ok {
			return err
		}
		return errs.Wrap(errs.Invalid, err, "write %s", path).WithKey("err.fileWrite", "file", filepath.Base(path))
	}
	return nil
}

// xlsxArg tells `dossier export ID --xlsx FILE` from the JSON export.
func xlsxArg(args []string) bool {
	for _, a := range args {
		if a == "--xlsx" || a == "-xlsx" || strings.HasPrefix(a, "--xlsx=") || strings.HasPrefix(a, "-xlsx=") {
			return true
		}
	}
	return false
}

// dossierExportXLSX writes one customer's facts, assessments and alerts.
func dossierExportXLSX(e *env, args []string) error {
	fs := newFlags("dossier export")
	out := fs.String("xlsx", "", "the Excel file to write")
	lang := fs.String("lang", "", "zh-CN or en headers (default: the workspace's)")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	if *lang == "" {
		st, _ := s.Settings()
		*lang = st.Language
	}
	if err := writeFileAtomic(*out, func(w io.Writer) error { return ws.ExportDossierXLSX(id, *lang, w) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "written to %s\n", *out)
	return ws.Record(audit.ExportXLSX, id, "dossier xlsx")
}
