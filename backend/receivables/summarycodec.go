package receivables

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
)

// A summary is stored in a compact binary form (base64 in the record's
// JSON): decoding 10 000 of them as JSON objects was half of the alert
// board. Every field of the ledger records is written except the Meta
// that lean drops; TestSummaryCodecKeepsEveryField fails when a record
// type gains a field this codec does not know. Entries and buyer limits
// are few and keep their JSON.

const summaryCodecVersion = 1

var errSummaryCodec = errors.New("summary record: bad encoding")

// MarshalJSON implements json.Marshaler.
func (s CustomerSummary) MarshalJSON() ([]byte, error) {
	var e enc
	e.b = append(e.b, summaryCodecVersion)
	e.str(s.DossierID)
	e.bool(s.Dirty)
	e.bool(s.Large)
	e.n(len(s.Invoices))
	for _, x := range s.Invoices {
		e.str(x.ID)
		e.str(x.Number)
		e.str(x.Reference)
		e.str(x.IssueDate)
		e.str(x.DueDate)
		e.f64(x.Amount)
		e.str(x.Currency)
		e.str(x.Terms)
		e.f64(x.PaidAmount)
		e.str(x.PaidDate)
	}
	e.n(len(s.Payments))
	for _, x := range s.Payments {
		e.str(x.ID)
		e.str(x.Date)
		e.f64(x.Amount)
		e.str(x.Currency)
		e.str(x.Reference)
		e.n(len(x.Allocations))
		for _, a := range x.Allocations {
			e.str(a.Invoice)
			e.f64(a.Amount)
		}
	}
	e.n(len(s.CreditNotes))
	for _, x := range s.CreditNotes {
		e.str(x.ID)
		e.str(x.Number)
		e.str(x.Date)
		e.f64(x.Amount)
		e.str(x.Currency)
		e.str(x.Invoice)
		e.str(x.Reason)
	}
	e.n(len(s.Disputes))
	for _, x := range s.Disputes {
		e.str(x.ID)
		e.str(x.Invoice)
		e.str(x.Opened)
		e.f64(x.Amount)
		e.str(x.Reason)
		e.str(x.Resolved)
	}
	e.n(len(s.Orders))
	for _, x := range s.Orders {
		e.str(x.ID)
		e.str(x.Number)
		e.str(x.Date)
		e.f64(x.Amount)
		e.str(x.Currency)
		e.bool(x.Invoiced)
	}
	for _, v := range []any{s.Entries, s.Limits} {
		j, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		e.str(string(j))
	}
	out := make([]byte, 0, 2+base64.RawStdEncoding.EncodedLen(len(e.b)))
	out = append(out, '"')
	out = base64.RawStdEncoding.AppendEncode(out, e.b)
	return append(out, '"'), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *CustomerSummary) UnmarshalJSON(data []byte) error {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return errSummaryCodec
	}
	src := data[1 : len(data)-1]
	raw, err := base64.RawStdEncoding.AppendDecode(make([]byte, 0, base64.RawStdEncoding.DecodedLen(len(src))), src)
	if err != nil || len(raw) == 0 || raw[0] != summaryCodecVersion {
		return errSummaryCodec
	}
	d := dec{b: raw[1:]}
	*s = CustomerSummary{DossierID: d.str(), Dirty: d.bool(), Large: d.bool()}
	s.Invoices = make([]Invoice, d.n())
	for i := range s.Invoices {
		x := &s.Invoices[i]
		x.ID, x.Number, x.Reference, x.IssueDate, x.DueDate = d.str(), d.str(), d.str(), d.str(), d.str()
		x.Amount, x.Currency, x.Terms, x.PaidAmount, x.PaidDate = d.f64(), d.str(), d.str(), d.f64(), d.str()
	}
	s.Payments = make([]Payment, d.n())
	for i := range s.Payments {
		x := &s.Payments[i]
		x.ID, x.Date, x.Amount, x.Currency, x.Reference = d.str(), d.str(), d.f64(), d.str(), d.str()
		if n := d.n(); n > 0 {
			x.Allocations = make([]Allocation, n)
			for j := range x.Allocations {
				x.Allocations[j] = Allocation{Invoice: d.str(), Amount: d.f64()}
			}
		}
	}
	s.CreditNotes = make([]CreditNote, d.n())
	for i := range s.CreditNotes {
		x := &s.CreditNotes[i]
		x.ID, x.Number, x.Date, x.Amount, x.Currency, x.Invoice, x.Reason = d.str(), d.str(), d.str(), d.f64(), d.str(), d.str(), d.str()
	}
	s.Disputes = make([]Dispute, d.n())
	for i := range s.Disputes {
		x := &s.Disputes[i]
		x.ID, x.Invoice, x.Opened, x.Amount, x.Reason, x.Resolved = d.str(), d.str(), d.str(), d.f64(), d.str(), d.str()
	}
	s.Orders = make([]Order, d.n())
	for i := range s.Orders {
		x := &s.Orders[i]
		x.ID, x.Number, x.Date, x.Amount, x.Currency, x.Invoiced = d.str(), d.str(), d.str(), d.f64(), d.str(), d.bool()
	}
	for _, v := range []any{&s.Entries, &s.Limits} {
		if j := d.str(); j != "null" {
			if err := json.Unmarshal([]byte(j), v); err != nil {
				return err
			}
		}
	}
	if d.bad || len(d.b) != 0 {
		return errSummaryCodec
	}
	s.nilEmpty()
	return nil
}

// nilEmpty leaves empty lists nil, as summarise does.
func (s *CustomerSummary) nilEmpty() {
	if len(s.Invoices) == 0 {
		s.Invoices = nil
	}
	if len(s.Payments) == 0 {
		s.Payments = nil
	}
	if len(s.CreditNotes) == 0 {
		s.CreditNotes = nil
	}
	if len(s.Disputes) == 0 {
		s.Disputes = nil
	}
	if len(s.Orders) == 0 {
		s.Orders = nil
	}
}

type enc struct{ b []byte }

func (e *enc) n(v int)      { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *enc) str(s string) { e.n(len(s)); e.b = append(e.b, s...) }
func (e *enc) f64(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// dec reads what enc wrote; past the end it returns zeros and sets bad.
type dec struct {
	b   []byte
	bad bool
}

func (d *dec) n() int {
	v, k := binary.Uvarint(d.b)
	if k <= 0 || v > uint64(len(d.b)) { // no count is larger than what is left
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[k:]
	return int(v)
}

func (d *dec) str() string {
	n := d.n()
	if n > len(d.b) {
		d.bad, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) f64() float64 {
	if len(d.b) < 8 {
		d.bad, d.b = true, nil
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *dec) bool() bool {
	if len(d.b) < 1 {
		d.bad = true
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}
