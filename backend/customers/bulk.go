package customers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/memstat"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/store"
)

// Import reads a customer list and brings it into the workspace: each row
// is matched against the current dossiers (same identifier, same company
// e-mail domain, same name once legal forms are dropped) and against the
// rows before it, then merged into its match instead of duplicated.
// Everything is read and checked before anything is written: a file with
// a bad row is refused whole (errs.Invalid, Result.Errors listing every
// problem) unless SkipInvalid. Importing the same file again writes
// nothing.
//
// It streams: the file is read once, each good row kept as its cells in
// one buffer and as the group (the new or stored dossier) it joins; the
// dossiers are built again from those cells to be checked as merged and
// again to be written, one at a time (store.BulkCreate, store.BulkSave),
// so a list of 100 000 never holds 100 000 dossiers. It does what the first importer
// (importSlice, kept to compare) did, row for row.
func Import(ctx context.Context, st *store.Store, path string, opt Options) (Result, error) {
	uncap := memstat.Cap(importHeap) // until the writes, which bound their own
	defer uncap()
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
	pl := &bulkPlan{st: st, bind: bind, dups: st.DupMatcher(contactcheck.IsFreeMail),
		keys: map[string]int32{}, byExisting: map[string]int32{}}
	// Pass 2 reports from every core: one at a time, never backwards.
	var (
		progMu sync.Mutex
		last   Progress
	)
	progress := func(phase string, done, total int) {
		if opt.Progress == nil {
			return
		}
		progMu.Lock()
		defer progMu.Unlock()
		if phase == last.Phase && done < last.Done {
			return
		}
		last = Progress{Phase: phase, Done: done, Total: total}
		opt.Progress(last)
	}
	// Pass 1: read, convert and match every row.
	if err := tb.Each(ctx, func(row sheet.Row) error {
		res.Rows++
		if res.Rows%1000 == 0 {
			progress(PhaseRead, res.Rows, 0)
		}
		d, probs := toDossier(bind, row)
		if len(probs) > 0 {
			res.Errors = append(res.Errors, probs...)
			return nil
		}
		pl.add(d, row)
		return nil
	}); err != nil {
		return res, err
	}
	res.Skipped = tb.Skipped
	// The matching is done: its keys of the whole book (tens of MB at
	// 100 000) are not kept through the writes.
	pl.dups, pl.keys, pl.byExisting = nil, nil, nil
	// Pass 2: a merge can still fail validation (two rows' values
	// together); a stored dossier the rows add nothing to is left alone.
	progress(PhaseRead, res.Rows, 0)
	verdicts, err := pl.check(ctx, func(done int) { progress(PhaseCheck, done, len(pl.groups)) })
	if err != nil {
		return res, err
	}
	var creates, saves []int32
	for g, v := range verdicts {
		switch v.kind {
		case groupNew:
			creates = append(creates, int32(g))
		case groupInvalid:
			res.Errors = append(res.Errors, pl.invalid(int32(g), v.problem))
		case groupUnchanged:
			res.Unchanged += pl.count(int32(g))
		case groupChanged:
			saves = append(saves, int32(g))
		}
	}
	slices.SortFunc(res.Errors, func(a, b RowError) int { return a.Line - b.Line })
	if len(res.Errors) > 0 && !opt.SkipInvalid {
		return res, errs.New(errs.Invalid, "%d problem(s) in %s; nothing was imported", len(res.Errors), res.File).
			WithKey("err.importRefused", "count", fmt.Sprint(len(res.Errors)), "file", res.File)
	}
	if opt.DryRun {
		res.Created = make([]string, len(creates)) // counted, not yet given ids
		for _, g := range saves {
			res.Merged = append(res.Merged, pl.groups[g].orig)
		}
		return res, nil
	}
	// Pass 3: write. A load through transactions into a large book holds
	// more than the cap (Badger's compaction): under it the collector
	// would run without pause.
	uncap()
	total := len(creates) + len(saves)
	progress(PhaseWrite, 0, total)
	// A cancel from here on stops at the next dossier the store asks for:
	// it keeps those before it, whichever way it writes them, and the
	// error says how many (cancelledPart). Told how many there are, the
	// store reads none ahead; a merge is prepared up to 128 ahead.
	i := 0
	made, err := st.BulkCreateSized(len(creates), func() (*dossier.Dossier, error) {
		if i == len(creates) {
			return nil, io.EOF
		}
		if err := cancelled(ctx); err != nil {
			return nil, err
		}
		d, _, err := pl.build(creates[i])
		i++
		return d, err
	}, opt.User, func(done int) { progress(PhaseWrite, done, total) })
	res.Created = append(res.Created, made...)
	if err != nil {
		return res, cancelledPart(err, len(made), 0)
	}
	// In the stored ids' order: a merge of much of the book is written as
	// a new database, in key order (store.BulkSaveSized).
	order := slices.Clone(saves)
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(pl.groups[a].orig, pl.groups[b].orig) })
	k := 0
	merged, err := st.BulkSaveSized(len(order), func() (*dossier.Dossier, *dossier.Dossier, error) {
		if k == len(order) {
			return nil, nil, io.EOF
		}
		if err := cancelled(ctx); err != nil {
			return nil, nil, err
		}
		g := order[k]
		k++
		d, orig, err := pl.build(g) // and the stored copy it read: not read twice
		if err != nil {
			return nil, nil, &store.DossierError{ID: pl.groups[g].orig, Err: err}
		}
		return d, orig, nil
	}, opt.User, func(done int) { progress(PhaseWrite, len(made)+done, total) })
	if errors.Is(err, context.Canceled) {
		// The dossiers merged are the first of order (each changes: a
		// group the stored copy already holds is not among them).
		for _, g := range order[:min(merged, len(order))] {
			res.Merged = append(res.Merged, pl.groups[g].orig)
		}
		return res, cancelledPart(err, len(made), merged)
	}
	if err != nil {
		var de *store.DossierError
		i, found := 0, false
		if errors.As(err, &de) && errs.Code(err) != errs.Internal {
			i, found = slices.BinarySearchFunc(order, de.ID, func(g int32, id string) int { return strings.Compare(pl.groups[g].orig, id) })
		}
		if found {
			// A dossier refused (stale, invalid): name its rows and the
			// customer they were merged into, as the first importer did.
			g := order[i]
			name := pl.groups[g].orig
			if d, derr := st.Dossier(name); derr == nil {
				name = d.DisplayName()
			}
			return res, errs.Wrap(errs.Code(err), err, "merge rows %v into %s", pl.lines(g), name)
		}
		return res, errs.Wrap(errs.Code(err), err, "merge rows into stored customers")
	}
	for _, g := range saves {
		res.Merged = append(res.Merged, pl.groups[g].orig)
	}
	res.Written = true
	return res, nil
}

// cancelled is the import's error once ctx is cancelled.
func cancelled(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(errs.Invalid, err, "import cancelled").WithKey("err.importCancelled")
	}
	return nil
}

// cancelledPart tells a cancel during the writes apart from one before
// them: the dossiers written before it stay, and the person is told how
// many. Any other error is returned as it is.
func cancelledPart(err error, created, merged int) error {
	if !errors.Is(err, context.Canceled) || created+merged == 0 {
		return err
	}
	return errs.Wrap(errs.Invalid, err, "import cancelled after %d new and %d merged customers were written", created, merged).
		WithKey("err.importCancelledPart", "created", fmt.Sprint(created), "merged", fmt.Sprint(merged))
}

// importHeap bounds the Go heap while a list is read and matched.
// Matching 100 000 rows against a book of 100 000 holds the book's search
// index, its match keys and the plan (about 300 MB), and the collector
// would let the heap reach twice that.
const importHeap = 480 << 20

// group is one dossier the import writes: new (orig empty) or stored,
// with the rows that join it (first, then next[] to last) and what the
// name-only match compares of it (country and identifiers so far, as
// dossier.Merge leaves them; for a stored one, only once it is compared).
type group struct {
	orig        string
	first, last int32
	country     string
	ids         []idFact
	unread      bool // the stored dossier is not folded in yet (foldStored)
}

type idFact struct{ typ, value string }

// bulkPlan is what pass 1 learns: the good rows, their groups, and the
// match keys of the new groups.
type bulkPlan struct {
	st         *store.Store
	bind       sheet.Binding
	dups       func(*dossier.Dossier) []search.Duplicate
	rows       rowArena
	next       []int32 // row → the next row of its group, -1 at the end
	groups     []group // in the order they appear, as the first importer's plan
	keys       map[string]int32
	byExisting map[string]int32
}

// add matches a good row and records it.
func (pl *bulkPlan) add(d *dossier.Dossier, row sheet.Row) {
	r := pl.rows.add(row)
	pl.next = append(pl.next, -1)
	g, ok := pl.match(d)
	if !ok {
		g = int32(len(pl.groups))
		pl.groups = append(pl.groups, group{first: r, last: r})
		pl.fold(g, d)
	} else {
		gr := &pl.groups[g]
		if gr.first < 0 {
			gr.first = r
		} else {
			pl.next[gr.last] = r
		}
		gr.last = r
		pl.fold(g, d)
	}
	if pl.groups[g].orig == "" {
		for _, k := range matchKeys(d) {
			if _, ok := pl.keys[k]; !ok {
				pl.keys[k] = g
			}
		}
	}
}

// match is the first importer's match over the plan: a new dossier an
// earlier row started, a stored dossier (already taking rows, or its
// group made here), or none.
func (pl *bulkPlan) match(d *dossier.Dossier) (int32, bool) {
	for _, k := range matchKeys(d) {
		if g, ok := pl.keys[k]; ok && (!strings.HasPrefix(k, "name:") || !pl.different(g, d)) {
			return g, true
		}
	}
	for _, dup := range pl.dups(d) {
		strong := slices.ContainsFunc(dup.Reasons, func(r string) bool { return r == search.DupIdentifier || r == search.DupEmailDomain })
		if !strong && !slices.Contains(dup.Reasons, search.DupName) {
			continue // a shared phone alone is a switchboard, not a company
		}
		g, ok := pl.byExisting[dup.Row.ID]
		if !ok && strong {
			// Taken without comparing: its country and identifiers are
			// read when a later row's name alone is compared with it.
			g = int32(len(pl.groups))
			pl.groups = append(pl.groups, group{orig: dup.Row.ID, first: -1, last: -1, unread: true})
			pl.byExisting[dup.Row.ID] = g
			return g, true
		}
		if !ok {
			orig, err := pl.st.Dossier(dup.Row.ID)
			if err != nil {
				continue
			}
			g = int32(len(pl.groups))
			pl.groups = append(pl.groups, group{orig: orig.ID, first: -1, last: -1})
			pl.fold(g, orig)
			if !strong && pl.different(g, d) {
				pl.groups = pl.groups[:g] // not taken: as the first importer, which dropped its copy
				continue
			}
			pl.byExisting[orig.ID] = g
			return g, true
		}
		if !strong && pl.different(g, d) {
			continue // the same name in another country, or with another registration: another company
		}
		return g, true
	}
	return 0, false
}

// fold notes what a dossier joining group g leaves in its country and
// identifiers, as dossier.Merge does: the first country stays, an
// identifier whose value is not yet held is added.
func (pl *bulkPlan) fold(g int32, d *dossier.Dossier) {
	gr := &pl.groups[g]
	if gr.country == "" {
		gr.country = d.Country.Value
	}
	for _, f := range d.Identifiers {
		if !slices.ContainsFunc(gr.ids, func(x idFact) bool { return sameValue(x.value, f.Value) }) {
			gr.ids = append(gr.ids, idFact{f.Type, f.Value})
		}
	}
}

// foldStored folds the stored dossier of group g in first, as taking it
// would have, before the rows that joined it since. Reading every stored
// dossier a list matches (all 100 000 of a list imported again) cost
// 5 s of the import; most are matched by identifier or domain, and never
// compared. Unreadable, the group is left as its rows made it: writing
// it reads the dossier again and says what is wrong.
func (pl *bulkPlan) foldStored(g int32) {
	orig, err := pl.st.Dossier(pl.groups[g].orig)
	if err != nil {
		return
	}
	rows := pl.groups[g]
	gr := &pl.groups[g]
	gr.country, gr.ids, gr.unread = "", nil, false
	pl.fold(g, orig)
	if gr.country == "" {
		gr.country = rows.country
	}
	for _, f := range rows.ids {
		if !slices.ContainsFunc(gr.ids, func(x idFact) bool { return sameValue(x.value, f.value) }) {
			gr.ids = append(gr.ids, f)
		}
	}
}

// different is the first importer's different() on a group's summary.
func (pl *bulkPlan) different(g int32, b *dossier.Dossier) bool {
	if pl.groups[g].unread {
		pl.foldStored(g)
	}
	gr := &pl.groups[g]
	if gr.country != "" && b.Country.Value != "" && !strings.EqualFold(gr.country, b.Country.Value) {
		return true
	}
	for _, x := range gr.ids {
		for _, y := range b.Identifiers {
			if x.typ == y.Type && search.Compact(x.value) != search.Compact(y.Value) {
				return true
			}
		}
	}
	return false
}

// sameValue is dossier's comparison of two values (case and spacing aside).
func sameValue(a, b string) bool {
	return strings.Join(strings.Fields(strings.ToLower(a)), " ") == strings.Join(strings.Fields(strings.ToLower(b)), " ")
}

// build makes group g's dossier from its rows: the stored one (orig, read
// again) or the first row, with the others merged in.
func (pl *bulkPlan) build(g int32) (d, orig *dossier.Dossier, err error) {
	gr := &pl.groups[g]
	r := gr.first
	if gr.orig != "" {
		if orig, err = pl.st.Dossier(gr.orig); err != nil {
			return nil, nil, err
		}
		d = orig.Clone()
	} else {
		d, _ = toDossier(pl.bind, pl.rows.row(r))
		r = pl.next[r]
	}
	for ; r >= 0; r = pl.next[r] {
		x, _ := toDossier(pl.bind, pl.rows.row(r))
		d = mergeRow(d, x)
	}
	return d, orig, nil
}

// What pass 2 finds of a group.
const (
	groupNew       = iota // a new dossier
	groupInvalid          // its rows together do not make a valid dossier
	groupUnchanged        // a stored dossier its rows add nothing to
	groupChanged          // a stored dossier its rows change
)

type verdict struct {
	kind    int8
	problem error // groupInvalid: why (dossier.Validate's)
}

// invalid is the row problem of group g, whose rows together make a
// dossier that cannot be saved: said on its first row, with the field;
// for a list grown past dossier.MaxListItems, how many rows made it.
func (pl *bulkPlan) invalid(g int32, problem error) RowError {
	line := int(pl.rows.line(pl.groups[g].first))
	re := RowError{Line: line, Key: "err.rowInvalid", Message: problem.Error(),
		Params: map[string]string{"line": fmt.Sprint(line), "field": "", "value": ""}}
	if e, ok := errs.As(problem); ok {
		re.Field, re.Params["field"] = e.Params["field"], e.Params["field"]
		if e.Key == "err.tooMany" {
			re.Key = "err.rowTooMany"
			re.Params["n"], re.Params["max"], re.Params["rows"] = e.Params["n"], e.Params["max"], fmt.Sprint(pl.count(g))
			re.Message = fmt.Sprintf("%d rows merge into one customer: %s", pl.count(g), problem)
		}
	}
	return re
}

// check builds each group's dossier as it would be written and says what
// it is. Each group is independent of the others, and building one reads
// its stored dossier and compares the two: the work is shared among the
// cores, a run of groups at a time. A cancel stops it between runs.
func (pl *bulkPlan) check(ctx context.Context, progress func(done int)) ([]verdict, error) {
	out := make([]verdict, len(pl.groups))
	const run = 256
	var next, checked atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for failed.Load() == nil {
				lo := int(next.Add(run)) - run
				if lo >= len(out) {
					return
				}
				if err := cancelled(ctx); err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
				for g := lo; g < min(lo+run, len(out)); g++ {
					v, err := pl.checkGroup(int32(g))
					if err != nil {
						failed.CompareAndSwap(nil, &err)
						return
					}
					out[g] = v
				}
				if n := int(checked.Add(int64(min(run, len(out)-lo)))); n%(16*run) < run || n == len(out) {
					progress(n)
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		return nil, *err
	}
	return out, nil
}

func (pl *bulkPlan) checkGroup(g int32) (verdict, error) {
	gr := &pl.groups[g]
	if gr.orig == "" && gr.first == gr.last {
		return verdict{kind: groupNew}, nil // one row: checked as it was read
	}
	d, orig, err := pl.build(g)
	if err != nil {
		return verdict{}, err
	}
	c := d.Clone()
	c.Normalize(func() string { return "x" })
	if err := c.Validate(); err != nil {
		return verdict{kind: groupInvalid, problem: err}, nil
	}
	switch {
	case orig == nil:
		return verdict{kind: groupNew}, nil
	case len(dossier.Diff(orig, c)) == 0:
		return verdict{kind: groupUnchanged}, nil
	}
	return verdict{kind: groupChanged}, nil
}

// lines are the sheet's line numbers of the rows of group g.
func (pl *bulkPlan) lines(g int32) []int {
	var out []int
	for r := pl.groups[g].first; r >= 0; r = pl.next[r] {
		out = append(out, pl.rows.row(r).Line)
	}
	return out
}

// count is the number of rows of group g.
func (pl *bulkPlan) count(g int32) int {
	n := 0
	for r := pl.groups[g].first; r >= 0; r = pl.next[r] {
		n++
	}
	return n
}
