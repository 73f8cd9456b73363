package workspace

import (
	"strings"

	"credence/backend/changelog"
)

// ApplyRemote merges changes from other devices into the store and
// re-derives what this device keeps from them: the receivables summaries
// the alert board reads are marked for a rebuild when any receivables
// record moved (the store writes records directly, past the book's own
// bookkeeping). Sync applies through here, never through the bare store.
func (w *Workspace) ApplyRemote(cs []changelog.Change) (changelog.ApplyResult, error) {
	res, err := w.st.Apply(cs)
	if err != nil {
		return res, err
	}
	for _, t := range res.Touched {
		if strings.HasPrefix(t.Kind, "ar_") {
			if err := w.Desk.Book.InvalidateSummaries(); err != nil {
				return res, err
			}
			break
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
