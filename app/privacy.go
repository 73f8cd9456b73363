package app

import (
	"context"
	"time"

	"credence/backend/store"
	"credence/backend/workspace"
)

// PrivacyService erases a contact person or a whole customer (credit
// managers and admins), lists the tombstones, keeps the retention policy
// and runs it only on a confirmed preview, and answers a subject-access
// request into a folder the person picks. docs/erasure.md says what an
// erasure does and does not do.
type PrivacyService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewPrivacyService returns the service over sess.
func NewPrivacyService(sess *Session, rt Runtime) *PrivacyService {
	return &PrivacyService{sess: sess, rt: rt}
}

func (p *PrivacyService) startup(ctx context.Context)  { p.ctx = ctx }
func (p *PrivacyService) shutdown(ctx context.Context) {}

// Erasure is a tombstone: what was erased, when, by whom, why.
type Erasure = store.Erasure

// RetentionItem is a customer a retention run would erase.
type RetentionItem = workspace.RetentionItem

// RetentionPolicy is the firm's policy; Years 0 is off.
type RetentionPolicy = workspace.RetentionPolicy

// SubjectExport is where a subject-access export was written.
type SubjectExport struct {
	Dir    string   `json:"dir"`
	Files  []string `json:"files"`
	Places int      `json:"places"`
	Found  int      `json:"found"` // customer files the person is in
}

// EraseContact erases one contact person of a dossier.
func (p *PrivacyService) EraseContact(dossierID, contactID, reason string) (Erasure, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return Erasure{}, uiErr(err)
	}
	e, err := ws.EraseContact(dossierID, contactID, reason)
	if err != nil {
		return e, uiErr(err)
	}
	p.changed(dossierID)
	return e, nil
}

// EraseDossier erases a whole customer.
func (p *PrivacyService) EraseDossier(dossierID, reason string) (Erasure, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return Erasure{}, uiErr(err)
	}
	e, err := ws.EraseDossier(dossierID, reason)
	if err != nil {
		return e, uiErr(err)
	}
	p.changed(dossierID)
	return e, nil
}

// Erasures lists the tombstones, of one dossier when dossierID is not "".
func (p *PrivacyService) Erasures(dossierID string) ([]Erasure, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	es, err := ws.Erasures(dossierID)
	if es == nil {
		es = []Erasure{}
	}
	return es, uiErr(err)
}

// Retention is the policy.
func (p *PrivacyService) Retention() (RetentionPolicy, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return RetentionPolicy{}, uiErr(err)
	}
	r, err := ws.RetentionPolicy()
	return r, uiErr(err)
}

// SetRetention sets the policy (0 turns it off).
func (p *PrivacyService) SetRetention(years int) error {
	ws, err := p.sess.Workspace()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(ws.SetRetentionPolicy(RetentionPolicy{Years: years}))
}

// RetentionPreview is what the policy would erase now (empty when off):
// the app shows it on unlock and asks before anything is erased.
func (p *PrivacyService) RetentionPreview() ([]RetentionItem, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	items, err := ws.RetentionPreview(0)
	if items == nil {
		items = []RetentionItem{}
	}
	return items, uiErr(err)
}

// RunRetention erases the confirmed customers the preview still lists.
func (p *PrivacyService) RunRetention(ids []string) ([]Erasure, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	es, err := ws.RunRetention(0, ids)
	if len(es) > 0 {
		p.changed(ids...)
	}
	if es == nil {
		es = []Erasure{}
	}
	return es, uiErr(err)
}

// SubjectExport asks where to save and writes everything held about name
// into a new folder of the chosen name (subject-access.json and .pdf, in
// the interface's language); Dir is "" when the dialog was cancelled. A
// save dialog, not a folder picker: the person names the export, and
// scripted runs answer it (CREDENCE_SAVE_DIR).
func (p *PrivacyService) SubjectExport(name string) (SubjectExport, error) {
	ws, err := p.sess.Workspace()
	if err != nil {
		return SubjectExport{}, uiErr(err)
	}
	dir, err := p.rt.SaveFile(p.ctx, p.sess.title("subject"), "subject-access-"+time.Now().Format("2006-01-02"))
	if err != nil || dir == "" {
		return SubjectExport{}, uiErr(err)
	}
	lang := p.sess.prefs().Language
	if lang != "en" {
		lang = "zh-CN"
	}
	f, files, err := ws.SubjectExport(name, dir, lang)
	if err != nil {
		return SubjectExport{}, uiErr(err)
	}
	return SubjectExport{Dir: dir, Files: files, Places: len(f.Places), Found: len(f.DossierIDs())}, nil
}

func (p *PrivacyService) changed(ids ...string) {
	if p.ctx != nil {
		p.rt.Emit(p.ctx, EventChanged, Changed{Kinds: []string{"dossier"}, IDs: ids})
	}
}
