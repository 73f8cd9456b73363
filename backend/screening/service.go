package screening

import (
	"encoding/json"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"credence/backend/errs"
	"credence/backend/sanctions"
	"credence/backend/store"
)

// Service screens dossiers against the imported lists. It is safe for
// concurrent use.
type Service struct {
	st  *store.Store
	now func() time.Time

	// snap is the screening index over the current list versions; nil
	// until first needed and again after an import.
	snap    atomic.Pointer[snapshot]
	buildMu sync.Mutex // one build or import at a time

	decideMu sync.Mutex // serialises read-modify-write of decisions
}

// snapshot is an immutable screening index with what it was built from.
type snapshot struct {
	ix       *sanctions.Index // nil when no list is imported
	entries  map[string]*sanctions.Entry
	versions []ListVersion // current versions, by source
	ids      []string      // their IDs, for Result.Lists
}

// New returns the screening service of an open workspace.
func New(st *store.Store) *Service {
	return &Service{st: st, now: time.Now}
}

// Warm loads the current lists and builds the index now, so the first
// screening does not wait for it.
func (s *Service) Warm() error {
	_, err := s.snapshot()
	return err
}

// snapshot returns the current index, building it when needed.
func (s *Service) snapshot() (*snapshot, error) {
	if sn := s.snap.Load(); sn != nil {
		return sn, nil
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if sn := s.snap.Load(); sn != nil {
		return sn, nil
	}
	vs, err := s.Lists()
	if err != nil {
		return nil, err
	}
	sn := &snapshot{entries: map[string]*sanctions.Entry{}, versions: vs}
	var lists []*sanctions.List
	for _, v := range vs {
		b, err := s.getBody(v.ID)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "load %s list", v.Source)
		}
		l, err := decodeList(b)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "decode %s list", v.Source)
		}
		lists = append(lists, l)
		sn.ids = append(sn.ids, v.ID)
	}
	if len(lists) > 0 {
		sn.ix = sanctions.NewIndex(lists...)
		for _, l := range lists {
			for i := range l.Entries {
				e := &l.Entries[i]
				sn.entries[HitKey(e.List, e.ID)] = e
			}
		}
	}
	s.snap.Store(sn)
	return sn, nil
}

// Threshold is the workspace's match threshold (DefaultThreshold until
// set). It is read from the store each time: several services over one
// workspace (the app's, the credit rules') must agree at once after a
// change.
func (s *Service) Threshold() float64 {
	var rec struct {
		Threshold float64 `json:"threshold"`
	}
	if err := s.st.GetRecord(kindSettings, "threshold", &rec); err == nil && rec.Threshold >= 0.5 && rec.Threshold <= 1 {
		return rec.Threshold
	}
	return DefaultThreshold
}

// SetThreshold stores the match threshold; it must lie in 0.5..1.0.
func (s *Service) SetThreshold(t float64) error {
	if !(t >= 0.5 && t <= 1) {
		return errs.New(errs.Invalid, "the match threshold must be between 0.5 and 1.0, not %g", t).
			WithKey("err.threshold", "field", "threshold")
	}
	return s.st.PutRecord(kindSettings, "threshold", map[string]float64{"threshold": t})
}

// Lists returns the current version of each imported source, by source.
func (s *Service) Lists() ([]ListVersion, error) {
	var ids []string
	err := s.st.ScanRecords(kindCurrent, "", func(_ string, v []byte) error {
		var c struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(v, &c); err != nil {
			return errs.Wrap(errs.Internal, err, "decode current list")
		}
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ListVersion, 0, len(ids))
	for _, id := range ids {
		var v ListVersion
		if err := s.st.GetRecord(kindVersion, id, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out, nil
}

// History returns every import, newest first.
func (s *Service) History() ([]ListVersion, error) {
	var out []ListVersion
	err := s.st.ScanRecords(kindVersion, "", func(_ string, b []byte) error {
		var v ListVersion
		if err := json.Unmarshal(b, &v); err != nil {
			return errs.Wrap(errs.Internal, err, "decode list version")
		}
		out = append(out, v)
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].ImportedAt.Equal(out[j].ImportedAt) {
			return out[i].ImportedAt.After(out[j].ImportedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out, err
}

// Outdated reports whether r was screened against other list versions than
// the current ones (a list was imported since), so it should be re-screened.
func (s *Service) Outdated(r Result) (bool, error) {
	sn, err := s.snapshot()
	if err != nil {
		return false, err
	}
	if len(sn.ids) != len(r.Lists) {
		return true, nil
	}
	have := map[string]bool{}
	for _, id := range r.Lists {
		have[id] = true
	}
	for _, id := range sn.ids {
		if !have[id] {
			return true, nil
		}
	}
	return false, nil
}
