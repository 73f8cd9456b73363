package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/errs"
)

// Records are the documents of other domain packages (screening results,
// list versions, assessments, alerts …): JSON values under a kind and an
// id, in their own key space (r/<kind>/<id>). Like everything in the
// store they are encrypted at rest and written durably. Kinds and ids must
// not contain "/" in the kind; ids may (to group records by prefix).

const prefRecord = "r/"

func recordKey(kind, id string) ([]byte, error) {
	if kind == "" || strings.Contains(kind, "/") || id == "" {
		return nil, errs.New(errs.Invalid, "bad record key %q/%q", kind, id)
	}
	return []byte(prefRecord + kind + "/" + id), nil
}

// PutRecord stores v as JSON.
func (s *Store) PutRecord(kind, id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "encode %s record", kind)
	}
	return s.PutRaw(kind, id, b)
}

// PutRaw stores bytes as they are (large values such as parsed lists).
func (s *Store) PutRaw(kind, id string, b []byte) error {
	return s.putRecords(kind, map[string][]byte{id: b})
}

// PutRecords stores several records of one kind in one transaction: all
// or none.
func (s *Store) PutRecords(kind string, recs map[string]any) error {
	raw := make(map[string][]byte, len(recs))
	for id, v := range recs {
		b, err := json.Marshal(v)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode %s record", kind)
		}
		raw[id] = b
	}
	return s.putRecords(kind, raw)
}

// ReplaceRecords stores put and removes del, records of one kind, in one
// transaction: all or none. A record moved to another id (a dossier merged
// into another) is never in both places nor in neither; for a shared kind
// the removals stay in the change log as tombstones.
func (s *Store) ReplaceRecords(kind string, put map[string]any, del []string) error {
	raw := make(map[string][]byte, len(put))
	for id, v := range put {
		b, err := json.Marshal(v)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode %s record", kind)
		}
		raw[id] = b
	}
	return s.writeRecords(kind, raw, del)
}

func (s *Store) putRecords(kind string, recs map[string][]byte) error {
	return s.writeRecords(kind, recs, nil)
}

// writeRecords writes records, removes del and, for a shared kind, logs
// their changes and tombstones in the same transaction. A kind without a
// sync policy is refused.
func (s *Store) writeRecords(kind string, recs map[string][]byte, del []string) error {
	pol, err := changelog.PolicyOf(kind)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "write %s record", kind)
	}
	ids := make([]string, 0, len(recs))
	for id := range recs {
		if _, err := recordKey(kind, id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range del {
		if _, err := recordKey(kind, id); err != nil {
			return err
		}
	}
	user := ""
	if pol.Carried() {
		user = s.User()
		s.logMu.Lock()
		defer s.logMu.Unlock()
	}
	err = s.commit(func(txn *badger.Txn) error {
		for _, id := range ids {
			k, _ := recordKey(kind, id)
			if pol.Carried() {
				edits, err := s.recordEdits(txn, pol, kind, k, recs[id])
				if err != nil {
					return err
				}
				if _, err := s.logLocal(txn, kind, id, user, edits); err != nil {
					return err
				}
			}
			if err := s.set(txn, k, recs[id]); err != nil {
				return err
			}
		}
		for _, id := range del {
			if err := s.deleteTxn(txn, pol, kind, id, user); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			return err
		}
		return ioErr(err, "write %s records", kind)
	}
	return nil
}

// recordEdits are the fields a write of b over the stored record changes:
// the whole record for append-only kinds, each top-level member for
// field-level ones (which must be JSON objects).
func (s *Store) recordEdits(txn *badger.Txn, pol changelog.Policy, kind string, k, b []byte) ([]edit, error) {
	var old []byte
	item, err := txn.Get(k)
	switch {
	case err == nil:
		if old, err = s.value(item); err != nil {
			return nil, err
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return nil, err
	}
	if pol == changelog.SharedAppend {
		if old != nil && sameJSON(old, b) {
			return nil, nil
		}
		return []edit{{Value: compactJSON(b)}}, nil
	}
	var now, was map[string]json.RawMessage
	if err := json.Unmarshal(b, &now); err != nil || now == nil {
		return nil, errs.New(errs.Invalid, "a %s record must be a JSON object: it is merged member by member", kind)
	}
	if old != nil {
		_ = json.Unmarshal(old, &was) // a damaged old value: every member is new
	}
	var out []edit
	for f, v := range now {
		if ov, ok := was[f]; !ok || !sameJSON(ov, v) {
			out = append(out, edit{Field: f, Value: compactJSON(v)})
		}
	}
	for f := range was {
		if _, ok := now[f]; !ok {
			out = append(out, edit{Field: f, Deleted: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out, nil
}

func compactJSON(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

func sameJSON(a, b []byte) bool { return bytes.Equal(compactJSON(a), compactJSON(b)) }

// GetRecord loads a record into v; errs.NotFound when absent.
func (s *Store) GetRecord(kind, id string, v any) error {
	b, err := s.GetRaw(kind, id)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errs.Wrap(errs.Internal, err, "decode %s record %s", kind, id)
	}
	return nil
}

// GetRaw loads a record's bytes; errs.NotFound when absent.
func (s *Store) GetRaw(kind, id string) ([]byte, error) {
	k, err := recordKey(kind, id)
	if err != nil {
		return nil, err
	}
	var out []byte
	err = s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(k)
		if err != nil {
			return err
		}
		out, err = s.value(item)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errs.New(errs.NotFound, "no %s record %s", kind, id)
	}
	if err != nil {
		return nil, ioErr(err, "read %s record", kind)
	}
	return out, nil
}

// DeleteRecord removes a record; absent records are not an error. For a
// shared kind the deletion stays in the change log as a tombstone.
func (s *Store) DeleteRecord(kind, id string) error {
	if _, err := recordKey(kind, id); err != nil {
		return err
	}
	pol, err := changelog.PolicyOf(kind)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "delete %s record", kind)
	}
	user := ""
	if pol.Carried() {
		user = s.User()
		s.logMu.Lock()
		defer s.logMu.Unlock()
	}
	err = s.commit(func(txn *badger.Txn) error { return s.deleteTxn(txn, pol, kind, id, user) })
	if err != nil {
		return ioErr(err, "delete %s record", kind)
	}
	return nil
}

// deleteTxn removes one record inside txn, leaving a tombstone in the log
// for a shared kind (none when the record is absent).
func (s *Store) deleteTxn(txn *badger.Txn, pol changelog.Policy, kind, id, user string) error {
	k, err := recordKey(kind, id)
	if err != nil {
		return err
	}
	if pol.Carried() {
		if _, err := txn.Get(k); errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := s.logLocal(txn, kind, id, user, []edit{{Deleted: true}}); err != nil {
			return err
		}
	}
	return txn.Delete(k)
}

// RecordIDs lists the id of every record of kind, in id order, from the
// keys alone: no value is read or decrypted.
func (s *Store) RecordIDs(kind string) ([]string, error) {
	ids, err := s.keysUnder(prefRecord + kind + "/")
	if err != nil {
		return nil, ioErr(err, "list %s records", kind)
	}
	return ids, nil
}

// keysUnder lists what follows prefix in every key that has it, in key
// order, from the keys alone.
func (s *Store) keysUnder(prefix string) ([]string, error) {
	var ids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, string(it.Item().Key()[len(prefix):]))
		}
		return nil
	})
	return ids, err
}

// ScanRecords calls fn for every record of kind whose id starts with
// prefix, in id order. The bytes are valid only during the call. An error
// from fn stops the scan and is returned.
func (s *Store) ScanRecords(kind, prefix string, fn func(id string, value []byte) error) error {
	base := prefRecord + kind + "/"
	err := s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(base + prefix)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			id := string(item.Key()[len(base):])
			v, err := s.value(item)
			if err != nil {
				return err
			}
			if err := fn(id, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if _, ok := errs.As(err); ok {
			return err
		}
		return errs.Wrap(errs.Internal, err, "scan %s records", kind)
	}
	return nil
}

// User is the name of the person working in this workspace, for "by whom".
func (s *Store) User() string {
	st, _ := s.Settings()
	return st.UserName
}
