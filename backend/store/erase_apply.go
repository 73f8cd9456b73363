package store

import (
	"encoding/json"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/errs"
)

// erasuresForApply is the erasures Apply starts from.
func (s *Store) erasuresForApply() (*erasureSet, error) {
	var set *erasureSet
	err := s.view(func(txn *badger.Txn) (err error) {
		set, err = s.loadErasures(txn)
		return err
	})
	return set, err
}

// applyErased handles c against the erasures: a tombstone joins the set
// (and is purged once its batch is committed, applied); a change carrying
// erased values is kept in the log emptied, and not applied (done).
func (s *Store) applyErased(txn *badger.Txn, c changelog.Change, set *erasureSet, applied map[string]Erasure) (done bool, err error) {
	if c.Kind == KindErasure && !c.Deleted {
		var e Erasure
		if err := json.Unmarshal(c.Value, &e); err != nil {
			return false, errs.Wrap(errs.Invalid, err, "erasure %s damaged", c.Entity)
		}
		if _, seen := applied[e.ID]; !seen {
			set.add(e)
		}
		applied[e.ID] = e
		return false, nil
	}
	if !set.refuses(c) {
		return false, nil
	}
	if err := s.storeChange(txn, redact(c), false); err != nil {
		return false, err
	}
	return true, s.putTxn(txn, []byte(prefSeq+c.Device), c.Seq)
}

// purgeApplied erases, on this device, what the tombstones Apply just
// brought erase. The caller holds writeMu and logMu.
func (s *Store) purgeApplied(applied map[string]Erasure) error {
	if len(applied) == 0 {
		return nil
	}
	for _, e := range applied {
		p := plan{files: map[string]bool{}}
		if d, err := s.Dossier(e.DossierID); err == nil {
			p = planErasure(d, e)
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		if err := s.commit(func(txn *badger.Txn) error { return s.putPending(txn, e, p) }); err != nil {
			return ioErr(err, "record erasure")
		}
		if _, err := s.purgeAndClear(e, p); err != nil {
			return err
		}
	}
	return s.compactErased()
}
