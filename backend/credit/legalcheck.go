package credit

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/assess"
	"credence/backend/errs"
)

const kindLegalCheck = "credit_legal_check"

// LegalCheck records that someone searched the court or insolvency
// records for the customer: "checked, nothing found" is evidence, an
// empty list of lawsuits is not.
type LegalCheck struct {
	DossierID string    `json:"dossier_id"`
	Kind      string    `json:"kind"`   // litigation, bankruptcy
	Date      string    `json:"date"`   // YYYY-MM-DD of the search
	Source    string    `json:"source"` // which register or database
	By        string    `json:"by"`
	ByID      string    `json:"by_id,omitempty"`
	At        time.Time `json:"at"`
}

// RecordLegalCheck stores a search of the court (litigation) or
// insolvency (bankruptcy) records; anyone may record one. date defaults
// to today; a source is required.
func (s *Service) RecordLegalCheck(dossierID, kind, source, date, by string) (LegalCheck, error) {
	kind, source, date = strings.TrimSpace(kind), strings.TrimSpace(source), strings.TrimSpace(date)
	if kind != assess.CheckLitigation && kind != assess.CheckBankruptcy {
		return LegalCheck{}, errs.New(errs.Invalid, "a legal check is of litigation or bankruptcy records, not %q", kind).WithKey("err.choice", "field", "kind")
	}
	if source == "" {
		return LegalCheck{}, errs.New(errs.Invalid, "say which records were searched").WithKey("err.legalCheckSource", "field", "source")
	}
	now := s.now()
	if date == "" {
		date = now.Format(dateLayout)
	}
	if _, err := time.Parse(dateLayout, date); err != nil {
		return LegalCheck{}, invalid("date", "err.date", "date must be written YYYY-MM-DD")
	}
	if _, err := s.st.Dossier(dossierID); err != nil {
		return LegalCheck{}, err
	}
	actor, err := s.actor(by)
	if err != nil {
		return LegalCheck{}, err
	}
	c := LegalCheck{DossierID: dossierID, Kind: kind, Date: date, Source: source, By: actor.Name, ByID: actor.ID, At: now}
	if err := s.st.PutRecord(kindLegalCheck, dossierID+"/"+now.Format(idTime)+"/"+uuid.NewString(), c); err != nil {
		return LegalCheck{}, err
	}
	return c, nil
}

// LegalChecks lists the dossier's legal checks, newest first.
func (s *Service) LegalChecks(dossierID string) ([]LegalCheck, error) {
	out := []LegalCheck{}
	if dossierID == "" || strings.Contains(dossierID, "/") {
		return out, nil
	}
	err := s.st.ScanRecords(kindLegalCheck, dossierID+"/", func(id string, b []byte) error {
		var c LegalCheck
		if err := json.Unmarshal(b, &c); err != nil {
			return errs.Wrap(errs.Internal, err, "decode legal check %s", id)
		}
		if c.ByID != "" {
			c.By = s.UserName(c.ByID) // as they are called now
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// legalInputs are the newest check of each kind, for the engine.
func legalInputs(cs []LegalCheck) []assess.LegalCheck {
	var out []assess.LegalCheck
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.Kind] {
			seen[c.Kind] = true
			out = append(out, assess.LegalCheck{Kind: c.Kind, Date: c.Date, Source: c.Source})
		}
	}
	return out
}
