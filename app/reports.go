package app

import (
	"context"
	"credence/backend/safefile"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"credence/backend/dossierreport"
	"credence/backend/errs"
	"credence/backend/workspace"
)

// ReportService exports PDF reports: one customer's credit report, the
// portfolio summary, a field visit. The language is chosen per export.
type ReportService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime

	mu     sync.Mutex
	cancel context.CancelFunc
}

// NewReportService returns the service over sess.
func NewReportService(sess *Session, rt Runtime) *ReportService {
	return &ReportService{sess: sess, rt: rt}
}

func (r *ReportService) startup(ctx context.Context)  { r.ctx = ctx }
func (r *ReportService) shutdown(ctx context.Context) { r.Cancel() }

// ExportResult says where the report went.
type ExportResult struct {
	Path   string `json:"path"`
	Number string `json:"number"`
	Pages  int    `json:"pages"`
	Bytes  int64  `json:"bytes"`
}

// ExportCredit asks where to save and writes the credit report of a
// dossier; nil when the dialog was cancelled.
func (r *ReportService) ExportCredit(dossierID, lang string, open bool) (*ExportResult, error) {
	ws, err := r.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	d, err := ws.Store().Dossier(dossierID)
	if err != nil {
		return nil, uiErr(err)
	}
	name := safeName(d.DisplayName()) + "-" + time.Now().Format("2006-01-02") + ".pdf"
	return r.export(ws, d.ID, name, open, func(ctx context.Context, opt dossierreport.Options, w io.Writer) (dossierreport.Info, error) {
		opt.Lang = lang
		in, err := ws.CreditReport(dossierID, opt.Now)
		if err != nil {
			return dossierreport.Info{}, err
		}
		return dossierreport.Credit(ctx, in, opt, w)
	})
}

// ExportPortfolio writes the portfolio summary.
func (r *ReportService) ExportPortfolio(lang string, open bool) (*ExportResult, error) {
	ws, err := r.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	return r.export(ws, "portfolio", "portfolio-"+time.Now().Format("2006-01-02")+".pdf", open, func(ctx context.Context, opt dossierreport.Options, w io.Writer) (dossierreport.Info, error) {
		opt.Lang = lang
		rows, err := ws.PortfolioRows(ctx, time.Now())
		if err != nil {
			return dossierreport.Info{}, err
		}
		return dossierreport.Portfolio(ctx, rows, opt, w)
	})
}

// ExportVisit writes a field visit's report.
func (r *ReportService) ExportVisit(visitID, lang string, open bool) (*ExportResult, error) {
	ws, err := r.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	v, err := ws.Visits.Visit(visitID)
	if err != nil {
		return nil, uiErr(err)
	}
	return r.export(ws, v.DossierID, "visit-"+time.Now().Format("2006-01-02")+".pdf", open, func(ctx context.Context, opt dossierreport.Options, w io.Writer) (dossierreport.Info, error) {
		opt.Lang = lang
		in, err := ws.VisitReport(visitID)
		if err != nil {
			return dossierreport.Info{}, err
		}
		return dossierreport.Visit(ctx, in, opt, w)
	})
}

// Cancel stops a report being written; no file is left behind.
func (r *ReportService) Cancel() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// export writes a report and records it as printed about subject (a
// dossier id, or "portfolio").
func (r *ReportService) export(ws *workspace.Workspace, subject, defaultName string, open bool,
	write func(ctx context.Context, opt dossierreport.Options, w io.Writer) (dossierreport.Info, error)) (*ExportResult, error) {
	path, err := r.rt.SaveFile(r.ctx, r.sess.title("pdf"), defaultName)
	if err != nil || path == "" {
		return nil, uiErr(err)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".pdf") {
		path += ".pdf"
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.cancel = nil
		r.mu.Unlock()
		cancel()
	}()
	set, _ := ws.Store().Settings()
	opt := dossierreport.Options{Firm: set.FirmName, PreparedBy: set.UserName, PrintedBy: ws.Printer(), Now: time.Now(),
		Progress: func(step, total int) {
			r.rt.Emit(r.ctx, "report:progress", map[string]int{"step": step, "total": total})
		}}
	// An unnamed 0600 file linked into place once complete (safefile): the
	// PDF is plaintext, so a crash or a kill leaves no copy; never through
	// a symlink.
	var info dossierreport.Info
	err = safefile.Write(path, func(w io.Writer) error {
		var werr error
		info, werr = write(ctx, opt, w)
		return werr
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, uiErr(errs.New(errs.Invalid, "cancelled").WithKey("err.cancelled"))
		}
		if _, ok := errs.As(err); !ok {
			err = errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path)
		}
		return nil, uiErr(err)
	}
	if err := ws.Printed(subject, info.Number); err != nil {
		return nil, uiErr(err)
	}
	r.rt.Emit(r.ctx, "report:done", path)
	if open {
		openFile(path)
	}
	return &ExportResult{Path: path, Number: info.Number, Pages: info.Pages, Bytes: info.Bytes}, nil
}

// openFile shows a file with the system's viewer; failing to is not an
// error worth interrupting anyone for: the file is written.
func openFile(path string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}

// safeName makes a file name from a customer's name.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60])
	}
	if s == "" {
		s = "report"
	}
	return filepath.Base(s)
}
