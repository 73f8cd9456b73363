package screening

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"

	"credence/backend/errs"
	"credence/backend/search"
)

// Batching of the writes of a re-screen: each batch is one durable
// transaction, kept well under Badger's limit (15% of an 8 MB memtable).
const (
	batchBytes    = 256 << 10
	batchCount    = 500
	progressEvery = 100
)

// RescreenAll screens every dossier that is not archived, after a list
// import. progress, when not nil, is called with (done, total) every
// hundred dossiers and at the end. Cancelling ctx stops it with an error
// of key "err.cancelled"; what was screened until then is kept. newHits
// counts the hits that are new (and alerted).
func (s *Service) RescreenAll(ctx context.Context, progress func(done, total int)) (newHits int, err error) {
	if err := ctxErr(ctx); err != nil {
		return 0, err
	}
	sn, err := s.snapshot()
	if err != nil {
		return 0, err
	}
	th := s.Threshold()
	// The current customers from the search index when it is built (the
	// app's); else every id from the database's keys, archived ones
	// skipped as they are read: a re-screen after a list import in the
	// CLI does not build the index (150 MB at 100 000 customers).
	var ids []string
	if s.st.IndexReady() {
		for _, r := range s.st.Search(search.Query{Limit: s.st.Count() + 1}).Rows {
			ids = append(ids, r.ID)
		}
	} else if ids, err = s.st.DossierIDs(); err != nil {
		return 0, err
	}
	total := len(ids)
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
	jobs := make(chan string)
	results := make(chan out, 64)
	workers := min(max(runtime.GOMAXPROCS(0), 2), 8)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				o := out{id: id}
				d, err := s.st.Dossier(id)
				switch {
				case errs.Is(err, errs.NotFound):
					// deleted meanwhile: nothing to screen
				case err != nil:
					o.err = err
				case d.Archived:
					// not screened: an archived customer is no longer dealt with
				default:
					var r Result
					var fresh []Hit
					r, fresh, o.alerts, o.err = s.evaluate(sn, th, d)
					o.fresh = len(fresh)
					if o.err == nil {
						o.body, o.err = json.Marshal(r)
					}
				}
				results <- o
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, id := range ids {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
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
		progress(done, total)
	}
	if firstErr != nil {
		return newHits, firstErr
	}
	if done < total {
		if err := ctxErr(ctx); err != nil {
			return newHits, err
		}
	}
	return newHits, nil
}
