package store

import (
	"encoding/json"
	"errors"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

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
	k, err := recordKey(kind, id)
	if err != nil {
		return err
	}
	if err := s.commit(func(txn *badger.Txn) error { return s.set(txn, k, b) }); err != nil {
		return ioErr(err, "write %s record", kind)
	}
	return nil
}

// PutRecords stores several records of one kind in one transaction: all
// or none.
func (s *Store) PutRecords(kind string, recs map[string]any) error {
	kvs := make([]kv, 0, len(recs))
	for id, v := range recs {
		k, err := recordKey(kind, id)
		if err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode %s record", kind)
		}
		kvs = append(kvs, kv{k, b})
	}
	if err := s.commit(func(txn *badger.Txn) error { return s.setAll(txn, kvs) }); err != nil {
		return ioErr(err, "write %s records", kind)
	}
	return nil
}

// ReplaceRecords stores put and removes del, records of one kind, in one
// transaction: all or none. A record moved to another id (a dossier merged
// into another) is never in both places nor in neither.
func (s *Store) ReplaceRecords(kind string, put map[string]any, del []string) error {
	kvs := make([]kv, 0, len(put))
	for id, v := range put {
		k, err := recordKey(kind, id)
		if err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode %s record", kind)
		}
		kvs = append(kvs, kv{k, b})
	}
	dk := make([][]byte, 0, len(del))
	for _, id := range del {
		k, err := recordKey(kind, id)
		if err != nil {
			return err
		}
		dk = append(dk, k)
	}
	err := s.commit(func(txn *badger.Txn) error {
		if err := s.setAll(txn, kvs); err != nil {
			return err
		}
		for _, k := range dk {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ioErr(err, "write %s records", kind)
	}
	return nil
}

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

// DeleteRecord removes a record; absent records are not an error.
func (s *Store) DeleteRecord(kind, id string) error {
	k, err := recordKey(kind, id)
	if err != nil {
		return err
	}
	if err := s.commit(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
		return ioErr(err, "delete %s record", kind)
	}
	return nil
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
