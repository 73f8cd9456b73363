package credit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/screening"
	"credence/backend/visit"
)

// Snapshot is one stored assessment: immutable once written.
type Snapshot struct {
	ID         string            `json:"id"` // dossier id/sortable time/uuid
	DossierID  string            `json:"dossier_id"`
	At         time.Time         `json:"at"`
	By         string            `json:"by"`
	ByID       string            `json:"by_id,omitempty"`
	Assessment assess.Assessment `json:"assessment"`
	PolicyDate string            `json:"policy_date"` // YYYY-MM-DD the policy was saved; "" for the built-in default
	// InputsHash fingerprints what the assessment was made from (dossier,
	// screening decisions, visit, policy): when today's inputs hash
	// differently, the snapshot is older than the data (see Fresh).
	InputsHash string `json:"inputs_hash,omitempty"`
	// DossierUpdatedAt is when the dossier had last changed at assessment.
	DossierUpdatedAt time.Time `json:"dossier_updated_at,omitzero"`
}

// latest summarises the newest snapshot of a dossier for ReviewsDue, so
// that the dashboard does not read every snapshot of every customer.
type latest struct {
	SnapshotID string    `json:"snapshot_id"`
	At         time.Time `json:"at"`
	Grade      string    `json:"grade"`
	Status     string    `json:"status,omitempty"` // assess.Status*: on hold shows on the board
	NextReview string    `json:"next_review"`
}

// Assess judges the dossier under the firm's policy with its red flags
// (verification, screening) and whatever evidence the Evidence hook gives,
// and stores the result as a new snapshot dated now.
func (s *Service) Assess(dossierID, by string, now time.Time) (Snapshot, error) {
	if now.IsZero() {
		now = s.now()
	}
	actor, err := s.actor(by)
	if err != nil {
		return Snapshot{}, err
	}
	d, err := s.st.Dossier(dossierID)
	if err != nil {
		return Snapshot{}, err
	}
	snap, err := s.evaluate(d, now)
	if err != nil {
		return Snapshot{}, err
	}
	snap.ID = d.ID + "/" + now.UTC().Format(idTime) + "/" + uuid.NewString()
	snap.By, snap.ByID = actor.Name, actor.ID
	if _, err := s.st.GetRaw(kindSnapshot, snap.ID); err == nil {
		return Snapshot{}, errs.New(errs.Conflict, "snapshot %s exists already", snap.ID) // never overwrite
	}
	if err := s.st.PutRecord(kindSnapshot, snap.ID, snap); err != nil {
		return Snapshot{}, err
	}
	return snap, s.noteLatest(d.ID, snap)
}

// noteLatest makes snap the dossier's latest assessment unless a newer one
// (by its date) already is.
func (s *Service) noteLatest(dossierID string, snap Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cur latest
	if err := s.st.GetRecord(kindLatest, dossierID, &cur); err == nil && cur.SnapshotID > snap.ID {
		return nil
	}
	l := latest{SnapshotID: snap.ID, At: snap.At, Grade: snap.Assessment.Grade, Status: snap.Assessment.Status, NextReview: snap.Assessment.NextReview}
	return s.st.PutRecord(kindLatest, dossierID, l)
}

// AdoptSnapshot re-derives the latest-assessment summary (a device's own,
// never synced) after a snapshot made on another device arrived.
func (s *Service) AdoptSnapshot(snapshotID string) error {
	var snap Snapshot
	if err := s.st.GetRecord(kindSnapshot, snapshotID, &snap); err != nil {
		return err
	}
	return s.noteLatest(snap.DossierID, snap)
}

// Evaluate assesses the dossier as Assess does, without storing anything:
// the one code path the app, the CLI and the report share.
func (s *Service) Evaluate(dossierID string, now time.Time) (Snapshot, error) {
	if now.IsZero() {
		now = s.now()
	}
	d, err := s.st.Dossier(dossierID)
	if err != nil {
		return Snapshot{}, err
	}
	return s.evaluate(d, now)
}

// evaluate judges d under the stored policy with every evidence source.
func (s *Service) evaluate(d *dossier.Dossier, now time.Time) (Snapshot, error) {
	sp, err := s.storedPolicy()
	if err != nil {
		return Snapshot{}, err
	}
	in, err := s.inputs(d, now)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{
		DossierID:        d.ID,
		At:               now.UTC(),
		Assessment:       assess.Assess(in, sp.Policy),
		InputsHash:       inputsHash(in, sp.Policy),
		DossierUpdatedAt: d.UpdatedAt,
	}
	if !sp.SavedAt.IsZero() {
		snap.PolicyDate = sp.SavedAt.Format(dateLayout)
	}
	return snap, nil
}

// inputsHash fingerprints the inputs but for the date.
func inputsHash(in assess.Inputs, p assess.Policy) string {
	in.Now = time.Time{}
	b, err := json.Marshal(struct {
		In     assess.Inputs `json:"in"`
		Policy assess.Policy `json:"policy"`
	}{in, p})
	if err != nil {
		return ""
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// inputs gathers what the engine judges: the dossier, its red flags
// (verification, screening against the current threshold), and the
// evidence — the Evidence hook when set, else the latest signed visit.
func (s *Service) inputs(d *dossier.Dossier, now time.Time) (assess.Inputs, error) {
	in := assess.Inputs{
		Dossier:  d,
		Existing: d.Status == "active" || d.Status == "dormant",
		Now:      now,
	}
	scr := s.screen
	var screen *screening.Result
	r, err := scr.Result(d.ID)
	switch {
	case err == nil:
		screen = &r
		screen.Hits = relevantHits(r.Hits, scr.Threshold())
	case !errs.Is(err, errs.NotFound):
		return in, err
	}
	for _, f := range redflags.Check(d, screen) {
		in.RedFlags = append(in.RedFlags, toAssessFlag(f))
	}
	checks, err := s.LegalChecks(d.ID)
	if err != nil {
		return in, err
	}
	in.LegalChecks = legalInputs(checks)
	if s.Evidence != nil {
		in.Trade, in.Payment, in.FieldVisit = s.Evidence(d.ID)
	} else if in.FieldVisit, err = visit.New(s.st).Summary(d.ID); err != nil {
		return in, err
	}
	return in, nil
}

// relevantHits are the hits the decision rests on: every decided one, and
// the undecided ones at or above the current threshold (a hit stored under
// a lower threshold that was raised since no longer holds anyone up).
func relevantHits(hits []screening.Hit, threshold float64) []screening.Hit {
	out := []screening.Hit{}
	for _, h := range hits {
		if h.Current() != nil || h.Score >= threshold {
			out = append(out, h)
		}
	}
	return out
}

// Pending lists the undecided hits at or above the threshold on the
// dossier: while there are any, it is on hold and nothing is approved.
func (s *Service) Pending(dossierID string) ([]screening.Hit, error) {
	scr := s.screen
	r, err := scr.Result(dossierID)
	if errs.Is(err, errs.NotFound) {
		return []screening.Hit{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []screening.Hit{}
	for _, h := range relevantHits(r.Hits, scr.Threshold()) {
		if h.Current() == nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// toAssessFlag gives a red flag the severity the assessment acts on: a
// confirmed sanctions match declines; an undecided hit puts the customer
// on hold; an impossible identifier or a
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
	case redflags.CodeSanctionsHit:
		out.Severity = assess.SeverityHold
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
	case redflags.CodeSanctionsConfirmed, redflags.CodeSanctionsHit, redflags.CodeSanctionsNotScreened, redflags.CodeSanctionsHanOnly:
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
		if sn.ByID != "" {
			sn.By = s.UserName(sn.ByID) // as they are called now
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

// Staleness says whether a snapshot still matches the data it judged.
type Staleness struct {
	Stale     bool      `json:"stale"`
	ChangedAt time.Time `json:"changed_at,omitzero"` // when the dossier last changed, if after the snapshot
	EN        string    `json:"en,omitempty"`
	ZH        string    `json:"zh,omitempty"`
}

// Fresh compares a snapshot with what an assessment made now would judge:
// Stale when the dossier, its screening decisions, its latest visit or the
// policy changed since. A report shows it on page one ("assessment older
// than the data") or reassesses.
func (s *Service) Fresh(snap Snapshot) (Staleness, error) {
	d, err := s.st.Dossier(snap.DossierID)
	if err != nil {
		return Staleness{}, err
	}
	now, err := s.evaluate(d, snap.At)
	if err != nil {
		return Staleness{}, err
	}
	stale := now.InputsHash != snap.InputsHash
	if snap.InputsHash == "" { // made before snapshots kept a fingerprint
		stale = d.UpdatedAt.After(snap.At)
	}
	if !stale {
		return Staleness{}, nil
	}
	out := Staleness{Stale: true,
		EN: "Assessment older than the data: the evidence changed after it was made; assess again before relying on it.",
		ZH: "评估早于现有资料：评估之后资料已有变化；请重新评估后再作依据。"}
	if d.UpdatedAt.After(snap.At) {
		out.ChangedAt = d.UpdatedAt
		out.EN = fmt.Sprintf("Assessment older than the data (changed %s): assess again before relying on it.", d.UpdatedAt.Format("2006-01-02 15:04"))
		out.ZH = fmt.Sprintf("评估早于现有资料（资料于%s变更）：请重新评估后再作依据。", d.UpdatedAt.Format("2006-01-02 15:04"))
	}
	return out, nil
}
