package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/memstat"
	"credence/backend/search"
)

// A large load into a small workspace goes around Badger's write path.
// Through transactions each of the 33 records of a new dossier is written
// to the write-ahead log, put in a memtable, flushed to a level-0 table and
// rewritten by compaction level after level, with table builders holding
// hundreds of MB: 100 000 generated dossiers took 112 s and 1.3 GB. Here a
// new database is written beside the workspace's as sorted tables placed
// at the last level directly (Badger's StreamWriter): what the workspace
// holds, merged in key order with the new records, which time-ordered
// dossier ids and sequences produce already sorted. Then the new database
// takes the old one's place by two renames.
//
// The old database stays as it was until the renames: reads go on from it
// meanwhile, writes wait (bulkGate), a failure or a crash leaves it whole
// and the unfinished one is removed at the next open (resumeBulk). The
// renames happen only once the new one is complete and closed.

// streamMin is how many new dossiers make a load go around the write
// path; a variable so that tests can use it on small books.
var streamMin = 2000

// streamMaxSize is the largest workspace (Badger's LSM and value log) a
// load rewrites this way: the rewrite copies all of it.
const streamMaxSize = 256 << 20

// streamHeap bounds the Go heap during a stream load. What is live grows
// to about 400 MB at 100 000 dossiers (the search index of the new book,
// Badger's table builders and their pool); the collector would otherwise
// let the heap reach twice that.
const streamHeap = 480 << 20

// streamTable is the size of the tables a stream load writes, the usual
// one. Half of it held less while loading (each stream's table builder
// holds a table about three times over and Badger keeps eight builders'
// buffers), but a workspace of twice as many tables keeps more of their
// files resident at every open, the pages around each table's index:
// 100 000 realistic customers in 702 tables of 1 MB held 211 MB of RSS
// open, in 360 of 2 MB 200 MB; the load took 33 and 36 s, Go's peak at
// the heap's cap (480 MB) either way (BENCHMARKS.md, twelfth pass).
const streamTable = 2 << 20

// streamChunk is how many bytes of records go to the stream at a time.
const streamChunk = 4 << 20

const (
	bulkDir      = "db.bulk"  // the database being written
	bulkOldDir   = "db.old"   // the database it replaced, until removed
	bulkComplete = "COMPLETE" // in bulkDir once it is whole and closed
	bulkLogTag   = "credence bulk load"
)

// The record families a load writes, in key order. Each is a stream of
// its own, and so is each range between them, where the workspace's other
// records lie: stream ranges must not overlap.
var bulkFamilies = []string{prefChange, prefDossier, prefHistory, prefVersion}

// streamOf is the stream a key belongs to: 1–4 the families, 5–9 the
// ranges before, between and after them.
func streamOf(k []byte) uint32 {
	gap := 0
	for i, p := range bulkFamilies {
		if bytes.HasPrefix(k, []byte(p)) {
			return uint32(i + 1)
		}
		if bytes.Compare(k, []byte(p)) > 0 {
			gap = i + 1
		}
	}
	return uint32(len(bulkFamilies) + 1 + gap)
}

// streamable tells whether a large load may be written around the write
// path: the rewrite of what the workspace holds must be cheap against it.
func (s *Store) streamable() bool {
	if s.readOnly {
		return false
	}
	// The files, not Badger's estimate, which lags by up to a minute.
	return dirSize(filepath.Join(s.dir, dbDir)) <= streamMaxSize
}

// bulkStage, set by tests, hears a stream load's steps ("written": the
// first chunk is in the new database; "complete": it is whole and closed;
// "moved": the old one was moved away). It may stop the process there, as
// a crash would, or fail the step, as a disk would.
var bulkStage func(step string) error

func stage(step string) error {
	if bulkStage != nil {
		return bulkStage(step)
	}
	return nil
}

type bulkItem struct {
	d    *dossier.Dossier
	kvs  []kv
	drop []byte // a key of the workspace's the load deletes, if any
}

// bulkSource gives a stream load's next dossier and its records, counting
// the change log's sequence in seq; io.EOF after the last. An error in an
// inputErr is the input's: the dossiers before it are stored. Any other
// stores nothing.
type bulkSource func(seq *uint64) (bulkItem, error)

type inputErr struct{ error }

func (e inputErr) Unwrap() error { return e.error }

// newSource is the bulkSource of a load of new dossiers.
func (s *Store) newSource(next func() (*dossier.Dossier, error), user string) bulkSource {
	who := s.bulkWho(user)
	n := 0
	now := s.now().UTC()
	return func(seq *uint64) (bulkItem, error) {
		n++
		d, err := takeNew(next, n, now, user)
		if err == io.EOF {
			return bulkItem{}, io.EOF
		}
		if err != nil {
			return bulkItem{}, inputErr{err}
		}
		kvs, err := s.bulkKeys(d, user, who, seq)
		return bulkItem{d: d, kvs: kvs}, err
	}
}

// bulkStream is a bulk load around the write path (logMu is held): src
// gives the dossiers, in id order. Each chunk's dossiers go to ix as they
// are written (none when ix is nil); undo takes them out again if the
// load fails. ok is false when the new database could not be started:
// nothing was taken from src, and the caller uses transactions instead.
func (s *Store) bulkStream(ix *search.Index, src bulkSource, undo func(ids []string), progress func(done int)) (ids []string, ok bool, err error) {
	if err := s.checkSpace(0); err != nil {
		return nil, true, err
	}
	// Writes wait from here until the new database is in place; those
	// under way finish first (lockTx waits for them).
	s.bulkGate.Store(true)
	s.lockTx()
	s.txMu.Unlock()
	defer s.bulkGate.Store(false)

	var seq uint64
	if err := s.view(func(txn *badger.Txn) (err error) { seq, err = s.lastSeq(txn, s.device); return err }); err != nil {
		return nil, true, ioErr(err, "read change log")
	}
	path := filepath.Join(s.dir, bulkDir)
	os.RemoveAll(path)
	// The new database is only written until it is closed: its caches
	// (read blocks, table indexes) and memtable would hold memory the
	// load needs.
	ndb, err := badger.Open(badgerOptions(path, s.dataKey).WithBaseTableSize(streamTable).
		WithBlockCacheSize(1 << 20).WithIndexCacheSize(4 << 20).WithMemTableSize(1 << 20))
	if err != nil {
		os.RemoveAll(path)
		return nil, false, nil
	}
	sw := ndb.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		ndb.Close()
		os.RemoveAll(path)
		return nil, false, nil
	}
	defer memstat.Cap(streamHeap)()
	old := s.db.NewTransaction(false) // what the workspace holds, merged in
	version := old.ReadTs() + 1       // the load's records come after all of it

	var (
		stop error // the input's: what came before it is stored
		fail error // ours: nothing is stored
	)
	// Two stages, one per core: this goroutine takes the dossiers and
	// encodes their records (JSON, the change log's sequence and clock),
	// the writer merges, tags and hands them to Badger and the index.
	groups := make(chan []bulkItem, 4)
	var failed atomic.Bool
	wdone := make(chan error, 1)
	w := &bulkWriter{s: s, sw: sw, ix: ix, old: old, version: version, progress: progress, drop: map[string]bool{}}
	go func() {
		err := w.run(groups)
		if err == nil {
			err = w.finish(seq)
		}
		w.release()
		wdone <- err
		failed.Store(true) // if it ended early, stop making more
	}()
	var group []bulkItem
	for !failed.Load() {
		it, err := src(&seq)
		if err == io.EOF {
			break
		}
		var in inputErr
		if errors.As(err, &in) {
			stop = in.error
			break
		}
		if err != nil {
			fail = err
			break
		}
		if group = append(group, it); len(group) == 64 {
			groups <- group
			group = nil
		}
	}
	if fail == nil && len(group) > 0 {
		groups <- group
	}
	if fail != nil {
		w.abort.Store(true)
	}
	close(groups)
	if werr := <-wdone; fail == nil {
		fail = werr
	}
	old.Discard()
	if fail == nil {
		if err := sw.Flush(); err != nil {
			fail = ioErr(err, "store dossiers")
		}
	} else {
		sw.Cancel()
	}
	if cerr := ndb.Close(); fail == nil && cerr != nil {
		fail = ioErr(cerr, "store dossiers")
	}
	if fail == nil {
		fail = s.swapInBulk()
	}
	if fail != nil {
		os.RemoveAll(path)
		undo(w.added)
		return nil, true, fail
	}
	return w.added, true, stop
}

// bulkWriter is the writing stage of a stream load.
type bulkWriter struct {
	s        *Store
	sw       *badger.StreamWriter
	ix       *search.Index
	old      *badger.Txn
	version  uint64
	progress func(done int)
	abort    atomic.Bool     // the other stage failed: stop
	added    []string        // ids of the dossiers written
	drop     map[string]bool // keys of the workspace's not copied
	buf      *z.Buffer
	batch    []*dossier.Dossier
	its      [5]*badger.Iterator // the workspace's records of each family, by stream
	kv       pb.KV               // copyOld's, reused
	um       [1]byte
}

func (w *bulkWriter) run(groups <-chan []bulkItem) error {
	defer func() {
		for range groups { // let the other stage finish
		}
	}()
	w.buf = z.NewBuffer(streamChunk+streamChunk/4, bulkLogTag)
	for i, p := range bulkFamilies {
		o := badger.DefaultIteratorOptions
		o.Prefix, o.PrefetchValues = []byte(p), false
		w.its[i+1] = w.old.NewIterator(o)
		w.its[i+1].Rewind()
	}
	for group := range groups {
		if w.abort.Load() {
			return errors.New("bulk load: stopped")
		}
		for _, it := range group {
			for _, e := range it.kvs {
				id := streamOf(e.k)
				if id > uint32(len(bulkFamilies)) { // the sequence and the clock: at the end
					continue
				}
				if err := w.oldBefore(id, e.k); err != nil {
					return err
				}
				if old := w.its[id]; old.Valid() && bytes.Equal(old.Item().Key(), e.k) {
					old.Next() // a record the load writes over
				}
				w.put(e.k, w.s.tagged(e.k, e.v), w.version, id)
			}
			if it.drop != nil {
				w.drop[string(it.drop)] = true
			}
			w.batch = append(w.batch, it.d)
		}
		if w.buf.LenNoPadding() >= streamChunk {
			if err := w.send(); err != nil {
				return err
			}
		}
	}
	return nil
}

// release closes the workspace's iterators still open and frees the
// buffer, however the writer ended: a write that fails in run skips
// finish, and the transaction the iterators read cannot be discarded
// while one is open (Badger panics).
func (w *bulkWriter) release() {
	for i, it := range w.its {
		if it != nil {
			it.Close()
			w.its[i] = nil
		}
	}
	if w.buf != nil {
		w.buf.Release()
		w.buf = nil
	}
}

// finish writes what is left of the workspace's records, with the
// device's sequence and the clock as the load leaves them.
func (w *bulkWriter) finish(seq uint64) error {
	for i := range bulkFamilies {
		err := w.oldBefore(uint32(i+1), nil)
		w.its[i+1].Close()
		w.its[i+1] = nil
		if err != nil {
			return err
		}
	}
	last := map[string][]byte{}
	var err error
	if last[prefSeq+w.s.device], err = json.Marshal(seq); err != nil {
		return errs.Wrap(errs.Internal, err, "encode sequence")
	}
	if last[keyHLC], err = json.Marshal(w.s.clock.Last()); err != nil {
		return errs.Wrap(errs.Internal, err, "encode clock")
	}
	over := make([]string, 0, len(last))
	for k := range last {
		over = append(over, k)
	}
	sort.Strings(over)
	putOver := func(k string) {
		w.put([]byte(k), w.s.tagged([]byte(k), last[k]), w.version, streamOf([]byte(k)))
	}
	o := badger.DefaultIteratorOptions
	o.PrefetchValues = false
	it := w.old.NewIterator(o)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		k := string(item.Key())
		if streamOf(item.Key()) <= uint32(len(bulkFamilies)) {
			continue
		}
		for len(over) > 0 && over[0] < k {
			putOver(over[0])
			over = over[1:]
		}
		if len(over) > 0 && over[0] == k { // replaced by its new value
			putOver(k)
			over = over[1:]
		} else if w.drop[k] {
			continue
		} else if err := w.copyOld(item); err != nil {
			return err
		}
		if w.buf.LenNoPadding() >= streamChunk {
			if err := w.send(); err != nil {
				return err
			}
		}
	}
	for _, k := range over {
		putOver(k)
	}
	return w.send()
}

// oldBefore writes the workspace's records of family stream id that sort
// before k (all that are left when k is nil). New ids sort after the old
// ones, so the first new record brings the whole family along: it goes
// out a chunk at a time, not held whole in the buffer.
func (w *bulkWriter) oldBefore(id uint32, k []byte) error {
	it := w.its[id]
	for ; it.Valid(); it.Next() {
		if k != nil && bytes.Compare(it.Item().Key(), k) >= 0 {
			return nil
		}
		if err := w.copyOld(it.Item()); err != nil {
			return err
		}
		if w.buf.LenNoPadding() >= streamChunk {
			if err := w.send(); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyOld writes one of the workspace's records as it is stored: value
// (tag included), version and Badger's user byte. The key and value are
// read in place: a rewrite copies millions of records.
func (w *bulkWriter) copyOld(item *badger.Item) error {
	kv := &w.kv
	kv.Key, kv.Version, kv.StreamId, kv.ExpiresAt, kv.UserMeta = item.Key(), item.Version(), streamOf(item.Key()), item.ExpiresAt(), nil
	if um := item.UserMeta(); um != 0 {
		w.um[0] = um
		kv.UserMeta = w.um[:]
	}
	err := item.Value(func(v []byte) error {
		kv.Value = v
		badger.KVToBuffer(kv, w.buf)
		return nil
	})
	kv.Key, kv.Value = nil, nil
	if err != nil {
		return ioErr(err, "read %s", describeKey(item.Key()))
	}
	return nil
}

func (w *bulkWriter) put(k, v []byte, version uint64, id uint32) {
	badger.KVToBuffer(&pb.KV{Key: k, Value: v, Version: version, StreamId: id}, w.buf)
}

// send hands the buffered records to the stream writer and the chunk's
// dossiers to the index (searchable as they are written; taken out again
// if the load fails).
func (w *bulkWriter) send() error {
	if w.buf.LenNoPadding() == 0 {
		return nil
	}
	if err := w.s.checkSpace(0); err != nil {
		return err
	}
	if err := w.sw.Write(w.buf); err != nil {
		return ioErr(err, "store dossiers")
	}
	w.buf.Reset()
	if len(w.added) == 0 {
		if err := stage("written"); err != nil {
			return err
		}
	}
	if w.ix != nil {
		w.ix.PutMany(w.batch)
	}
	for _, d := range w.batch {
		w.added = append(w.added, d.ID)
	}
	w.batch = nil
	if w.progress != nil {
		w.progress(len(w.added))
	}
	return nil
}

// tagged is v as set stores it under k.
func (s *Store) tagged(k, v []byte) []byte {
	if s.macs != nil {
		return s.macs.tag(k, v)
	}
	return v
}

// swapInBulk puts the complete new database in the old one's place and
// opens it. Transactions are kept out meanwhile.
func (s *Store) swapInBulk() error {
	db := filepath.Join(s.dir, dbDir)
	nb, ob := filepath.Join(s.dir, bulkDir), filepath.Join(s.dir, bulkOldDir)
	if err := writeSynced(filepath.Join(nb, bulkComplete)); err != nil {
		return ioErr(err, "store dossiers")
	}
	syncDir(nb)
	if err := stage("complete"); err != nil {
		return err
	}
	s.lockTx()
	defer s.txMu.Unlock()
	if err := s.db.Close(); err != nil {
		return ioErr(err, "store dossiers: close the database")
	}
	os.RemoveAll(ob)
	err := os.Rename(db, ob)
	if err == nil {
		syncDir(s.dir)
		if err = stage("moved"); err == nil {
			err = os.Rename(nb, db)
		}
	}
	if err != nil { // the old database is where it was, or is put back at the next open
		os.Rename(ob, db)
	} else {
		syncDir(s.dir)
		os.Remove(filepath.Join(db, bulkComplete))
		os.RemoveAll(ob)
	}
	ndb, oerr := badger.Open(badgerOptions(db, s.dataKey))
	if oerr != nil {
		return errs.Wrap(errs.Internal, errors.Join(err, oerr), "store dossiers: reopen the database")
	}
	s.db = ndb
	if err != nil {
		return ioErr(err, "store dossiers")
	}
	return nil
}

func writeSynced(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// resumeBulk settles, before the database opens, a stream load that a
// crash interrupted: a complete new database whose rename did not happen
// takes its place, an incomplete one is removed, and so is an old one
// left after the renames.
func resumeBulk(dir string) error {
	db := filepath.Join(dir, dbDir)
	nb, ob := filepath.Join(dir, bulkDir), filepath.Join(dir, bulkOldDir)
	_, dbErr := os.Stat(db)
	_, complete := os.Stat(filepath.Join(nb, bulkComplete))
	_, obErr := os.Stat(ob)
	switch {
	case os.IsNotExist(dbErr) && obErr == nil && complete == nil:
		if err := os.Rename(nb, db); err != nil {
			return err
		}
	case os.IsNotExist(dbErr) && obErr == nil:
		if err := os.Rename(ob, db); err != nil {
			return err
		}
	}
	syncDir(dir)
	os.Remove(filepath.Join(db, bulkComplete))
	os.RemoveAll(nb)
	os.RemoveAll(ob)
	return nil
}

// lockTx keeps every transaction out. TryLock, not Lock: a waiting Lock
// would block new readers, and a reader that opens a second transaction
// inside its first would then wait for itself.
func (s *Store) lockTx() {
	for !s.txMu.TryLock() {
		time.Sleep(time.Millisecond)
	}
}

// updateDB runs a write transaction, after a stream load if one is
// writing (its new database would not have the write).
func (s *Store) updateDB(fn func(txn *badger.Txn) error) error {
	return s.writeDB(func(db *badger.DB) error { return db.Update(fn) })
}

// writeDB runs fn, which writes to the database, once no stream load is
// under way; readDB runs fn, which reads, with the database held open.
func (s *Store) writeDB(fn func(db *badger.DB) error) error {
	for {
		for s.bulkGate.Load() {
			time.Sleep(20 * time.Millisecond)
		}
		s.txMu.RLock()
		if s.bulkGate.Load() {
			s.txMu.RUnlock()
			continue
		}
		err := fn(s.db)
		s.txMu.RUnlock()
		return err
	}
}

func (s *Store) readDB(fn func(db *badger.DB) error) error {
	s.txMu.RLock()
	defer s.txMu.RUnlock()
	return fn(s.db)
}
