package screening

import (
	"encoding/json"
	"sort"

	"credence/backend/errs"
)

// Alerts returns the screening alerts, newest first; acknowledged ones
// only when includeAcked.
func (s *Service) Alerts(includeAcked bool) ([]Alert, error) {
	out := []Alert{}
	err := s.st.ScanRecords(kindAlert, "", func(_ string, b []byte) error {
		var a alertRec
		if err := json.Unmarshal(b, &a); err != nil {
			return errs.Wrap(errs.Internal, err, "decode alert")
		}
		if includeAcked || !a.Acked {
			out = append(out, a.Alert)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// AckAlert marks an alert as seen by user; errs.NotFound when there is no
// such alert, errs.Conflict ("err.decideHitFirst") for the alert of a
// sanctions hit nobody has decided yet. Acknowledging twice keeps the
// first acknowledgement.
func (s *Service) AckAlert(id, user string) error {
	s.decideMu.Lock()
	defer s.decideMu.Unlock()
	var a alertRec
	if err := s.st.GetRecord(kindAlert, id, &a); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.New(errs.NotFound, "no alert %s", id).WithKey("err.alertNotFound", "id", id)
		}
		return err
	}
	if a.Acked {
		return nil
	}
	// A sanctions hit leaves the board when someone decides it, not when
	// someone looks away: the board must show every pending hit.
	if a.Kind == "sanctions_hit" {
		if r, err := s.Result(a.DossierID); err == nil {
			for _, h := range r.Hits {
				if h.Key == a.HitKey && h.Current() == nil {
					return errs.New(errs.Conflict, "the hit %s on %s is undecided: decide it (true match or false positive) and the alert closes", a.HitKey, a.Name).
						WithKey("err.decideHitFirst", "name", a.Name)
				}
			}
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	if user == "" {
		user = s.st.User()
	}
	now := s.now().UTC()
	a.Acked, a.AckedBy, a.AckedAt = true, user, &now
	return s.st.PutRecord(kindAlert, id, a)
}

// closeAlerts acknowledges the open alerts of one hit of a dossier; the
// caller holds decideMu.
func (s *Service) closeAlerts(dossierID, hitKey, user string) error {
	now := s.now().UTC()
	recs := map[string]any{}
	err := s.st.ScanRecords(kindAlert, "", func(_ string, b []byte) error {
		var a alertRec
		if err := json.Unmarshal(b, &a); err != nil {
			return errs.Wrap(errs.Internal, err, "decode alert")
		}
		if !a.Acked && a.DossierID == dossierID && a.HitKey == hitKey {
			a.Acked, a.AckedBy, a.AckedAt = true, user, &now
			recs[a.ID] = a
		}
		return nil
	})
	if err != nil || len(recs) == 0 {
		return err
	}
	return s.st.PutRecords(kindAlert, recs)
}
