package receivables

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"credence/backend/errs"
)

// KindSummary holds one record per customer with receivables: the live
// records of its ledger, collection log and buyer limits, stripped of who
// wrote them, so that the alert board reads one record per customer
// instead of every invoice. It is derived: RebuildSummaries makes it again
// from the records it summarises, and nothing else reads it.
//
// The figures themselves (ageing, overdue, exposure) are not stored: they
// change with the day and with the firm's rates, so the board computes them
// from the summary with the same Compute as a customer's tab.
const KindSummary = "ar_summary"

// summarised are the kinds a summary holds.
var summarised = map[string]bool{KindInvoice: true, KindPayment: true, KindCreditNote: true, KindDispute: true,
	KindOrder: true, KindEntry: true, KindBuyerLimit: true}

// summaryBuilt is the id of the marker saying every customer's summary
// exists (written after a rebuild); without it the board rebuilds first.
const summaryBuilt = "!built"

// CustomerSummary is one customer's receivables as the board needs them.
type CustomerSummary struct {
	DossierID string `json:"dossier_id"`
	// Dirty is set before the customer's records are written and cleared
	// when the summary is made again from them: a summary left dirty (the
	// program stopped in between) is not trusted.
	Dirty bool `json:"dirty,omitempty"`
	// Large stands for a customer with more records than a summary
	// holds (maxSummaryItems): the board reads that one's records.
	Large       bool         `json:"large,omitempty"`
	Invoices    []Invoice    `json:"invoices,omitempty"`
	Payments    []Payment    `json:"payments,omitempty"`
	CreditNotes []CreditNote `json:"credit_notes,omitempty"`
	Disputes    []Dispute    `json:"disputes,omitempty"`
	Orders      []Order      `json:"orders,omitempty"`
	Entries     []Entry      `json:"entries,omitempty"`
	Limits      []BuyerLimit `json:"limits,omitempty"`
}

// Ledger is the summary's receivables.
func (s *CustomerSummary) Ledger() Ledger {
	return Ledger{Invoices: s.Invoices, Payments: s.Payments, CreditNotes: s.CreditNotes, Disputes: s.Disputes, Orders: s.Orders}
}

// Empty tells a customer without anything the board looks at.
func (s *CustomerSummary) Empty() bool {
	return len(s.Invoices)+len(s.Payments)+len(s.CreditNotes)+len(s.Disputes)+len(s.Orders)+len(s.Entries)+len(s.Limits) == 0
}

// lean keeps of a record's Meta only its id: who and when do not change a
// figure, and they are most of a small record's bytes.
func lean(m *Meta) { *m = Meta{ID: m.ID} }

func leanAll[T any](xs []T, meta func(*T) *Meta) []T {
	for i := range xs {
		lean(meta(&xs[i]))
	}
	return xs
}

// summarise builds a customer's summary from its live records.
func summarise(r Records, dossierID string) (CustomerSummary, error) {
	s := CustomerSummary{DossierID: dossierID}
	p := dossierID + "/"
	var err error
	read := func(f func() error) {
		if err == nil {
			err = f()
		}
	}
	read(func() (e error) { s.Invoices, e = scan[Invoice](r, KindInvoice, p); return })
	read(func() (e error) { s.Payments, e = scan[Payment](r, KindPayment, p); return })
	read(func() (e error) { s.CreditNotes, e = scan[CreditNote](r, KindCreditNote, p); return })
	read(func() (e error) { s.Disputes, e = scan[Dispute](r, KindDispute, p); return })
	read(func() (e error) { s.Orders, e = scan[Order](r, KindOrder, p); return })
	read(func() (e error) { s.Entries, e = scan[Entry](r, KindEntry, p); return })
	read(func() (e error) { s.Limits, e = scan[BuyerLimit](r, KindBuyerLimit, p); return })
	s.leanen()
	return s, err
}

func (s *CustomerSummary) leanen() {
	leanAll(s.Invoices, func(x *Invoice) *Meta { return &x.Meta })
	leanAll(s.Payments, func(x *Payment) *Meta { return &x.Meta })
	leanAll(s.CreditNotes, func(x *CreditNote) *Meta { return &x.Meta })
	leanAll(s.Disputes, func(x *Dispute) *Meta { return &x.Meta })
	leanAll(s.Orders, func(x *Order) *Meta { return &x.Meta })
}

// summaryMu serialises the writes that keep summaries current (mark dirty,
// write the records, summarise again) with one another and with rebuilds,
// so that a summary made clean has seen every record written before it.
// Hand edits are rare and short; an import holds it while it writes.
var summaryMu sync.Mutex

// WriteFor writes records of one customer's receivables through write
// (any of the kinds a summary holds), keeping its summary current: for a
// writer outside this package, such as a change log applying another
// device's records. write must not call the Book's own write methods.
func (b *Book) WriteFor(dossierID string, write func() error) error {
	return b.writeFor(dossierID, write)
}

// writeFor writes one customer's records through write, keeping its
// summary current.
func (b *Book) writeFor(dossierID string, write func() error) error {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	if err := b.r.PutRecord(KindSummary, dossierID, CustomerSummary{DossierID: dossierID, Dirty: true}); err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	_, err := b.resummarise(dossierID)
	return err
}

// resummarise makes a customer's summary again from its records; the
// caller holds summaryMu.
func (b *Book) resummarise(dossierID string) (CustomerSummary, error) {
	s, err := summarise(b.r, dossierID)
	if err != nil {
		return s, err
	}
	return s, b.r.PutRecord(KindSummary, dossierID, s.stored())
}

// maxSummaryItems bounds the records one summary holds: a store
// transaction has a size limit, and a hand edit rewrites the summary.
var maxSummaryItems = 20000

func (s *CustomerSummary) items() int {
	return len(s.Invoices) + len(s.Payments) + len(s.CreditNotes) + len(s.Disputes) + len(s.Orders) + len(s.Entries) + len(s.Limits)
}

// stored is what is written for s: itself, or for a customer with too
// many records the mark that says so.
func (s *CustomerSummary) stored() *CustomerSummary {
	if s.items() > maxSummaryItems {
		return &CustomerSummary{DossierID: s.DossierID, Large: true}
	}
	return s
}

// Summaries returns every customer's summary by dossier id, building them
// all first in a workspace that has none (or after InvalidateSummaries),
// and making again any left dirty.
func (b *Book) Summaries() (map[string]CustomerSummary, error) {
	var marker struct{ Built bool }
	if err := b.r.GetRecord(KindSummary, summaryBuilt, &marker); err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	if !marker.Built {
		if err := b.RebuildSummaries(); err != nil {
			return nil, err
		}
	}
	all, err := scanKeyed[CustomerSummary](b.r, KindSummary)
	if err != nil {
		return nil, err
	}
	for id, s := range all {
		var err error
		switch {
		case s.Dirty:
			summaryMu.Lock()
			all[id], err = b.resummarise(id)
			summaryMu.Unlock()
		case s.Large:
			all[id], err = summarise(b.r, id)
		}
		if err != nil {
			return nil, err
		}
	}
	return all, nil
}

// InvalidateSummaries makes the next board rebuild every summary: for
// records written other than through this package (a change log applying
// another device's records, say).
func (b *Book) InvalidateSummaries() error {
	return b.r.PutRecord(KindSummary, summaryBuilt, struct{ Built bool }{false})
}

// RebuildSummaries makes every customer's summary again from the records,
// each kind read once for the whole workspace.
func (b *Book) RebuildSummaries() error {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	sums := map[string]*CustomerSummary{}
	get := func(id string) *CustomerSummary {
		s, ok := sums[id]
		if !ok {
			s = &CustomerSummary{DossierID: id}
			sums[id] = s
		}
		return s
	}
	var err error
	read := func(f func() error) {
		if err == nil {
			err = f()
		}
	}
	read(func() error {
		return each(b.r, KindInvoice, func(did string, x Invoice) { s := get(did); s.Invoices = append(s.Invoices, x) })
	})
	read(func() error {
		return each(b.r, KindPayment, func(did string, x Payment) { s := get(did); s.Payments = append(s.Payments, x) })
	})
	read(func() error {
		return each(b.r, KindCreditNote, func(did string, x CreditNote) { s := get(did); s.CreditNotes = append(s.CreditNotes, x) })
	})
	read(func() error {
		return each(b.r, KindDispute, func(did string, x Dispute) { s := get(did); s.Disputes = append(s.Disputes, x) })
	})
	read(func() error {
		return each(b.r, KindOrder, func(did string, x Order) { s := get(did); s.Orders = append(s.Orders, x) })
	})
	read(func() error {
		return each(b.r, KindEntry, func(did string, x Entry) { s := get(did); s.Entries = append(s.Entries, x) })
	})
	read(func() error {
		return each(b.r, KindBuyerLimit, func(did string, x BuyerLimit) { s := get(did); s.Limits = append(s.Limits, x) })
	})
	if err != nil {
		return err
	}
	// Summaries of customers that no longer have a record are emptied.
	old, err := scanKeyed[CustomerSummary](b.r, KindSummary)
	if err != nil {
		return err
	}
	for id := range old {
		if id != summaryBuilt {
			get(id)
		}
	}
	w := summaryWriter{r: b.r}
	for _, s := range sums {
		s.leanen()
		if err := w.put(s); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	return b.r.PutRecord(KindSummary, summaryBuilt, struct{ Built bool }{true})
}

// summaryWriter stores summaries in transactions of a bounded size: a
// summary holds all of a customer's records, and a store transaction has
// a limit (an import of 100 000 invoices for 1 000 customers exceeded it
// in 500 summaries).
type summaryWriter struct {
	r     Records
	batch map[string]any
	items int
}

func (w *summaryWriter) put(s *CustomerSummary) error {
	if w.batch == nil {
		w.batch = map[string]any{}
	}
	s = s.stored()
	w.batch[s.DossierID] = s
	w.items += 1 + s.items()
	if w.items >= 5000 {
		return w.flush()
	}
	return nil
}

func (w *summaryWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	err := w.r.PutRecords(KindSummary, w.batch)
	clear(w.batch)
	w.items = 0
	return err
}

// each calls fn with every live record of a kind in key order, with the
// dossier its key files it under.
func each[T any](r Records, kind string, fn func(dossierID string, x T)) error {
	return r.ScanRecords(kind, "", func(id string, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s record", kind)
		}
		if m, ok := any(&x).(interface{ meta() *Meta }); ok && m.meta().Deleted {
			return nil
		}
		if did, _, ok := strings.Cut(id, "/"); ok {
			fn(did, x)
		}
		return nil
	})
}

// scanKeyed decodes every record of a kind by id, tombstones included
// (the summaries' marker left out).
func scanKeyed[T any](r Records, kind string) (map[string]T, error) {
	out := map[string]T{}
	err := r.ScanRecords(kind, "", func(id string, v []byte) error {
		if id == summaryBuilt {
			return nil
		}
		var x T
		var err error
		if u, ok := any(&x).(json.Unmarshaler); ok {
			err = u.UnmarshalJSON(v) // no need to check the JSON twice
		} else {
			err = json.Unmarshal(v, &x)
		}
		if err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s record %s", kind, id)
		}
		out[id] = x
		return nil
	})
	return out, err
}

// importSummaries keeps the summaries of an import's customers current:
// marked dirty before its batches are written, then the written invoices
// and credit notes merged into the summaries as they were (or, for one
// that was not trustworthy, the customer summarised again from records).
type importSummaries struct {
	r   Records
	old map[string]*CustomerSummary // nil value: summarise from the records
}

// beginSummaries takes summaryMu, which the caller releases once the
// import is written, and marks the customers of writes dirty.
func beginSummaries(r Records, writes []pending) (*importSummaries, error) {
	summaryMu.Lock()
	is := &importSummaries{r: r, old: map[string]*CustomerSummary{}}
	stubs := map[string]any{}
	for _, w := range writes {
		did, _, _ := strings.Cut(w.key, "/")
		if _, ok := is.old[did]; ok {
			continue
		}
		// No summary: the customer had no records yet (every write makes
		// one), or none are built yet and the board will build them all.
		s := CustomerSummary{DossierID: did}
		switch err := r.GetRecord(KindSummary, did, &s); {
		case err == nil && !s.Dirty && !s.Large, errs.Is(err, errs.NotFound):
			is.old[did] = &s
		case err == nil:
			is.old[did] = nil // left dirty, or too large: read back from the records
		default:
			return nil, err
		}
		stubs[did] = CustomerSummary{DossierID: did, Dirty: true}
	}
	if len(stubs) == 0 {
		return is, nil
	}
	return is, r.PutRecords(KindSummary, stubs)
}

// finish writes the summaries once every batch is stored.
func (is *importSummaries) finish(writes []pending) error {
	for _, w := range writes {
		did, _, _ := strings.Cut(w.key, "/")
		s := is.old[did]
		if s == nil {
			continue
		}
		switch v := w.v.(type) {
		case Invoice:
			lean(&v.Meta)
			s.Invoices = upsert(s.Invoices, v, func(x *Invoice) *Meta { return &x.Meta })
		case CreditNote:
			lean(&v.Meta)
			s.CreditNotes = upsert(s.CreditNotes, v, func(x *CreditNote) *Meta { return &x.Meta })
		default:
			is.old[did] = nil // a kind not merged here: read it back
		}
	}
	w := summaryWriter{r: is.r}
	for did, s := range is.old {
		if s == nil {
			fresh, err := summarise(is.r, did)
			if err != nil {
				return err
			}
			s = &fresh
		}
		s.DossierID = did
		if err := w.put(s); err != nil {
			return err
		}
	}
	return w.flush()
}

// upsert puts x in xs in place of the record of its id, or where its id
// sorts (the order a scan of the records gives).
func upsert[T any](xs []T, x T, meta func(*T) *Meta) []T {
	id := meta(&x).ID
	i, found := slices.BinarySearchFunc(xs, id, func(e T, id string) int { return strings.Compare(meta(&e).ID, id) })
	if found {
		xs[i] = x
		return xs
	}
	return slices.Insert(xs, i, x)
}
