package app

import (
	"context"
	"credence/backend/safefile"
	"encoding/base64"
	"os"
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/visit"
)

// VisitService runs field visits: checklist templates, answers saved as
// they are given, photos, signatures and sign-off.
type VisitService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewVisitService returns the service over sess.
func NewVisitService(sess *Session, rt Runtime) *VisitService {
	return &VisitService{sess: sess, rt: rt}
}

func (v *VisitService) startup(ctx context.Context)  { v.ctx = ctx }
func (v *VisitService) shutdown(ctx context.Context) {}

func (v *VisitService) service() (*visit.Service, *store.Store, error) {
	ws, err := v.sess.Workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Visits, ws.Store(), nil
}

// Summary feeds the latest signed visit into the assessment.
func (v *VisitService) Summary(dossierID string) *assess.VisitSummary {
	svc, _, err := v.service()
	if err != nil {
		return nil
	}
	s, err := svc.Summary(dossierID)
	if err != nil {
		return nil
	}
	return s
}

// Templates lists the checklist templates.
func (v *VisitService) Templates() ([]visit.Template, error) {
	svc, _, err := v.service()
	if err != nil {
		return nil, uiErr(err)
	}
	t, err := svc.Templates()
	return t, uiErr(err)
}

// CopyTemplate makes an editable copy of a template.
func (v *VisitService) CopyTemplate(id, name string) (visit.Template, error) {
	svc, st, err := v.service()
	if err != nil {
		return visit.Template{}, uiErr(err)
	}
	t, err := svc.CopyTemplate(id, name, st.User())
	return t, uiErr(err)
}

// ExportTemplate writes a template as JSON where the user chooses.
func (v *VisitService) ExportTemplate(id string) (string, error) {
	svc, _, err := v.service()
	if err != nil {
		return "", uiErr(err)
	}
	t, err := svc.Template(id, 0)
	if err != nil {
		return "", uiErr(err)
	}
	b, err := visit.ExportTemplate(t)
	if err != nil {
		return "", uiErr(err)
	}
	path, err := v.rt.SaveFile(v.ctx, v.sess.title("template"), t.ID+".json")
	if err != nil || path == "" {
		return "", uiErr(err)
	}
	if err := safefile.WriteBytes(path, b); err != nil {
		return "", uiErr(errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path))
	}
	return path, nil
}

// ImportTemplate reads a template JSON file chosen by the user and saves
// it as a new version; nil when the dialog was cancelled.
func (v *VisitService) ImportTemplate() (*visit.Template, error) {
	svc, st, err := v.service()
	if err != nil {
		return nil, uiErr(err)
	}
	path, err := v.rt.OpenFile(v.ctx, v.sess.title("template"), "*.json")
	if err != nil || path == "" {
		return nil, uiErr(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, uiErr(errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path))
	}
	t, err := visit.ImportTemplate(b)
	if err != nil {
		return nil, uiErr(err)
	}
	if visit.IsBuiltIn(t.ID) {
		t.ID = "" // an exported built-in comes back as the firm's own template
	}
	t, err = svc.SaveTemplate(t, st.User())
	if err != nil {
		return nil, uiErr(err)
	}
	return &t, nil
}

// VisitView is a visit with its template version, its score and the
// customer's name: what the checklist screen shows.
type VisitView struct {
	Visit       visit.Visit    `json:"visit"`
	Template    visit.Template `json:"template"`
	Score       visit.Score    `json:"score"`
	Missing     []visit.Gap    `json:"missing"` // what still blocks sign-off
	DossierName string         `json:"dossier_name"`
}

func (v *VisitService) view(svc *visit.Service, st *store.Store, x visit.Visit) (VisitView, error) {
	t, err := svc.Template(x.TemplateID, x.TemplateVersion)
	if err != nil {
		return VisitView{}, err
	}
	out := VisitView{Visit: x, Template: t, Score: visit.Scoring(t, x), Missing: visit.Missing(t, x)}
	if out.Missing == nil {
		out.Missing = []visit.Gap{}
	}
	if d, err := st.Dossier(x.DossierID); err == nil {
		out.DossierName = d.DisplayName()
	}
	return out, nil
}

// Start begins a visit of the dossier's customer with a template.
func (v *VisitService) Start(dossierID, templateID, date string) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	x, err := svc.Start(dossierID, templateID, st.User(), date)
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// Visit loads a visit for the checklist screen.
func (v *VisitService) Visit(id string) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	x, err := svc.Visit(id)
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// Visits lists the dossier's visits, newest first.
func (v *VisitService) Visits(dossierID string) ([]visit.Visit, error) {
	svc, _, err := v.service()
	if err != nil {
		return nil, uiErr(err)
	}
	x, err := svc.Visits(dossierID)
	if x == nil {
		x = []visit.Visit{}
	}
	return x, uiErr(err)
}

// VisitInProgress is a visit to resume, with the customer it is for.
type VisitInProgress struct {
	visit.Visit
	Name string `json:"name"` // the customer's display name
}

// InProgress lists visits not yet signed, to resume them.
func (v *VisitService) InProgress() ([]VisitInProgress, error) {
	svc, st, err := v.service()
	if err != nil {
		return nil, uiErr(err)
	}
	x, err := svc.InProgress()
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]VisitInProgress, 0, len(x))
	for _, vi := range x {
		r := VisitInProgress{Visit: vi}
		if d, err := st.Dossier(vi.DossierID); err == nil {
			r.Name = d.DisplayName()
		}
		out = append(out, r)
	}
	return out, nil
}

// Answer saves one answer at once.
func (v *VisitService) Answer(visitID string, a visit.Answer) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	a.By, a.At = st.User(), time.Now().UTC()
	x, err := svc.Answer(visitID, a)
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// AddPhoto attaches a photo (base64) to an item's answer.
func (v *VisitService) AddPhoto(visitID, itemID, name, b64 string) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return VisitView{}, uiErr(errs.Wrap(errs.Invalid, err, "the photo could not be read").WithKey("err.fileUnreadable"))
	}
	x, err := svc.AddPhoto(visitID, itemID, name, data, time.Now().UTC(), st.User())
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// Sign records a signature drawn on screen (base64 PNG).
func (v *VisitService) Sign(visitID, role, name, pngB64 string) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	png, err := base64.StdEncoding.DecodeString(pngB64)
	if err != nil {
		return VisitView{}, uiErr(errs.Wrap(errs.Invalid, err, "the signature could not be read").WithKey("err.fileUnreadable"))
	}
	x, err := svc.Sign(visitID, role, name, png, st.User())
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// Correct changes an answer of a signed visit, with a reason.
func (v *VisitService) Correct(visitID string, a visit.Answer, reason string) (VisitView, error) {
	svc, st, err := v.service()
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	a.By, a.At = st.User(), time.Now().UTC()
	x, err := svc.Correct(visitID, a, reason, st.User())
	if err != nil {
		return VisitView{}, uiErr(err)
	}
	out, err := v.view(svc, st, x)
	return out, uiErr(err)
}

// SaveTemplate stores an edited template of the firm as a new version.
// Built-in templates are copied first (CopyTemplate).
func (v *VisitService) SaveTemplate(t visit.Template) (visit.Template, error) {
	svc, st, err := v.service()
	if err != nil {
		return t, uiErr(err)
	}
	t, err = svc.SaveTemplate(t, st.User())
	return t, uiErr(err)
}
