package dossier

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
