package dossier

import (
	"slices"

	"github.com/bojanz/currency"
)

// Credit standing, soft information and expected business: the inputs of
// the credit assessment beside identity. List items carry IDs so history
// and sync address them one by one.

// CreditReport is a third-party credit report (D&B, Creditsafe, Sinosure, …).
type CreditReport struct {
	ID               string  `json:"id"`
	Agency           string  `json:"agency"`
	Date             string  `json:"date,omitempty"`  // YYYY-MM-DD
	Score            float64 `json:"score,omitempty"` // on the agency's scale
	ScaleMin         float64 `json:"scale_min,omitempty"`
	ScaleMax         float64 `json:"scale_max,omitempty"` // higher is better unless ScaleInverted
	ScaleInverted    bool    `json:"scale_inverted,omitempty"`
	Rating           string  `json:"rating,omitempty"` // the agency's own rating, e.g. "3A2", "B"
	RecommendedLimit float64 `json:"recommended_limit,omitempty"`
	Currency         string  `json:"currency,omitempty"`
	AttachmentID     string  `json:"attachment_id,omitempty"` // the report file
	Note             string  `json:"note,omitempty"`
}

// LegalRecord is a litigation or bankruptcy record.
type LegalRecord struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"` // litigation, bankruptcy, enforcement, tax_lien
	Court    string  `json:"court,omitempty"`
	Date     string  `json:"date,omitempty"`
	Amount   float64 `json:"amount,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Status   string  `json:"status,omitempty"` // open, settled, dismissed, closed
	Role     string  `json:"role,omitempty"`   // defendant, plaintiff
	Source   string  `json:"source,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// Bank is one of the customer's banks.
type Bank struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	BIC    string `json:"bic,omitempty"`
	Rating string `json:"rating,omitempty"` // the bank's own rating, e.g. "A+", "BBB"
	Note   string `json:"note,omitempty"`
}

// Reference is what another supplier says about the customer.
type Reference struct {
	ID      string `json:"id"`
	Who     string `json:"who"`
	Payment string `json:"payment,omitempty"` // prompt, slow, very_slow, default
	Since   string `json:"since,omitempty"`   // YYYY or YYYY-MM-DD
	Note    string `json:"note,omitempty"`
}

// InsuranceLimit is a credit-insurance buyer limit.
type InsuranceLimit struct {
	ID       string  `json:"id"`
	Insurer  string  `json:"insurer"`
	Policy   string  `json:"policy,omitempty"`
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency,omitempty"`
	Expiry   string  `json:"expiry,omitempty"` // YYYY-MM-DD
}

// SoftInfo is what the inquiry and the conversations tell (seed 000).
type SoftInfo struct {
	NamesSpecs       bool     `json:"names_specs,omitempty"`
	NamesQuantity    bool     `json:"names_quantity,omitempty"`
	NamesDelivery    bool     `json:"names_delivery,omitempty"`
	NamesPayment     bool     `json:"names_payment,omitempty"`
	ResponseHours    int      `json:"response_hours,omitempty"` // typical reply time; 0 unknown
	DecisionRoles    []string `json:"decision_roles,omitempty"` // purchasing, technical, finance, owner
	TechConfirmation bool     `json:"tech_confirmation,omitempty"`
	Notes            string   `json:"notes,omitempty"`
}

// Expected is the business the customer expects to do with us.
type Expected struct {
	AnnualVolume   float64 `json:"annual_volume,omitempty"`
	OrderSize      float64 `json:"order_size,omitempty"`
	Currency       string  `json:"currency,omitempty"`
	RequestedTerms string  `json:"requested_terms,omitempty"` // e.g. "oa_60"
}

// Allowed values of the credit records' enumerations.
var (
	LegalKinds     = []string{"litigation", "bankruptcy", "enforcement", "tax_lien"}
	LegalStatuses  = []string{"open", "settled", "dismissed", "closed"}
	LegalRoles     = []string{"defendant", "plaintiff"}
	PaymentHabits  = []string{"prompt", "slow", "very_slow", "default"}
	RequestedTerms = []string{"lc_sight", "tt_advance", "deposit_bl", "dp", "da_30", "da_60", "oa_30", "oa_60", "oa_90"}
)

// validateCredit checks the credit records: dates, currencies, amounts and
// enumerations; bad builds the error naming the field.
func (d *Dossier) validateCredit(bad func(field, key, msg string) error) error {
	date := func(field, v string) error {
		if v != "" && !validDate(v) {
			return bad(field, "err.date", "date must be written YYYY-MM-DD")
		}
		return nil
	}
	ccy := func(field, v string) error {
		if v != "" && !reCcy.MatchString(v) {
			return bad(field, "err.currency", "currency must be a three-letter code such as USD")
		}
		// ISO 4217 as of github.com/bojanz/currency (current CLDR data):
		// RMB or XYZ have three letters but are not currencies.
		if v != "" && !currency.IsValid(v) {
			return bad(field, "err.currencyUnknown", v+" is not an ISO 4217 currency code (the renminbi is CNY)")
		}
		return nil
	}
	amount := func(field string, v float64) error {
		if v < 0 {
			return bad(field, "err.amount", "amounts cannot be negative")
		}
		return nil
	}
	choice := func(field, v string, allowed []string) error {
		if v != "" && !slices.Contains(allowed, v) {
			return bad(field, "err.choice", "unknown value "+v)
		}
		return nil
	}
	var errsFound []error
	for i, r := range d.CreditReports {
		f := fmtIndex("credit_reports", i)
		errsFound = append(errsFound, date(f, r.Date), ccy(f, r.Currency), amount(f, r.RecommendedLimit))
		if r.ScaleMax != 0 && r.ScaleMax <= r.ScaleMin {
			errsFound = append(errsFound, bad(f, "err.scale", "the top of the score scale must be above its bottom"))
		}
	}
	for i, r := range d.LegalRecords {
		f := fmtIndex("legal_records", i)
		errsFound = append(errsFound, date(f, r.Date), ccy(f, r.Currency), amount(f, r.Amount),
			choice(f, r.Kind, LegalKinds), choice(f, r.Status, LegalStatuses), choice(f, r.Role, LegalRoles))
	}
	for i, r := range d.References {
		errsFound = append(errsFound, choice(fmtIndex("references", i), r.Payment, PaymentHabits))
	}
	for i, r := range d.InsuranceLimits {
		f := fmtIndex("insurance_limits", i)
		errsFound = append(errsFound, date(f, r.Expiry), ccy(f, r.Currency), amount(f, r.Amount))
	}
	errsFound = append(errsFound, ccy("expected", d.Expected.Currency), amount("expected", d.Expected.AnnualVolume),
		amount("expected", d.Expected.OrderSize), choice("expected", d.Expected.RequestedTerms, RequestedTerms))
	if d.Soft.ResponseHours < 0 {
		errsFound = append(errsFound, bad("soft", "err.amount", "reply time cannot be negative"))
	}
	for _, e := range errsFound {
		if e != nil {
			return e
		}
	}
	return nil
}
