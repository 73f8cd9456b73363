package receivables

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"time"

	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/sheet"
)

// Matcher finds the dossier an export's customer is: by code (a link made
// before, or an identifier equal to it), identifier, or name. "" when none
// or several match.
type Matcher interface {
	Match(code, id, name string) (dossierID string, err error)
}

// ImportOptions steer an import.
type ImportOptions struct {
	DossierID   string        // every row to that customer; "" matches each row
	Mapping     sheet.Mapping // nil: guessed from the headers
	Currency    string        // when neither a column nor the amount's header names one; "" CNY
	SkipInvalid bool          // import the good rows of a file with bad ones
	DryRun      bool
	By          string
	Now         time.Time
	Progress    func(done, total int)
}

// Unmatched is a customer of the export that no dossier matched: its rows
// wait until the customer is added or linked, for the review list.
type Unmatched struct {
	Code   string  `json:"code,omitempty"`
	Name   string  `json:"name,omitempty"`
	ID     string  `json:"id,omitempty"`
	Rows   int     `json:"rows"`
	Amount float64 `json:"amount"`
	Lines  []int   `json:"lines"`
}

// ImportResult says what an import did.
type ImportResult struct {
	File      string           `json:"file"`
	Encoding  string           `json:"encoding"`
	Headers   []string         `json:"headers"`
	Mapping   sheet.Mapping    `json:"mapping"`
	Rows      int              `json:"rows"`
	Skipped   int              `json:"skipped"` // blank, totals and subtotal rows
	Added     int              `json:"added"`
	Updated   int              `json:"updated"` // known invoices whose figures changed (paid since)
	Known     int              `json:"known"`   // unchanged
	Credits   int              `json:"credits"` // credit lines read as credit notes
	Dossiers  map[string]int   `json:"dossiers"`
	Unmatched []Unmatched      `json:"unmatched"`
	Errors    []sheet.RowError `json:"errors"`
	Written   bool             `json:"written"`
	// Links are the export's customer codes and the dossiers they were
	// matched to, kept so that the next export matches by code.
	Links map[string]string `json:"links,omitempty"`
}

// batch is how many records go in one transaction (Badger refuses large ones).
const batch = 500

type pending struct {
	kind, key string
	v         any
}

// Import reads a receivables or ageing export and stores its invoices
// under the customers they belong to. Every row is read, matched and
// checked before anything is written: a file with a bad row is refused
// whole (unless SkipInvalid), and an invoice already stored with the same
// figures is not written again, so re-importing an export changes nothing.
// Customers no dossier matches are listed in Unmatched and their rows left
// out.
func Import(ctx context.Context, r Records, path string, match Matcher, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{File: filepath.Base(path), Dossiers: map[string]int{}, Errors: []sheet.RowError{}, Unmatched: []Unmatched{}, Links: map[string]string{}}
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC()
	}
	if opt.Currency == "" {
		opt.Currency = "CNY"
	}
	src, err := sheet.Open(path)
	if err != nil {
		return res, err
	}
	defer src.Close()
	tb, err := sheet.FindHeader(src, Schema)
	if err != nil {
		return res, err
	}
	res.Encoding, res.Headers, res.Mapping = tb.Encoding, tb.Headers, opt.Mapping
	if res.Mapping == nil {
		res.Mapping = Schema.Guess(tb.Headers)
	}
	bind, err := Schema.Bind(res.Mapping, tb.Headers)
	if err != nil {
		return res, err
	}
	_, c1 := bind["customer_code"]
	_, c2 := bind["customer_name"]
	_, c3 := bind["customer_id"]
	if !c1 && !c2 && !c3 && opt.DossierID == "" {
		return res, errs.New(errs.Invalid, "map the customer's code or name column, or import for a chosen customer").WithKey("err.arNoCustomerColumn")
	}
	type cust struct{ code, id, name string }
	matched := map[cust]string{}
	unmatched := map[cust]*Unmatched{}
	var order []cust
	var rows []Row
	if err := tb.Each(ctx, func(row sheet.Row) error {
		if subtotal(bind, row) {
			res.Skipped++
			return nil
		}
		res.Rows++
		rw, probs := ReadRow(bind, tb.Headers, row, opt.Currency)
		if opt.DossierID != "" && len(probs) > 0 && probs[0].Key == "err.arRowNoCustomer" {
			probs = probs[1:]
		}
		if len(probs) > 0 {
			res.Errors = append(res.Errors, probs...)
			return nil
		}
		did := opt.DossierID
		if did == "" {
			c := cust{rw.CustomerCode, search.Compact(rw.CustomerID), search.NameKey(rw.CustomerName)}
			id, ok := matched[c]
			if !ok {
				var err error
				if id, err = match.Match(rw.CustomerCode, rw.CustomerID, rw.CustomerName); err != nil {
					return err
				}
				matched[c] = id
			}
			if id == "" {
				u := unmatched[c]
				if u == nil {
					u = &Unmatched{Code: rw.CustomerCode, Name: rw.CustomerName, ID: rw.CustomerID}
					unmatched[c] = u
					order = append(order, c)
				}
				u.Rows++
				u.Amount += rw.Invoice.Amount - rw.Invoice.PaidAmount
				if len(u.Lines) < 20 {
					u.Lines = append(u.Lines, rw.Line)
				}
				return nil
			}
			did = id
		}
		rw.Invoice.DossierID = did
		if rw.CustomerCode != "" {
			res.Links[rw.CustomerCode] = did
		}
		rows = append(rows, rw)
		return nil
	}); err != nil {
		return res, err
	}
	res.Skipped += tb.Skipped
	for _, c := range order {
		res.Unmatched = append(res.Unmatched, *unmatched[c])
	}
	// The same invoice twice in one file with other figures is a mistake
	// of the export; twice the same is one invoice.
	seen := map[string]int{}
	for i, rw := range rows {
		key := rw.Invoice.DossierID + "/" + invoiceID(rw.Invoice.Number)
		if j, ok := seen[key]; ok {
			if !sameInvoice(rows[j].Invoice, rw.Invoice) {
				res.Errors = append(res.Errors, sheet.RowError{Line: rw.Line, Field: "invoice", Value: rw.Invoice.Number, Key: "err.arRowTwice",
					Message: fmt.Sprintf("invoice %s appears again (line %d) with other figures", rw.Invoice.Number, rows[j].Line),
					Params:  map[string]string{"line": strconv.Itoa(rw.Line), "value": rw.Invoice.Number, "other": strconv.Itoa(rows[j].Line)}})
			}
			rows[i].Line = -1 // drop
			continue
		}
		seen[key] = i
	}
	if len(res.Errors) > 0 && !opt.SkipInvalid {
		return res, errs.New(errs.Invalid, "%d problem(s) in %s; nothing was imported", len(res.Errors), res.File).
			WithKey("err.importRefused", "count", strconv.Itoa(len(res.Errors)), "file", res.File)
	}
	// Compare with what is stored, customer by customer.
	stored := map[string]map[string]json.RawMessage{}
	var writes []pending
	for _, rw := range rows {
		if rw.Line < 0 {
			continue
		}
		inv := rw.Invoice
		did := inv.DossierID
		res.Dossiers[did]++
		if _, ok := stored[did]; !ok {
			m := map[string]json.RawMessage{}
			for _, kind := range []string{KindInvoice, KindCreditNote} {
				if err := r.ScanRecords(kind, did+"/", func(id string, v []byte) error {
					m[kind+"/"+id] = append(json.RawMessage(nil), v...)
					return nil
				}); err != nil {
					return res, err
				}
			}
			stored[did] = m
		}
		meta := Meta{ID: invoiceID(inv.Number), DossierID: did, UpdatedAt: opt.Now, UpdatedBy: opt.By, Source: res.File}
		kind, v := KindInvoice, any(nil)
		if inv.Amount < 0 {
			// A credit line of the export: a credit note on account.
			cn := CreditNote{Meta: meta, Number: inv.Number, Date: inv.IssueDate, Amount: -inv.Amount, Currency: inv.Currency, Reason: "imported credit line"}
			kind, v = KindCreditNote, cn
			res.Credits++
		} else {
			inv.Meta = meta
			v = inv
		}
		key := did + "/" + meta.ID
		if old, ok := stored[did][kind+"/"+key]; ok {
			if unchanged(kind, old, v) {
				res.Known++
				continue
			}
			res.Updated++
		} else {
			res.Added++
		}
		writes = append(writes, pending{kind, key, v})
	}
	if opt.DryRun {
		return res, nil
	}
	sums, err := beginSummaries(r, writes) // holds summaryMu until Import returns
	defer summaryMu.Unlock()
	if err != nil {
		return res, err
	}
	for i := 0; i < len(writes); i += batch {
		part := writes[i:min(i+batch, len(writes))]
		byKind := map[string]map[string]any{}
		for _, w := range part {
			if byKind[w.kind] == nil {
				byKind[w.kind] = map[string]any{}
			}
			byKind[w.kind][w.key] = w.v
		}
		for kind, m := range byKind {
			if err := r.PutRecords(kind, m); err != nil {
				return res, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(i+len(part), len(writes))
		}
	}
	if err := sums.finish(writes); err != nil {
		return res, err
	}
	links := map[string]any{}
	book := NewBook(r)
	for code, did := range res.Links {
		if cur, err := book.CodeOf(code); err != nil {
			return res, err
		} else if cur == did {
			continue
		}
		links[codeKey(code)] = CodeLink{Meta: Meta{ID: codeKey(code), DossierID: did, UpdatedAt: opt.Now, UpdatedBy: opt.By, Source: res.File}, Code: code}
	}
	if len(links) > 0 {
		if err := r.PutRecords(KindCode, links); err != nil {
			return res, err
		}
	}
	res.Written = true
	return res, nil
}

// unchanged: the stored record has the figures of the new one (a
// tombstone does not count: importing again brings a deleted invoice back).
func unchanged(kind string, old json.RawMessage, v any) bool {
	switch kind {
	case KindInvoice:
		var o Invoice
		return json.Unmarshal(old, &o) == nil && !o.Deleted && sameInvoice(o, v.(Invoice))
	default:
		var o CreditNote
		n := v.(CreditNote)
		return json.Unmarshal(old, &o) == nil && !o.Deleted && o.Date == n.Date && o.Amount == n.Amount && o.Currency == n.Currency
	}
}

func sameInvoice(a, b Invoice) bool {
	a.Meta, b.Meta = Meta{}, Meta{}
	return reflect.DeepEqual(a, b)
}

// subtotal: a row of no invoice — the second line of a two-row header
// (ageing buckets under a merged 账龄), or a customer's subtotal with the
// customer's code before the word (0101 宁波… 小计) and no invoice date.
func subtotal(b sheet.Binding, row sheet.Row) bool {
	empty, total := true, false
	for k := range b {
		c := b.Get(row.Cells, k)
		if c == "" {
			continue
		}
		empty = false
		if sheet.IsTotals([]string{c}) {
			total = true
		}
	}
	return empty || (total && b.Get(row.Cells, "issue_date") == "")
}
