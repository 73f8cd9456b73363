package receivables

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Meta is what every record of the package carries: a stable id (the
// record's key under its dossier), who changed it last, and the tombstone.
type Meta struct {
	ID        string    `json:"id"`
	DossierID string    `json:"dossier_id,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	Deleted   bool      `json:"deleted,omitempty"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
	DeletedBy string    `json:"deleted_by,omitempty"`
	Source    string    `json:"source,omitempty"` // the file it was imported from; "" entered by hand
}

func (m *Meta) meta() *Meta { return m }

// Invoice is one invoice to the customer. PaidAmount and PaidDate are what
// an accounting export says was received against it; payments recorded
// here and allocated to it add to that.
type Invoice struct {
	Meta
	Number     string  `json:"number"`
	Reference  string  `json:"reference,omitempty"` // order or shipment
	IssueDate  string  `json:"issue_date"`          // YYYY-MM-DD
	DueDate    string  `json:"due_date"`            // YYYY-MM-DD
	Amount     float64 `json:"amount"`
	Currency   string  `json:"currency"`
	Terms      string  `json:"terms,omitempty"` // as written: "OA 60", "月结30天"
	PaidAmount float64 `json:"paid_amount,omitempty"`
	PaidDate   string  `json:"paid_date,omitempty"`
}

// Payment is money received. Allocations name the invoices it pays; what
// is left over sits on account.
type Payment struct {
	Meta
	Date        string       `json:"date"`
	Amount      float64      `json:"amount"`
	Currency    string       `json:"currency"`
	Reference   string       `json:"reference,omitempty"`
	Allocations []Allocation `json:"allocations,omitempty"`
}

// Allocation is the part of a payment or credit note that settles one invoice.
type Allocation struct {
	Invoice string  `json:"invoice"` // invoice number
	Amount  float64 `json:"amount"`
}

// CreditNote reduces what is owed, against an invoice or on account.
type CreditNote struct {
	Meta
	Number   string  `json:"number"`
	Date     string  `json:"date"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	Invoice  string  `json:"invoice,omitempty"` // the invoice it credits; "" on account
	Reason   string  `json:"reason,omitempty"`
}

// Dispute is a customer's objection to an invoice: while open, the invoice
// is shown as disputed (still owed, still aged).
type Dispute struct {
	Meta
	Invoice  string  `json:"invoice"`
	Opened   string  `json:"opened"`
	Amount   float64 `json:"amount,omitempty"` // 0: the whole invoice
	Reason   string  `json:"reason"`
	Resolved string  `json:"resolved,omitempty"` // YYYY-MM-DD when settled
}

// Order is an order accepted but not yet invoiced: it counts in exposure.
type Order struct {
	Meta
	Number   string  `json:"number"`
	Date     string  `json:"date"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	Invoiced bool    `json:"invoiced,omitempty"` // closed: no longer exposure
}

// Policy is a credit-insurance policy of the firm.
type Policy struct {
	Meta
	Insurer   string `json:"insurer"`
	Number    string `json:"number"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	// MaxCreditDays is the longest credit period the policy covers.
	MaxCreditDays int `json:"max_credit_days,omitempty"`
	// InsuredShare is the part of a loss the insurer pays (0..1, e.g. 0.9).
	InsuredShare float64 `json:"insured_share,omitempty"`
	// ReportDays: an overdue buyer must be reported to the insurer within
	// this many days after the due date, or cover is lost.
	ReportDays int    `json:"report_days,omitempty"`
	Conditions string `json:"conditions,omitempty"`
}

// BuyerLimit is the insurer's limit on one customer under a policy.
type BuyerLimit struct {
	Meta
	PolicyID   string  `json:"policy_id"`
	Amount     float64 `json:"amount"`
	Currency   string  `json:"currency"`
	ValidFrom  string  `json:"valid_from,omitempty"`
	ValidTo    string  `json:"valid_to,omitempty"`
	Conditions string  `json:"conditions,omitempty"`
}

// Entry kinds of the collection log.
const (
	EntryCall     = "call"
	EntryEmail    = "email"
	EntryPromise  = "promise"
	EntryDispute  = "dispute"
	EntryNote     = "note"
	EntryReminder = "reminder"
)

// Entry is one line of a customer's collection log.
type Entry struct {
	Meta
	Kind string    `json:"kind"`
	Date string    `json:"date"` // YYYY-MM-DD
	Note string    `json:"note,omitempty"`
	By   string    `json:"by,omitempty"`
	At   time.Time `json:"at,omitzero"`
	// A promise to pay: the amount (0: the overdue balance) by the date.
	PromiseDate   string  `json:"promise_date,omitempty"`
	PromiseAmount float64 `json:"promise_amount,omitempty"`
	Invoice       string  `json:"invoice,omitempty"`
}

// invoiceID is an invoice's record id: its number folded, so that the
// same invoice imported again (or typed with other spacing) is one record.
func invoiceID(number string) string {
	if plainID(number) { // most numbers: nothing to fold
		return number
	}
	n := strings.ToUpper(strings.Join(strings.Fields(number), ""))
	if n != "" && len(n) <= 64 && !strings.ContainsAny(n, "/\x00") {
		return n
	}
	h := sha256.Sum256([]byte(n))
	return "h" + hex.EncodeToString(h[:12])
}

// plainID: number is already its own id (ASCII without spaces, lower-case
// letters, "/" or NUL, and not too long).
func plainID(number string) bool {
	if number == "" || len(number) > 64 {
		return false
	}
	for i := 0; i < len(number); i++ {
		if c := number[i]; c <= ' ' || c >= 0x7f || c == '/' || (c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
