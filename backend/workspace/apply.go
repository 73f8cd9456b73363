package workspace

import (
	"strings"

	"credence/backend/changelog"
	"credence/backend/errs"
)

// ApplyRemote merges changes from other devices into the store and
// re-derives what this device keeps from them (derived kinds are never
// carried): the latest assessment of a customer whose snapshot arrived,
// the screening of a customer entered or changed elsewhere, and the
// receivables summaries the alert board reads (marked for a rebuild when
// any receivables record moved). Sync applies through here, never through
// the bare store.
func (w *Workspace) ApplyRemote(cs []changelog.Change) (changelog.ApplyResult, error) {
	res, err := w.st.Apply(cs)
	if err != nil {
		return res, err
	}
	arTouched := false
	for _, t := range res.Touched {
		switch {
		case strings.HasPrefix(t.Kind, "ar_"):
			arTouched = true
		case t.Kind == "assessment":
			// The latest assessment per customer is this device's own
			// summary (review dates, the board's grades).
			if err := w.Credit.AdoptSnapshot(t.Entity); err != nil && !errs.Is(err, errs.NotFound) {
				return res, err
			}
		case t.Kind == changelog.KindDossier:
			// Screening results are derived: a customer entered or renamed
			// elsewhere is screened here against this device's lists.
			d, err := w.st.Dossier(t.Entity)
			if err != nil {
				continue // not complete yet (a later page brings the rest)
			}
			if _, _, err := w.Screening.ScreenDossier(d); err != nil && !errs.Is(err, errs.NotFound) {
				return res, err
			}
		}
	}
	if arTouched {
		if err := w.Desk.Book.InvalidateSummaries(); err != nil {
			return res, err
		}
	}
	return res, nil
}

// Changes is the store's log, for sync: the workspace is a changelog.Log
// whose Apply keeps the derived records right.
func (w *Workspace) Changes(cur changelog.Cursor, limit int) ([]changelog.Change, changelog.Cursor, error) {
	return w.st.Changes(cur, limit)
}

// Apply is ApplyRemote, so a Workspace is a changelog.Log.
func (w *Workspace) Apply(cs []changelog.Change) (changelog.ApplyResult, error) {
	return w.ApplyRemote(cs)
}

var _ changelog.Log = (*Workspace)(nil)
