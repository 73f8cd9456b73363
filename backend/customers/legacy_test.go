package customers

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/store"
)

// pending is one dossier the import will write: new (ID empty) or an
// existing one with the rows that matched it merged in.
type pending struct {
	d     *dossier.Dossier
	orig  *dossier.Dossier // the stored copy, nil for a new one
	lines []int
}

// importSlice is the first importer (Import until the streaming one),
// kept to check Import against on the same files: it holds every row's
// dossier, matches each against the store by Duplicates (a scan of the
// book per row) and writes with CreateDossiers and SaveDossier.
func importSlice(ctx context.Context, st *store.Store, path string, opt Options) (Result, error) {
	res := Result{File: filepath.Base(path), Created: []string{}, Merged: []string{}, Errors: []RowError{}}
	src, err := sheet.Open(path)
	if err != nil {
		return res, err
	}
	defer src.Close()
	tb, err := sheet.FindHeader(src, Schema)
	if err != nil {
		return res, err
	}
	res.Encoding, res.Headers = tb.Encoding, tb.Headers
	res.Mapping = opt.Mapping
	if res.Mapping == nil {
		res.Mapping = Schema.Guess(tb.Headers)
	}
	bind, err := Schema.Bind(res.Mapping, tb.Headers)
	if err != nil {
		return res, err
	}
	var plan []*pending
	byExisting := map[string]*pending{}
	keys := map[string]*pending{} // in-file match keys of new dossiers
	for {
		if res.Rows%256 == 0 {
			if err := ctx.Err(); err != nil {
				return res, errs.Wrap(errs.Invalid, err, "import cancelled").WithKey("err.importCancelled")
			}
		}
		row, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, err
		}
		res.Rows++
		d, probs := toDossier(bind, row)
		if len(probs) > 0 {
			res.Errors = append(res.Errors, probs...)
			continue
		}
		p := match(st, d, byExisting, keys)
		switch {
		case p == nil:
			p = &pending{d: d}
			plan = append(plan, p)
		default:
			p.d = mergeRow(p.d, d)
		}
		p.lines = append(p.lines, row.Line)
		if p.orig != nil {
			if _, ok := byExisting[p.orig.ID]; !ok {
				byExisting[p.orig.ID] = p
				plan = append(plan, p)
			}
		}
		for _, k := range matchKeys(d) {
			if _, ok := keys[k]; !ok && p.orig == nil {
				keys[k] = p
			}
		}
	}
	res.Skipped = tb.Skipped
	// A merge can still fail validation (two rows' values together).
	var creates []*dossier.Dossier
	var saves []*pending
	for _, p := range plan {
		c := p.d.Clone()
		c.Normalize(func() string { return "x" })
		if err := c.Validate(); err != nil {
			res.Errors = append(res.Errors, RowError{Line: p.lines[0], Key: "err.rowInvalid", Message: err.Error(),
				Params: map[string]string{"line": fmt.Sprint(p.lines[0]), "field": "", "value": ""}})
			continue
		}
		switch {
		case p.orig == nil:
			creates = append(creates, p.d)
		case len(dossier.Diff(p.orig, c)) == 0:
			res.Unchanged += len(p.lines)
		default:
			saves = append(saves, p)
		}
	}
	slices.SortFunc(res.Errors, func(a, b RowError) int { return a.Line - b.Line })
	if len(res.Errors) > 0 && !opt.SkipInvalid {
		return res, errs.New(errs.Invalid, "%d problem(s) in %s; nothing was imported", len(res.Errors), res.File).
			WithKey("err.importRefused", "count", fmt.Sprint(len(res.Errors)), "file", res.File)
	}
	if opt.DryRun {
		res.Created = make([]string, len(creates)) // counted, not yet given ids
		for _, p := range saves {
			res.Merged = append(res.Merged, p.orig.ID)
		}
		return res, nil
	}
	total := len(creates) + len(saves)
	made, err := st.CreateDossiers(creates, opt.User, func(done int) {
		if opt.Progress != nil {
			opt.Progress(Progress{Phase: PhaseWrite, Done: done, Total: total})
		}
	})
	if err != nil {
		return res, err
	}
	for _, d := range made {
		res.Created = append(res.Created, d.ID)
	}
	for i, p := range saves {
		got, err := st.SaveDossier(p.d, opt.User)
		if err != nil {
			return res, errs.Wrap(errs.Code(err), err, "merge rows %v into %s", p.lines, p.orig.DisplayName())
		}
		res.Merged = append(res.Merged, got.ID)
		if opt.Progress != nil {
			opt.Progress(Progress{Phase: PhaseWrite, Done: len(made) + i + 1, Total: total})
		}
	}
	res.Written = true
	return res, nil
}

// match finds what a row is: an existing dossier already taking rows of
// this file, a new dossier an earlier row started, a stored dossier (its
// pending entry is made here), or nothing.
func match(st *store.Store, d *dossier.Dossier, byExisting map[string]*pending, keys map[string]*pending) *pending {
	for _, k := range matchKeys(d) {
		if p, ok := keys[k]; ok && (!strings.HasPrefix(k, "name:") || !different(p.d, d)) {
			return p
		}
	}
	for _, dup := range st.Duplicates(d, contactcheck.IsFreeMail) {
		strong := slices.ContainsFunc(dup.Reasons, func(r string) bool { return r == search.DupIdentifier || r == search.DupEmailDomain })
		if !strong && !slices.Contains(dup.Reasons, search.DupName) {
			continue // a shared phone alone is a switchboard, not a company
		}
		p, ok := byExisting[dup.Row.ID]
		if !ok {
			orig, err := st.Dossier(dup.Row.ID)
			if err != nil {
				continue
			}
			p = &pending{d: orig.Clone(), orig: orig}
		}
		if !strong && different(p.d, d) {
			continue // the same name in another country, or with another registration: another company
		}
		return p
	}
	return nil
}

// different reports whether two dossiers that share only a name are
// evidently two companies: both name a country and they differ, or both
// hold an identifier of one type with different numbers.
func different(a, b *dossier.Dossier) bool {
	if a.Country.Value != "" && b.Country.Value != "" && !strings.EqualFold(a.Country.Value, b.Country.Value) {
		return true
	}
	for _, x := range a.Identifiers {
		for _, y := range b.Identifiers {
			if x.Type == y.Type && search.Compact(x.Value) != search.Compact(y.Value) {
				return true
			}
		}
	}
	return false
}
