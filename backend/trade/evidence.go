package trade

import (
	"encoding/json"
	"sort"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/visit"
)

// Records lists a dossier's shipments, oldest first.
func Records(st *store.Store, dossierID string) ([]Record, error) {
	var out []Record
	err := st.ScanRecords(kindRow, dossierID+"/", func(_ string, v []byte) error {
		var r Record
		if err := json.Unmarshal(v, &r); err != nil {
			return errs.Wrap(errs.Internal, err, "decode trade record")
		}
		out = append(out, r)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out, err
}

// FiguresOf derives a dossier's trade figures; ok is false when no records
// were imported for it.
func FiguresOf(st *store.Store, dossierID string) (Figures, bool, error) {
	recs, err := Records(st, dossierID)
	if err != nil || len(recs) == 0 {
		return Summarize(nil, nil), false, err
	}
	d, err := st.Dossier(dossierID)
	if err != nil {
		return Figures{}, false, err
	}
	return Summarize(recs, &d.Expected), true, nil
}

// Remove deletes every shipment of a dossier (a wrong file imported).
func Remove(st *store.Store, dossierID string) (int, error) {
	var ids []string
	if err := st.ScanRecords(kindRow, dossierID+"/", func(id string, _ []byte) error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := st.DeleteRecord(kindRow, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// Evidence is the credit service's evidence hook with the trade records
// in it: the dossier's trade summary (nil without records, so the
// dimension shows as missing rather than as good news) and the latest
// signed field visit, which the credit service reads itself when no hook
// is set. No payment experience is recorded yet.
func Evidence(st *store.Store) func(dossierID string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
	return EvidenceWith(st, visit.New(st).Summary)
}

// EvidenceWith is Evidence with the visit summary read through visits:
// the workspace passes its one visit service's.
func EvidenceWith(st *store.Store, visits func(dossierID string) (*assess.VisitSummary, error)) func(dossierID string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
	return func(id string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary) {
		var ts *assess.TradeSummary
		if f, ok, err := FiguresOf(st, id); err == nil && ok {
			ts = &f.Summary
		}
		vs, _ := visits(id)
		return ts, nil, vs
	}
}
