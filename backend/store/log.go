package store

import (
	"encoding/json"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// The change log (changelog.Log over Badger). Every write of a shared
// kind stores, in the same transaction as the record, one change per field
// it changed, stamped with the clock, this device and its next sequence.
const (
	prefChange   = "c/" // c/<device>/<seq, 20 digits> → changelog.Change
	prefSeq      = "q/" // q/<device> → the last sequence held of that device
	prefVersion  = "v/" // v/<kind>/<entity>\x00<field> → changelog.FieldState (value left out)
	prefConflict = "x/" // x/<id> → changelog.Conflict, device-local
	prefSeenBy   = "p/" // p/<dossier id> → values fields had since the last local save (apply.go)
	keyLogDone   = "cfg/log"
)

func changeKey(device string, seq uint64) []byte {
	return fmt.Appendf(nil, "%s%s/%020d", prefChange, device, seq)
}

func versionKey(kind, entity, field string) []byte {
	return []byte(prefVersion + kind + "/" + entity + "\x00" + field)
}

// getTxn reads key; ok is false when it is absent.
func (s *Store) getTxn(txn *badger.Txn, key []byte, v any) (bool, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	b, err := s.value(item)
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, errs.Wrap(errs.Invalid, err, "%s is damaged", key).WithKey("err.damaged", "what", describeKey(key))
	}
	return true, nil
}

func (s *Store) putTxn(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.set(txn, key, b)
}

func (s *Store) lastSeq(txn *badger.Txn, device string) (uint64, error) {
	var n uint64
	_, err := s.getTxn(txn, []byte(prefSeq+device), &n)
	return n, err
}

// fieldStates are the merge states of one record: of field and of the
// tombstone, or of every field when all.
func (s *Store) fieldStates(txn *badger.Txn, kind, entity, field string, all bool) (map[string]changelog.FieldState, error) {
	out := map[string]changelog.FieldState{}
	if !all {
		for _, f := range []string{field, ""} {
			var st changelog.FieldState
			ok, err := s.getTxn(txn, versionKey(kind, entity, f), &st)
			if err != nil {
				return nil, err
			}
			if ok {
				out[f] = st
			}
		}
		return out, nil
	}
	prefix := versionKey(kind, entity, "")
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		b, err := s.value(it.Item())
		if err != nil {
			return nil, err
		}
		var st changelog.FieldState
		if err := json.Unmarshal(b, &st); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "change log damaged").WithKey("err.damaged", "what", "change log")
		}
		out[string(it.Item().Key()[len(prefix):])] = st
	}
	return out, nil
}

// edit is one field a local write changes.
type edit struct {
	Field   string
	Value   json.RawMessage
	Deleted bool
}

// logLocal appends this device's changes for edits of one record, in txn.
// The caller holds logMu, so sequences are handed out without gaps.
func (s *Store) logLocal(txn *badger.Txn, kind, entity, user string, edits []edit) ([]changelog.Change, error) {
	pol, err := changelog.PolicyOf(kind)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "write %s", kind)
	}
	seq, err := s.lastSeq(txn, s.device)
	if err != nil {
		return nil, err
	}
	tombstone := len(edits) == 1 && edits[0].Field == "" && edits[0].Deleted && pol == changelog.SharedField
	var states map[string]changelog.FieldState
	if tombstone {
		states, err = s.fieldStates(txn, kind, entity, "", true)
	} else if pol == changelog.SharedField && kind != changelog.KindDossier { // dossiers have no tombstones
		states = map[string]changelog.FieldState{}
		var t changelog.FieldState
		var ok bool
		if ok, err = s.getTxn(txn, versionKey(kind, entity, ""), &t); ok {
			states[""] = t
		}
	}
	if err != nil {
		return nil, err
	}
	// Who is the person who unlocked, by id: names change, ids do not
	// (the id alone: reading their record for every change cost a second
	// per 100 000 imported rows).
	if id := s.whoami().id; id != "" {
		user = id
	}
	out := make([]changelog.Change, 0, len(edits))
	for _, e := range edits {
		seq++
		c := changelog.Change{ID: changelog.NewID(), Kind: kind, Entity: entity, Field: e.Field, Value: e.Value,
			Deleted: e.Deleted, HLC: s.clock.Now(), Device: s.device, Seq: seq, User: user}
		// The base is what this device held: the field, or the delete it
		// writes over; a tombstone has seen every field.
		var own changelog.FieldState
		if !tombstone {
			if _, err := s.getTxn(txn, versionKey(kind, entity, e.Field), &own); err != nil {
				return nil, err
			}
		}
		c.Base = own.Version
		for f, st := range states {
			if (tombstone || f == "") && c.Base.Less(st.Version) {
				c.Base = st.Version
			}
		}
		if err := c.Check(); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "write %s", kind)
		}
		if err := s.storeChange(txn, c, true); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) > 0 {
		if err := s.putTxn(txn, []byte(prefSeq+s.device), seq); err != nil {
			return nil, err
		}
	}
	if err := s.putTxn(txn, []byte(keyHLC), s.clock.Last()); err != nil {
		return nil, err
	}
	return out, nil
}

// storeChange writes c into the log and, when it wins its field, its
// state; the caller moves the device's sequence (prefSeq).
func (s *Store) storeChange(txn *badger.Txn, c changelog.Change, wins bool) error {
	if err := s.putTxn(txn, changeKey(c.Device, c.Seq), c); err != nil {
		return err
	}
	if !wins {
		return nil
	}
	st := changelog.StateOf(c)
	st.Value = nil // the value lives in the change
	return s.putTxn(txn, versionKey(c.Kind, c.Entity, c.Field), st)
}

// Changes implements changelog.Log: the changes cur has not seen, oldest
// first, at most limit (all when limit <= 0).
func (s *Store) Changes(cur changelog.Cursor, limit int) ([]changelog.Change, changelog.Cursor, error) {
	streams := map[string][]changelog.Change{}
	err := s.view(func(txn *badger.Txn) error {
		devs := map[string]uint64{}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefSeq)})
		for it.Rewind(); it.Valid(); it.Next() {
			b, err := s.value(it.Item())
			if err != nil {
				it.Close()
				return err
			}
			var n uint64
			if err := json.Unmarshal(b, &n); err != nil {
				it.Close()
				return errs.Wrap(errs.Invalid, err, "change log damaged").WithKey("err.damaged", "what", "change log")
			}
			devs[string(it.Item().Key()[len(prefSeq):])] = n
		}
		it.Close()
		for dev, last := range devs {
			for seq := cur[dev] + 1; seq <= last && (limit <= 0 || len(streams[dev]) < limit); seq++ {
				var c changelog.Change
				ok, err := s.getTxn(txn, changeKey(dev, seq), &c)
				if err != nil {
					return err
				}
				if !ok {
					return errs.New(errs.Invalid, "change %d of device %s is missing", seq, dev).WithKey("err.damaged", "what", "change log")
				}
				streams[dev] = append(streams[dev], c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, cur, ioErr(err, "read change log")
	}
	out := changelog.Merge(streams, limit)
	return out, changelog.Advance(cur, out), nil
}

// Conflicts lists the conflicts kept on this device for a person.
func (s *Store) Conflicts() ([]changelog.Conflict, error) {
	var out []changelog.Conflict
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefConflict)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			b, err := s.value(it.Item())
			if err != nil {
				return err
			}
			var c changelog.Conflict
			if err := json.Unmarshal(b, &c); err != nil {
				return errs.Wrap(errs.Invalid, err, "conflict damaged").WithKey("err.damaged", "what", describeKey(it.Item().Key()))
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, ioErr(err, "read conflicts")
	}
	return out, nil
}

// Pick is a person's choice in a conflict.
type Pick string

const (
	PickWinner Pick = "winner" // keep what the record holds
	PickLoser  Pick = "loser"  // write the value kept aside over it
)

// ResolveConflict closes a conflict. Picking the loser writes its value
// (or its deletion) as a new local edit, which syncs like any other.
func (s *Store) ResolveConflict(id string, pick Pick) error {
	var k changelog.Conflict
	var ok bool
	err := s.view(func(txn *badger.Txn) (err error) {
		ok, err = s.getTxn(txn, []byte(prefConflict+id), &k)
		return err
	})
	if err != nil {
		return ioErr(err, "read conflict")
	}
	if !ok {
		return errs.New(errs.NotFound, "no conflict %s", id).WithKey("err.conflictNotFound")
	}
	if pick == PickLoser {
		if err := s.writeSide(k); err != nil {
			return err
		}
	} else if pick != PickWinner {
		return errs.New(errs.Invalid, "pick %q: winner or loser", pick)
	}
	if err := s.commit(func(txn *badger.Txn) error { return txn.Delete([]byte(prefConflict + id)) }); err != nil {
		return ioErr(err, "resolve conflict")
	}
	return nil
}

func (s *Store) writeSide(k changelog.Conflict) error {
	user := s.User()
	l := k.Loser
	if k.Kind == changelog.KindDossier {
		_, err := s.update(k.Entity, user, func(d *dossier.Dossier) error {
			nd, err := patchDossier(d, k.Field, l.Value, l.Deleted || l.RecordDeleted)
			if err == nil {
				*d = *nd
			}
			return err
		})
		return err
	}
	if l.RecordDeleted {
		return s.DeleteRecord(k.Kind, k.Entity)
	}
	if k.Field == "" {
		return s.PutRaw(k.Kind, k.Entity, l.Value)
	}
	rec := map[string]json.RawMessage{}
	if b, err := s.GetRaw(k.Kind, k.Entity); err == nil {
		if err := json.Unmarshal(b, &rec); err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s record", k.Kind)
		}
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	if l.Deleted {
		delete(rec, k.Field)
	} else {
		rec[k.Field] = l.Value
	}
	b, _ := json.Marshal(rec)
	return s.PutRaw(k.Kind, k.Entity, b)
}
