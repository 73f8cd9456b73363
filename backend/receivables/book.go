package receivables

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/errs"
)

// Records is the part of a workspace store the package writes through.
type Records interface {
	PutRecord(kind, id string, v any) error
	PutRecords(kind string, recs map[string]any) error
	GetRecord(kind, id string, v any) error
	ScanRecords(kind, prefix string, fn func(id string, value []byte) error) error
}

// Record kinds.
const (
	KindInvoice    = "ar_invoice"
	KindPayment    = "ar_payment"
	KindCreditNote = "ar_credit_note"
	KindOrder      = "ar_order"
	KindDispute    = "ar_dispute"
	KindEntry      = "ar_collection"
	KindPolicy     = "ar_policy"
	KindBuyerLimit = "ar_buyer_limit"
	KindAlert      = "ar_alert"
	KindHold       = "ar_hold"
	KindRules      = "ar_rules"
)

// Book is the receivables of one open workspace.
type Book struct {
	r   Records
	Now func() time.Time // time.Now when nil
}

// NewBook returns the book over a workspace's records.
func NewBook(r Records) *Book { return &Book{r: r} }

func (b *Book) now() time.Time {
	if b.Now != nil {
		return b.Now().UTC()
	}
	return time.Now().UTC()
}

// scan decodes every live record of a kind under prefix (every record
// type embeds Meta, whose Deleted marks a tombstone).
func scan[T any](r Records, kind, prefix string) ([]T, error) {
	var out []T
	err := r.ScanRecords(kind, prefix, func(_ string, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return errs.Wrap(errs.Internal, err, "decode %s record", kind)
		}
		if m, ok := any(&x).(interface{ meta() *Meta }); ok && m.meta().Deleted {
			return nil
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// Ledger reads a customer's receivables.
func (b *Book) Ledger(dossierID string) (Ledger, error) {
	var l Ledger
	var err error
	p := dossierID + "/"
	if l.Invoices, err = scan[Invoice](b.r, KindInvoice, p); err != nil {
		return l, err
	}
	if l.Payments, err = scan[Payment](b.r, KindPayment, p); err != nil {
		return l, err
	}
	if l.CreditNotes, err = scan[CreditNote](b.r, KindCreditNote, p); err != nil {
		return l, err
	}
	if l.Disputes, err = scan[Dispute](b.r, KindDispute, p); err != nil {
		return l, err
	}
	l.Orders, err = scan[Order](b.r, KindOrder, p)
	return l, err
}

var reCurrency = regexp.MustCompile(`^[A-Z]{3}$`)

func invalid(field, msg string) error {
	return errs.New(errs.Invalid, "%s: %s", field, msg).WithKey("err.arField", "field", field)
}

func checkDay(field, v string, required bool) error {
	if v == "" && !required {
		return nil
	}
	if _, ok := parseDay(v); !ok {
		return invalid(field, "not a date (YYYY-MM-DD)")
	}
	return nil
}

func checkAmount(field string, v float64, ccy string) error {
	if !(v > 0) || v > 1e13 {
		return invalid(field, "must be above zero")
	}
	if !reCurrency.MatchString(ccy) {
		return invalid("currency", "a three-letter code such as CNY or USD")
	}
	return nil
}

// Validate checks an invoice before it is stored.
func (inv *Invoice) Validate() error {
	inv.Number, inv.Currency = strings.TrimSpace(inv.Number), strings.ToUpper(strings.TrimSpace(inv.Currency))
	if inv.Number == "" {
		return invalid("number", "an invoice needs its number")
	}
	for _, e := range []error{checkDay("issue_date", inv.IssueDate, true), checkDay("due_date", inv.DueDate, true),
		checkDay("paid_date", inv.PaidDate, false), checkAmount("amount", inv.Amount, inv.Currency)} {
		if e != nil {
			return e
		}
	}
	if inv.DueDate < inv.IssueDate {
		return invalid("due_date", "due before it was issued")
	}
	if inv.PaidAmount < 0 || inv.PaidAmount > inv.Amount+0.005 {
		return invalid("paid_amount", "more than the invoice or below zero")
	}
	return nil
}

// Validate checks a payment before it is stored.
func (p *Payment) Validate() error {
	p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
	if err := checkDay("date", p.Date, true); err != nil {
		return err
	}
	if err := checkAmount("amount", p.Amount, p.Currency); err != nil {
		return err
	}
	var sum float64
	for _, a := range p.Allocations {
		if strings.TrimSpace(a.Invoice) == "" || !(a.Amount > 0) {
			return invalid("allocations", "each allocation names an invoice and an amount")
		}
		sum += a.Amount
	}
	if sum > p.Amount+0.005 {
		return invalid("allocations", "more allocated than paid")
	}
	return nil
}

// stamp sets a new record's id and who wrote it.
func (b *Book) stamp(m *Meta, dossierID, id, by string) {
	if m.ID == "" {
		m.ID = id
	}
	m.DossierID, m.UpdatedAt, m.UpdatedBy = dossierID, b.now(), by
}

func newID(t time.Time) string { return t.Format("20060102T150405") + "-" + uuid.NewString()[:8] }

// SaveInvoice stores (or replaces) an invoice by its number.
func (b *Book) SaveInvoice(dossierID string, inv Invoice, by string) (Invoice, error) {
	if err := inv.Validate(); err != nil {
		return inv, err
	}
	inv.ID = invoiceID(inv.Number)
	b.stamp(&inv.Meta, dossierID, inv.ID, by)
	return inv, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindInvoice, dossierID+"/"+inv.ID, inv) })
}

// SavePayment stores a payment; a new one gets an id.
func (b *Book) SavePayment(dossierID string, p Payment, by string) (Payment, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	b.stamp(&p.Meta, dossierID, newID(b.now()), by)
	return p, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindPayment, dossierID+"/"+p.ID, p) })
}

// SaveCreditNote stores a credit note by its number.
func (b *Book) SaveCreditNote(dossierID string, c CreditNote, by string) (CreditNote, error) {
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	if strings.TrimSpace(c.Number) == "" {
		return c, invalid("number", "a credit note needs its number")
	}
	if err := checkDay("date", c.Date, true); err != nil {
		return c, err
	}
	if err := checkAmount("amount", c.Amount, c.Currency); err != nil {
		return c, err
	}
	b.stamp(&c.Meta, dossierID, invoiceID(c.Number), by)
	return c, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindCreditNote, dossierID+"/"+c.ID, c) })
}

// SaveDispute opens (or updates) a dispute on an invoice.
func (b *Book) SaveDispute(dossierID string, d Dispute, by string) (Dispute, error) {
	if strings.TrimSpace(d.Invoice) == "" {
		return d, invalid("invoice", "a dispute names the invoice")
	}
	if err := checkDay("opened", d.Opened, true); err != nil {
		return d, err
	}
	if err := checkDay("resolved", d.Resolved, false); err != nil {
		return d, err
	}
	b.stamp(&d.Meta, dossierID, newID(b.now()), by)
	return d, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindDispute, dossierID+"/"+d.ID, d) })
}

// SaveOrder stores an open order by its number.
func (b *Book) SaveOrder(dossierID string, o Order, by string) (Order, error) {
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	if strings.TrimSpace(o.Number) == "" {
		return o, invalid("number", "an order needs its number")
	}
	if err := checkDay("date", o.Date, true); err != nil {
		return o, err
	}
	if err := checkAmount("amount", o.Amount, o.Currency); err != nil {
		return o, err
	}
	b.stamp(&o.Meta, dossierID, invoiceID(o.Number), by)
	return o, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindOrder, dossierID+"/"+o.ID, o) })
}

// Delete turns a record into its tombstone: kept under its key with
// Deleted, who and when, so that a change log can pass the deletion on.
// key is the record's full id ("<dossier>/<id>", or "<id>" for policies).
func (b *Book) Delete(kind, key, by string) error {
	var m map[string]any
	if err := b.r.GetRecord(kind, key, &m); err != nil {
		return err
	}
	m["deleted"], m["deleted_at"], m["deleted_by"] = true, b.now(), by
	if did, _, ok := strings.Cut(key, "/"); ok && summarised[kind] {
		return b.writeFor(did, func() error { return b.r.PutRecord(kind, key, m) })
	}
	return b.r.PutRecord(kind, key, m)
}
