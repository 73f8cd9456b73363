package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// purged counts what an erasure removed on this device.
type purged struct{ files, records int }

// purge removes what e erases from every place the store keeps it. The
// caller holds writeMu and logMu. It is idempotent: a purge cut short
// (a crash) is finished by running it again.
func (s *Store) purge(e Erasure, p plan) (purged, error) {
	var n purged
	// The index snapshot holds the customer's names until the next close.
	if err := s.dropIndexSnapshot(); err != nil {
		return n, err
	}
	w := &batchWriter{s: s}
	did, whole := e.DossierID, e.What == ErasedDossier
	erasedField := func(field string) bool {
		if whole || field == "contacts/"+e.ContactID {
			return true
		}
		id, ok := strings.CutPrefix(field, "attachments/")
		return ok && p.files[id]
	}

	// Records: a whole customer's go (visits, screening, assessments …);
	// the rest lose the erased values.
	if err := s.eachKey(prefRecord, func(k, v []byte) error {
		kind, id, _ := strings.Cut(string(k[len(prefRecord):]), "/")
		if keptOnErasure(kind) {
			return nil
		}
		if pol, err := changelog.PolicyOf(kind); err != nil || pol == changelog.DeviceOnly {
			return nil // lists, keys and preferences: no customer's data
		}
		// Only the customer's own records: a namesake at another customer
		// is another person (erased there, if asked, by its own erasure).
		if !belongsTo(id, v, did) {
			return nil
		}
		if whole {
			collectVisitFiles(v, nil, p.files)
			n.records++
			return w.del(k)
		}
		if kind == "visit" {
			collectVisitFiles(v, p.values, p.files)
		}
		if sv, changed := scrubJSON(v, p.values); changed {
			n.records++
			return w.put(k, sv)
		}
		return nil
	}); err != nil {
		return n, err
	}

	// The dossier and what sync noted of its fields.
	if whole {
		if err := w.del([]byte(prefDossier + did)); err != nil {
			return n, err
		}
	} else if p.after != nil {
		p.after.Attachments = slices.DeleteFunc(p.after.Attachments, func(a dossier.Attachment) bool { return p.files[a.ID] })
		b, err := json.Marshal(p.after)
		if err != nil {
			return n, errs.Wrap(errs.Internal, err, "encode dossier")
		}
		if err := w.put([]byte(prefDossier+did), b); err != nil {
			return n, err
		}
	}
	if err := w.del([]byte(prefSeenBy + did)); err != nil {
		return n, err
	}

	// History: the erased fields' entries go, the others lose the values.
	if err := s.eachKey(prefHistory+did+"/", func(k, v []byte) error {
		var r ChangeRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return w.del(k) // a damaged entry cannot be scrubbed: it goes
		}
		if erasedField(r.Field) {
			return w.del(k)
		}
		o, c1 := scrubJSON([]byte(r.Old), p.values)
		nw, c2 := scrubJSON([]byte(r.New), p.values)
		if !c1 && !c2 {
			return nil
		}
		r.Old, r.New = string(o), string(nw)
		b, _ := json.Marshal(r)
		return w.put(k, b)
	}); err != nil {
		return n, err
	}

	// The change log: every device's copies of the values.
	set := newErasureSet()
	set.add(e)
	if err := s.eachKey(prefChange, func(k, v []byte) error {
		var c changelog.Change
		if err := json.Unmarshal(v, &c); err != nil {
			return errs.Wrap(errs.Invalid, err, "change log damaged").WithKey("err.damaged", "what", "change log")
		}
		if c.Kind == KindErasure || c.Kind == "audit" || c.Deleted {
			return nil
		}
		mine := c.Entity == did
		if c.Kind != changelog.KindDossier {
			mine = belongsTo(c.Entity, c.Value, did)
		}
		switch {
		case !mine:
			return nil
		case c.Kind == changelog.KindDossier && erasedField(c.Field),
			c.Kind != changelog.KindDossier && set.refuses(c):
			c = redact(c)
		default:
			sv, changed := scrubJSON(c.Value, p.values)
			if !changed {
				return nil
			}
			c.Value = sv
		}
		b, err := json.Marshal(c)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode change")
		}
		return w.put(k, b)
	}); err != nil {
		return n, err
	}

	// Conflicts kept aside hold both values.
	if err := s.eachKey(prefConflict, func(k, v []byte) error {
		var c changelog.Conflict
		if json.Unmarshal(v, &c) == nil && c.Kind == changelog.KindDossier && c.Entity == did && (whole || erasedField(c.Field)) {
			return w.del(k)
		}
		if whole && json.Unmarshal(v, &c) == nil && belongsTo(c.Entity, nil, did) {
			return w.del(k)
		}
		if json.Unmarshal(v, &c) != nil || c.Entity != did && !belongsTo(c.Entity, nil, did) {
			return nil
		}
		if sv, changed := scrubJSON(v, p.values); changed {
			return w.put(k, sv)
		}
		return nil
	}); err != nil {
		return n, err
	}

	// Evidence files.
	for id := range p.files {
		if ok, err := s.has([]byte(prefBlob + id)); err != nil {
			return n, err
		} else if ok {
			n.files++
		}
		if err := w.del([]byte(prefBlob + id)); err != nil {
			return n, err
		}
	}
	if err := w.flush(); err != nil {
		return n, err
	}
	if whole {
		s.idx().Remove(did)
	} else if p.after != nil {
		s.idx().Put(p.after)
	}
	return n, nil
}

// collectVisitFiles adds a visit's files to files: all of them, or when
// values is not nil the signatures signed by an erased person.
func collectVisitFiles(v []byte, values []string, files map[string]bool) {
	var vis struct {
		Answers map[string]struct {
			Photos []string `json:"photos"`
		} `json:"answers"`
		Signatures []struct {
			Name         string `json:"name"`
			AttachmentID string `json:"attachment_id"`
		} `json:"signatures"`
		Photos map[string]json.RawMessage `json:"photos"`
	}
	if json.Unmarshal(v, &vis) != nil {
		return
	}
	for _, sg := range vis.Signatures {
		if sg.AttachmentID != "" && (values == nil || containsAny(sg.Name, values)) {
			files[sg.AttachmentID] = true
		}
	}
	if values != nil {
		return
	}
	for _, a := range vis.Answers {
		for _, id := range a.Photos {
			files[id] = true
		}
	}
	for id := range vis.Photos {
		files[id] = true
	}
}

// eachKey calls fn with every key under prefix and its value, streaming
// from one snapshot: fn's writes (batchWriter) commit in their own
// transactions and do not disturb the iteration.
func (s *Store) eachKey(prefix string, fn func(k, v []byte) error) error {
	var fnErr error
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := s.value(it.Item())
			if err != nil {
				return err
			}
			if fnErr = fn(it.Item().KeyCopy(nil), v); fnErr != nil {
				return fnErr
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return ioErr(err, "read for erasure")
	}
	return nil
}

func (s *Store) has(k []byte) (bool, error) {
	found := false
	err := s.view(func(txn *badger.Txn) error {
		_, err := txn.Get(k)
		if err == nil {
			found = true
			return nil
		}
		if err == badger.ErrKeyNotFound {
			return nil
		}
		return err
	})
	return found, err
}

// batchWriter commits puts and deletes a few hundred at a time: an
// erasure may rewrite much of a large change log, more than one Badger
// transaction takes.
type batchWriter struct {
	s    *Store
	ops  []kv // v == nil: delete
	size int
}

func (w *batchWriter) put(k, v []byte) error {
	if v == nil {
		v = []byte{}
	}
	w.ops = append(w.ops, kv{bytes.Clone(k), v})
	w.size += len(k) + len(v)
	return w.maybeFlush()
}

func (w *batchWriter) del(k []byte) error {
	w.ops = append(w.ops, kv{bytes.Clone(k), nil})
	return w.maybeFlush()
}

func (w *batchWriter) maybeFlush() error {
	if len(w.ops) < 256 && w.size < 512<<10 {
		return nil
	}
	return w.flush()
}

func (w *batchWriter) flush() error {
	if len(w.ops) == 0 {
		return nil
	}
	err := w.s.commit(func(txn *badger.Txn) error {
		for _, o := range w.ops {
			var err error
			if o.v == nil {
				err = txn.Delete(o.k)
			} else {
				err = w.s.set(txn, o.k, o.v)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ioErr(err, "erase")
	}
	w.ops, w.size = w.ops[:0], 0
	return nil
}
