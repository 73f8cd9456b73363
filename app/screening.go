package app

import (
	"context"
	"os"
	"strings"
	"time"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/screening"
	"credence/backend/search"
	"credence/backend/workspace"
)

// ScreeningService imports sanctions lists, screens customers, shows their
// red flags and runs the quick check of the trade-show screen.
type ScreeningService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime

	rescreen job // the running re-screen
}

// NewScreeningService returns the service over sess.
func NewScreeningService(sess *Session, rt Runtime) *ScreeningService {
	s := &ScreeningService{sess: sess, rt: rt}
	// What a re-screen screened is kept; the next unlock resumes it.
	sess.beforeClose(s.rescreen.stop)
	return s
}

func (s *ScreeningService) startup(ctx context.Context)  { s.ctx = ctx }
func (s *ScreeningService) shutdown(ctx context.Context) { s.rescreen.stop() }

// service returns the open workspace's screening service (the lists
// index is per workspace).
func (s *ScreeningService) service() (*screening.Service, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Screening, nil
}

// Warm builds the screening index of the newly unlocked workspace, so the
// first check on the trade-show screen answers at once; then it resumes,
// as a re-screen in the background, a screening the last session left
// unfinished (the app closed while it screened imported customers or
// re-screened after a list update), so no customer stays unscreened.
func (s *ScreeningService) Warm() {
	svc, err := s.service()
	if err != nil {
		return
	}
	svc.Warm()
	if st, err := s.sess.Store(); err != nil || st.ReadOnly() {
		return
	}
	if behind, err := svc.Behind(); err == nil && behind {
		s.Rescreen()
	}
}

// Lists returns the current version of each imported list.
func (s *ScreeningService) Lists() ([]screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	l, err := svc.Lists()
	if l == nil {
		l = []screening.ListVersion{}
	}
	return l, uiErr(err)
}

// ImportFromDialog asks for a list file (or, with folder, the folder of
// OFAC's three files), imports it, then re-screens the whole book in the
// background. It returns nil when the dialog was cancelled.
func (s *ScreeningService) ImportFromDialog(folder bool) (*screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	var path string
	if folder {
		path, err = s.rt.OpenDir(s.ctx, "Sanctions list folder")
	} else {
		path, err = s.rt.OpenFile(s.ctx, s.sess.title("list"), "*.csv;*.xml;*.CSV;*.XML")
	}
	if err != nil || path == "" {
		return nil, uiErr(err)
	}
	return s.importPath(svc, path)
}

// ImportPath imports a list from a path typed or dropped by the user.
func (s *ScreeningService) ImportPath(path string) (*screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	return s.importPath(svc, path)
}

func (s *ScreeningService) importPath(svc *screening.Service, path string) (*screening.ListVersion, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, uiErr(errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path))
	}
	v, err := svc.Import(context.Background(), path, "", s.user())
	if err != nil {
		// A list that shrank is imported only when the person confirms:
		// the frontend needs the path to ask ImportPathAllowShrink.
		if e, ok := errs.As(err); ok && e.Key == "err.listShrink" {
			e.Params["path"] = path
		}
		return nil, uiErr(err)
	}
	s.Rescreen()
	return &v, nil
}

func (s *ScreeningService) user() string {
	if st, err := s.sess.Store(); err == nil {
		return st.User()
	}
	return ""
}

// Rescreen starts re-screening every customer in the background, with
// "screening:progress" events and a "screening:done" event at the end. A
// re-screen already running is left alone.
func (s *ScreeningService) Rescreen() error {
	svc, err := s.service()
	if err != nil {
		return uiErr(err)
	}
	s.rescreen.start(func(ctx context.Context) {
		last := time.Time{}
		n, err := svc.RescreenAll(ctx, func(done, total int) {
			if time.Since(last) > 150*time.Millisecond || done == total {
				last = time.Now()
				s.rt.Emit(s.ctx, "screening:progress", map[string]int{"done": done, "total": total})
			}
		})
		s.rt.Emit(s.ctx, "screening:done", map[string]any{"new_hits": n, "cancelled": ctx.Err() != nil, "error": errString(err)})
	})
	return nil
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return uiErr(err).Error()
}

// CancelRescreen stops a running re-screen; what was screened is kept.
func (s *ScreeningService) CancelRescreen() { s.rescreen.stop() }

// Threshold is the workspace's match threshold.
func (s *ScreeningService) Threshold() (float64, error) {
	svc, err := s.service()
	if err != nil {
		return 0, uiErr(err)
	}
	return svc.Threshold(), nil
}

// SetThreshold changes the match threshold (credit managers and admins:
// the credit rules check the role).
func (s *ScreeningService) SetThreshold(t float64) error {
	ws, err := s.sess.Workspace()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(ws.Credit.SetThreshold(t, s.user()))
}

// DossierFlags is what the red-flags tab shows.
type DossierFlags struct {
	Flags  []redflags.Flag         `json:"flags"`
	Result *screening.Result       `json:"result"`
	Lists  []screening.ListVersion `json:"lists"`
}

// Flags returns the dossier's red flags, screening it first when it never
// was or when the lists changed since (the workspace's one rule).
func (s *ScreeningService) Flags(id string) (DossierFlags, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return DossierFlags{}, uiErr(err)
	}
	f, err := ws.RedFlags(id)
	if err != nil {
		return DossierFlags{}, uiErr(err)
	}
	if len(f.NewHits) > 0 {
		s.rt.Emit(s.ctx, "screening:new-hits", id)
	}
	return DossierFlags{Flags: f.Flags, Result: f.Result, Lists: f.Lists}, nil
}

// ScreenNow screens the dossier again.
func (s *ScreeningService) ScreenNow(id string) (screening.Result, error) {
	svc, err := s.service()
	if err != nil {
		return screening.Result{}, uiErr(err)
	}
	st, _ := s.sess.Store()
	d, err := st.Dossier(id)
	if err != nil {
		return screening.Result{}, uiErr(err)
	}
	r, newHits, err := svc.ScreenDossier(d)
	if err != nil {
		return r, uiErr(err)
	}
	if len(newHits) > 0 {
		s.rt.Emit(s.ctx, "screening:new-hits", id)
	}
	return r, nil
}

// Decide records a person's decision on a hit, through the credit rules:
// only credit managers and admins decide, and a true match blocks the
// customer.
func (s *ScreeningService) Decide(id, hitKey, verdict, reason string) (screening.Result, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return screening.Result{}, uiErr(err)
	}
	r, err := ws.DecideHit(id, hitKey, verdict, reason, s.user())
	return r, uiErr(err)
}

// HitEntry returns what the list says about a hit's entry, for the person
// deciding it.
func (s *ScreeningService) HitEntry(hitKey string) (screening.EntryDetails, error) {
	svc, err := s.service()
	if err != nil {
		return screening.EntryDetails{}, uiErr(err)
	}
	e, err := svc.Entry(hitKey)
	return e, uiErr(err)
}

// QuickHit is one sanctions candidate on the quick-capture screen.
type QuickHit struct {
	List        string  `json:"list"`
	EntryID     string  `json:"entry_id"`
	Name        string  `json:"name"`
	MatchedName string  `json:"matched_name"`
	Score       float64 `json:"score"`
}

// QuickResult is what the quick-capture screen shows as the user types.
type QuickResult struct {
	Flags      []redflags.Flag    `json:"flags"`
	Hits       []QuickHit         `json:"hits"`
	Lists      int                `json:"lists"`
	Duplicates []search.Duplicate `json:"duplicates"` // customers already on file that look the same
}

// QuickCapture is what the trade-show screen captures: the buyer, and the
// person whose card it is.
type QuickCapture struct {
	redflags.QuickInput
	ContactName  string `json:"contact_name"`
	ContactTitle string `json:"contact_title"`
}

// Quick checks what was typed on the trade-show screen.
func (s *ScreeningService) Quick(in QuickCapture) (QuickResult, error) {
	svc, err := s.service()
	if err != nil {
		return QuickResult{}, uiErr(err)
	}
	st, err := s.sess.Store()
	if err != nil {
		return QuickResult{}, uiErr(err)
	}
	flags, hits := redflags.Quick(in.QuickInput, svc)
	out := QuickResult{Flags: flags, Hits: []QuickHit{}}
	if out.Flags == nil {
		out.Flags = []redflags.Flag{}
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, QuickHit{h.List, h.EntryID, h.Name, h.MatchedName, h.Score})
	}
	if l, err := svc.Lists(); err == nil {
		out.Lists = len(l)
	}
	out.Duplicates = []search.Duplicate{}
	if strings.TrimSpace(in.Name+in.Email+in.Phone+in.Website) != "" {
		out.Duplicates = st.Duplicates(quickDossier(in, ""), contactcheck.IsFreeMail)
	}
	return out, nil
}

// quickDossier is the dossier a capture becomes; lang is the language its
// source note is written in.
func quickDossier(in QuickCapture, lang string) *dossier.Dossier {
	d := &dossier.Dossier{Status: "lead", Country: dossier.Fact{Value: in.Country}, Website: dossier.Fact{Value: in.Website}}
	// A name in Latin letters only goes to the Latin field.
	if isLatin(in.Name) {
		d.LatinName.Value = in.Name
	} else {
		d.LegalName.Value = in.Name
	}
	note := "business card at a trade show"
	if strings.HasPrefix(lang, "zh") {
		note = "展会名片"
	}
	src := []dossier.Source{{Kind: "customer", Date: time.Now().Format("2006-01-02"), Note: note}}
	if in.Email != "" {
		d.Emails = []dossier.Fact{{Value: in.Email, Sources: src}}
	}
	if in.Phone != "" {
		d.Phones = []dossier.Fact{{Value: in.Phone, Sources: src}}
	}
	if c := strings.TrimSpace(in.ContactName); c != "" {
		d.Contacts = []dossier.Contact{{Name: c, Title: strings.TrimSpace(in.ContactTitle), Email: in.Email, Phone: in.Phone}}
	}
	return d
}

// QuickSave saves what was captured as a new dossier owned by the person
// capturing it, and screens it.
func (s *ScreeningService) QuickSave(in QuickCapture) (*dossier.Dossier, error) {
	ws, err := s.sess.Workspace()
	if err != nil {
		return nil, uiErr(err)
	}
	set, err := ws.Store().Settings()
	if err != nil {
		return nil, uiErr(err)
	}
	saved, err := ws.CreateDossier(quickDossier(in, set.Language), ws.User())
	if err != nil {
		return nil, uiErr(err)
	}
	s.screened(saved)
	return saved.Dossier, nil
}

// screened tells the frontend about the new hits a save found.
func (s *ScreeningService) screened(saved workspace.Saved) {
	if len(saved.NewHits) > 0 {
		s.rt.Emit(s.ctx, "screening:new-hits", saved.Dossier.ID)
	}
}

// Alerts lists alerts, newest first.
func (s *ScreeningService) Alerts(includeAcked bool) ([]screening.Alert, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	a, err := svc.Alerts(includeAcked)
	if a == nil {
		a = []screening.Alert{}
	}
	return a, uiErr(err)
}

// AckAlert marks an alert as seen.
func (s *ScreeningService) AckAlert(id string) error {
	svc, err := s.service()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(svc.AckAlert(id, s.user()))
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F { // beyond Latin Extended-B
			return false
		}
	}
	return true
}
