package credit

import (
	"credence/backend/errs"
	"credence/backend/screening"
)

// DecideHit records a compliance decision on a sanctions hit — true match
// or false positive, with the reason — which only a credit manager or an
// admin may take. A true match blocks the customer (status "blocked");
// the hit's open alerts are closed by the decision (screening.Decide).
func (s *Service) DecideHit(dossierID, hitKey, verdict, reason, by string) (screening.Result, error) {
	actor, err := s.actor(by)
	if err != nil {
		return screening.Result{}, err
	}
	if !actor.Role.CanDecide() {
		return screening.Result{}, errNotAllowed("decide on sanctions hits")
	}
	r, err := s.screen.Decide(dossierID, hitKey, verdict, reason, actor.Name)
	if err != nil {
		return r, err
	}
	if verdict == screening.VerdictTrueMatch {
		if err := s.block(dossierID, actor.Name); err != nil {
			return r, err
		}
	}
	return r, nil
}

// block sets the dossier's status to blocked.
func (s *Service) block(dossierID, by string) error {
	for range 3 {
		d, err := s.st.Dossier(dossierID)
		if err != nil {
			return err
		}
		if d.Status == "blocked" {
			return nil
		}
		d.Status = "blocked"
		_, err = s.st.SaveDossier(d, by)
		if !errs.Is(err, errs.Conflict) {
			return err
		}
	}
	return errs.New(errs.Conflict, "the customer kept changing while it was being blocked").WithKey("err.staleDossier")
}

// SetThreshold changes the workspace's sanctions match threshold, a
// compliance setting only a credit manager or an admin may change.
func (s *Service) SetThreshold(t float64, by string) error {
	actor, err := s.actor(by)
	if err != nil {
		return err
	}
	if !actor.Role.CanDecide() {
		return errNotAllowed("change the match threshold")
	}
	return s.screen.SetThreshold(t)
}
