package workspace

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"credence/backend/audit"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/privacy"
	"credence/backend/safefile"
	"credence/backend/search"
)

// privacySource is the workspace as the subject-access search reads it.
type privacySource struct{ w *Workspace }

func (s privacySource) EachDossier(fn func(*dossier.Dossier) error) error {
	st := s.w.st
	for _, archived := range []bool{false, true} {
		res := st.Search(search.Query{Archived: archived, Limit: st.Count() + 1})
		for _, r := range res.Rows {
			d, err := st.Dossier(r.ID)
			if err != nil {
				return err
			}
			if err := fn(d); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s privacySource) History(id string) ([]privacy.Change, error) {
	h, err := s.w.st.History(id)
	out := make([]privacy.Change, 0, len(h))
	for _, c := range h {
		out = append(out, privacy.Change{Field: c.Field, Old: c.Old, New: c.New, User: c.User, At: c.At})
	}
	return out, err
}

func (s privacySource) Visits(id string) ([]privacy.Visit, error) {
	vs, err := s.w.Visits.Visits(id)
	if err != nil {
		return nil, err
	}
	out := make([]privacy.Visit, 0, len(vs))
	for _, v := range vs {
		pv := privacy.Visit{ID: v.ID, Date: v.Date, Visitor: v.Visitor}
		for _, sg := range v.Signatures {
			pv.Signers = append(pv.Signers, privacy.Signer{Role: sg.Role, Name: sg.Name, AttachmentID: sg.AttachmentID, At: sg.At})
		}
		items := make([]string, 0, len(v.Answers))
		for k := range v.Answers {
			items = append(items, k)
		}
		sort.Strings(items)
		for _, k := range items {
			a := v.Answers[k]
			pv.Texts = append(pv.Texts, privacy.Text{Item: k, Text: a.Value}, privacy.Text{Item: k, Text: a.Note})
		}
		for _, c := range v.Corrections {
			pv.Texts = append(pv.Texts, privacy.Text{Item: c.ItemID, Text: c.New.Value}, privacy.Text{Item: c.ItemID, Text: c.New.Note},
				privacy.Text{Item: c.ItemID, Text: c.Reason})
		}
		out = append(out, pv)
	}
	return out, nil
}

// SubjectAccess finds every place the workspace holds name (see
// package privacy). It records nothing: SubjectExport does.
func (w *Workspace) SubjectAccess(name string) (privacy.Found, error) {
	if strings.TrimSpace(name) == "" {
		return privacy.Found{}, errs.New(errs.Invalid, "a subject-access search needs the person's name").WithKey("err.subjectName")
	}
	return privacy.Search(privacySource{w}, name, w.now())
}

// SubjectExport writes everything held about name into dir as
// subject-access.json and subject-access.pdf (in lang), and records the
// export (the dossiers it covers and how many places; not the name).
// It returns what was found and the files written.
func (w *Workspace) SubjectExport(name, dir, lang string) (privacy.Found, []string, error) {
	f, err := w.SubjectAccess(name)
	if err != nil {
		return f, nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f, nil, errs.Wrap(errs.Invalid, err, "cannot write %s", dir).WithKey("err.cannotWrite", "path", dir)
	}
	set, _ := w.st.Settings()
	files := []string{filepath.Join(dir, "subject-access.json"), filepath.Join(dir, "subject-access.pdf")}
	if err := safefile.Write(files[0], func(out io.Writer) error { return privacy.WriteJSON(out, f) }); err != nil {
		return f, nil, errs.Wrap(errs.Invalid, err, "cannot write %s", files[0]).WithKey("err.cannotWrite", "path", files[0])
	}
	opt := privacy.PDFOptions{Lang: lang, Firm: set.FirmName, PrintedBy: w.Printer(), Now: w.now()}
	if err := safefile.Write(files[1], func(out io.Writer) error { return privacy.WritePDF(out, f, opt) }); err != nil {
		return f, nil, err
	}
	ids := f.DossierIDs()
	detail := fmt.Sprintf("%d places in %d dossiers", len(f.Places), len(ids))
	if len(ids) > 0 {
		detail += ": " + strings.Join(ids, " ")
	}
	return f, files, w.Record(audit.SubjectExport, "person", detail)
}
