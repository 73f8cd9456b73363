package screening

import (
	"time"

	"credence/backend/errs"
)

// SetPublished records the publication date of a list version whose file
// states none, as the person read it on the list's download page. A date
// in the future or before the version existed as a file is refused.
func (s *Service) SetPublished(versionID string, date time.Time, user string) (ListVersion, error) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	var v ListVersion
	if err := s.st.GetRecord(kindVersion, versionID, &v); err != nil {
		return v, err
	}
	if !v.Published.IsZero() && !v.PublishedGiven {
		return v, errs.New(errs.Invalid, "the list file states its own publication date").WithKey("err.listDated")
	}
	if date.IsZero() || date.After(s.now().Add(24*time.Hour)) || date.After(v.ImportedAt.Add(24*time.Hour)) {
		return v, errs.New(errs.Invalid, "a list's publication date cannot be after its import").WithKey("err.listDateInvalid", "field", "published")
	}
	v.Published, v.PublishedGiven = date.UTC(), true
	if err := s.st.PutRecord(kindVersion, v.ID, v); err != nil {
		return v, err
	}
	s.snap.Store(nil) // the versions the index reports carry the date
	return v, nil
}
