package store

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
)

// backfillLog gives a workspace made before the change log one change per
// field of every shared record it holds, once, so that sync can send
// them; the old dossier-only log (l/) goes. A record that already has
// merge states was logged by an interrupted backfill and is skipped.
func (s *Store) backfillLog() error {
	if s.readOnly {
		return nil
	}
	var done bool
	if err := s.view(func(txn *badger.Txn) (err error) {
		done, err = s.getTxn(txn, []byte(keyLogDone), new(int))
		return err
	}); err != nil || done {
		return nil // unreadable: Verify reports it; never write into damage
	}
	// A damaged table opens the workspace read-only (tablecheck.go), so
	// nothing is written into damage here.
	type todo struct {
		kind, id string
		edits    []edit
		user     string
	}
	var all []todo
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := string(it.Item().Key())
			var t todo
			switch {
			case strings.HasPrefix(key, prefDossier):
				b, err := s.value(it.Item())
				if err != nil {
					continue // damaged: reported by Verify, not logged
				}
				var d dossier.Dossier
				if json.Unmarshal(b, &d) != nil {
					continue
				}
				t = todo{kind: changelog.KindDossier, id: d.ID, user: d.UpdatedBy}
				for _, c := range dossier.Diff(nil, &d) {
					t.edits = append(t.edits, edit{Field: c.Field, Value: json.RawMessage(c.New)})
				}
			case strings.HasPrefix(key, prefRecord):
				kind, id, _ := strings.Cut(key[len(prefRecord):], "/")
				pol, err := changelog.PolicyOf(kind)
				if err != nil || !pol.Carried() {
					continue // device-only, derived, or a kind no code writes any more
				}
				b, err := s.value(it.Item())
				if err != nil {
					continue
				}
				t = todo{kind: kind, id: id}
				if t.edits, err = s.recordEdits(txn, pol, kind, []byte("\x00none"), b); err != nil {
					continue // not an object: cannot be merged by member
				}
			default:
				continue
			}
			if len(t.edits) > 0 {
				all = append(all, t)
			}
		}
		return nil
	})
	if err != nil {
		return ioErr(err, "read records to log")
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].kind < all[j].kind })
	s.logMu.Lock()
	defer s.logMu.Unlock()
	for len(all) > 0 {
		n := min(64, len(all))
		err := s.commit(func(txn *badger.Txn) error {
			for _, t := range all[:n] {
				if has, err := s.hasStates(txn, t.kind, t.id); has || err != nil {
					if err != nil {
						return err
					}
					continue
				}
				if _, err := s.logLocal(txn, t.kind, t.id, t.user, t.edits); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return ioErr(err, "write the change log")
		}
		all = all[n:]
	}
	if err := s.dropOldLog(); err != nil {
		return err
	}
	return s.putJSON(keyLogDone, 1)
}

func (s *Store) hasStates(txn *badger.Txn, kind, id string) (bool, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: versionKey(kind, id, "")})
	defer it.Close()
	it.Rewind()
	return it.Valid(), nil
}

// dropOldLog deletes the l/ keys of the dossier-only log.
func (s *Store) dropOldLog() error {
	for {
		var keys [][]byte
		if err := s.view(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefLog)})
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < 1000; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		}); err != nil {
			return ioErr(err, "read the old change log")
		}
		if len(keys) == 0 {
			return nil
		}
		if err := s.commit(func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
					return err
				}
			}
			return nil
		}); err != nil {
			return ioErr(err, "drop the old change log")
		}
	}
}

var _ changelog.Log = (*Store)(nil)
