package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// applyBatch bounds one transaction of Apply (a dossier is rewritten per
// change: keep well under Badger's transaction limit).
const applyBatch = 64

// Apply implements changelog.Log: it merges changes from other devices
// into the records, keeps concurrent losers as conflicts, and never bumps
// a dossier's UpdatedAt, so the person's next save is not refused as
// stale (SaveDossier keeps the fields they did not touch: seenBy).
func (s *Store) Apply(changes []changelog.Change) (changelog.ApplyResult, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.logMu.Lock()
	defer s.logMu.Unlock()
	var res changelog.ApplyResult
	ordered := changelog.Order(changes)
	for _, c := range ordered {
		if err := c.Check(); err != nil {
			return res, errs.Wrap(errs.Invalid, err, "apply changes")
		}
	}
	for len(ordered) > 0 {
		n := min(applyBatch, len(ordered))
		var part changelog.ApplyResult
		dossiers := map[string]*dossier.Dossier{}
		err := s.commit(func(txn *badger.Txn) error {
			part = changelog.ApplyResult{}
			clear(dossiers)
			for _, c := range ordered[:n] {
				last, err := s.lastSeq(txn, c.Device)
				if err != nil {
					return err
				}
				switch {
				case c.Seq <= last:
					part.Duplicates++
					continue
				case c.Seq > last+1:
					part.Deferred++
					continue
				}
				s.clock.Observe(c.HLC)
				if err := s.applyOne(txn, c, &part, dossiers); err != nil {
					return fmt.Errorf("apply change %s: %w", c.ID, err)
				}
				part.Applied++
			}
			return s.putTxn(txn, []byte(keyHLC), s.clock.Last())
		})
		if err != nil {
			if _, ok := errs.As(err); ok {
				return res, err
			}
			return res, ioErr(err, "apply changes")
		}
		for _, d := range dossiers {
			s.index.Put(d)
		}
		res.Applied += part.Applied
		res.Duplicates += part.Duplicates
		res.Deferred += part.Deferred
		res.Conflicts = append(res.Conflicts, part.Conflicts...)
		res.Touched = append(res.Touched, part.Touched...)
		ordered = ordered[n:]
	}
	return res, nil
}

func (s *Store) applyOne(txn *badger.Txn, c changelog.Change, res *changelog.ApplyResult, dossiers map[string]*dossier.Dossier) error {
	pol, _ := changelog.PolicyOf(c.Kind)
	tombstone := pol == changelog.SharedField && c.Field == ""
	states, err := s.fieldStates(txn, c.Kind, c.Entity, c.Field, tombstone)
	if err != nil {
		return err
	}
	out := changelog.Decide(pol, states, c)
	if err := s.storeChange(txn, c, out.Store); err != nil {
		return err
	}
	if err := s.putTxn(txn, []byte(prefSeq+c.Device), c.Seq); err != nil {
		return err
	}
	for _, p := range out.Conflicts {
		k, kept, err := s.keepConflict(txn, c, p)
		if err != nil {
			return err
		}
		if kept {
			res.Conflicts = append(res.Conflicts, k)
		}
	}
	if !out.Store {
		return nil
	}
	res.Touched = append(res.Touched, changelog.Ref{Kind: c.Kind, Entity: c.Entity})
	if c.Kind == changelog.KindDossier {
		d, err := s.applyDossier(txn, c)
		if err == nil {
			dossiers[d.ID] = d
		}
		return err
	}
	key, err := recordKey(c.Kind, c.Entity)
	if err != nil {
		return err
	}
	if pol == changelog.SharedAppend {
		if c.Deleted {
			return txn.Delete(key)
		}
		return s.set(txn, key, c.Value)
	}
	// A field shows unless a newer tombstone hides it.
	if t, ok := states[""]; ok && t.Deleted && !tombstone && !t.Version.Less(c.Version()) {
		return nil
	}
	rec := map[string]json.RawMessage{}
	if _, err := s.getTxn(txn, key, &rec); err != nil {
		return err
	}
	if tombstone {
		for _, f := range out.Hide {
			delete(rec, f)
		}
	} else if c.Deleted {
		delete(rec, c.Field)
	} else {
		rec[c.Field] = c.Value
	}
	if len(rec) == 0 {
		return txn.Delete(key)
	}
	return s.putTxn(txn, key, rec)
}

// keepConflict stores p with both values, once.
func (s *Store) keepConflict(txn *badger.Txn, c changelog.Change, p changelog.Pair) (changelog.Conflict, bool, error) {
	for _, st := range []*changelog.FieldState{&p.Winner, &p.Loser} {
		if st.Version == c.Version() {
			st.Value = c.Value
			continue
		}
		var src changelog.Change
		if _, err := s.getTxn(txn, changeKey(st.Version.Device, st.Seq), &src); err != nil {
			return changelog.Conflict{}, false, err
		}
		st.Value = src.Value
	}
	k := changelog.NewConflict(c.Kind, c.Entity, p, s.clock.Last())
	var old changelog.Conflict
	if ok, err := s.getTxn(txn, []byte(prefConflict+k.ID), &old); ok || err != nil {
		return k, false, err
	}
	return k, true, s.putTxn(txn, []byte(prefConflict+k.ID), k)
}

// applyDossier sets one field path of a dossier (creating it when new)
// and writes the history entry the History panel shows.
func (s *Store) applyDossier(txn *badger.Txn, c changelog.Change) (*dossier.Dossier, error) {
	var d dossier.Dossier
	ok, err := s.getTxn(txn, []byte(prefDossier+c.Entity), &d)
	if err != nil {
		return nil, err
	}
	if !ok {
		at := c.HLC.Time()
		d = dossier.Dossier{ID: c.Entity, CreatedAt: at, CreatedBy: c.User, UpdatedAt: at, UpdatedBy: c.User}
	}
	oldVal := dossier.Flatten(&d)[c.Field]
	nd, err := patchDossier(&d, c.Field, c.Value, c.Deleted)
	if err != nil {
		return nil, err
	}
	newVal := dossier.Flatten(nd)[c.Field]
	if ok && oldVal != newVal {
		if err := s.noteSeen(txn, c.Entity, c.Field, oldVal); err != nil {
			return nil, err
		}
	}
	if err := s.putTxn(txn, []byte(prefDossier+c.Entity), nd); err != nil {
		return nil, err
	}
	rec := ChangeRecord{HLC: c.HLC.String(), Device: c.Device, User: s.peopleNames().of(c.User, c.User), UserID: c.User, DossierID: c.Entity,
		Field: c.Field, Old: oldVal, New: newVal, At: c.HLC.Time()}
	hkey := fmt.Sprintf("%s%s/%s/%s/%04d", prefHistory, c.Entity, rec.HLC, c.Device, c.Seq%10000)
	return nd, s.putTxn(txn, []byte(hkey), rec)
}

// noteSeen remembers a value a field held since the last local save: a
// form loaded then still shows it, and SaveDossier must not take it for
// the person's edit (that would undo the remote change).
func (s *Store) noteSeen(txn *badger.Txn, id, field, value string) error {
	seen := map[string][]string{}
	if _, err := s.getTxn(txn, []byte(prefSeenBy+id), &seen); err != nil {
		return err
	}
	if slices.Contains(seen[field], value) {
		return nil
	}
	seen[field] = append(seen[field], value)
	return s.putTxn(txn, []byte(prefSeenBy+id), seen)
}

// rebase keeps, in the person's copy d, the current value of every field
// changed remotely since their copy was loaded that they left as it was.
// Setting a field back to an older value it had meanwhile reads as
// untouched: the current value is kept (rare, and never a silent loss of
// what was written elsewhere).
func (s *Store) rebase(cur, d *dossier.Dossier) (*dossier.Dossier, error) {
	seen := map[string][]string{}
	if err := s.getJSON(prefSeenBy+cur.ID, &seen); err != nil {
		if errs.Is(err, errs.NotFound) {
			return d, nil
		}
		return nil, err
	}
	mine, now := dossier.Flatten(d), dossier.Flatten(cur)
	for f, vals := range seen {
		if mine[f] == now[f] || !slices.Contains(vals, mine[f]) {
			continue
		}
		nd, err := patchDossier(d, f, json.RawMessage(now[f]), now[f] == "")
		if err != nil {
			return nil, err
		}
		d = nd
	}
	return d, nil
}

// patchDossier sets field path f (from dossier.Flatten) of d to value, or
// removes it. Items of ID lists keep their order; a new one is appended.
func patchDossier(d *dossier.Dossier, f string, value json.RawMessage, deleted bool) (*dossier.Dossier, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	if list, id, isItem := strings.Cut(f, "/"); isItem {
		var items []json.RawMessage
		if len(top[list]) > 0 {
			if err := json.Unmarshal(top[list], &items); err != nil {
				return nil, fmt.Errorf("field %s: %w", list, err)
			}
		}
		i := slices.IndexFunc(items, func(it json.RawMessage) bool {
			var v struct {
				ID string `json:"id"`
			}
			return json.Unmarshal(it, &v) == nil && v.ID == id
		})
		switch {
		case deleted && i >= 0:
			items = slices.Delete(items, i, i+1)
		case deleted:
		case i >= 0:
			items[i] = value
		default:
			items = append(items, value)
		}
		if top[list], err = json.Marshal(items); err != nil {
			return nil, err
		}
	} else if deleted {
		delete(top, f)
	} else {
		top[f] = value
	}
	b, err := json.Marshal(top)
	if err != nil {
		return nil, err
	}
	var out dossier.Dossier
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "field %s does not fit a dossier", f)
	}
	return &out, nil
}

// Entity implements changelog.StateReader: a dossier's field paths, a
// field-level record's members, an append-only record whole under "".
func (s *Store) Entity(kind, id string) (map[string]json.RawMessage, bool, error) {
	pol, err := changelog.PolicyOf(kind)
	if err != nil {
		return nil, false, errs.Wrap(errs.Invalid, err, "read %s", kind)
	}
	out := map[string]json.RawMessage{}
	if kind == changelog.KindDossier {
		d, err := s.Dossier(id)
		if errs.Is(err, errs.NotFound) {
			return out, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		for f, v := range dossier.Flatten(d) {
			out[f] = json.RawMessage(v)
		}
		return out, true, nil
	}
	b, err := s.GetRaw(kind, id)
	if errs.Is(err, errs.NotFound) {
		return out, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if pol == changelog.SharedAppend {
		out[""] = json.RawMessage(bytes.Clone(b))
		return out, true, nil
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, false, errs.Wrap(errs.Internal, err, "decode %s record %s", kind, id)
	}
	return out, len(out) > 0, nil
}
