package store

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"sync"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/memstat"
)

// A customer list merged into the book it came from (the ERP's monthly
// export) saves most of the book again. Through transactions each save's
// records go through the write-ahead log, a memtable and compaction after
// compaction of the whole key range: 100 000 rows into a book of 100 000
// took 61–65 s with 1.1–1.4 GB of Go memory, most of it Badger's table
// builders. Such a merge is written as a new database instead, as a large
// load of new dossiers is (bulkstream.go): the workspace's records copied
// in key order, those the merge writes over replaced by the new ones.

// streamSaveBytes is how much of the workspace's files one saved dossier
// pays for in a rewrite: a merge of n dossiers rewrites a workspace of up
// to n times this. A dossier with its history and log is 5–7 KB on disk;
// attachments (photos, PDFs) are what makes a workspace larger than that,
// and copying them is what the limit keeps a small merge from paying.
const streamSaveBytes = 16 << 10

// streamSaveMin is how many dossiers make a merge go around the write
// path. Below it transactions cost no more (a list merged again into the
// book it made, every row changed, one run each way: 10 000 in 4.0–4.7 s
// against 4.2–4.9 s and 70 MB less; 30 000 in 11.8–13.5 s against
// 12.8–14.2 s; 60 000 in 29.9–32.2 s against 27.2–32.3 s, where
// transactions passed 500 MB once); at 100 000 they took 61–65 s and
// 1.1–1.4 GB against 46–51 s and 480 MB. A variable so that tests can use
// it on small books.
var streamSaveMin = 50000

// BulkSaveSized is BulkSave told that next gives n dossiers, in ascending
// id order. A merge of at least streamSaveMin dossiers, at least half the
// book, into a workspace not much larger than what it writes is written
// as a new database: what BulkSave writes, all or nothing but for an error
// of the input (a dossier refused, a cancel), which ends it with the ones
// before stored, as BulkSave does. Saves, lists and searches wait while
// it writes (the search index is rebuilt); reading a dossier does not.
func (s *Store) BulkSaveSized(n int, next func() (d, stored *dossier.Dossier, err error), user string, progress func(done int)) (int, error) {
	if s.streamSaves(n) {
		done, ok, err := s.bulkMerge(next, user, progress)
		if ok {
			return done, err
		}
		// The new database could not be started (nothing was taken).
	}
	return s.BulkSave(next, user, progress)
}

// streamSaves tells whether a merge of n dossiers is written as a new
// database.
func (s *Store) streamSaves(n int) bool {
	least := streamSaveMin
	if s.streamMin > 0 {
		least = s.streamMin
	}
	if s.readOnly || n < least || 2*n < s.idx().Len() {
		return false
	}
	return rewritable(dirSize(filepath.Join(s.dir, dbDir)), n)
}

// rewritable tells whether a workspace of size bytes (its files) is
// rewritten for a merge of n dossiers.
func rewritable(size int64, n int) bool {
	return size <= max(streamMaxSize, int64(n)*streamSaveBytes)
}

// bulkMerge writes the merge as a new database. The search index is
// emptied first and filled again from the database once it is in place
// (failed or not): at 100 000 customers the index is 175 MB, and the
// old one kept beside the load's own memory (Badger's table builders,
// the workspace's blocks being copied) passed 500 MB. Lists and searches
// wait meanwhile, as saves do.
func (s *Store) bulkMerge(next func() (d, stored *dossier.Dossier, err error), user string, progress func(done int)) (int, bool, error) {
	ix := s.idx()
	s.writeMu.Lock()
	s.logMu.Lock()
	defer func() {
		s.logMu.Unlock()
		s.writeMu.Unlock()
	}()
	defer memstat.Cap(streamHeap)() // through the index's rebuild
	var (
		ids []string
		ok  bool
		err error
	)
	rerr := ix.Rebuild(func(put func(*dossier.Dossier)) error {
		src, stop := s.saveSource(next, user)
		ids, ok, err = s.bulkStream(nil, src, func([]string) {}, progress)
		stop()
		return s.loadIndex(put)
	})
	if rerr != nil {
		s.damage = append(s.damage, Problem{Where: "search index", What: rerr.Error()})
	}
	return len(ids), ok, err
}

// A DossierError is a bulk save's error about one of the dossiers it was
// given (refused as stale or invalid, or unreadable): the caller can say
// which of its rows it came from.
type DossierError struct {
	ID  string
	Err error
}

func (e *DossierError) Error() string { return e.Err.Error() }
func (e *DossierError) Unwrap() error { return e.Err }

// mergeJob is one dossier of a merge on its way to the stream.
type mergeJob struct {
	d, old  *dossier.Dossier
	err     error // io.EOF, an inputErr, or one that stores nothing
	nd      *dossier.Dossier
	changes []dossier.Change
	body    []byte
	bases   map[string]changelog.Version // the merge state this device holds per changed field
	seen    bool                         // a sync noted values for the dossier's open forms (p/)
	done    chan struct{}                // the fields above or err are set
}

// saveSource is the bulkSource of a merge: each dossier from next checked
// and stamped as SaveDossier does (writeMu is held), with the records
// writeEncoded writes. The merge states the changes are based on are read
// from the workspace, which no save changes while the load writes. next is
// called ahead, one call at a time, from a goroutine of its own, and the
// checks run on every core: the stream takes the dossiers in order, and
// only the change log's sequence and clock are given out one at a time.
// stop ends the goroutines; it returns once next is no longer called.
func (s *Store) saveSource(next func() (d, stored *dossier.Dossier, err error), user string) (src bulkSource, stop func()) {
	who := s.bulkWho(user)
	order := make(chan *mergeJob, 64)
	work := make(chan *mergeJob, 64)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	// Started by the first call: a stream that cannot start takes none
	// of next's dossiers, and transactions take them all.
	start := sync.OnceFunc(func() {
		wg.Add(1 + runtime.GOMAXPROCS(0))
		go s.feedMerge(next, order, work, quit, wg.Done)
		for range runtime.GOMAXPROCS(0) {
			go func() {
				defer wg.Done()
				for j := range work {
					j.err = s.prepareMerge(j, user)
					var de *DossierError
					if errors.As(j.err, &de) {
						j.err = inputErr{j.err} // the ones before it are stored
					}
					close(j.done)
				}
			}()
		}
	})
	stop = func() {
		close(quit)
		wg.Wait()
	}
	src = func(seq *uint64) (bulkItem, error) {
		start()
		for {
			j, ok := <-order
			if !ok {
				return bulkItem{}, errs.New(errs.Internal, "bulk save: stopped")
			}
			<-j.done
			if j.err == io.EOF {
				return bulkItem{}, io.EOF
			}
			if j.err != nil {
				return bulkItem{}, j.err
			}
			if j.nd == nil {
				continue // nothing changed: nothing written, as BulkSave
			}
			nd := j.nd
			base := func(field string) (changelog.Version, error) { return j.bases[field], nil }
			kvs, err := s.savedKeys(nd.ID, j.body, j.changes, base, user, who, seq)
			if err != nil {
				return bulkItem{}, err
			}
			it := bulkItem{d: nd, kvs: kvs}
			if j.seen { // a local save supersedes what a sync noted for open forms
				it.drop = []byte(prefSeenBy + nd.ID)
			}
			return it, nil
		}
	}
	return src, stop
}

// feedMerge calls next until it ends, handing each dossier to the
// consumer (order) and to a worker (work), until quit.
func (s *Store) feedMerge(next func() (d, stored *dossier.Dossier, err error), order, work chan<- *mergeJob, quit <-chan struct{}, done func()) {
	defer done()
	defer close(work)
	defer close(order)
	last := ""
	for {
		j := &mergeJob{done: make(chan struct{})}
		j.d, j.old, j.err = next()
		if j.err != nil && j.err != io.EOF {
			j.err = inputErr{j.err}
		}
		if j.err == nil && j.d.ID <= last { // the records must reach the new database in key order
			j.err = errs.New(errs.Internal, "bulk save: dossier %s given after %s", j.d.ID, last)
		}
		if j.err != nil {
			close(j.done)
		}
		select {
		case order <- j:
		case <-quit:
			return
		}
		if j.err != nil {
			return
		}
		last = j.d.ID
		select {
		case work <- j:
		case <-quit:
			return
		}
	}
}

// prepareMerge is what BulkSave does with one dossier before writing it:
// the stored copy read if not given, the save checked and stamped, the
// dossier encoded (nd nil: nothing changes), and what the workspace holds
// that its records depend on read in one transaction (no save changes it
// while the merge writes). An error about the dossier is a DossierError.
func (s *Store) prepareMerge(j *mergeJob, user string) error {
	old := j.old
	if old == nil || old.ID != j.d.ID {
		var err error
		if old, err = s.Dossier(j.d.ID); err != nil {
			return &DossierError{j.d.ID, err}
		}
	}
	nd, changes, err := s.prepareSave(old, j.d, user)
	if err != nil {
		return &DossierError{j.d.ID, err}
	}
	if nd == nil {
		return nil
	}
	if j.body, err = json.Marshal(nd); err != nil {
		return errs.Wrap(errs.Internal, err, "encode dossier")
	}
	j.nd, j.changes, j.bases = nd, changes, make(map[string]changelog.Version, len(changes))
	err = s.view(func(txn *badger.Txn) error {
		for _, c := range changes {
			var own changelog.FieldState
			if _, err := s.getTxn(txn, versionKey(changelog.KindDossier, nd.ID, c.Field), &own); err != nil {
				return err
			}
			j.bases[c.Field] = own.Version
		}
		_, err := txn.Get([]byte(prefSeenBy + nd.ID))
		if j.seen = err == nil; err == badger.ErrKeyNotFound {
			return nil
		}
		return err
	})
	if err != nil {
		return ioErr(err, "read %s", nd.ID)
	}
	return nil
}
