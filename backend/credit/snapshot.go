package credit

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/screening"
)

// Snapshot is one stored assessment: immutable once written.
type Snapshot struct {
	ID         string            `json:"id"` // dossier id/sortable time/uuid
	DossierID  string            `json:"dossier_id"`
	At         time.Time         `json:"at"`
	By         string            `json:"by"`
	Assessment assess.Assessment `json:"assessment"`
	PolicyDate string            `json:"policy_date"` // YYYY-MM-DD the policy was saved; "" for the built-in default
}

// latest summarises the newest snapshot of a dossier for ReviewsDue, so
// that the dashboard does not read every snapshot of every customer.
type latest struct {
	SnapshotID string    `json:"snapshot_id"`
	At         time.Time `json:"at"`
	Grade      string    `json:"grade"`
	NextReview string    `json:"next_review"`
}

// Assess judges the dossier under the firm's policy with its red flags
// (verification, screening) and whatever evidence the Evidence hook gives,
// and stores the result as a new snapshot dated now.
func (s *Service) Assess(dossierID, by string, now time.Time) (Snapshot, error) {
	if now.IsZero() {
		now = s.now()
	}
	d, err := s.st.Dossier(dossierID)
	if err != nil {
		return Snapshot{}, err
	}
	sp, err := s.storedPolicy()
	if err != nil {
		return Snapshot{}, err
	}
	in, err := s.inputs(d, now)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{
		ID:         d.ID + "/" + now.UTC().Format(idTime) + "/" + uuid.NewString(),
		DossierID:  d.ID,
		At:         now.UTC(),
		By:         strings.TrimSpace(by),
		Assessment: assess.Assess(in, sp.Policy),
	}
	if !sp.SavedAt.IsZero() {
		snap.PolicyDate = sp.SavedAt.Format(dateLayout)
	}
	if _, err := s.st.GetRaw(kindSnapshot, snap.ID); err == nil {
		return Snapshot{}, errs.New(errs.Conflict, "snapshot %s exists already", snap.ID) // never overwrite
	}
	if err := s.st.PutRecord(kindSnapshot, snap.ID, snap); err != nil {
		return Snapshot{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var cur latest
	if err := s.st.GetRecord(kindLatest, d.ID, &cur); err == nil && cur.SnapshotID > snap.ID {
		return snap, nil // a newer snapshot (by its date) is already the latest
	}
	l := latest{SnapshotID: snap.ID, At: snap.At, Grade: snap.Assessment.Grade, NextReview: snap.Assessment.NextReview}
	if err := s.st.PutRecord(kindLatest, d.ID, l); err != nil {
		return snap, err
	}
	return snap, nil
}

// inputs gathers what the engine judges.
func (s *Service) inputs(d *dossier.Dossier, now time.Time) (assess.Inputs, error) {
	in := assess.Inputs{
		Dossier:  d,
		Existing: d.Status == "active" || d.Status == "dormant",
		Now:      now,
	}
	var screen *screening.Result
	r, err := screening.New(s.st).Result(d.ID)
	switch {
	case err == nil:
		screen = &r
	case !errs.Is(err, errs.NotFound):
		return in, err
	}
	for _, f := range redflags.Check(d, screen) {
		in.RedFlags = append(in.RedFlags, toAssessFlag(f))
	}
	if s.Evidence != nil {
		in.Trade, in.Payment, in.FieldVisit = s.Evidence(d.ID)
	}
	return in, nil
}

// toAssessFlag gives a red flag the severity the assessment acts on: a
// confirmed sanctions match declines; an impossible identifier or a
// contradicted registration fact caps the grade; the rest are shown.
//
// The engine itself raises one capping flag for contradicted names,
// registration date, address and identifiers; a contradiction on one of
// those fields is passed on as a warning with its details (which source
// says what), so the grade is not capped twice for the same reason.
func toAssessFlag(f redflags.Flag) assess.RedFlag {
	out := assess.RedFlag{Code: f.Code, Severity: assess.SeverityWarn, EN: f.EN, ZH: f.ZH, Source: flagSource(f.Code)}
	switch f.Code {
	case redflags.CodeSanctionsConfirmed:
		out.Severity = assess.SeverityDecline
	case redflags.CodeIdentifierInvalid:
		out.Severity = assess.SeverityCap
	case redflags.CodeFactContradicted:
		if registrationField(f.Field) && !engineCapsField(f.Field) {
			out.Severity = assess.SeverityCap
		}
	}
	return out
}

func flagSource(code string) string {
	switch code {
	case redflags.CodeSanctionsConfirmed, redflags.CodeSanctionsHit, redflags.CodeSanctionsNotScreened:
		return "screening"
	case redflags.CodeIdentifierInvalid:
		return "idcheck"
	case redflags.CodeFactContradicted:
		return "verification"
	case redflags.CodeHighRiskCountry:
		return "country"
	}
	return "contactcheck"
}

// registrationField: the facts that say who the buyer legally is.
func registrationField(field string) bool {
	return engineCapsField(field) || field == "legal_representative"
}

// engineCapsField: the fields whose contradiction assess caps by itself.
func engineCapsField(field string) bool {
	switch field {
	case "legal_name", "latin_name", "registration_date", "registered_address":
		return true
	}
	return strings.HasPrefix(field, "identifiers[")
}

// Snapshots lists the dossier's assessments, newest first.
func (s *Service) Snapshots(dossierID string) ([]Snapshot, error) {
	out := []Snapshot{}
	if dossierID == "" || strings.Contains(dossierID, "/") {
		return out, nil
	}
	err := s.st.ScanRecords(kindSnapshot, dossierID+"/", func(id string, b []byte) error {
		var sn Snapshot
		if err := json.Unmarshal(b, &sn); err != nil {
			return errs.Wrap(errs.Internal, err, "decode assessment %s", id)
		}
		out = append(out, sn)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// Snapshot returns one assessment of the dossier; errs.NotFound when the
// dossier has no such snapshot.
func (s *Service) Snapshot(dossierID, id string) (Snapshot, error) {
	var sn Snapshot
	notFound := errs.New(errs.NotFound, "no assessment %s of customer %s", id, dossierID).WithKey("err.snapshotNotFound", "id", id)
	if dossierID == "" || !strings.HasPrefix(id, dossierID+"/") {
		return sn, notFound
	}
	if err := s.st.GetRecord(kindSnapshot, id, &sn); err != nil {
		if errs.Is(err, errs.NotFound) {
			return sn, notFound
		}
		return sn, err
	}
	return sn, nil
}

// Compare lists what changed from the older snapshot to the newer one and
// why the grade moved.
func (s *Service) Compare(dossierID, olderID, newerID string) ([]assess.Difference, error) {
	a, err := s.Snapshot(dossierID, olderID)
	if err != nil {
		return nil, err
	}
	b, err := s.Snapshot(dossierID, newerID)
	if err != nil {
		return nil, err
	}
	diffs := assess.Compare(a.Assessment, b.Assessment)
	if diffs == nil {
		diffs = []assess.Difference{}
	}
	return diffs, nil
}
