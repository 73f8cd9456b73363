package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
)

// ChangeRecord is one entry of a dossier's history and of the sync log:
// a field-level change stamped with a hybrid logical clock and the device.
type ChangeRecord struct {
	HLC       string    `json:"hlc"`
	Device    string    `json:"device"`
	User      string    `json:"user"`              // the name, as History renders it now
	UserID    string    `json:"user_id,omitempty"` // who: the person's stable id (names change)
	DossierID string    `json:"dossier_id"`
	Field     string    `json:"field"`
	Old       string    `json:"old,omitempty"`
	New       string    `json:"new,omitempty"`
	At        time.Time `json:"at"`
}

func newID() string { return uuid.NewString() }

// CreateDossier validates d and stores it as a new dossier; every field
// with a value is recorded in the history as set by user.
func (s *Store) CreateDossier(d *dossier.Dossier, user string) (*dossier.Dossier, error) {
	d = d.Clone()
	d.ID = newID()
	d.Normalize(newID)
	if err := d.Validate(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy = now, user, now, user
	if err := s.write(nil, d, user); err != nil {
		return nil, err
	}
	return d, nil
}

// SaveDossier stores an edited dossier. The caller's copy must carry the
// UpdatedAt it was loaded with: if someone saved in between, the save is
// refused with errs.Conflict rather than silently overwriting their work.
func (s *Store) SaveDossier(d *dossier.Dossier, user string) (*dossier.Dossier, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	old, err := s.Dossier(d.ID)
	if err != nil {
		return nil, err
	}
	if d, _, err = s.prepareSave(old, d, user); err != nil {
		return nil, err
	}
	if d == nil {
		return old, nil // nothing changed: no history entry, no new timestamp
	}
	if err := s.write(old, d, user); err != nil {
		return nil, err
	}
	return d, nil
}

// prepareSave makes what a save of d over old writes (nil when it changes
// nothing), with its changes; the caller holds writeMu.
func (s *Store) prepareSave(old, d *dossier.Dossier, user string) (*dossier.Dossier, []dossier.Change, error) {
	if !old.UpdatedAt.Equal(d.UpdatedAt) {
		return nil, nil, errs.New(errs.Conflict, "the dossier was changed by someone else meanwhile").WithKey("err.staleDossier")
	}
	// Fields changed by a sync since the form was loaded, and left as they
	// were in it, keep the synced value.
	d, err := s.rebase(old, d.Clone())
	if err != nil {
		return nil, nil, err
	}
	d.Normalize(newID)
	// What the form cannot edit comes from the stored copy.
	d.CreatedAt, d.CreatedBy, d.Attachments = old.CreatedAt, old.CreatedBy, old.Attachments
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	changes := dossier.Diff(old, d) // the stamps below are bookkeeping, not changes
	if len(changes) == 0 {
		return nil, nil, nil
	}
	d.UpdatedAt, d.UpdatedBy = s.now().UTC(), user
	if !d.UpdatedAt.After(old.UpdatedAt) {
		d.UpdatedAt = old.UpdatedAt.Add(time.Millisecond) // keep the conflict check meaningful
	}
	return d, changes, nil
}

// SetArchived archives or restores a dossier. Archived dossiers keep all
// their data and history; they are only hidden from the current list.
func (s *Store) SetArchived(id string, archived bool, user string) (*dossier.Dossier, error) {
	return s.update(id, user, func(d *dossier.Dossier) error {
		d.Archived = archived
		return nil
	})
}

// update applies fn to the stored dossier and saves it, for edits the
// backend makes itself (archive, attachments) where no form is involved.
func (s *Store) update(id, user string, fn func(d *dossier.Dossier) error) (*dossier.Dossier, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	old, err := s.Dossier(id)
	if err != nil {
		return nil, err
	}
	d := old.Clone()
	if err := fn(d); err != nil {
		return nil, err
	}
	d.UpdatedAt, d.UpdatedBy = s.now().UTC(), user
	if !d.UpdatedAt.After(old.UpdatedAt) {
		d.UpdatedAt = old.UpdatedAt.Add(time.Millisecond)
	}
	if err := s.write(old, d, user); err != nil {
		return nil, err
	}
	return d, nil
}

// write stores d, its history and its change log entries from old in one
// durable transaction.
func (s *Store) write(old, d *dossier.Dossier, user string) error {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if err := s.commit(func(txn *badger.Txn) error { return s.writeDossier(txn, old, d, user) }); err != nil {
		if e, ok := errs.As(err); ok && e.Code != errs.Internal {
			return err
		}
		return ioErr(err, "save dossier")
	}
	s.idx().Put(d)
	return nil
}

type kv struct{ k, v []byte }

func (s *Store) setAll(txn *badger.Txn, kvs []kv) error {
	for _, e := range kvs {
		if err := s.set(txn, e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// writeDossier writes the keys of a save: the dossier, and for each
// changed field a log change (stamped with the next HLC and sequence) and
// a history entry. A local save supersedes what a remote apply noted for
// the forms still open (p/).
func (s *Store) writeDossier(txn *badger.Txn, old, d *dossier.Dossier, user string) error {
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode dossier: %w", err)
	}
	return s.writeEncoded(txn, old, d, user, dossier.Diff(old, d), body)
}

// writeEncoded is writeDossier given d's changes from old and its JSON
// (a bulk save has both already).
func (s *Store) writeEncoded(txn *badger.Txn, old, d *dossier.Dossier, user string, changes []dossier.Change, body []byte) error {
	if err := s.set(txn, []byte(prefDossier+d.ID), body); err != nil {
		return err
	}
	edits := make([]edit, len(changes))
	for i, c := range changes {
		edits[i] = edit{Field: c.Field, Value: json.RawMessage(c.New), Deleted: c.New == ""}
	}
	logged, err := s.logLocal(txn, changelog.KindDossier, d.ID, user, edits)
	if err != nil {
		return err
	}
	for i, c := range changes {
		ts := logged[i].HLC
		rec := ChangeRecord{HLC: ts.String(), Device: s.device, User: user, UserID: logged[i].User, DossierID: d.ID,
			Field: c.Field, Old: c.Old, New: c.New, At: ts.Time()}
		hkey := fmt.Sprintf("%s%s/%s/%s/%04d", prefHistory, d.ID, rec.HLC, s.device, i)
		if err := s.putTxn(txn, []byte(hkey), rec); err != nil {
			return err
		}
	}
	if old != nil {
		return txn.Delete([]byte(prefSeenBy + d.ID))
	}
	return nil
}

// CreateDossiers stores many new dossiers in a few large transactions
// instead of one fsync each: for imports and the benchmark generator. It
// validates all of them first, so bad input stores nothing; progress, when
// not nil, is called with the number stored so far.
func (s *Store) CreateDossiers(ds []*dossier.Dossier, user string, progress func(done int)) ([]*dossier.Dossier, error) {
	now := s.now().UTC()
	out := make([]*dossier.Dossier, len(ds))
	for i, d := range ds {
		d = d.Clone()
		d.ID = newID()
		d.Normalize(newID)
		if err := d.Validate(); err != nil {
			if e, ok := errs.As(err); ok {
				e.Message = fmt.Sprintf("record %d: %s", i+1, e.Message)
			}
			return nil, err
		}
		d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy = now, user, now, user
		out[i] = d
	}
	// Badger refuses transactions over ~15% of a memtable (1.2 MB here):
	// commit about every 512 KB (a dossier's JSON, its history and log
	// entries are about four times its size), never splitting one dossier.
	const maxBatch = 512 << 10
	s.logMu.Lock()
	defer s.logMu.Unlock()
	size, stored, indexed := 0, 0, 0
	// commitRange halves a batch Badger finds too big (a dossier with
	// many fields logs many entries).
	var commitRange func(part []*dossier.Dossier) error
	commitRange = func(part []*dossier.Dossier) error {
		err := s.commit(func(txn *badger.Txn) error {
			for _, d := range part {
				if err := s.writeDossier(txn, nil, d, user); err != nil {
					return err
				}
			}
			return nil
		})
		if errors.Is(err, badger.ErrTxnTooBig) && len(part) > 1 {
			if err := commitRange(part[:len(part)/2]); err != nil {
				return err
			}
			return commitRange(part[len(part)/2:])
		}
		return err
	}
	flush := func() error {
		if stored == indexed {
			return nil
		}
		if err := commitRange(out[indexed:stored]); err != nil {
			return ioErr(err, "store dossiers %d-%d", indexed+1, stored)
		}
		ix := s.idx()
		for _, d := range out[indexed:stored] {
			ix.Put(d)
		}
		indexed, size = stored, 0
		if progress != nil {
			progress(stored)
		}
		return nil
	}
	for _, d := range out {
		body, err := json.Marshal(d)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "store dossiers")
		}
		n := 3*len(body) + 300*len(dossier.Flatten(d))
		if size+n > maxBatch {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		size += n
		stored++
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// Dossier loads one dossier.
func (s *Store) Dossier(id string) (*dossier.Dossier, error) {
	var d dossier.Dossier
	if err := s.getJSON(prefDossier+id, &d); err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.New(errs.NotFound, "no customer with id %s", id).WithKey("err.dossierNotFound", "id", id)
		}
		return nil, err
	}
	return &d, nil
}

// Search queries the in-memory index.
func (s *Store) Search(q search.Query) search.Result { return s.idx().Search(q) }

// Facets are the countries, owners and tags in use (archived dossiers
// included), from counts the index keeps.
func (s *Store) Facets() (countries, owners, tags []string) { return s.idx().Facets() }

// DossierIDs lists the id of every dossier, archived included, from the
// database's keys alone: for work that goes through the whole book (a
// re-screen) without needing the search index built or any value read.
func (s *Store) DossierIDs() ([]string, error) {
	ids, err := s.keysUnder(prefDossier)
	if err != nil {
		return nil, ioErr(err, "list dossiers")
	}
	return ids, nil
}

// Count is the number of dossiers, archived included.
func (s *Store) Count() int { return s.idx().Len() }

// History returns the dossier's changes, newest first.
func (s *Store) History(id string) ([]ChangeRecord, error) {
	var out []ChangeRecord
	names := s.peopleNames()
	err := s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefHistory + id + "/")
		opt.Reverse = true
		it := txn.NewIterator(opt)
		defer it.Close()
		// Reverse iteration starts at the largest key not above the seek key.
		for it.Seek(append(opt.Prefix, 0xff)); it.ValidForPrefix(opt.Prefix); it.Next() {
			var r ChangeRecord
			b, err := s.value(it.Item())
			if err != nil {
				return err
			}
			if err := json.Unmarshal(b, &r); err != nil {
				return errs.Wrap(errs.Invalid, err, "history entry damaged").WithKey("err.damaged", "what", describeKey(it.Item().Key()))
			}
			r.User = names.of(r.UserID, r.User)
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, ioErr(err, "read history")
	}
	return out, nil
}

// loadIndex reads every dossier into the in-memory search index.
// idx is the search index, built on first use: a command that never lists,
// searches or saves (screening a name, the audit trail, a backup, sync
// set-up) does not decode every dossier (4.5 s of CPU at 100 000). The app
// starts the build right after unlocking (WarmIndex).
func (s *Store) idx() *search.Index {
	s.indexOnce.Do(func() {
		// A snapshot that does not apply, or fails to read (a changed
		// byte, another workspace's file), is only a rebuild: it holds
		// nothing the dossiers do not.
		if ok, _ := s.loadIndexSnapshot(); ok {
			s.indexReady.Store(true)
			return
		}
		if err := s.loadIndex(s.index.Put); err != nil {
			s.damage = append(s.damage, Problem{Where: "search index", What: err.Error()})
		}
		s.indexReady.Store(true)
	})
	return s.index
}

// IndexReady reports whether the search index has been built.
func (s *Store) IndexReady() bool { return s.indexReady.Load() }

// WarmIndex builds the search index now, in the background, so that the
// first list after unlocking does not wait for it.
func (s *Store) WarmIndex() { go s.idx() }

// loadIndex reads every dossier into the search index (put). Decoding the JSON
// is nearly half the work, so it runs beside the index's inserts: a reader
// hands batches of raw values to decoders and the batches reach the index
// in the order they were read (the index then gets the same slots every
// time). At 100 000 customers this halves the wait for the first list.
func (s *Store) loadIndex(put func(*dossier.Dossier)) error {
	type decoded struct {
		d    *dossier.Dossier
		fail error // the value did not read or decode: a damaged dossier
	}
	type batch struct {
		keys  []string
		vals  [][]byte
		fails []error // of reading each value
		done  chan []decoded
	}
	const batchSize = 256
	work := make(chan *batch, 4)
	order := make(chan *batch, 8)
	for range max(runtime.GOMAXPROCS(0)-1, 1) {
		go func() {
			for b := range work {
				out := make([]decoded, len(b.vals))
				for i, v := range b.vals {
					if out[i].fail = b.fails[i]; out[i].fail != nil {
						continue
					}
					var d dossier.Dossier
					if err := json.Unmarshal(v, &d); err != nil {
						out[i].fail = err
						continue
					}
					out[i].d = &d
				}
				b.done <- out
			}
		}()
	}
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		readErr = s.view(func(txn *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.Prefix = []byte(prefDossier)
			opt.PrefetchSize = 256
			it := txn.NewIterator(opt)
			defer it.Close()
			b := &batch{done: make(chan []decoded, 1)}
			flush := func() {
				work <- b
				order <- b
				b = &batch{done: make(chan []decoded, 1)}
			}
			for it.Rewind(); it.Valid(); it.Next() {
				v, err := s.value(it.Item())
				b.keys = append(b.keys, string(it.Item().Key()[len(prefDossier):]))
				b.vals, b.fails = append(b.vals, v), append(b.fails, err)
				if len(b.vals) == batchSize {
					flush()
				}
			}
			if len(b.vals) > 0 {
				flush()
			}
			return nil
		})
	}()
	for b := range order {
		for i, r := range <-b.done {
			if r.fail != nil {
				// One damaged dossier must not lock out the others: it is
				// left out of the list and reported (Damaged, Verify).
				p := Problem{Where: "dossier " + b.keys[i], What: "damaged record: " + r.fail.Error()}
				if !slices.Contains(s.damage, p) { // a rebuild finds it again
					s.damage = append(s.damage, p)
				}
				continue
			}
			put(r.d)
		}
	}
	if err := readErr; err != nil {
		if _, ok := errs.As(err); ok {
			return err
		}
		return errs.Wrap(errs.Internal, err, "build search index")
	}
	return nil
}

// personNames renders who by id: a person's name as they are called now.
type personNames map[string]string

func (n personNames) of(id, fallback string) string {
	if name, ok := n[id]; ok && id != "" {
		return name
	}
	return fallback
}

// peopleNames maps the workspace's people to their current names (empty
// when they cannot be read: history then shows the names it recorded).
func (s *Store) peopleNames() personNames {
	out := personNames{}
	if people, err := s.People(); err == nil {
		for _, p := range people {
			out[p.ID] = p.Name
		}
	}
	return out
}
