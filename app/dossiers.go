package app

import (
	"context"
	"credence/backend/safefile"
	"encoding/base64"
	"os"

	"credence/backend/appdir"
	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/standing"
	"credence/backend/store"
	"credence/backend/workspace"
)

// DossierService lists, edits and archives customer dossiers and their
// evidence files.
type DossierService struct {
	ctx       context.Context
	sess      *Session
	rt        Runtime
	screening *ScreeningService // screens dossiers whose names changed
}

// NewDossierService returns the service over sess.
func NewDossierService(sess *Session, rt Runtime, sc *ScreeningService) *DossierService {
	return &DossierService{sess: sess, rt: rt, screening: sc}
}

func (d *DossierService) startup(ctx context.Context)  { d.ctx = ctx }
func (d *DossierService) shutdown(ctx context.Context) {}

func (d *DossierService) workspace() (*workspace.Workspace, string, error) {
	ws, err := d.sess.Workspace()
	if err != nil {
		return nil, "", err
	}
	set, err := ws.Store().Settings()
	return ws, set.UserName, err
}

func (d *DossierService) store() (*store.Store, string, error) {
	s, err := d.sess.Store()
	if err != nil {
		return nil, "", err
	}
	set, err := s.Settings()
	return s, set.UserName, err
}

// ListRow is a row of the customer list: the dossier's summary and where
// the customer stands (screening, grade, limit, next review, alerts).
type ListRow struct {
	search.Row
	Standing standing.Standing `json:"standing"`
}

// ListResult is one page of the customer list.
type ListResult struct {
	Total int       `json:"total"`
	Rows  []ListRow `json:"rows"`
}

// List searches the dossiers and says where each customer on the page stands.
func (d *DossierService) List(q search.Query) (ListResult, error) {
	s, err := d.sess.Store()
	if err != nil {
		return ListResult{}, uiErr(err)
	}
	res := s.Search(q)
	out := ListResult{Total: res.Total, Rows: make([]ListRow, 0, len(res.Rows))}
	ids := make([]string, len(res.Rows))
	for i, r := range res.Rows {
		ids[i] = r.ID
	}
	ws, err := d.sess.Workspace()
	if err != nil {
		return ListResult{}, uiErr(err)
	}
	reader := standing.New(ws.Credit, ws.Screening)
	reader.Receivables = ws.Desk.Figures
	st, err := reader.Of(ids)
	if err != nil {
		return ListResult{}, uiErr(err)
	}
	for _, r := range res.Rows {
		out.Rows = append(out.Rows, ListRow{Row: r, Standing: st[r.ID]})
	}
	return out, nil
}

// Facets are the values the list filters offer.
type Facets struct {
	Countries []string `json:"countries"`
	Owners    []string `json:"owners"`
	Tags      []string `json:"tags"`
}

// Facets collects the countries, owners and tags in use.
func (d *DossierService) Facets() (Facets, error) {
	s, err := d.sess.Store()
	if err != nil {
		return Facets{}, uiErr(err)
	}
	c, o, t := s.Facets() // counted as dossiers change: no search per visit
	return Facets{Countries: c, Owners: o, Tags: t}, nil
}

// Enums are the choices of the dossier form, defined once in the backend.
type Enums struct {
	SourceKinds   []string `json:"source_kinds"`
	Segments      []string `json:"segments"`
	BusinessTypes []string `json:"business_types"`
	Statuses      []string `json:"statuses"`
	ContactRoles  []string `json:"contact_roles"`
	IDTypes       []string `json:"id_types"`
	AttachKinds   []string `json:"attach_kinds"`
}

// Enums returns the form choices.
func (d *DossierService) Enums() Enums {
	return Enums{dossier.SourceKinds, dossier.Segments, dossier.BusinessTypes, dossier.Statuses,
		dossier.ContactRoles, dossier.IDTypes, dossier.AttachKinds}
}

// Get loads one dossier to be looked at: the view is audited.
func (d *DossierService) Get(id string) (*dossier.Dossier, error) {
	ws, err := d.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	x, err := ws.ViewDossier(id)
	return x, uiErr(err)
}

// Create stores a new dossier and screens it.
func (d *DossierService) Create(x dossier.Dossier) (*dossier.Dossier, error) {
	ws, user, err := d.workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	saved, err := ws.CreateDossier(&x, user)
	if err != nil {
		return nil, uiErr(err)
	}
	d.screening.screened(saved)
	d.rt.Emit(d.ctx, "dossier:saved", saved.Dossier.ID)
	return saved.Dossier, nil
}

// Save stores an edited dossier, screening it again when its names or
// country changed.
func (d *DossierService) Save(x dossier.Dossier) (*dossier.Dossier, error) {
	ws, user, err := d.workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	saved, err := ws.SaveDossier(&x, user)
	if err != nil {
		return nil, uiErr(err)
	}
	d.screening.screened(saved)
	d.rt.Emit(d.ctx, "dossier:saved", saved.Dossier.ID)
	return saved.Dossier, nil
}

// Duplicates lists the existing customers that look like x (while it is
// being typed, before it is saved): same identifier, company domain, phone
// or name.
func (d *DossierService) Duplicates(x dossier.Dossier) ([]search.Duplicate, error) {
	s, err := d.sess.Store()
	if err != nil {
		return nil, uiErr(err)
	}
	out := s.Duplicates(&x, func(dom string) bool { return contactcheck.IsFreeMail(dom) })
	if out == nil {
		out = []search.Duplicate{}
	}
	return out, nil
}

// Merge folds the duplicate sourceID into targetID: facts, contacts,
// credit reports and evidence files move to the target, with the
// duplicate's trade records, receivables and field visits; the
// duplicate's names become aliases, and the duplicate is archived with a
// note saying where it went. Both histories stay.
func (d *DossierService) Merge(targetID, sourceID string) (*dossier.Dossier, error) {
	ws, user, err := d.workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	m, err := ws.Merge(targetID, sourceID, user)
	if err != nil {
		return nil, uiErr(err)
	}
	d.screening.screened(workspace.Saved{Dossier: m.Dossier, NewHits: m.NewHits})
	d.rt.Emit(d.ctx, "dossier:saved", m.Dossier.ID)
	d.rt.Emit(d.ctx, "dossier:saved", m.Gone.ID)
	return m.Dossier, nil
}

// SetArchived archives or restores a dossier.
func (d *DossierService) SetArchived(id string, archived bool) (*dossier.Dossier, error) {
	ws, user, err := d.workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	got, err := ws.SetArchived(id, archived, user)
	if err != nil {
		return nil, uiErr(err)
	}
	d.rt.Emit(d.ctx, "dossier:saved", got.ID)
	return got, nil
}

// History lists the dossier's changes, newest first.
func (d *DossierService) History(id string) ([]store.ChangeRecord, error) {
	s, err := d.sess.Store()
	if err != nil {
		return nil, uiErr(err)
	}
	h, err := s.History(id)
	if h == nil {
		h = []store.ChangeRecord{}
	}
	return h, uiErr(err)
}

// AttachFromDialog asks for a file and attaches it; nil when cancelled.
func (d *DossierService) AttachFromDialog(id, kind string) (*dossier.Attachment, error) {
	path, err := d.rt.OpenFile(d.ctx, d.sess.title("evidence"), "*.jpg;*.jpeg;*.png;*.gif;*.webp;*.pdf")
	if err != nil || path == "" {
		return nil, uiErr(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, uiErr(errs.Wrap(errs.Invalid, err, "cannot read %s", path).WithKey("err.cannotOpen", "path", path))
	}
	return d.attach(id, appdir.FileName(path), kind, data) // tested with Windows paths on Linux
}

// AttachData attaches a file dropped on the window (base64 content).
func (d *DossierService) AttachData(id, name, kind, b64 string) (*dossier.Attachment, error) {
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, uiErr(errs.Wrap(errs.Invalid, err, "the dropped file could not be read").WithKey("err.fileUnreadable"))
	}
	return d.attach(id, name, kind, data)
}

func (d *DossierService) attach(id, name, kind string, data []byte) (*dossier.Attachment, error) {
	s, user, err := d.store()
	if err != nil {
		return nil, uiErr(err)
	}
	a, err := s.AddAttachment(id, name, kind, data, user)
	if err != nil {
		return nil, uiErr(err)
	}
	d.rt.Emit(d.ctx, "dossier:saved", id)
	return a, nil
}

// Preview is an attachment's bytes for display in the window; they are
// decrypted in memory and never written to disk.
type Preview struct {
	Name    string `json:"name"`
	Mime    string `json:"mime"`
	DataURL string `json:"data_url"`
}

// AttachmentPreview returns an attachment as a data URL.
func (d *DossierService) AttachmentPreview(id, attachmentID string) (Preview, error) {
	s, err := d.sess.Store()
	if err != nil {
		return Preview{}, uiErr(err)
	}
	a, data, err := s.Attachment(id, attachmentID)
	if err != nil {
		return Preview{}, uiErr(err)
	}
	return Preview{Name: a.Name, Mime: a.Mime, DataURL: "data:" + a.Mime + ";base64," + base64.StdEncoding.EncodeToString(data)}, nil
}

// SaveAttachmentAs writes a decrypted copy where the user chooses: the only
// way plaintext leaves the workspace, and only on purpose.
func (d *DossierService) SaveAttachmentAs(id, attachmentID string) (string, error) {
	s, err := d.sess.Store()
	if err != nil {
		return "", uiErr(err)
	}
	a, data, err := s.Attachment(id, attachmentID)
	if err != nil {
		return "", uiErr(err)
	}
	path, err := d.rt.SaveFile(d.ctx, d.sess.title("saveCopy"), a.Name)
	if err != nil || path == "" {
		return "", uiErr(err)
	}
	if err := safefile.WriteBytes(path, data); err != nil {
		return "", uiErr(errs.Wrap(errs.Invalid, err, "cannot write %s", path).WithKey("err.cannotWrite", "path", path))
	}
	return path, nil
}

// RemoveAttachment detaches a file.
func (d *DossierService) RemoveAttachment(id, attachmentID string) error {
	ws, user, err := d.workspace()
	if err != nil {
		return uiErr(err)
	}
	if err := ws.RemoveAttachment(id, attachmentID, user); err != nil {
		return uiErr(err)
	}
	d.rt.Emit(d.ctx, "dossier:saved", id)
	return nil
}
