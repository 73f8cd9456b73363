package visit

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"credence/backend/errs"
	"credence/backend/store"
)

// Visit statuses.
const (
	StatusInProgress = "in_progress"
	StatusSigned     = "signed"
)

// Signature roles.
const (
	RoleVisitor  = "visitor"
	RoleCustomer = "customer"
)

// Answer is what the visitor entered for one item.
type Answer struct {
	ItemID string `json:"item_id"`
	// Value: "pass", "fail", "na", "yes", "no", a number as text, a date
	// YYYY-MM-DD, a choice value, or text. "na" (not applicable) is
	// accepted for every item and leaves it out of the score.
	Value  string    `json:"value"`
	Note   string    `json:"note,omitempty"`
	Photos []string  `json:"photos,omitempty"` // attachment ids on the visit's dossier
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// Signature is one sign-off, drawn on screen.
type Signature struct {
	Role         string    `json:"role"` // visitor, customer
	Name         string    `json:"name"`
	AttachmentID string    `json:"attachment_id"` // PNG of the drawn signature
	At           time.Time `json:"at"`
}

// Correction changes an answer after sign-off. The signed answer stays as
// it was; the latest correction of an item is the answer that counts.
type Correction struct {
	ItemID string    `json:"item_id"`
	Old    Answer    `json:"old"`
	New    Answer    `json:"new"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// PhotoInfo describes a photo taken during the visit.
type PhotoInfo struct {
	ItemID  string    `json:"item_id"`
	Name    string    `json:"name"`
	TakenAt time.Time `json:"taken_at"`
	By      string    `json:"by"`
}

// Visit is one field visit, done against one template version.
type Visit struct {
	ID              string            `json:"id"`
	DossierID       string            `json:"dossier_id"`
	TemplateID      string            `json:"template_id"`
	TemplateVersion int               `json:"template_version"`
	Date            string            `json:"date"` // YYYY-MM-DD
	Visitor         string            `json:"visitor"`
	Answers         map[string]Answer `json:"answers"`
	Signatures      []Signature       `json:"signatures"`
	Status          string            `json:"status"` // in_progress, signed
	StartedAt       time.Time         `json:"started_at"`
	SignedAt        time.Time         `json:"signed_at"`
	Corrections     []Correction      `json:"corrections,omitempty"`
	// Photos says when each photo (by attachment id) was taken, and for
	// which item.
	Photos map[string]PhotoInfo `json:"photos,omitempty"`
}

// Signed reports whether the visit is locked.
func (v Visit) Signed() bool { return v.Status == StatusSigned }

// Effective is the answers that count: the signed answers with the latest
// correction of each item applied.
func (v Visit) Effective() map[string]Answer {
	out := make(map[string]Answer, len(v.Answers))
	for k, a := range v.Answers {
		out[k] = a
	}
	for _, c := range v.Corrections {
		if strings.TrimSpace(c.New.Value) == "" && c.New.Note == "" && len(c.New.Photos) == 0 {
			delete(out, c.ItemID)
		} else {
			out[c.ItemID] = c.New
		}
	}
	return out
}

// lastActivity is when the visit was last touched.
func (v Visit) lastActivity() time.Time {
	t := v.StartedAt
	for _, a := range v.Answers {
		if a.At.After(t) {
			t = a.At
		}
	}
	for _, s := range v.Signatures {
		if s.At.After(t) {
			t = s.At
		}
	}
	return t
}

// Service keeps templates and visits in a workspace. It is safe for
// concurrent use.
type Service struct {
	st  *store.Store
	now func() time.Time
	mu  *sync.Mutex
}

// writeMu serialises read-modify-write of templates and visits. It is
// shared by every Service in the process, so two services over the same
// store (the app's and a test's) cannot lose each other's answers.
var writeMu sync.Mutex

// New returns the visit service of an open workspace.
func New(st *store.Store) *Service {
	return &Service{st: st, now: time.Now, mu: &writeMu}
}

// Visits are records of kind kindVisit under their id.
const kindVisit = "visit"

func errVisitNotFound(id string) error {
	return errs.New(errs.NotFound, "no field visit %s", id).WithKey("err.visitNotFound", "id", id)
}

func errSigned() error {
	return errs.New(errs.Conflict, "the visit has been signed off and is locked; record a correction instead").WithKey("err.visitSigned")
}

// Start begins a visit of the dossier's customer with the latest version
// of the template, which the visit keeps. An empty visitor is the
// workspace user; an empty date is today.
func (s *Service) Start(dossierID, templateID, visitor string, date string) (Visit, error) {
	if _, err := s.st.Dossier(dossierID); err != nil {
		return Visit{}, err
	}
	t, err := s.Template(templateID, 0)
	if err != nil {
		return Visit{}, err
	}
	date = strings.TrimSpace(date)
	if date == "" {
		date = s.now().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		return Visit{}, errs.New(errs.Invalid, "the visit date %q is not a date like 2026-03-14", date).WithKey("err.date", "field", "date")
	}
	visitor = strings.TrimSpace(visitor)
	if visitor == "" {
		visitor = s.st.User()
	}
	if err := s.ensureStored(t); err != nil {
		return Visit{}, err
	}
	v := Visit{
		ID: uuid.NewString(), DossierID: dossierID, TemplateID: t.ID, TemplateVersion: t.Version,
		Date: date, Visitor: visitor, Answers: map[string]Answer{}, Signatures: []Signature{},
		Status: StatusInProgress, StartedAt: s.now().UTC(),
	}
	if err := s.put(v); err != nil {
		return Visit{}, err
	}
	return v, nil
}

// Visit returns a visit; errs.NotFound when absent.
func (s *Service) Visit(id string) (Visit, error) {
	var v Visit
	if id == "" || strings.Contains(id, "/") {
		return v, errVisitNotFound(id)
	}
	if err := s.st.GetRecord(kindVisit, id, &v); err != nil {
		if errs.Is(err, errs.NotFound) {
			return v, errVisitNotFound(id)
		}
		return v, err
	}
	normalize(&v)
	return v, nil
}

// Visits returns the dossier's visits, newest first.
func (s *Service) Visits(dossierID string) ([]Visit, error) {
	out, err := s.scan(func(v *Visit) bool { return v.DossierID == dossierID })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].StartedAt.After(out[j].StartedAt)
	})
	return out, nil
}

// InProgress returns the visits not yet signed off, the most recently
// touched first, so the visitor can resume where they stopped.
func (s *Service) InProgress() ([]Visit, error) {
	out, err := s.scan(func(v *Visit) bool { return v.Status != StatusSigned })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lastActivity().After(out[j].lastActivity()) })
	return out, nil
}

func (s *Service) scan(keep func(*Visit) bool) ([]Visit, error) {
	out := []Visit{}
	err := s.st.ScanRecords(kindVisit, "", func(id string, b []byte) error {
		var v Visit
		if err := json.Unmarshal(b, &v); err != nil {
			return errs.Wrap(errs.Internal, err, "decode field visit %s", id)
		}
		normalize(&v)
		if keep(&v) {
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

func normalize(v *Visit) {
	if v.Answers == nil {
		v.Answers = map[string]Answer{}
	}
	if v.Signatures == nil {
		v.Signatures = []Signature{}
	}
}

// put writes the visit durably (the store syncs every commit).
func (s *Service) put(v Visit) error { return s.st.PutRecord(kindVisit, v.ID, v) }

// edit loads a visit with its template, applies fn and writes the result,
// all under the write lock.
func (s *Service) edit(id string, fn func(v *Visit, t Template) error) (Visit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.Visit(id)
	if err != nil {
		return Visit{}, err
	}
	t, err := s.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return Visit{}, err
	}
	if err := fn(&v, t); err != nil {
		return Visit{}, err
	}
	if err := s.put(v); err != nil {
		return Visit{}, err
	}
	return v, nil
}
