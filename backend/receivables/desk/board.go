package desk

import (
	"encoding/json"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/search"
)

// KindDossierCover keeps, per customer, the insurance limits typed into
// its dossier with the dossier's update time, so that the board does not
// read every dossier: an entry is used only while the search index shows
// the dossier unchanged since. Derived: dropping it costs one read of each
// dossier at the next board.
const KindDossierCover = "ar_dossier_cover"

type dossierCover struct {
	UpdatedAt time.Time                `json:"updated_at"`
	Limits    []dossier.InsuranceLimit `json:"limits,omitempty"`
}

// Alerts evaluates the rules for every current customer with receivables,
// open orders, insurance cover or a collection log: the alert board. It
// reads one summary per customer (kept current on every write of its
// receivables) instead of every invoice, and the dossiers' insurance
// limits from KindDossierCover where the dossier has not changed since.
func (d *Desk) Alerts() ([]receivables.Alert, error) {
	base, conv, err := d.converter()
	if err != nil {
		return nil, err
	}
	rules, err := d.Book.Rules()
	if err != nil {
		return nil, err
	}
	pols, err := d.policies()
	if err != nil {
		return nil, err
	}
	sums, err := d.Book.Summaries()
	if err != nil {
		return nil, err
	}
	covers := map[string]dossierCover{}
	if err := d.St.ScanRecords(KindDossierCover, "", func(id string, v []byte) error {
		var c dossierCover
		if err := json.Unmarshal(v, &c); err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s record %s", KindDossierCover, id)
		}
		covers[id] = c
		return nil
	}); err != nil {
		return nil, err
	}
	states, err := d.Book.States()
	if err != nil {
		return nil, err
	}
	now := d.now()
	overdueReview, err := d.overdueReviews(now, rules.ReviewOverdue)
	if err != nil {
		return nil, err
	}
	type job struct {
		row search.Row
		s   receivables.CustomerSummary
	}
	var jobs []job
	for _, row := range d.St.Search(search.Query{Limit: d.St.Count() + 1}).Rows {
		s, ok := sums[row.ID]
		if row.Archived || !ok || len(s.Invoices)+len(s.Orders)+len(s.Entries)+len(s.Limits) == 0 {
			continue
		}
		jobs = append(jobs, job{row, s})
	}
	// Customers are independent: figures and rules on every core, the
	// alerts gathered in the order of the rows (then sorted as always).
	found := make([][]receivables.Alert, len(jobs))
	fresh := map[string]any{}
	var mu sync.Mutex
	var firstErr error
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				alerts, cover, err := d.customerAlerts(jobs[i].row, &jobs[i].s, covers, pols, conv, base, rules, now, overdueReview)
				if err != nil || cover != nil {
					mu.Lock()
					if err != nil && firstErr == nil {
						firstErr = err
					}
					if cover != nil {
						fresh[jobs[i].row.ID] = *cover
					}
					mu.Unlock()
				}
				found[i] = alerts
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	out := []receivables.Alert{}
	for _, a := range found {
		out = append(out, a...)
	}
	if err := putBatched(d.St, KindDossierCover, fresh); err != nil {
		return nil, err
	}
	return sortAlerts(out, states), nil
}

// putBatched stores recs in transactions of at most 500.
func putBatched(st interface {
	PutRecords(string, map[string]any) error
}, kind string, recs map[string]any) error {
	part := map[string]any{}
	for id, v := range recs {
		part[id] = v
		if len(part) == 500 {
			if err := st.PutRecords(kind, part); err != nil {
				return err
			}
			clear(part)
		}
	}
	if len(part) == 0 {
		return nil
	}
	return st.PutRecords(kind, part)
}

// customerAlerts evaluates the rules for one customer of the board; cover
// is the dossier's insurance limits when they had to be read (to be kept).
func (d *Desk) customerAlerts(row search.Row, s *receivables.CustomerSummary, covers map[string]dossierCover, pols map[string]receivables.Policy,
	conv receivables.Converter, base string, rules receivables.Rules, now time.Time, overdueReview map[string]string) ([]receivables.Alert, *dossierCover, error) {
	l := s.Ledger()
	fc := receivables.Facts{DossierID: row.ID, Name: row.Name, Figures: receivables.Compute(l, now, base, conv), Promises: s.Entries, Receipts: receivables.Receipts(l, conv)}
	var fresh *dossierCover
	if fc.Figures.Exposure > 0 || len(s.Limits) > 0 {
		c, ok := covers[row.ID]
		if !ok || !c.UpdatedAt.Equal(row.UpdatedAt) {
			dos, err := d.St.Dossier(row.ID)
			if err != nil {
				return nil, nil, err
			}
			c = dossierCover{UpdatedAt: dos.UpdatedAt, Limits: dos.InsuranceLimits}
			fresh = &c
		}
		fc.Covers = receivables.CoversOf(s.Limits, pols, c.Limits, conv)
	}
	if err := d.credit(&fc, conv, rules); err != nil {
		return nil, nil, err
	}
	if due, ok := overdueReview[row.ID]; ok {
		fc.NextReview = due
	}
	return receivables.Evaluate(fc, rules, now), fresh, nil
}
