package credit

import (
	"time"

	"credence/backend/assess"
	"credence/backend/errs"
)

// storedPolicy is the firm's policy as last saved.
type storedPolicy struct {
	Policy    assess.Policy `json:"policy"`
	SavedAt   time.Time     `json:"saved_at"`
	SavedBy   string        `json:"saved_by"`
	SavedByID string        `json:"saved_by_id,omitempty"`
}

const policyID = "current"

// Policy returns the firm's credit policy: the saved one, else
// assess.DefaultPolicy.
func (s *Service) Policy() (assess.Policy, error) {
	sp, err := s.storedPolicy()
	return sp.Policy, err
}

// storedPolicy is the saved policy with its date; the default one has a
// zero SavedAt.
func (s *Service) storedPolicy() (storedPolicy, error) {
	// A policy saved before a rule existed gets the rule's default: the
	// stored JSON is decoded over a default policy whose maps and lists
	// are emptied, so only the fields it lacks keep their default (a rule
	// switched off is stored as null and stays off).
	sp := storedPolicy{Policy: assess.DefaultPolicy()}
	sp.Policy.Profiles, sp.Policy.RegionEmphasis, sp.Policy.SegmentCaps, sp.Policy.CountryOverrides = nil, nil, nil, nil
	sp.Policy.Bands, sp.Policy.CompletenessCaps = nil, nil
	err := s.st.GetRecord(kindPolicy, policyID, &sp)
	if errs.Is(err, errs.NotFound) {
		return storedPolicy{Policy: assess.DefaultPolicy()}, nil
	}
	if err != nil {
		return storedPolicy{}, err
	}
	return sp, nil
}

// SavePolicy validates and stores the policy; only a credit manager or an
// admin may. Assessments made before keep the policy they were made under.
func (s *Service) SavePolicy(p assess.Policy, by string) (assess.Policy, error) {
	actor, err := s.actor(by)
	if err != nil {
		return p, err
	}
	if !actor.Role.CanDecide() {
		return p, errNotAllowed("edit the credit policy")
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	if err := s.st.PutRecord(kindPolicy, policyID, storedPolicy{Policy: p, SavedAt: s.now(), SavedBy: actor.Name, SavedByID: actor.ID}); err != nil {
		return p, err
	}
	return p, nil
}
