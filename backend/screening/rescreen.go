package screening

import (
	"context"
	"encoding/json"
	"runtime"
	"slices"
	"sync"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/memstat"
)

// Batching of the writes of a re-screen: each batch is one durable
// transaction, kept well under Badger's limit (15% of an 8 MB memtable).
const (
	batchBytes    = 256 << 10
	batchCount    = 500
	progressEvery = 100

	// rescreenHeap bounds the Go heap while the book is re-screened.
	rescreenHeap = 380 << 20
)

// RescreenAll screens every dossier that is not archived, after a list
// import. progress, when not nil, is called with (done, total) every
// hundred dossiers and at the end. Cancelling ctx stops it with an error
// of key "err.cancelled"; what was screened until then is kept. newHits
// counts the hits that are new (and alerted).
//
// Only the results that changed are written (and those of customers never
// screened); once every dossier is through, one book record says which
// lists the whole book was screened against, and when (see bookRecord).
// An archived customer's record is marked held, so that no book record
// speaks for it.
func (s *Service) RescreenAll(ctx context.Context, progress func(done, total int)) (newHits int, err error) {
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	// The pass reads every dossier through Badger and builds a result for
	// each: bound the heap instead of letting it reach twice what is live
	// (the budget: 100 000 customers under 400 MB).
	defer memstat.Cap(rescreenHeap)()
	sn, err := s.snapshot()
	if err != nil {
		return 0, err
	}
	th := s.Threshold()
	start := s.now().UTC()
	prevBook, err := s.book()
	if err != nil {
		return 0, err
	}
	clean, err := s.cleanIDs()
	if err != nil {
		return 0, err
	}
	// The dossiers come from one pass over the database, archived ones
	// included (their records are marked held): it needs neither the
	// search index (150 MB at 100 000 customers, not built by the CLI's
	// list import) nor a read per customer. The total is the index's count
	// when it is built, else the database's keys.
	total := 0
	if s.st.IndexReady() {
		total = s.st.Count()
	} else {
		ids, err := s.st.DossierIDs()
		if err != nil {
			return 0, err
		}
		total = len(ids)
	}
	if progress != nil {
		progress(0, total)
	}

	type out struct {
		id     string
		body   json.RawMessage
		alerts []alertRec
		fresh  int
		err    error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *dossier.Dossier, 16)
	results := make(chan out, 64)
	workers := min(max(runtime.GOMAXPROCS(0), 2), 8)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				o := out{id: d.ID}
				if d.Archived {
					// not screened: an archived customer is no longer dealt with
					o.body, o.err = s.hold(d.ID, prevBook)
				} else {
					_, known := clean[d.ID]
					o.body, o.fresh, o.alerts, o.err = s.rescreenOne(sn, th, d, known)
				}
				results <- o
			}
		}()
	}
	// read says whether every dossier was read: only then may the book
	// record speak for the whole book.
	var read error
	go func() {
		defer close(jobs)
		read = s.st.EachDossier(func(d *dossier.Dossier) error {
			select {
			case jobs <- d:
				return nil
			case <-ctx.Done():
				return ctxErr(ctx)
			}
		})
	}()
	go func() { wg.Wait(); close(results) }()

	batch := map[string]any{}
	alerts := map[string]any{}
	size := 0
	flush := func() error {
		if len(alerts) > 0 {
			if err := s.st.PutRecords(kindAlert, alerts); err != nil {
				return err
			}
			clear(alerts)
		}
		if len(batch) > 0 {
			if err := s.st.PutRecords(kindResult, batch); err != nil {
				return err
			}
			clear(batch)
		}
		size = 0
		return nil
	}
	done := 0
	var firstErr error
	for o := range results {
		if firstErr != nil {
			continue // drain
		}
		if o.err != nil {
			firstErr = o.err
			cancel()
			continue
		}
		done++
		if o.body != nil {
			batch[o.id] = o.body
			size += len(o.body) + len(o.id) + 64
			for _, a := range o.alerts {
				alerts[a.ID] = a
				size += len(a.EN) + len(a.ZH) + 256
			}
			newHits += o.fresh
		}
		if size >= batchBytes || len(batch) >= batchCount {
			if err := flush(); err != nil {
				firstErr = err
				cancel()
				continue
			}
		}
		if progress != nil && done%progressEvery == 0 && done < total {
			progress(done, total)
		}
	}
	if err := flush(); err != nil && firstErr == nil {
		firstErr = err
	}
	if progress != nil {
		progress(done, max(total, done))
	}
	if firstErr != nil {
		return newHits, firstErr
	}
	// results is closed once jobs is, after the reader returned: read is set.
	if read != nil {
		if err := ctxErr(ctx); err != nil {
			return newHits, err
		}
		return newHits, read
	}
	// Last, once every changed result is stored: a crash before it leaves
	// the customers not rewritten showing the lists they were screened
	// against before.
	if err := s.st.PutRecord(kindResult, bookKey, bookRecord{ScreenedAt: start, Lists: slices.Clone(sn.ids)}); err != nil {
		return newHits, err
	}
	return newHits, nil
}

// rescreenOne screens d and returns its result to store, nil when it found
// the same hits as the stored one (the book record then speaks for it).
func (s *Service) rescreenOne(sn *snapshot, th float64, d *dossier.Dossier, clean bool) (json.RawMessage, int, []alertRec, error) {
	e, err := s.evaluateKnown(sn, th, d, clean)
	if err != nil {
		return nil, 0, nil, err
	}
	if e.hadPrev && !e.prev.Held {
		same, err := sameHits(e.prev.Hits, e.r.Hits)
		if err != nil || same {
			return nil, len(e.fresh), e.alerts, err
		}
	}
	b, err := json.Marshal(e.r)
	return b, len(e.fresh), e.alerts, err
}

// hold returns the record of an archived customer marked held, with the
// lists and date the last book record gave it (still true); nil when it
// has no record or is already held.
func (s *Service) hold(id string, b *bookRecord) (json.RawMessage, error) {
	own, found, err := s.stored(id)
	if err != nil || !found || own.Held {
		return nil, err
	}
	return json.Marshal(storedResult{Result: b.effective(own), Held: true})
}

// cleanIDs are the customers whose stored result has no hit (and is not
// held) and who have no decision: nearly the whole book, read in two
// passes over the records rather than two reads per customer. A record
// written since is found again by the comparison: at worst rewritten.
func (s *Service) cleanIDs() (map[string]struct{}, error) {
	clean := map[string]struct{}{}
	err := s.st.ScanRecords(kindResult, "", func(id string, v []byte) error {
		if id == bookKey {
			return nil
		}
		var r struct {
			Hits []json.RawMessage `json:"hits"`
			Held bool              `json:"held"`
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return errs.Wrap(errs.Internal, err, "decode screen record %s", id)
		}
		if len(r.Hits) == 0 && !r.Held {
			clean[id] = struct{}{}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.st.ScanRecords(kindDecisions, "", func(id string, _ []byte) error {
		delete(clean, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return clean, nil
}
