package syncserver

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"credence/backend/syncproto"
)

// BadgerStorage keeps everything in one Badger directory. It is not
// encrypted: it only ever holds sealed data, public keys and counters.
type BadgerStorage struct {
	db *badger.DB
	// mu serialises writers: every write touches a workspace's counters, and
	// Badger would otherwise make concurrent pushes retry on conflicts.
	mu     sync.Mutex
	stopGC chan struct{} // closed by Close: stops the GC and append loops
	gcDone chan struct{}

	appends    chan *appendReq
	appendDone chan struct{}
}

// Key layout; ids are uuids or hex hashes, so "/" never occurs inside one.
//
//	w/{ws}                 workspace JSON
//	d/{ws}/{device}        device JSON
//	k/{ws}/{device}/{ep}   wrapped key JSON (ep big-endian)
//	c/{ws}/{change id}     sequence (8 bytes)
//	e/{ws}/{seq}           envelope, binary (badger_codec.go); seq big-endian, so keys sort by seq
//	b/{ws}/{hash}          blob bytes
//	p/{hash}               pairing JSON
//	n/{ws}/{device}/{nonce} challenge expiry
func kWorkspace(ws string) []byte  { return []byte("w/" + ws) }
func kDevice(ws, id string) []byte { return []byte("d/" + ws + "/" + id) }
func kDevices(ws string) []byte    { return []byte("d/" + ws + "/") }
func kKeys(ws, dev string) []byte  { return []byte("k/" + ws + "/" + dev + "/") }
func kChange(ws, id string) []byte { return []byte("c/" + ws + "/" + id) }
func kEnvelopes(ws string) []byte  { return []byte("e/" + ws + "/") }
func kBlob(ws, hash string) []byte { return []byte("b/" + ws + "/" + hash) }
func kPairing(hash string) []byte  { return []byte("p/" + hash) }
func kNonce(ws, dev string, n []byte) []byte {
	return append([]byte("n/"+ws+"/"+dev+"/"), n...)
}
func kKey(ws, dev string, epoch uint32) []byte {
	return binary.BigEndian.AppendUint32(kKeys(ws, dev), epoch)
}
func kEnvelope(ws string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(kEnvelopes(ws), seq)
}

// OpenBadger opens (or creates) the storage in dir.
func OpenBadger(dir string) (*BadgerStorage, error) {
	opts := badger.DefaultOptions(dir).
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithBlockCacheSize(32 << 20).
		WithValueThreshold(4 << 10). // sealed blobs go to the value log
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		// A push the server acknowledged must survive a power cut: devices
		// drop what the server confirmed.
		WithSyncWrites(true).
		WithLoggingLevel(badger.ERROR).
		WithMetricsEnabled(false)
	db, err := badger.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("open badger storage: %w", err)
	}
	s := &BadgerStorage{db: db, stopGC: make(chan struct{}), gcDone: make(chan struct{}),
		appends: make(chan *appendReq), appendDone: make(chan struct{})}
	go s.gcLoop()
	go s.appendLoop()
	return s, nil
}

func (s *BadgerStorage) gcLoop() {
	defer close(s.gcDone)
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.stopGC:
			return
		case <-t.C:
			for s.db.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// Close stops the garbage collector and closes Badger.
func (s *BadgerStorage) Close() error {
	close(s.stopGC)
	<-s.gcDone
	<-s.appendDone
	return s.db.Close()
}

func (s *BadgerStorage) update(fn func(txn *badger.Txn) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Update(fn)
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

func (s *BadgerStorage) CreateWorkspace(_ context.Context, ws string, first syncproto.Device, max int) error {
	return s.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(kWorkspace(ws)); err == nil {
			return ErrWorkspaceExists
		}
		if max > 0 {
			n := 0
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("w/")})
			for it.Rewind(); it.Valid(); it.Next() {
				n++
			}
			it.Close()
			if n >= max {
				return ErrWorkspaceLimit
			}
		}
		if err := setJSON(txn, kWorkspace(ws), Workspace{ID: ws, Epoch: 1, Created: first.Created}); err != nil {
			return err
		}
		return setJSON(txn, kDevice(ws, first.ID), first)
	})
}

func (s *BadgerStorage) Workspace(_ context.Context, ws string) (Workspace, error) {
	var w Workspace
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, kWorkspace(ws), &w) })
	return w, err
}

func (s *BadgerStorage) Device(_ context.Context, ws, id string) (syncproto.Device, error) {
	var d syncproto.Device
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, kDevice(ws, id), &d) })
	return d, err
}

func (s *BadgerStorage) Devices(_ context.Context, ws string) ([]syncproto.Device, error) {
	var out []syncproto.Device
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kDevices(ws), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d syncproto.Device
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &d) }); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

func (s *BadgerStorage) RevokeDevice(_ context.Context, ws, id string, at time.Time) (uint32, error) {
	var epoch uint32
	err := s.update(func(txn *badger.Txn) error {
		var w Workspace
		var d syncproto.Device
		if err := getJSON(txn, kWorkspace(ws), &w); err != nil {
			return err
		}
		if err := getJSON(txn, kDevice(ws, id), &d); err != nil {
			return err
		}
		epoch = w.Epoch
		if d.Revoked != nil {
			return nil
		}
		at := at.UTC()
		d.Revoked = &at
		w.Epoch++
		epoch = w.Epoch
		if err := setJSON(txn, kDevice(ws, id), d); err != nil {
			return err
		}
		return setJSON(txn, kWorkspace(ws), w)
	})
	return epoch, err
}

func (s *BadgerStorage) CreatePairing(_ context.Context, p Pairing) error {
	return s.update(func(txn *badger.Txn) error { return setJSON(txn, kPairing(p.Hash), p) })
}

func (s *BadgerStorage) RedeemPairing(_ context.Context, hash string, d syncproto.Device, now time.Time) (syncproto.Device, error) {
	err := s.update(func(txn *badger.Txn) error {
		var p Pairing
		if err := getJSON(txn, kPairing(hash), &p); errors.Is(err, ErrNotFound) {
			return ErrPairingUnknown
		} else if err != nil {
			return err
		}
		switch {
		case p.Workspace != d.Workspace:
			return ErrPairingUnknown
		case p.UsedBy != "":
			return ErrPairingUsed
		case !now.Before(p.Expires):
			return ErrPairingExpired
		}
		if _, err := txn.Get(kDevice(d.Workspace, d.ID)); err == nil {
			return ErrDeviceExists
		}
		p.UsedBy = d.ID
		d.Role = p.Role
		if err := setJSON(txn, kPairing(hash), p); err != nil {
			return err
		}
		return setJSON(txn, kDevice(d.Workspace, d.ID), d)
	})
	return d, err
}

func (s *BadgerStorage) Sweep(_ context.Context, cutoff time.Time) (int, error) {
	// Challenges carry a Badger TTL and go by themselves; pairings are
	// read and deleted here.
	var old [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("p/"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var p Pairing
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &p) }); err != nil {
				return err
			}
			if p.Expires.Before(cutoff) {
				old = append(old, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range old {
		if err := wb.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(old), wb.Flush()
}

func (s *BadgerStorage) PutChallenge(_ context.Context, ws, device string, nonce []byte, expires time.Time) error {
	return s.update(func(txn *badger.Txn) error {
		// Badger drops the entry itself once it has expired.
		ttl := max(time.Until(expires), 0) + time.Hour
		e := badger.NewEntry(kNonce(ws, device, nonce), binary.BigEndian.AppendUint64(nil, uint64(expires.UnixNano()))).WithTTL(ttl)
		return txn.SetEntry(e)
	})
}

func (s *BadgerStorage) ConsumeChallenge(_ context.Context, ws, device string, nonce []byte, now time.Time) error {
	return s.update(func(txn *badger.Txn) error {
		item, err := txn.Get(kNonce(ws, device, nonce))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrReplay
		}
		if err != nil {
			return err
		}
		var exp int64
		if err := item.Value(func(b []byte) error { exp = int64(binary.BigEndian.Uint64(b)); return nil }); err != nil {
			return err
		}
		if err := txn.Delete(item.KeyCopy(nil)); err != nil {
			return err
		}
		if now.UnixNano() >= exp {
			return ErrReplay
		}
		return nil
	})
}

func (s *BadgerStorage) PutWrappedKeys(_ context.Context, ws string, keys []syncproto.WrappedKey) error {
	return s.update(func(txn *badger.Txn) error {
		var w Workspace
		if err := getJSON(txn, kWorkspace(ws), &w); err != nil {
			return err
		}
		for _, k := range keys {
			if k.Epoch == 0 || k.Epoch > w.Epoch {
				return ErrBadEpoch
			}
			if _, err := txn.Get(kDevice(ws, k.Device)); err != nil {
				return ErrNotFound
			}
			if err := setJSON(txn, kKey(ws, k.Device, k.Epoch), k); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *BadgerStorage) WrappedKeys(_ context.Context, ws, device string) ([]syncproto.WrappedKey, error) {
	var out []syncproto.WrappedKey
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kKeys(ws, device), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var k syncproto.WrappedKey
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &k) }); err != nil {
				return err
			}
			out = append(out, k)
		}
		return nil
	})
	return out, err
}

// Append hands the batch to the group committer: pushes from many devices
// that arrive together share one transaction and one fsync, in arrival order.
func (s *BadgerStorage) Append(ctx context.Context, ws string, envs []syncproto.Envelope, now time.Time) ([]uint64, []bool, error) {
	r := &appendReq{ws: ws, envs: envs, now: now, done: make(chan error, 1)}
	select {
	case s.appends <- r:
	case <-s.stopGC:
		return nil, nil, errors.New("append: storage closed")
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	// Once handed over, wait for the outcome: the caller must not be told
	// "failed" about a batch that then commits (it would resend; harmless,
	// but the answer would be wrong).
	if err := <-r.done; err != nil {
		return nil, nil, err
	}
	return r.seqs, r.dup, nil
}

type appendReq struct {
	ws   string
	envs []syncproto.Envelope
	now  time.Time
	seqs []uint64
	dup  []bool
	done chan error
}

// appendLoop commits waiting appends together (up to 64 requests). If the
// shared transaction fails, each request is retried alone so that one bad
// request (an unknown workspace, a batch too big) fails only itself.
func (s *BadgerStorage) appendLoop() {
	defer close(s.appendDone)
	for {
		var group []*appendReq
		select {
		case r := <-s.appends:
			group = append(group, r)
		case <-s.stopGC:
			return
		}
	drain:
		for len(group) < 64 {
			select {
			case r := <-s.appends:
				group = append(group, r)
			default:
				break drain
			}
		}
		err := s.update(func(txn *badger.Txn) error {
			for _, r := range group {
				if err := appendIn(txn, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil || len(group) == 1 {
			for _, r := range group {
				r.done <- err
			}
			continue
		}
		for _, r := range group {
			r.done <- s.update(func(txn *badger.Txn) error { return appendIn(txn, r) })
		}
	}
}

func appendIn(txn *badger.Txn, r *appendReq) error {
	r.seqs = make([]uint64, len(r.envs))
	r.dup = make([]bool, len(r.envs))
	var w Workspace
	if err := getJSON(txn, kWorkspace(r.ws), &w); err != nil {
		return err
	}
	for i, e := range r.envs {
		// Reads inside the transaction see its own writes, so a change id
		// repeated within the batch (or the group) is a duplicate too.
		item, err := txn.Get(kChange(r.ws, e.ChangeID))
		if err == nil {
			r.dup[i] = true
			if err := item.Value(func(b []byte) error { r.seqs[i] = binary.BigEndian.Uint64(b); return nil }); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		w.LastSeq++
		r.seqs[i] = w.LastSeq
		if err := txn.Set(kChange(r.ws, e.ChangeID), binary.BigEndian.AppendUint64(nil, w.LastSeq)); err != nil {
			return err
		}
		if err := txn.Set(kEnvelope(r.ws, w.LastSeq), encodeStored(syncproto.Stored{Seq: w.LastSeq, Received: r.now.UTC(), Envelope: e})); err != nil {
			return err
		}
	}
	if err := setJSON(txn, kWorkspace(r.ws), w); err != nil {
		return fmt.Errorf("append %d envelopes: %w", len(r.envs), err)
	}
	return nil
}

func (s *BadgerStorage) Since(_ context.Context, ws string, after uint64, limit int) ([]syncproto.Stored, error) {
	var out []syncproto.Stored
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: kEnvelopes(ws), PrefetchValues: true, PrefetchSize: min(limit, 100)})
		defer it.Close()
		for it.Seek(kEnvelope(ws, after+1)); it.Valid() && len(out) < limit; it.Next() {
			var e syncproto.Stored
			err := it.Item().Value(func(b []byte) (err error) {
				e, err = decodeStored(b)
				return err
			})
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

func (s *BadgerStorage) PutBlob(_ context.Context, ws, hash string, data []byte) (bool, error) {
	existed := false
	err := s.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(kBlob(ws, hash)); err == nil {
			existed = true
			return nil
		}
		return txn.Set(kBlob(ws, hash), data)
	})
	return existed, err
}

func (s *BadgerStorage) Blob(_ context.Context, ws, hash string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(kBlob(ws, hash))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	return out, err
}
