package workspace

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"credence/backend/audit"
	"credence/backend/errs"
)

// AuditRow is an audit entry as people read it: who by name, what it was
// about by name (as they are called now; a customer no longer there by its
// id), on which computer, and a sentence saying what happened.
type AuditRow struct {
	audit.Entry
	UserName    string      `json:"user_name"`
	SubjectName string      `json:"subject_name"`
	DeviceName  audit.Words `json:"device_name"`
	ThisDevice  bool        `json:"this_device"`
	Sentence    audit.Words `json:"sentence"`
}

// AuditFilter is a filter as a person gives it: a person by name or id,
// a customer's id, actions, and days (YYYY-MM-DD, both included).
type AuditFilter struct {
	User    string   `json:"user"`
	Subject string   `json:"subject"`
	Actions []string `json:"actions"`
	From    string   `json:"from"`
	To      string   `json:"to"`
}

// auditFilter turns f into the trail's filter. Errors: errs.Invalid
// "err.date" for a day that is not YYYY-MM-DD.
func (w *Workspace) auditFilter(f AuditFilter) (audit.Filter, error) {
	out := audit.Filter{Subject: strings.TrimSpace(f.Subject), User: strings.TrimSpace(f.User)}
	if out.User != "" {
		if people, err := w.st.People(); err == nil {
			for _, p := range people {
				if strings.EqualFold(p.Name, out.User) {
					out.User = p.ID
				}
			}
		}
	}
	for _, a := range f.Actions {
		out.Actions = append(out.Actions, audit.Action(a))
	}
	day := func(s, field string) (time.Time, error) {
		if s = strings.TrimSpace(s); s == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			return t, errs.New(errs.Invalid, "%s: %q is not a date like 2026-03-14", field, s).WithKey("err.date", "field", field)
		}
		return t, nil
	}
	var err error
	if out.From, err = day(f.From, "from"); err != nil {
		return out, err
	}
	if out.To, err = day(f.To, "to"); err != nil {
		return out, err
	}
	if !out.To.IsZero() {
		out.To = out.To.AddDate(0, 0, 1) // the last day included
	}
	return out, nil
}

// AuditRows lists the trail's entries that f selects, newest first.
func (w *Workspace) AuditRows(f AuditFilter) ([]AuditRow, error) {
	af, err := w.auditFilter(f)
	if err != nil {
		return nil, err
	}
	t, err := w.Trail()
	if err != nil {
		return nil, err
	}
	es, err := t.List(af)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	name := func(id string) string {
		if id == "" {
			return ""
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := id
		if d, err := w.st.Dossier(id); err == nil {
			n = d.DisplayName()
		} else if p, err := w.st.PersonByID(id); err == nil {
			n = p.Name
		}
		names[id] = n
		return n
	}
	this := w.st.DeviceID()
	out := make([]AuditRow, 0, len(es))
	for _, e := range es {
		r := AuditRow{Entry: e, UserName: name(e.User), SubjectName: name(e.Subject),
			DeviceName: audit.DeviceName(e.Device, this), ThisDevice: e.Device == this}
		r.Sentence = audit.Sentence(e, r.UserName, r.SubjectName)
		out = append(out, r)
	}
	return out, nil
}

// VerifyTrail walks every device's chain of the trail; no problems is an
// intact trail.
func (w *Workspace) VerifyTrail() ([]audit.Problem, error) {
	t, err := w.Trail()
	if err != nil {
		return nil, err
	}
	p, err := t.Verify()
	if p == nil {
		p = []audit.Problem{}
	}
	return p, err
}

// WriteAuditXLSX writes rows as a workbook in lang (zh-CN or en): one row
// per entry, with the sentence and the chain's hashes (an auditor can
// check a printout against the trail).
func WriteAuditXLSX(out io.Writer, rows []AuditRow, lang string) error {
	en := strings.HasPrefix(lang, "en")
	pick := func(w audit.Words) string { return w.In(lang) }
	head := [][2]string{{"When", "时间"}, {"Who", "操作人"}, {"Action", "操作"}, {"About", "对象"},
		{"What happened", "说明"}, {"Computer", "设备"}, {"Entry", "序号"}, {"Hash", "哈希"}}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Audit trail"
	if !en {
		sheet = "审计记录"
	}
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return errs.Wrap(errs.Internal, err, "audit workbook")
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "audit workbook")
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	stamp := "yyyy-mm-dd hh:mm:ss"
	when, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &stamp})
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: bold, Value: pick(audit.Words{En: h[0], Zh: h[1]})}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return errs.Wrap(errs.Internal, err, "audit workbook")
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		vals := []any{excelize.Cell{StyleID: when, Value: r.At.Local()}, r.UserName, string(r.Action), r.SubjectName,
			pick(r.Sentence), pick(r.DeviceName), int(r.Seq), r.Hash}
		if err := sw.SetRow(cell, vals); err != nil {
			return errs.Wrap(errs.Internal, err, "audit workbook")
		}
	}
	if err := sw.Flush(); err != nil {
		return errs.Wrap(errs.Internal, err, "audit workbook")
	}
	_, err = f.WriteTo(out)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "write audit workbook")
	}
	return nil
}
