package screening

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"credence/backend/errs"
)

// A re-screen of the whole book writes a customer's result only when it
// changed (or the customer has none yet), and ends with one book record:
// the list versions every current customer was screened against and when.
// A customer whose own record is older than the book record shows the
// book's lists and date: its hits were found the same then. At 100 000
// customers this turns 100 000 writes (and Badger's compactions of them)
// into the few results that changed.

// bookKey is the book record's id among the screen records; a dossier id is
// a UUID and cannot take it.
const bookKey = "~book"

// bookRecord says that a re-screen that started at ScreenedAt went through
// the whole book against Lists and completed.
type bookRecord struct {
	ScreenedAt time.Time `json:"screened_at"`
	Lists      []string  `json:"lists"`
}

// storedResult is a screen record as stored. Held marks the record of a
// customer a book re-screen left out (archived): no book record speaks for
// it until it is screened again.
type storedResult struct {
	Result
	Held bool `json:"held,omitempty"`
}

// covers reports whether the book record speaks for a customer's stored
// result: the book re-screen started when the result was already written
// and did not leave the customer out.
func (b *bookRecord) covers(r *storedResult) bool {
	return b != nil && !r.Held && !r.ScreenedAt.After(b.ScreenedAt)
}

// effective is what a stored result says today: the book's lists and date
// when the book record covers it.
func (b *bookRecord) effective(r storedResult) Result {
	out := r.Result
	if b.covers(&r) {
		out.ScreenedAt, out.Lists = b.ScreenedAt, slices.Clone(b.Lists)
	}
	return out
}

// book returns the book record, nil when no whole-book re-screen
// completed yet.
func (s *Service) book() (*bookRecord, error) {
	var b bookRecord
	if err := s.st.GetRecord(kindResult, bookKey, &b); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, nil
		}
		return nil, err
	}
	return &b, nil
}

// stored reads a dossier's own screen record; found is false if it has none.
func (s *Service) stored(dossierID string) (r storedResult, found bool, err error) {
	if err := s.st.GetRecord(kindResult, dossierID, &r); err != nil {
		if errs.Is(err, errs.NotFound) {
			return r, false, nil
		}
		return r, false, err
	}
	return r, true, nil
}

// sameHits reports whether two results hold the same hits, every detail
// and decision included.
func sameHits(a, b []Hit) (bool, error) {
	if len(a) != len(b) {
		return false, nil
	}
	if len(a) == 0 {
		return true, nil
	}
	x, err := json.Marshal(a)
	if err != nil {
		return false, errs.Wrap(errs.Internal, err, "encode hits")
	}
	y, err := json.Marshal(b)
	if err != nil {
		return false, errs.Wrap(errs.Internal, err, "encode hits")
	}
	return bytes.Equal(x, y), nil
}
