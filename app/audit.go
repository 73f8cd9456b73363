package app

import (
	"context"
	"io"
	"strings"
	"time"

	"credence/backend/audit"
	"credence/backend/safefile"
	"credence/backend/workspace"
)

// AuditService shows the audit trail: who saw, exported, printed, backed
// up, decided or deleted what, with filters, a check of its chains and an
// export to Excel (itself audited).
type AuditService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewAuditService returns the service over sess.
func NewAuditService(sess *Session, rt Runtime) *AuditService {
	return &AuditService{sess: sess, rt: rt}
}

func (a *AuditService) startup(ctx context.Context)  { a.ctx = ctx }
func (a *AuditService) shutdown(ctx context.Context) {}

// AuditFilter selects entries: a person (name or id), a customer's id,
// actions, and days YYYY-MM-DD (both included); empty fields match all.
type AuditFilter = workspace.AuditFilter

// AuditRow is one entry as people read it. Go names the device in the
// interface's language ("this computer" / "another computer (ab12)") and
// gives the sentence in both languages.
type AuditRow struct {
	audit.Entry
	UserName    string      `json:"user_name"`
	SubjectName string      `json:"subject_name"`
	DeviceName  string      `json:"device_name"`
	ThisDevice  bool        `json:"this_device"`
	Sentence    audit.Words `json:"sentence"`
}

// List returns the entries the filter selects, newest first.
func (a *AuditService) List(f AuditFilter) ([]AuditRow, error) {
	ws, err := a.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	rows, err := ws.AuditRows(f)
	if err != nil {
		return nil, uiErr(err)
	}
	lang := a.sess.prefs().Language
	out := make([]AuditRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, AuditRow{Entry: r.Entry, UserName: r.UserName, SubjectName: r.SubjectName,
			DeviceName: r.DeviceName.In(lang), ThisDevice: r.ThisDevice, Sentence: r.Sentence})
	}
	return out, nil
}

// Verify checks every device's chain; an empty list is an intact trail.
func (a *AuditService) Verify() ([]audit.Problem, error) {
	ws, err := a.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	p, err := ws.VerifyTrail()
	return p, uiErr(err)
}

// Export asks where to save and writes the selected entries as a
// workbook; "" when the dialog was cancelled.
func (a *AuditService) Export(f AuditFilter) (string, error) {
	ws, err := a.sess.Workspace()
	if err != nil {
		return "", uiErr(err)
	}
	rows, err := ws.AuditRows(f)
	if err != nil {
		return "", uiErr(err)
	}
	path, err := a.rt.SaveFile(a.ctx, a.sess.title("export"), "audit-"+time.Now().Format("2006-01-02")+".xlsx")
	if err != nil || path == "" {
		return "", uiErr(err)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		path += ".xlsx"
	}
	lang := a.sess.prefs().Language
	if err := safefile.Write(path, func(w io.Writer) error { return workspace.WriteAuditXLSX(w, rows, lang) }); err != nil {
		return "", uiErr(err)
	}
	if err := ws.Record(audit.ExportXLSX, "audit", "audit trail"); err != nil {
		return "", uiErr(err)
	}
	return path, nil
}
