package app

import (
	"context"
	"credence/backend/receivables"
	"credence/backend/safefile"
	"io"
	"path/filepath"
	"strings"
	"time"

	"credence/backend/audit"
	"credence/backend/customers"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/trade"
)

// ImportService brings customer lists and customs records in from Excel
// and CSV files (a preview with the guessed mapping first, saved mappings,
// every problem listed per row) and takes the list and single dossiers out
// as workbooks. New customers are screened in the background with
// "import:screen-progress" events and one "import:screen-done".
type ImportService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime

	screening job // of the customers the last import created
	importing job // the import the window waits for
}

// NewImportService returns the service over sess.
func NewImportService(sess *Session, rt Runtime) *ImportService {
	s := &ImportService{sess: sess, rt: rt}
	// The customers left unscreened are screened at the next unlock
	// (ScreeningService.Warm).
	sess.beforeClose(s.screening.stop)
	sess.beforeClose(s.importing.stop) // an import stops at its next row or dossier
	return s
}

func (s *ImportService) startup(ctx context.Context) { s.ctx = ctx }
func (s *ImportService) shutdown(ctx context.Context) {
	s.importing.stop()
	s.screening.stop()
}

// Import targets.
const (
	TargetCustomers = customers.Target
	TargetTrade     = trade.Target
	// TargetReceivables: an accounting system's receivables or ageing
	// export (invoices, what was paid), matched to customers.
	TargetReceivables = receivables.Target
)

func schemaOf(target string) (sheet.Schema, error) {
	switch target {
	case TargetCustomers:
		return customers.Schema, nil
	case TargetTrade:
		return trade.Schema, nil
	case TargetReceivables:
		return receivables.Schema, nil
	}
	return nil, errs.New(errs.Invalid, "unknown import target %q", target)
}

// PickFile asks for a spreadsheet; "" when the dialog was cancelled.
func (s *ImportService) PickFile() (string, error) {
	p, err := s.rt.OpenFile(s.ctx, s.sess.title("import"), "*.xlsx;*.xlsm;*.csv;*.tsv;*.txt")
	return p, uiErr(err)
}

// PreviewPage is what the mapping screen shows: the file's header and
// first rows, the mapping (given, else guessed), the fields it can map
// to, and what an import would do (nothing is written).
type PreviewPage struct {
	File       string            `json:"file"`
	Encoding   string            `json:"encoding"`
	HeaderLine int               `json:"header_line"`
	Headers    []string          `json:"headers"`
	Rows       []PreviewRow      `json:"rows"`
	Fields     sheet.Schema      `json:"fields"`
	Mapping    sheet.Mapping     `json:"mapping"`
	Customers  *customers.Result `json:"customers,omitempty"`
	Trade      *trade.Result     `json:"trade,omitempty"`
	// Receivables: for an accounting export, what the import would add,
	// update and leave unmatched (the review list).
	Receivables *receivables.ImportResult `json:"receivables,omitempty"`
	// Problem is why the dry run could not finish (a required column not
	// mapped…), as a UI error; the rows are shown all the same.
	Problem string `json:"problem,omitempty"`
}

// PreviewRow is one data row as read.
type PreviewRow struct {
	Line  int      `json:"line"`
	Cells []string `json:"cells"`
}

const previewRows = 20

// Preview reads the file with the mapping (nil: guessed) and dry-runs the
// import; for trade records, dossierID is the customer chosen ("" matches
// importers by name).
func (s *ImportService) Preview(path, target string, mapping sheet.Mapping, dossierID string) (PreviewPage, error) {
	schema, err := schemaOf(target)
	if err != nil {
		return PreviewPage{}, uiErr(err)
	}
	st, err := s.sess.Store()
	if err != nil {
		return PreviewPage{}, uiErr(err)
	}
	src, err := sheet.Open(path)
	if err != nil {
		return PreviewPage{}, uiErr(err)
	}
	tb, err := sheet.FindHeader(src, schema)
	if err != nil {
		src.Close()
		return PreviewPage{}, uiErr(err)
	}
	out := PreviewPage{File: filepath.Base(path), Encoding: tb.Encoding, HeaderLine: tb.HeaderLine, Headers: tb.Headers,
		Rows: []PreviewRow{}, Fields: schema, Mapping: mapping}
	for len(out.Rows) < previewRows {
		r, err := tb.Next()
		if err != nil {
			break
		}
		out.Rows = append(out.Rows, PreviewRow{Line: r.Line, Cells: r.Cells})
	}
	src.Close()
	if out.Mapping == nil {
		out.Mapping = schema.Guess(tb.Headers)
	}
	ctx := context.Background()
	switch target {
	case TargetCustomers:
		res, err := customers.Import(ctx, st, path, customers.Options{Mapping: out.Mapping, DryRun: true, SkipInvalid: true})
		out.Customers = &res
		out.Problem = errString(err)
	case TargetTrade:
		res, err := trade.Import(ctx, st, path, trade.Options{Mapping: out.Mapping, DossierID: dossierID, DryRun: true, SkipInvalid: true})
		out.Trade = &res
		out.Problem = errString(err)
	case TargetReceivables:
		ws, err := s.sess.Workspace()
		if err != nil {
			return PreviewPage{}, uiErr(err)
		}
		res, err := ws.Desk.Import(ctx, path, receivables.ImportOptions{Mapping: out.Mapping, DossierID: dossierID, DryRun: true,
			SkipInvalid: true, By: st.User()})
		out.Receivables = &res
		out.Problem = errString(err)
	}
	return out, nil
}

// ImportReceivables imports an accounting export with the mapping, for
// dossierID when given ("" matches customers by code, identifier or
// name); a file with a bad row is refused unless skipInvalid. Importing
// the same export again changes nothing.
func (s *ImportService) ImportReceivables(path string, mapping sheet.Mapping, dossierID string, skipInvalid bool) (receivables.ImportResult, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return receivables.ImportResult{}, uiErr(err)
	}
	var res receivables.ImportResult
	if !s.importing.run(func(ctx context.Context) {
		res, err = ws.Desk.Import(ctx, path, receivables.ImportOptions{Mapping: mapping, DossierID: dossierID,
			SkipInvalid: skipInvalid, By: ws.User(), Progress: s.writeProgress()})
	}) {
		return res, uiErr(errImportRunning())
	}
	if err != nil {
		return res, uiErr(err)
	}
	ids := make([]string, 0, len(res.Dossiers))
	for id := range res.Dossiers {
		ids = append(ids, id)
	}
	s.rt.Emit(s.ctx, EventChanged, Changed{Kinds: []string{"receivables", "invoice", "payment", "alert"}, IDs: ids})
	return res, nil
}

// Mappings lists the saved mappings of a target.
func (s *ImportService) Mappings(target string) ([]sheet.Saved, error) {
	st, err := s.sess.Store()
	if err != nil {
		return nil, uiErr(err)
	}
	m, err := sheet.Mappings(st, target)
	if err == nil && target == TargetReceivables {
		m = withPresets(m, receivables.Presets)
	}
	return m, uiErr(err)
}

// SaveMapping stores a mapping under a name for the next file of the
// same kind.
func (s *ImportService) SaveMapping(target, name string, mapping sheet.Mapping) error {
	if _, err := schemaOf(target); err != nil {
		return uiErr(err)
	}
	st, err := s.sess.Store()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(sheet.SaveMapping(st, sheet.Saved{Name: name, Target: target, Mapping: mapping, By: st.User()}))
}

// ImportCustomers imports a customer list with the mapping; a file with a
// bad row is refused (the result lists every problem) unless skipInvalid.
// The new customers are then screened in the background. It sends
// "import:progress" (customers.Progress) as it reads, compares and
// writes; CancelImport stops it. A cancel during the writes keeps what
// was written (the error's sentence counts it), and those customers are
// screened and shown as after a whole import.
func (s *ImportService) ImportCustomers(path string, mapping sheet.Mapping, skipInvalid bool) (res customers.Result, err error) {
	st, err := s.sess.Store()
	if err != nil {
		return customers.Result{}, uiErr(err)
	}
	if !s.importing.run(func(ctx context.Context) {
		res, err = customers.Import(ctx, st, path, customers.Options{Mapping: mapping, User: st.User(), SkipInvalid: skipInvalid,
			Progress: s.progress()})
	}) {
		return res, uiErr(errImportRunning())
	}
	if err == nil || len(res.Created)+len(res.Merged) > 0 {
		s.rt.Emit(s.ctx, "import:done", map[string]int{"created": len(res.Created), "merged": len(res.Merged)})
		for _, id := range res.Merged {
			s.rt.Emit(s.ctx, "dossier:saved", id)
		}
		s.screen(res.Created)
	}
	return res, uiErr(err)
}

// CancelImport stops the running import; what happens to what it wrote
// is the import's to say (ImportCustomers).
func (s *ImportService) CancelImport() { s.importing.interrupt() }

func errImportRunning() error {
	return errs.New(errs.Conflict, "an import is already running").WithKey("err.importRunning")
}

// progress sends an import's progress to the window: each new phase at
// once, and within a phase at most every 150 ms, and its end.
func (s *ImportService) progress() func(customers.Progress) {
	var last time.Time
	phase := ""
	return func(p customers.Progress) {
		if p.Phase != phase || time.Since(last) > 150*time.Millisecond || (p.Total > 0 && p.Done == p.Total) {
			phase, last = p.Phase, time.Now()
			s.rt.Emit(s.ctx, "import:progress", p)
		}
	}
}

// writeProgress is progress for importers that report only their writes.
func (s *ImportService) writeProgress() func(done, total int) {
	p := s.progress()
	return func(done, total int) { p(customers.Progress{Phase: customers.PhaseWrite, Done: done, Total: total}) }
}

// screen screens new customers in the background; a screening already
// running is cancelled first (what it screened stays screened; the
// customers it had left are screened at the next unlock).
func (s *ImportService) screen(ids []string) {
	ws, err := s.sess.Workspace()
	if err != nil || len(ids) == 0 {
		return
	}
	run := func(ctx context.Context) {
		last := time.Time{}
		n, err := ws.ScreenDossiers(ctx, ids, func(done, total int) {
			if time.Since(last) > 150*time.Millisecond || done == total {
				last = time.Now()
				s.rt.Emit(s.ctx, "import:screen-progress", map[string]int{"done": done, "total": total})
			}
		})
		s.rt.Emit(s.ctx, "import:screen-done", map[string]any{"new_hits": n, "cancelled": ctx.Err() != nil, "error": errString(err)})
		if n > 0 {
			s.rt.Emit(s.ctx, "screening:new-hits", "")
		}
	}
	for !s.screening.start(run) {
		s.screening.stop()
	}
}

// CancelScreening stops the background screening of imported customers.
func (s *ImportService) CancelScreening() { s.screening.stop() }

// ImportTrade imports customs records, for dossierID or by importer name.
func (s *ImportService) ImportTrade(path string, mapping sheet.Mapping, dossierID string, skipInvalid bool) (trade.Result, error) {
	st, err := s.sess.Store()
	if err != nil {
		return trade.Result{}, uiErr(err)
	}
	var res trade.Result
	if !s.importing.run(func(ctx context.Context) {
		res, err = trade.Import(ctx, st, path, trade.Options{Mapping: mapping, DossierID: dossierID, SkipInvalid: skipInvalid,
			Progress: s.writeProgress()})
	}) {
		return res, uiErr(errImportRunning())
	}
	if err != nil {
		return res, uiErr(err)
	}
	for id := range res.Dossiers {
		s.rt.Emit(s.ctx, "trade:imported", id)
	}
	return res, nil
}

// TradeView is a dossier's trade figures for the chart.
type TradeView struct {
	Has     bool          `json:"has"`
	Figures trade.Figures `json:"figures"`
}

// Trade returns a dossier's trade figures.
func (s *ImportService) Trade(dossierID string) (TradeView, error) {
	st, err := s.sess.Store()
	if err != nil {
		return TradeView{}, uiErr(err)
	}
	f, ok, err := trade.FiguresOf(st, dossierID)
	return TradeView{Has: ok, Figures: f}, uiErr(err)
}

// ExportList asks where to save and writes the customers the list's
// filter selects; "" when the dialog was cancelled.
func (s *ImportService) ExportList(q search.Query, lang string) (string, error) {
	st, err := s.sess.Store()
	if err != nil {
		return "", uiErr(err)
	}
	ws, _ := s.sess.Workspace()
	path, err := s.saveXLSX("customers-"+time.Now().Format("2006-01-02")+".xlsx", func(w io.Writer) error {
		_, err := customers.ExportList(context.Background(), st, q, lang, w)
		return err
	})
	if err != nil || path == "" {
		return path, err
	}
	return path, uiErr(ws.Record(audit.ExportXLSX, "customers", "customer list"))
}

// ExportDossier writes one customer's facts, assessments and alerts.
func (s *ImportService) ExportDossier(dossierID, lang string) (string, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return "", uiErr(err)
	}
	d, err := ws.Store().Dossier(dossierID)
	if err != nil {
		return "", uiErr(err)
	}
	path, err := s.saveXLSX(safeName(d.DisplayName())+"-"+time.Now().Format("2006-01-02")+".xlsx", func(w io.Writer) error {
		return ws.ExportDossierXLSX(dossierID, lang, w)
	})
	if err != nil || path == "" {
		return path, err
	}
	return path, uiErr(ws.Record(audit.ExportXLSX, d.ID, "dossier xlsx"))
}

// saveXLSX asks for a file name and writes the workbook beside it first,
// so a failed export leaves no half file under that name.
func (s *ImportService) saveXLSX(name string, write func(io.Writer) error) (string, error) {
	path, err := s.rt.SaveFile(s.ctx, s.sess.title("xlsx"), name)
	if err != nil || path == "" {
		return "", uiErr(err)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		path += ".xlsx"
	}
	if err := safefile.Write(path, write); err != nil {
		if _, ok := errs.As(err); !ok {
			err = errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.fileWrite", "file", filepath.Base(path))
		}
		return "", uiErr(err)
	}
	return path, nil
}

// withPresets adds the shipped mappings (用友, 金蝶, a generic one) after
// the saved ones; a saved mapping of the same name wins.
func withPresets(saved, presets []sheet.Saved) []sheet.Saved {
	names := map[string]bool{}
	for _, m := range saved {
		names[strings.ToLower(m.Name)] = true
	}
	for _, p := range presets {
		if !names[strings.ToLower(p.Name)] {
			saved = append(saved, p)
		}
	}
	return saved
}
