package store

import (
	"encoding/json"
	"maps"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/errs"
)

// An erasure is decided when its tombstone is committed; the purge that
// follows spans many transactions. A marker, device-only and written with
// the tombstone, holds what the purge needs (the values to scrub, which
// the dossier no longer shows once it is rewritten) until the purge is
// done; a purge cut short by a crash is finished at the next open. The
// marker itself goes before the compaction, which removes its values too.
const prefErasePending = "cfg/erase-pending/"

type pendingErasure struct {
	Erasure Erasure  `json:"erasure"`
	Values  []string `json:"values,omitempty"`
	Files   []string `json:"files,omitempty"`
}

func pendingKey(id string) []byte { return []byte(prefErasePending + id) }

func (s *Store) putPending(txn *badger.Txn, e Erasure, p plan) error {
	return s.putTxn(txn, pendingKey(e.ID), pendingErasure{Erasure: e, Values: p.values, Files: slices.Sorted(maps.Keys(p.files))})
}

// purgeAndClear purges e and removes its marker. The caller holds writeMu
// and logMu and compacts afterwards.
func (s *Store) purgeAndClear(e Erasure, p plan) (purged, error) {
	n, err := s.purge(e, p)
	if err != nil {
		return n, err
	}
	if err := s.commit(func(txn *badger.Txn) error { return txn.Delete(pendingKey(e.ID)) }); err != nil {
		return n, ioErr(err, "finish erasure")
	}
	return n, nil
}

// resumeErasures finishes the purges a crash cut short (at open).
func (s *Store) resumeErasures() error {
	if s.readOnly {
		return nil
	}
	var pend []pendingErasure
	if err := s.eachKey(prefErasePending, func(k, v []byte) error {
		var pe pendingErasure
		if err := json.Unmarshal(v, &pe); err != nil {
			return errs.Wrap(errs.Invalid, err, "erasure in progress damaged").WithKey("err.damaged", "what", describeKey(k))
		}
		pend = append(pend, pe)
		return nil
	}); err != nil || len(pend) == 0 {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.logMu.Lock()
	defer s.logMu.Unlock()
	for _, pe := range pend {
		p := plan{files: map[string]bool{}}
		if d, err := s.Dossier(pe.Erasure.DossierID); err == nil {
			p = planErasure(d, pe.Erasure)
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		for _, v := range pe.Values {
			p.values = appendValue(p.values, v)
		}
		for _, f := range pe.Files {
			p.files[f] = true
		}
		if _, err := s.purgeAndClear(pe.Erasure, p); err != nil {
			return err
		}
	}
	return s.compactErased()
}
