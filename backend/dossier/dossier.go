// Package dossier is the customer dossier: who the buyer is, every fact
// with its sources and verification state, contacts and attachments. It is
// pure domain: no storage, no UI.
package dossier

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bojanz/currency"

	"credence/backend/errs"
)

// Verification states of a fact.
const (
	Unverified   = "unverified"
	Verified     = "verified"
	Contradicted = "contradicted"
)

// Source kinds: where a fact came from.
var SourceKinds = []string{"customer", "registry", "website", "social", "customs", "agency", "visit", "reference"}

// Enumerations of the dossier's classification fields.
var (
	Segments      = []string{"b2b", "b2c"}
	BusinessTypes = []string{"importer", "distributor", "retailer", "end_user", "trading"}
	Statuses      = []string{"lead", "new", "active", "dormant", "blocked"}
	ContactRoles  = []string{"purchasing", "technical", "finance", "owner", "other"}
	IDTypes       = []string{"uscc", "gb_company", "vat", "ein", "lei", "duns", "cnpj", "hk_cr", "hk_br", "tw_ubn", "other"}
	AttachKinds   = []string{"licence", "card", "site", "report", "other"}
)

// Source says who or what vouches for a value. Value is empty when the
// source confirms the fact's value; a different Value is a contradiction.
type Source struct {
	Kind  string `json:"kind"`
	Date  string `json:"date,omitempty"` // YYYY-MM-DD, when the source said so
	Value string `json:"value,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Fact is one identity value with its provenance. ID is set for facts in
// lists (e-mails, phones, identifiers) so changes can address one item.
type Fact struct {
	ID      string   `json:"id,omitempty"`
	Type    string   `json:"type,omitempty"` // identifiers only: uscc, vat, …
	Value   string   `json:"value"`
	State   string   `json:"state,omitempty"` // unverified when empty
	Sources []Source `json:"sources,omitempty"`
}

// Contact is a person at the customer, with their part in the buying decision.
// Fields holding a person's data carry a `personal` tag (personal.go).
type Contact struct {
	ID    string `json:"id" personal:"-"`
	Name  string `json:"name" personal:"name"`
	Title string `json:"title,omitempty" personal:"-"`
	Role  string `json:"role,omitempty" personal:"-"`
	Email string `json:"email,omitempty" personal:"email"`
	Phone string `json:"phone,omitempty" personal:"phone"`
	// Messaging accounts: most buyers answer there before they answer mail.
	WeChat   string `json:"wechat,omitempty" personal:"messaging"`
	WhatsApp string `json:"whatsapp,omitempty" personal:"messaging"`
	// Why the firm may keep this person's data (GDPR art. 6, PIPL art. 13)
	// and where it came from: the answer to "how did you get my number?".
	LegalBasis string `json:"legal_basis,omitempty" personal:"-"`
	Source     string `json:"source,omitempty" personal:"-"`
}

// Legal bases for keeping a contact person's data.
var LegalBases = []string{"contract", "legitimate_interest", "consent", "public_source", "legal_obligation"}

// Attachment describes an evidence file; the sealed bytes live in the store.
type Attachment struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Mime    string    `json:"mime"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	Kind    string    `json:"kind,omitempty"`
	Caption string    `json:"caption,omitempty"`
	Added   time.Time `json:"added"`
}

// Dossier is one customer.
type Dossier struct {
	ID string `json:"id" personal:"-"`

	LegalName           Fact     `json:"legal_name" personal:"b2c:name"` // in the original script
	LatinName           Fact     `json:"latin_name" personal:"b2c:name"`
	Aliases             []string `json:"aliases,omitempty" personal:"b2c:name"`
	Country             Fact     `json:"country" personal:"-"` // ISO 3166-1 alpha-2
	RegisteredAddress   Fact     `json:"registered_address" personal:"b2c:address"`
	RegistrationDate    Fact     `json:"registration_date" personal:"b2c:birth_date"` // YYYY-MM-DD
	RegisteredCapital   Fact     `json:"registered_capital" personal:"-"`             // amount as digits
	CapitalCurrency     string   `json:"capital_currency,omitempty" personal:"-"`
	BusinessScope       Fact     `json:"business_scope" personal:"-"`
	LegalRepresentative Fact     `json:"legal_representative" personal:"name"`
	Website             Fact     `json:"website" personal:"-"`
	Emails              []Fact   `json:"emails,omitempty" personal:"email"`
	Phones              []Fact   `json:"phones,omitempty" personal:"phone"`
	Socials             []Fact   `json:"socials,omitempty" personal:"messaging"`
	Identifiers         []Fact   `json:"identifiers,omitempty" personal:"b2c:id_number"`

	Segment      string   `json:"segment,omitempty" personal:"-"`       // b2b, b2c
	BusinessType string   `json:"business_type,omitempty" personal:"-"` // importer, …
	Status       string   `json:"status,omitempty" personal:"-"`        // lead, …
	KeyAccount   bool     `json:"key_account,omitempty" personal:"-"`
	Owner        string   `json:"owner,omitempty" personal:"-"`
	Tags         []string `json:"tags,omitempty" personal:"-"`
	Notes        string   `json:"notes,omitempty" personal:"note"`

	Contacts    []Contact    `json:"contacts,omitempty" personal:"contacts"`
	Attachments []Attachment `json:"attachments,omitempty" personal:"file"`

	CreditReports   []CreditReport   `json:"credit_reports,omitempty" personal:"-"`
	LegalRecords    []LegalRecord    `json:"legal_records,omitempty" personal:"b2c:record"`
	Banks           []Bank           `json:"banks,omitempty" personal:"-"`
	References      []Reference      `json:"references,omitempty" personal:"note"`
	InsuranceLimits []InsuranceLimit `json:"insurance_limits,omitempty" personal:"-"`
	Soft            SoftInfo         `json:"soft" personal:"note"`
	Expected        Expected         `json:"expected" personal:"-"`

	Archived  bool      `json:"archived,omitempty" personal:"-"`
	CreatedAt time.Time `json:"created_at" personal:"-"`
	CreatedBy string    `json:"created_by,omitempty" personal:"-"`
	UpdatedAt time.Time `json:"updated_at" personal:"-"`
	UpdatedBy string    `json:"updated_by,omitempty" personal:"-"`
}

// DisplayName is the name people see: the original script, else the Latin one.
func (d *Dossier) DisplayName() string {
	if v := strings.TrimSpace(d.LegalName.Value); v != "" {
		return v
	}
	return strings.TrimSpace(d.LatinName.Value)
}

var (
	reCountry = regexp.MustCompile(`^[A-Z]{2}$`)
	reDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reEmail   = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	reAmount  = regexp.MustCompile(`^\d+(\.\d+)?$`)
	reCcy     = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Normalize trims values, upper-cases codes, fills IDs of list items and
// defaults, so that equal dossiers compare equal. newID makes item IDs.
func (d *Dossier) Normalize(newID func() string) {
	d.sanitize() // no control or bidi characters (sanitize.go)
	trim := func(f *Fact) {
		f.Value = strings.TrimSpace(f.Value)
		if f.State == "" {
			f.State = Unverified
		}
		for i := range f.Sources {
			f.Sources[i].Value = strings.TrimSpace(f.Sources[i].Value)
			f.Sources[i].Note = strings.TrimSpace(f.Sources[i].Note)
		}
	}
	for _, f := range d.scalarFacts() {
		trim(f.fact)
	}
	d.Country.Value = strings.ToUpper(d.Country.Value)
	d.CapitalCurrency = strings.ToUpper(strings.TrimSpace(d.CapitalCurrency))
	d.RegisteredCapital.Value = strings.ReplaceAll(d.RegisteredCapital.Value, ",", "")
	for _, list := range []*[]Fact{&d.Emails, &d.Phones, &d.Socials, &d.Identifiers} {
		out := (*list)[:0]
		for _, f := range *list {
			trim(&f)
			if f.Value == "" {
				continue // an empty row in a form is not a fact
			}
			if f.ID == "" {
				f.ID = newID()
			}
			out = append(out, f)
		}
		*list = out
	}
	for i := range d.Emails {
		d.Emails[i].Value = strings.ToLower(d.Emails[i].Value)
	}
	for i := range d.Identifiers {
		d.Identifiers[i].Type = strings.ToLower(strings.TrimSpace(d.Identifiers[i].Type))
		if d.Identifiers[i].Type == "" {
			d.Identifiers[i].Type = "other"
		}
	}
	d.Aliases = cleanStrings(d.Aliases)
	d.Tags = cleanStrings(d.Tags)
	contacts := d.Contacts[:0]
	for _, c := range d.Contacts {
		c.Name = strings.TrimSpace(c.Name)
		c.WeChat, c.WhatsApp = strings.TrimSpace(c.WeChat), strings.TrimSpace(c.WhatsApp)
		c.LegalBasis, c.Source = strings.TrimSpace(c.LegalBasis), strings.TrimSpace(c.Source)
		if c.Name == "" && c.Email == "" && c.Phone == "" && c.WeChat == "" && c.WhatsApp == "" {
			continue
		}
		if c.ID == "" {
			c.ID = newID()
		}
		contacts = append(contacts, c)
	}
	d.Contacts = contacts
	fillIDs(d.CreditReports, func(x *CreditReport) *string { return &x.ID }, newID)
	fillIDs(d.LegalRecords, func(x *LegalRecord) *string { return &x.ID }, newID)
	fillIDs(d.Banks, func(x *Bank) *string { return &x.ID }, newID)
	fillIDs(d.References, func(x *Reference) *string { return &x.ID }, newID)
	fillIDs(d.InsuranceLimits, func(x *InsuranceLimit) *string { return &x.ID }, newID)
	if d.Status == "" {
		d.Status = "lead"
	}
	if d.Segment == "" {
		d.Segment = "b2b"
	}
}

func fillIDs[T any](items []T, id func(*T) *string, newID func() string) {
	for i := range items {
		if p := id(&items[i]); *p == "" {
			*p = newID()
		}
	}
}

// cleanStrings trims, drops empty and repeated values, keeping the first
// order; linear in the list (a dossier with 100 000 aliases once took 47 s).
func cleanStrings(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// MaxListItems bounds the lists that imports and merges grow (phones,
// e-mails, contacts...). A dossier is saved in one transaction with its
// history and change log, and Badger takes 1.2 MB at most: 339 rows of one
// generated name merged into a customer made one no import could store,
// and a save that changes every entry of seven lists of 90 long ones
// passed it (store's TestTheLargestCustomerValidateAllowsIsStored). 50 of
// each leaves room for the rest of the dossier.
const MaxListItems = 50

// Validate reports the first problem a person must fix, as an errs.Invalid
// with the field named in Params["field"].
func (d *Dossier) Validate() error {
	bad := func(field, key, msg string) error {
		return errs.New(errs.Invalid, "%s: %s", field, msg).WithKey(key, "field", field)
	}
	if d.DisplayName() == "" {
		return bad("legal_name", "err.nameRequired", "a customer needs a name in its own script or in Latin letters")
	}
	for _, l := range []struct {
		field string
		n     int
	}{
		{"phones", len(d.Phones)}, {"emails", len(d.Emails)}, {"socials", len(d.Socials)}, {"identifiers", len(d.Identifiers)},
		{"aliases", len(d.Aliases)}, {"contacts", len(d.Contacts)}, {"tags", len(d.Tags)},
	} {
		if l.n > MaxListItems {
			return errs.New(errs.Invalid, "%s: %d entries, at most %d", l.field, l.n, MaxListItems).
				WithKey("err.tooMany", "field", l.field, "n", strconv.Itoa(l.n), "max", strconv.Itoa(MaxListItems))
		}
	}
	if v := d.Country.Value; v != "" && !reCountry.MatchString(v) {
		return bad("country", "err.country", "country must be a two-letter ISO code such as DE or CN")
	}
	if v := d.RegistrationDate.Value; v != "" && !validDate(v) {
		return bad("registration_date", "err.date", "date must be written YYYY-MM-DD")
	}
	if v := d.RegisteredCapital.Value; v != "" && !reAmount.MatchString(v) {
		return bad("registered_capital", "err.amount", "registered capital must be a number")
	}
	if v := d.CapitalCurrency; v != "" && !reCcy.MatchString(v) {
		return bad("capital_currency", "err.currency", "currency must be a three-letter code such as USD")
	} else if v != "" && !currency.IsValid(v) {
		return bad("capital_currency", "err.currencyUnknown", v+" is not an ISO 4217 currency code (the renminbi is CNY)")
	}
	for i, e := range d.Emails {
		if !reEmail.MatchString(e.Value) {
			return bad(fmtIndex("emails", i), "err.email", "not an e-mail address: "+e.Value)
		}
	}
	for _, c := range []struct {
		field, v string
		allowed  []string
	}{
		{"segment", d.Segment, Segments}, {"business_type", d.BusinessType, BusinessTypes}, {"status", d.Status, Statuses},
	} {
		if c.v != "" && !slices.Contains(c.allowed, c.v) {
			return bad(c.field, "err.choice", "unknown value "+c.v)
		}
	}
	for i, id := range d.Identifiers {
		if !slices.Contains(IDTypes, id.Type) && !knownExtraIDType(id.Type) {
			return bad(fmtIndex("identifiers", i), "err.choice", "unknown identifier type "+id.Type)
		}
	}
	for _, f := range d.allFacts() {
		if f.fact.State != "" && f.fact.State != Unverified && f.fact.State != Verified && f.fact.State != Contradicted {
			return bad(f.name, "err.choice", "unknown verification state "+f.fact.State)
		}
		for _, s := range f.fact.Sources {
			if !slices.Contains(SourceKinds, s.Kind) {
				return bad(f.name, "err.choice", "unknown source kind "+s.Kind)
			}
			if s.Date != "" && !validDate(s.Date) {
				return bad(f.name, "err.date", "source date must be written YYYY-MM-DD")
			}
		}
	}
	if err := d.validateCredit(bad); err != nil {
		return err
	}
	for i, c := range d.Contacts {
		if c.Role != "" && !slices.Contains(ContactRoles, c.Role) {
			return bad(fmtIndex("contacts", i), "err.choice", "unknown contact role "+c.Role)
		}
		if c.LegalBasis != "" && !slices.Contains(LegalBases, c.LegalBasis) {
			return bad(fmtIndex("contacts", i), "err.choice", "unknown legal basis "+c.LegalBasis)
		}
	}
	return nil
}

// knownExtraIDType admits identifier types that the validators know beyond
// the dossier's own short list (gstin, pan, mst, …).
func knownExtraIDType(t string) bool {
	return slices.Contains([]string{"iban", "bic", "gstin", "pan", "mst", "cpf", "abn", "uen"}, t)
}

func validDate(s string) bool {
	if !reDate.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func fmtIndex(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

type namedFact struct {
	name string
	fact *Fact
}

func (d *Dossier) scalarFacts() []namedFact {
	return []namedFact{
		{"legal_name", &d.LegalName}, {"latin_name", &d.LatinName}, {"country", &d.Country},
		{"registered_address", &d.RegisteredAddress}, {"registration_date", &d.RegistrationDate},
		{"registered_capital", &d.RegisteredCapital}, {"business_scope", &d.BusinessScope},
		{"legal_representative", &d.LegalRepresentative}, {"website", &d.Website},
	}
}

func (d *Dossier) allFacts() []namedFact {
	out := d.scalarFacts()
	for _, l := range []struct {
		name string
		list []Fact
	}{{"emails", d.Emails}, {"phones", d.Phones}, {"socials", d.Socials}, {"identifiers", d.Identifiers}} {
		for i := range l.list {
			out = append(out, namedFact{fmtIndex(l.name, i), &l.list[i]})
		}
	}
	return out
}

// Verification summarises how much of the identity is verified: facts that
// have a value, and how many of those are verified or contradicted.
type Verification struct {
	Facts        int `json:"facts"`
	Verified     int `json:"verified"`
	Contradicted int `json:"contradicted"`
	Sourced      int `json:"sourced"` // facts with at least one source
}

// Verification counts the dossier's facts by state.
func (d *Dossier) Verification() Verification {
	var v Verification
	for _, f := range d.allFacts() {
		if f.fact.Value == "" {
			continue
		}
		v.Facts++
		switch f.fact.EffectiveState() {
		case Verified:
			v.Verified++
		case Contradicted:
			v.Contradicted++
		}
		if len(f.fact.Sources) > 0 {
			v.Sourced++
		}
	}
	return v
}

// EffectiveState is the fact's state, except that a source giving a
// different value always makes it contradicted: two sources that disagree
// raise a flag, whatever state was set by hand.
func (f *Fact) EffectiveState() string {
	for _, s := range f.Sources {
		if s.Value != "" && !sameValue(s.Value, f.Value) {
			return Contradicted
		}
	}
	if f.State == "" {
		return Unverified
	}
	return f.State
}

func sameValue(a, b string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	return norm(a) == norm(b)
}

// Clone returns a deep copy, so callers can diff before and after an edit.
func (d *Dossier) Clone() *Dossier {
	c := *d
	c.Aliases = slices.Clone(d.Aliases)
	c.Tags = slices.Clone(d.Tags)
	c.Contacts = slices.Clone(d.Contacts)
	c.Attachments = slices.Clone(d.Attachments)
	c.CreditReports = slices.Clone(d.CreditReports)
	c.LegalRecords = slices.Clone(d.LegalRecords)
	c.Banks = slices.Clone(d.Banks)
	c.References = slices.Clone(d.References)
	c.InsuranceLimits = slices.Clone(d.InsuranceLimits)
	c.Soft.DecisionRoles = slices.Clone(d.Soft.DecisionRoles)
	cloneFacts := func(in []Fact) []Fact {
		if in == nil {
			return nil
		}
		out := make([]Fact, len(in))
		for i, f := range in {
			out[i] = f
			out[i].Sources = slices.Clone(f.Sources)
		}
		return out
	}
	c.Emails, c.Phones, c.Socials, c.Identifiers = cloneFacts(d.Emails), cloneFacts(d.Phones), cloneFacts(d.Socials), cloneFacts(d.Identifiers)
	for _, f := range c.scalarFacts() {
		f.fact.Sources = slices.Clone(f.fact.Sources)
	}
	return &c
}

// ForgetIdentity clears what a store assigns when it takes a dossier in:
// its id and bookkeeping, the ids of every list item, and the attachments
// (whose bytes live in a store, not in the dossier). Importers call it so
// that a dossier read from a file becomes a new one.
func (d *Dossier) ForgetIdentity() {
	d.ID = ""
	d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy = time.Time{}, "", time.Time{}, ""
	d.Attachments = nil
	for _, l := range [][]Fact{d.Emails, d.Phones, d.Socials, d.Identifiers} {
		for i := range l {
			l[i].ID = ""
		}
	}
	for i := range d.Contacts {
		d.Contacts[i].ID = ""
	}
	for i := range d.CreditReports {
		d.CreditReports[i].ID, d.CreditReports[i].AttachmentID = "", ""
	}
	for i := range d.LegalRecords {
		d.LegalRecords[i].ID = ""
	}
	for i := range d.Banks {
		d.Banks[i].ID = ""
	}
	for i := range d.References {
		d.References[i].ID = ""
	}
	for i := range d.InsuranceLimits {
		d.InsuranceLimits[i].ID = ""
	}
}
