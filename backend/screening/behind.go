package screening

import (
	"slices"

	"credence/backend/errs"
)

// Behind says whether screening was left unfinished, as when the app was
// closed during the screening that follows a customer import or a list
// update: a current customer was never screened, or the book was last
// screened against other lists than the current ones. Nothing is behind
// while no list is imported or the book is empty. Only the keys are read,
// and the dossiers of customers without a result (to leave out archived
// ones, which a re-screen does not screen).
func (s *Service) Behind() (bool, error) {
	sn, err := s.snapshot()
	if err != nil || len(sn.ids) == 0 {
		return false, err
	}
	ids, err := s.st.DossierIDs()
	if err != nil || len(ids) == 0 {
		return false, err
	}
	b, err := s.book()
	if err != nil {
		return false, err
	}
	if b == nil || !slices.Equal(b.Lists, sn.ids) {
		return true, nil
	}
	have, err := s.st.RecordIDs(kindResult)
	if err != nil {
		return false, err
	}
	j := 0 // both lists are in id order
	for _, id := range ids {
		for j < len(have) && have[j] < id {
			j++
		}
		if j < len(have) && have[j] == id {
			continue
		}
		d, err := s.st.Dossier(id)
		if errs.Is(err, errs.NotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return false, err
		}
		if !d.Archived {
			return true, nil
		}
	}
	return false, nil
}
