package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/search"
)

// bulkTxnBytes is how much one bulk transaction carries, by an estimate
// that counts 64 bytes of overhead per entry: under the 1.2 MB Badger
// accepts in one (15 % of a memtable).
const bulkTxnBytes = 900 << 10

// bulkInFlight is how many bulk transactions may be committing while the
// next is made. One: were a later commit to land after an earlier one
// failed, the change log would lack the failed one's sequences and sync
// would stop at the gap.
const bulkInFlight = 1

// bulkBreath is how often a bulk create through transactions lets a save
// waiting for the change log go between two of its transactions.
const bulkBreath = 250 * time.Millisecond

// BulkCreate stores new dossiers taken one at a time from next (io.EOF
// after the last) without holding them all: for imports and the
// generator. Each dossier is written with exactly the keys a CreateDossier
// writes (the dossier, a log change and merge state per field, a history
// entry per field, the device's sequence and the clock), but many go in
// one transaction (one fsync for hundreds), committed while the next is
// made. A dossier is never split between transactions, and the dossiers
// get time-ordered ids (sortedID). A dossier next returns must be valid (the caller checked
// the input first): an invalid one stops the load with an error, the ones
// before it stay stored. The search index takes each committed batch;
// progress, when not nil, hears the number stored so far. It returns the
// ids given, in order. A load large against the book (see BulkCreateSized)
// is written as a new database instead (bulkstream.go): the same keys, all
// or nothing but for an error of the input (an invalid dossier, a cancel),
// which ends the load with the ones before it stored, as here.
func (s *Store) BulkCreate(next func() (*dossier.Dossier, error), user string, progress func(done int)) ([]string, error) {
	return s.BulkCreateSized(0, next, user, progress)
}

// BulkCreateSized is BulkCreate told that next gives n dossiers (0: not
// known; a wrong n only chooses the slower way to write them). A load of
// at least streamMin new dossiers, at least twice as many as the book
// holds, is written as a new database: that rewrites the book too, at
// about the cost per record of writing a new one, so it pays only when
// the book is small against the load (measured: 2 000 or 5 000 into a
// book of 10 000 took 4.6 and 6.6 s that way, 1.0 and 2.9 s through
// transactions; 100 000 into an empty one 22–25 s against 112 s). Without
// n, only a book of up to streamMin/2 is rewritten.
func (s *Store) BulkCreateSized(n int, next func() (*dossier.Dossier, error), user string, progress func(done int)) ([]string, error) {
	// The index is built (if still lazy) before the first commit, not
	// from inside a commit's callback.
	ix := s.idx()
	s.logMu.Lock()
	defer s.logMu.Unlock()
	pol, err := changelog.PolicyOf(changelog.KindDossier)
	if err != nil || pol != changelog.SharedField {
		return nil, errs.Wrap(errs.Internal, err, "bulk create: dossier policy")
	}
	least := streamMin
	if s.streamMin > 0 {
		least = s.streamMin
	}
	// A load of unknown size: its first dossiers are read to know that it
	// is not small. One of known size is not read ahead, so an error next
	// gives (a cancel) stops it at once.
	src, large := next, n >= least && 2*ix.Len() <= n
	if n <= 0 {
		head, herr := readAhead(next, least)
		src = replay(head, herr, next)
		large = len(head) == least && herr == nil && 2*ix.Len() <= least
	}
	if large && s.streamable() {
		undo := func(ids []string) {
			for _, id := range ids {
				ix.Remove(id)
			}
		}
		ids, ok, err := s.bulkStream(ix, s.newSource(src, user), undo, progress)
		if ok {
			return ids, err
		}
		// The new database could not be started (nothing was written):
		// the transactions below take the same dossiers.
	}
	return s.bulkTxn(ix, src, user, progress)
}

// bulkTxn is BulkCreate through transactions: for loads small against
// the book, where rewriting the whole workspace would cost more than it
// saves. The caller holds logMu; every bulkBreath it lets a waiting save
// through between two transactions (a load of 100 000 into a large book
// takes over a minute), then goes on from the sequence that save left.
func (s *Store) bulkTxn(ix *search.Index, next func() (*dossier.Dossier, error), user string, progress func(done int)) ([]string, error) {
	who := s.bulkWho(user)
	var seq uint64
	readSeq := func() error {
		if err := s.view(func(txn *badger.Txn) (err error) { seq, err = s.lastSeq(txn, s.device); return err }); err != nil {
			return ioErr(err, "read change log")
		}
		return nil
	}
	if err := readSeq(); err != nil {
		return nil, err
	}
	var (
		ids      []string
		mu       sync.Mutex
		firstErr error
		done     int
		slots    = make(chan struct{}, bulkInFlight)
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return firstErr
	}
	// send commits txn in the background; the batch's dossiers enter the
	// index once durable.
	send := func(txn *badger.Txn, batch []*dossier.Dossier) {
		s.waitForL0()
		slots <- struct{}{}
		if failed() != nil { // the one before failed: this one must not land
			txn.Discard()
			<-slots
			return
		}
		txn.CommitWith(func(err error) {
			defer func() { <-slots }()
			if err != nil {
				fail(ioErr(err, "store dossiers"))
				return
			}
			ix.PutMany(batch)
			mu.Lock()
			done += len(batch)
			n := done
			mu.Unlock()
			if progress != nil {
				progress(n)
			}
		})
	}
	var batch []*dossier.Dossier
	var txn *badger.Txn
	var stop error // the input's error: what came before it is still stored
	size := 0
	now := s.now().UTC()
	breathed := time.Now()
	// breathe waits for the transaction in flight (were it to fail after a
	// save took the sequences past it, the log would keep a gap sync stops
	// at), lets logMu go for a moment, and reads the sequence again.
	breathe := func() error {
		for range bulkInFlight {
			slots <- struct{}{}
		}
		for range bulkInFlight {
			<-slots
		}
		if err := failed(); err != nil {
			return err
		}
		s.logMu.Unlock()
		runtime.Gosched() // the save that Unlock woke runs now and takes the lock
		s.logMu.Lock()
		breathed = time.Now()
		return readSeq()
	}
	for {
		if err := failed(); err != nil {
			break
		}
		if txn != nil && size >= bulkTxnBytes/2 && time.Since(breathed) >= bulkBreath {
			send(txn, batch)
			txn, batch, size = nil, nil, 0
			if err := breathe(); err != nil {
				fail(err)
				break
			}
		}
		d, err := takeNew(next, len(ids)+1, now, user)
		if err == io.EOF {
			break
		}
		if err != nil {
			stop = err
			break
		}
		kvs, err := s.bulkKeys(d, user, who, &seq)
		if err != nil {
			fail(err)
			break
		}
		n := 0
		for _, e := range kvs {
			n += len(e.k) + len(e.v) + 64 // 64: Badger's per-entry overhead, generously
		}
		if txn != nil && size+n > bulkTxnBytes {
			send(txn, batch)
			txn, batch, size = nil, nil, 0
		}
		if txn == nil {
			if err := s.checkSpace(0); err != nil {
				fail(err)
				break
			}
			txn = s.db.NewTransaction(true)
		}
		if err := s.setBulk(txn, kvs); err != nil {
			fail(err)
			break
		}
		size += n
		batch = append(batch, d)
		ids = append(ids, d.ID)
	}
	if txn != nil {
		if failed() == nil {
			send(txn, batch)
		} else {
			txn.Discard()
		}
	}
	for range bulkInFlight { // wait for the pipeline to drain
		slots <- struct{}{}
	}
	if err := failed(); err != nil {
		return ids[:0:0], err
	}
	return ids, stop
}

// bulkL0 is how many level-0 tables a bulk load lets pile up before it
// waits for compaction. Badger merges four or more waiting level-0 tables
// into one, and its table builder holds each block of a table three times
// (plain, compressed, encrypted): at 100 000 dossiers such merges held
// over 500 MB. Waiting instead keeps every table small.
const bulkL0 = 3

// waitForL0 waits while compaction is behind the bulk load's writes.
func (s *Store) waitForL0() {
	for i := 0; i < 3000; i++ { // at most a minute: never stuck for good
		if lv := s.db.Levels(); len(lv) == 0 || lv[0].NumTables < bulkL0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// setBulk sets kvs in txn, tagged as set tags them; the last two keys
// (sequence and clock) are the same in every dossier of a transaction, the
// later value wins.
func (s *Store) setBulk(txn *badger.Txn, kvs []kv) error {
	for _, e := range kvs {
		if err := s.set(txn, e.k, e.v); err != nil {
			if errors.Is(err, badger.ErrTxnTooBig) {
				return errs.Wrap(errs.Internal, err, "bulk create: one dossier is larger than a transaction")
			}
			return err
		}
	}
	return nil
}

// bulkWho is the id the change log names for user: the unlocked person's.
func (s *Store) bulkWho(user string) string {
	if id, _ := s.Person(); id != "" {
		return id
	}
	return user
}

// takeNew takes the n-th dossier of a load from next, gives it a
// time-ordered id and its stamps, and checks it. Its error is next's
// (io.EOF after the last) or names the record.
func takeNew(next func() (*dossier.Dossier, error), n int, now time.Time, user string) (*dossier.Dossier, error) {
	d, err := next()
	if err != nil {
		return nil, err
	}
	return d, prepareNew(d, n, now, user)
}

func prepareNew(d *dossier.Dossier, n int, now time.Time, user string) error {
	d.ID = sortedID()
	d.Normalize(newID)
	if err := d.Validate(); err != nil {
		if e, ok := errs.As(err); ok {
			e.Message = fmt.Sprintf("record %d: %s", n, e.Message)
		}
		return err
	}
	// A load may say when its records were made and last saved (a book
	// generated over years); a stamp it leaves out, or one still to come,
	// is now.
	if d.CreatedAt.IsZero() || d.CreatedAt.After(now) {
		d.CreatedAt = now
	}
	if d.UpdatedAt.Before(d.CreatedAt) || d.UpdatedAt.After(now) {
		d.UpdatedAt = now
	}
	d.CreatedBy, d.UpdatedBy = user, user
	return nil
}

// readAhead takes up to n dossiers from next; err is what next said
// after the last one taken (nil when n were taken).
func readAhead(next func() (*dossier.Dossier, error), n int) (head []*dossier.Dossier, err error) {
	for len(head) < n {
		d, err := next()
		if err != nil {
			return head, err
		}
		head = append(head, d)
	}
	return head, nil
}

// replay gives head, then err if not nil, then what next gives.
func replay(head []*dossier.Dossier, err error, next func() (*dossier.Dossier, error)) func() (*dossier.Dossier, error) {
	return func() (*dossier.Dossier, error) {
		if len(head) > 0 {
			d := head[0]
			head[0], head = nil, head[1:]
			return d, nil
		}
		if err != nil {
			return nil, err
		}
		return next()
	}
}

// bulkKeys are the keys writeDossier writes for a new dossier, made
// without reading: a new dossier has no merge states (so every change's
// base is empty) and the sequence is counted here (logMu is held).
func (s *Store) bulkKeys(d *dossier.Dossier, user, who string, seq *uint64) ([]kv, error) {
	body, err := json.Marshal(d)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encode dossier")
	}
	// dossier.Diff(nil, d), from the encoding made anyway.
	flat := dossier.FlattenJSON(body)
	changes := make([]dossier.Change, 0, len(flat))
	for k, v := range flat {
		changes = append(changes, dossier.Change{Field: k, New: v})
	}
	return s.savedKeys(d.ID, body, changes, nil, user, who, seq)
}

// savedKeys are the keys writeEncoded writes for a dossier saved with
// changes, in key order within each family (the fields sorted), then the
// device's sequence and the clock. base gives the merge state this device
// holds for a field (nil: a new dossier, none).
func (s *Store) savedKeys(id string, body []byte, changes []dossier.Change, base func(field string) (changelog.Version, error), user, who string, seq *uint64) ([]kv, error) {
	slices.SortFunc(changes, func(a, b dossier.Change) int { return strings.Compare(a.Field, b.Field) })
	out := make([]kv, 0, 3*len(changes)+3)
	out = append(out, kv{[]byte(prefDossier + id), body})
	logged := make([]changelog.Change, 0, len(changes))
	for _, ch := range changes {
		*seq++
		c := changelog.Change{ID: changelog.NewID(), Kind: changelog.KindDossier, Entity: id, Field: ch.Field,
			Value: json.RawMessage(ch.New), Deleted: ch.New == "", HLC: s.clock.Now(), Device: s.device, Seq: *seq, User: who}
		if base != nil {
			b, err := base(ch.Field)
			if err != nil {
				return nil, err
			}
			c.Base = b
		}
		if err := c.Check(); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "write %s", changelog.KindDossier)
		}
		cb, err := json.Marshal(c)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "encode change")
		}
		st := changelog.StateOf(c)
		st.Value = nil // the value lives in the change
		sb, err := json.Marshal(st)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "encode change")
		}
		out = append(out, kv{changeKey(c.Device, c.Seq), cb}, kv{versionKey(c.Kind, c.Entity, c.Field), sb})
		logged = append(logged, c)
	}
	for i, ch := range changes {
		ts := logged[i].HLC
		rec := ChangeRecord{HLC: ts.String(), Device: s.device, User: user, UserID: logged[i].User, DossierID: id,
			Field: ch.Field, Old: ch.Old, New: ch.New, At: ts.Time()}
		b, err := json.Marshal(rec)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "encode history")
		}
		out = append(out, kv{fmt.Appendf(nil, "%s%s/%s/%s/%04d", prefHistory, id, rec.HLC, s.device, i), b})
	}
	if len(changes) > 0 {
		b, _ := json.Marshal(*seq)
		out = append(out, kv{[]byte(prefSeq + s.device), b})
	}
	b, err := json.Marshal(s.clock.Last())
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encode clock")
	}
	return append(out, kv{[]byte(keyHLC), b}), nil
}

// DupMatcher answers Duplicates for many dossiers against the dossiers
// stored now, from maps of their keys (search.DupMatcher): for an import
// that asks for every row.
func (s *Store) DupMatcher(freeMail func(string) bool) func(d *dossier.Dossier) []search.Duplicate {
	m := s.idx().DupMatcher(freeMail)
	return func(d *dossier.Dossier) []search.Duplicate {
		c := d.Clone()
		c.Normalize(func() string { return "" })
		return m.Duplicates(c)
	}
}

// sortedID is a new dossier id that sorts after the ones made before it
// (a version 7 UUID: time first, then random): a bulk load's keys (d/,
// h/, v/ by dossier id) then land past what Badger holds instead of all
// over it, so compaction rewrites what was just written, not the book.
func sortedID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return newID()
	}
	return id.String()
}

// BulkSave stores edited dossiers taken one at a time from next (io.EOF
// after the last), each as SaveDossier would (the same checks, rebase on
// synced fields, history and change log, nothing written for a dossier
// that does not change), many per transaction: for an import merging rows
// into thousands of stored dossiers. Transactions are committed one after
// the other, each reading what the one before wrote (sequence, merge
// states); a dossier given twice starts a new one. next may give the
// stored copy it made d from, read inside next (under the lock a save
// takes, so still current), to spare reading it again; without it, or for
// a dossier given twice, it is read here. It returns how many were stored
// (not the dossiers: a merge into 100 000 would hold them all); at an
// error, those before it stay stored. Between transactions it lets go of
// the locks a save takes, so a person saving a customer while an import
// merges 100 000 rows waits for one transaction, not for the import; each
// dossier is read, checked and committed within one hold of the locks.
func (s *Store) BulkSave(next func() (d, stored *dossier.Dossier, err error), user string, progress func(done int)) (int, error) {
	s.writeMu.Lock()
	s.logMu.Lock()
	defer func() {
		s.logMu.Unlock()
		s.writeMu.Unlock()
	}()
	breathe := func() {
		s.logMu.Unlock()
		s.writeMu.Unlock()
		runtime.Gosched() // the save that Unlock woke runs now and takes the lock
		s.writeMu.Lock()
		s.logMu.Lock()
	}
	type pending struct {
		old, d  *dossier.Dossier
		changes []dossier.Change
		body    []byte
	}
	var batch []pending
	out := 0
	inBatch := map[string]bool{}
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.commit(func(txn *badger.Txn) error {
			for _, p := range batch {
				if err := s.writeEncoded(txn, p.old, p.d, user, p.changes, p.body); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			if e, ok := errs.As(err); ok && e.Code != errs.Internal {
				return err
			}
			return ioErr(err, "save dossiers")
		}
		saved := make([]*dossier.Dossier, len(batch))
		for i, p := range batch {
			saved[i] = p.d
		}
		s.idx().PutMany(saved)
		out += len(batch)
		batch, size = nil, 0
		clear(inBatch)
		if progress != nil {
			progress(out)
		}
		return nil
	}
	stop := func(err error) (int, error) {
		if ferr := flush(); ferr != nil {
			return out, ferr
		}
		return out, err
	}
	for {
		if size >= bulkTxnBytes/4 { // before next reads the stored copy
			if err := flush(); err != nil {
				return out, err
			}
			breathe()
		}
		d, old, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return stop(err)
		}
		if inBatch[d.ID] {
			if err := flush(); err != nil {
				return out, err
			}
			old = nil // read before the flush wrote its save
		}
		if old == nil || old.ID != d.ID {
			if old, err = s.Dossier(d.ID); err != nil {
				return stop(&DossierError{d.ID, err})
			}
		}
		nd, changes, err := s.prepareSave(old, d, user)
		if err != nil {
			return stop(&DossierError{d.ID, err})
		}
		if nd == nil {
			continue
		}
		// The dossier, and per field a change (the new value), a merge
		// state and a history entry (both values), with their keys.
		body, err := json.Marshal(nd)
		if err != nil {
			return stop(errs.Wrap(errs.Internal, err, "encode dossier"))
		}
		n := len(body) + 256
		for _, c := range changes {
			n += 2*len(c.New) + len(c.Old) + 1200
		}
		if size+n > bulkTxnBytes/2 {
			if err := flush(); err != nil {
				return out, err
			}
		}
		batch = append(batch, pending{old, nd, changes, body})
		inBatch[nd.ID] = true
		size += n
	}
	err := flush() // before out is read: the last batch counts
	return out, err
}
