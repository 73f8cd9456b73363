package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// applyBatch is how many changes one transaction of Apply takes: each is
// a few small keys, a dossier is written once per transaction, and every
// commit is an fsync — the first sync of a workspace is hundreds of
// thousands of changes. A batch Badger finds too big is halved.
const applyBatch = 512

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
	names := s.peopleNames() // once: history shows who by their current name
	erasures, err := s.erasuresForApply()
	if err != nil {
		return res, err
	}
	erased := map[string]Erasure{} // tombstones applied now: purged at the end
	ordered := changelog.Order(changes)
	for _, c := range ordered {
		if err := c.Check(); err != nil {
			return res, errs.Wrap(errs.Invalid, err, "apply changes")
		}
	}
	size := applyBatch
	for len(ordered) > 0 {
		n := min(size, len(ordered))
		var part changelog.ApplyResult
		var dossiers map[string]*dossier.Dossier
		err := s.commit(func(txn *badger.Txn) error {
			part = changelog.ApplyResult{}
			b := &applyBatchState{work: map[string]*workDossier{}, names: names}
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
				if c.Refused != "" {
					// Kept in the log (sequences stay whole, every device
					// holds the same changes) but never merged.
					if err := s.storeChange(txn, c, false); err != nil {
						return fmt.Errorf("log refused change %s: %w", c.ID, err)
					}
					if err := s.putTxn(txn, []byte(prefSeq+c.Device), c.Seq); err != nil {
						return err
					}
					part.Refused++
					continue
				}
				if done, err := s.applyErased(txn, c, erasures, erased); err != nil {
					return fmt.Errorf("apply change %s: %w", c.ID, err)
				} else if done {
					part.Applied++
					continue
				}
				if err := s.applyOne(txn, c, &part, b); err != nil {
					return fmt.Errorf("apply change %s: %w", c.ID, err)
				}
				part.Applied++
			}
			var err error
			if dossiers, err = s.flushDossiers(txn, b); err != nil {
				return err
			}
			return s.putTxn(txn, []byte(keyHLC), s.clock.Last())
		})
		if errors.Is(err, badger.ErrTxnTooBig) && n > 1 {
			size = n / 2
			continue
		}
		if err != nil {
			if _, ok := errs.As(err); ok {
				return res, err
			}
			return res, ioErr(err, "apply changes")
		}
		ix := s.idx()
		for _, d := range dossiers {
			ix.Put(d)
		}
		res.Applied += part.Applied
		res.Duplicates += part.Duplicates
		res.Deferred += part.Deferred
		res.Refused += part.Refused
		res.Conflicts = append(res.Conflicts, part.Conflicts...)
		res.Touched = append(res.Touched, part.Touched...)
		ordered = ordered[n:]
	}
	return res, s.purgeApplied(erased)
}

func (s *Store) applyOne(txn *badger.Txn, c changelog.Change, res *changelog.ApplyResult, b *applyBatchState) error {
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
		return s.applyDossier(txn, c, b)
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

// applyBatchState is what one transaction of Apply works on: the dossiers
// it touches, decoded once into their top-level JSON members and written
// once at the end (a new dossier arrives as one change per field: decoding
// and encoding it per change made a first sync of 10 000 customers slow).
type applyBatchState struct {
	work  map[string]*workDossier
	names personNames
}

type workDossier struct {
	top    map[string]json.RawMessage
	exists bool // stored before this batch
}

// applyDossier sets one field path of a dossier (creating it when new)
// and writes the history entry the History panel shows.
func (s *Store) applyDossier(txn *badger.Txn, c changelog.Change, b *applyBatchState) error {
	w := b.work[c.Entity]
	if w == nil {
		w = &workDossier{top: map[string]json.RawMessage{}}
		var raw json.RawMessage
		ok, err := s.getTxn(txn, []byte(prefDossier+c.Entity), &raw)
		if err != nil {
			return err
		}
		if !ok {
			at := c.HLC.Time()
			raw, err = json.Marshal(dossier.Dossier{ID: c.Entity, CreatedAt: at, CreatedBy: c.User, UpdatedAt: at, UpdatedBy: c.User})
			if err != nil {
				return err
			}
		}
		if err := json.Unmarshal(raw, &w.top); err != nil {
			return errs.Wrap(errs.Invalid, err, "dossier %s is damaged", c.Entity)
		}
		w.exists = ok
		b.work[c.Entity] = w
	}
	oldVal := flatField(w.top, c.Field)
	if err := patchTop(w.top, c.Field, c.Value, c.Deleted); err != nil {
		return err
	}
	newVal := flatField(w.top, c.Field)
	if w.exists && oldVal != newVal {
		if err := s.noteSeen(txn, c.Entity, c.Field, oldVal); err != nil {
			return err
		}
	}
	rec := ChangeRecord{HLC: c.HLC.String(), Device: c.Device, User: b.names.of(c.User, c.User), UserID: c.User, DossierID: c.Entity,
		Field: c.Field, Old: oldVal, New: newVal, At: c.HLC.Time()}
	hkey := fmt.Sprintf("%s%s/%s/%s/%04d", prefHistory, c.Entity, rec.HLC, c.Device, c.Seq%10000)
	return s.putTxn(txn, []byte(hkey), rec)
}

// flushDossiers writes the batch's dossiers, each read back through the
// dossier type (so a value that does not fit is refused here, whole).
func (s *Store) flushDossiers(txn *badger.Txn, b *applyBatchState) (map[string]*dossier.Dossier, error) {
	out := make(map[string]*dossier.Dossier, len(b.work))
	for id, w := range b.work {
		raw, err := json.Marshal(w.top)
		if err != nil {
			return nil, err
		}
		var d dossier.Dossier
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "a change does not fit dossier %s", id)
		}
		if err := s.putTxn(txn, []byte(prefDossier+id), &d); err != nil {
			return nil, err
		}
		out[id] = &d
	}
	return out, nil
}

// flatField is dossier.Flatten's value of one field path, read from the
// dossier's top-level members: a list item by its id, else the member
// ("" when blank).
func flatField(top map[string]json.RawMessage, f string) string {
	list, id, isItem := strings.Cut(f, "/")
	if !isItem {
		return dossier.FlatValue(top[f])
	}
	var items []json.RawMessage
	if json.Unmarshal(top[list], &items) != nil {
		return ""
	}
	for _, it := range items {
		if itemID(it) == id {
			return string(it)
		}
	}
	return ""
}

func itemID(it json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(it, &v)
	return v.ID
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
	if err := patchTop(top, f, value, deleted); err != nil {
		return nil, err
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

// patchTop sets field path f in a dossier's top-level members, or removes
// it. Items of ID lists keep their order; a new one is appended.
func patchTop(top map[string]json.RawMessage, f string, value json.RawMessage, deleted bool) error {
	if list, id, isItem := strings.Cut(f, "/"); isItem {
		var items []json.RawMessage
		if len(top[list]) > 0 {
			if err := json.Unmarshal(top[list], &items); err != nil {
				return fmt.Errorf("field %s: %w", list, err)
			}
		}
		i := slices.IndexFunc(items, func(it json.RawMessage) bool { return itemID(it) == id })
		switch {
		case deleted && i >= 0:
			items = slices.Delete(items, i, i+1)
		case deleted:
		case i >= 0:
			items[i] = value
		default:
			items = append(items, value)
		}
		b, err := json.Marshal(items)
		if err != nil {
			return err
		}
		top[list] = b
		return nil
	}
	if deleted {
		delete(top, f)
	} else {
		top[f] = value
	}
	return nil
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
