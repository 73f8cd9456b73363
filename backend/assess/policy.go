package assess

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"credence/backend/errs"
)

// Dimension keys, in the fixed order of Assessment.Dimensions.
const (
	DimIdentity = "identity"
	DimTrade    = "trade"
	DimCredit   = "credit"
	DimSoft     = "soft"
	DimCountry  = "country"
	DimVisit    = "visit"
	DimPayment  = "payment"
)

// DimensionKeys lists the dimensions in output order.
var DimensionKeys = []string{DimIdentity, DimTrade, DimCredit, DimSoft, DimCountry, DimVisit, DimPayment}

// Grades from best to worst. E is a decline.
var Grades = []string{"A", "B", "C", "D", "E"}

// Payment-term codes a grade band may recommend.
const (
	TermLCSight   = "lc_sight"   // irrevocable letter of credit at sight
	TermTTAdvance = "tt_advance" // telegraphic transfer before shipment
	TermDepositBL = "deposit_bl" // deposit, balance against copy of the bill of lading
	TermDP        = "dp"         // documents against payment
	TermDA        = "da"         // documents against acceptance, Days after sight
	TermOA        = "oa"         // open account, Days after invoice
	TermDecline   = "decline"    // do not trade on any terms
)

// TermCodes is the known list of payment-term codes.
var TermCodes = []string{TermLCSight, TermTTAdvance, TermDepositBL, TermDP, TermDA, TermOA, TermDecline}

// Weights gives a weight per dimension key; a key left out weighs 0.
type Weights map[string]float64

// Terms is a payment term. EN and ZH are filled in the assessment output.
type Terms struct {
	Code       string `json:"code"`
	Days       int    `json:"days,omitempty"`        // da, oa
	DepositPct int    `json:"deposit_pct,omitempty"` // deposit_bl
	EN         string `json:"en,omitempty"`
	ZH         string `json:"zh,omitempty"`
}

// GradeBand maps a grade to the lowest score that earns it, the terms and
// maximum limit recommended, and how often the customer is reviewed.
type GradeBand struct {
	Grade                  string  `json:"grade"`
	MinScore               float64 `json:"min_score"` // the band holds scores >= MinScore (and below the band above)
	Terms                  Terms   `json:"terms"`
	MaxLimit               float64 `json:"max_limit"` // in Policy.Currency; 0 means no credit at all
	ReviewMonths           int     `json:"review_months"`
	KeyAccountReviewMonths int     `json:"key_account_review_months"` // key accounts are looked at sooner
	Decline                bool    `json:"decline,omitempty"`         // the grade means: do not trade
}

// CompletenessCap caps the grade when completeness is below a threshold:
// missing information is never good news.
type CompletenessCap struct {
	Below float64 `json:"below"` // completeness strictly below this…
	Grade string  `json:"grade"` // …caps the grade here
}

// Policy is the firm's editable credit policy: weight profiles, grade
// bands, limit rules, review intervals and country-risk overrides.
type Policy struct {
	Currency string `json:"currency"` // amounts without a currency are in this one

	// Profiles holds base weights by customer type, keyed "new/b2b",
	// "new/b2c", "existing/b2b", "existing/b2c".
	Profiles map[string]Weights `json:"profiles"`
	// RegionEmphasis multiplies the profile weights for buyers in a region
	// (see Region): a dimension not named keeps its weight (×1).
	RegionEmphasis map[string]Weights `json:"region_emphasis"`

	// Bands from the best grade to the worst; the last band (E) is the
	// decline band, reached only through a red flag.
	Bands []GradeBand `json:"bands"`

	// ExpectedShare is the share of the customer's expected annual purchases
	// that a limit may reach (0.25 ≈ three months of purchases).
	ExpectedShare float64 `json:"expected_share"`
	// FlagCapGrade is where a red flag of severity "cap" caps the grade.
	FlagCapGrade string `json:"flag_cap_grade"`
	// SegmentCaps caps the grade by segment: a private buyer (b2c) has no
	// accounts or registry record behind a promise to pay.
	SegmentCaps map[string]string `json:"segment_caps,omitempty"`
	// CompletenessCaps cap the grade when too little is known.
	CompletenessCaps []CompletenessCap `json:"completeness_caps"`
	// HomeCountry is the firm's own country (ISO alpha-2): a buyer there
	// carries no foreign country risk, so the country dimension and the
	// country ceilings do not apply to it. "" treats every buyer as foreign.
	HomeCountry string `json:"home_country"`
	// CountryCeilings cap the terms (and optionally the limit) by the
	// buyer's country-risk category, whatever the grade: the row with the
	// highest FromCategory at or below the buyer's category applies.
	CountryCeilings []CountryCeiling `json:"country_ceilings"`
	// Consumer is the ceiling for private (B2C) buyers; nil lifts it.
	Consumer *Ceiling `json:"consumer"`
	// NoEvidence is the ceiling for a buyer with no favourable independent
	// credit evidence (agency report, bank reference, trade reference,
	// insurer limit, our own payment history); nil lifts it.
	NoEvidence *Ceiling `json:"no_evidence"`
	// FXRates are the firm's dated exchange rates: an amount in another
	// currency (an agency's or insurer's limit, expected purchases) is
	// converted at them, and the explanation says at which rate of when.
	FXRates []FXRate `json:"fx_rates"`
	// SingleApprover lets the person who proposed a limit approve it
	// (a firm of one): the approval then says "self-approved".
	SingleApprover bool `json:"single_approver"`

	// CountryOverrides replaces the built-in OECD category for a country
	// (ISO alpha-2 → 0..7), as the firm decided on CountryOverridesDate.
	CountryOverrides     map[string]int `json:"country_overrides,omitempty"`
	CountryOverridesDate string         `json:"country_overrides_date,omitempty"`
}

// DefaultPolicy is a starting point built on seed 000: 80+ stable, under
// 60 unstable; existing customers are judged mostly on how they pay; B2C
// weighs identity and address; the region shifts the emphasis.
func DefaultPolicy() Policy {
	return Policy{
		Currency: "USD",
		Profiles: map[string]Weights{
			// A new buyer gets the full check: who they are and their credit standing first.
			"new/b2b": {DimIdentity: 20, DimTrade: 15, DimCredit: 25, DimSoft: 10, DimCountry: 10, DimVisit: 10, DimPayment: 10},
			// A private buyer has no registry record or trade history worth the name:
			// identity and address (the visit confirms it) carry the decision.
			"new/b2c": {DimIdentity: 35, DimTrade: 5, DimCredit: 15, DimSoft: 10, DimCountry: 10, DimVisit: 15, DimPayment: 10},
			// An existing customer gets a delta check: how they have paid us weighs most.
			"existing/b2b": {DimIdentity: 10, DimTrade: 10, DimCredit: 15, DimSoft: 5, DimCountry: 10, DimVisit: 5, DimPayment: 45},
			"existing/b2c": {DimIdentity: 20, DimTrade: 5, DimCredit: 10, DimSoft: 5, DimCountry: 10, DimVisit: 10, DimPayment: 40},
		},
		RegionEmphasis: map[string]Weights{
			// Europe and North America: credit rating and compliance.
			RegionEurope:       {DimCredit: 1.5, DimIdentity: 1.2},
			RegionNorthAmerica: {DimCredit: 1.5, DimIdentity: 1.2},
			// Africa and the Middle East: exchange controls and political
			// stability (country risk), fraud history (identity).
			RegionAfrica:     {DimCountry: 2, DimIdentity: 1.5},
			RegionMiddleEast: {DimCountry: 2, DimIdentity: 1.5},
			// South-East Asia: payment punctuality.
			RegionSoutheastAsia: {DimPayment: 1.5},
		},
		Bands: []GradeBand{
			{Grade: "A", MinScore: 80, Terms: Terms{Code: TermOA, Days: 60}, MaxLimit: 500000, ReviewMonths: 12, KeyAccountReviewMonths: 6},
			{Grade: "B", MinScore: 70, Terms: Terms{Code: TermOA, Days: 30}, MaxLimit: 200000, ReviewMonths: 6, KeyAccountReviewMonths: 3},
			{Grade: "C", MinScore: 60, Terms: Terms{Code: TermDepositBL, DepositPct: 30}, MaxLimit: 50000, ReviewMonths: 3, KeyAccountReviewMonths: 2},
			{Grade: "D", MinScore: 0, Terms: Terms{Code: TermTTAdvance}, MaxLimit: 0, ReviewMonths: 1, KeyAccountReviewMonths: 1},
			{Grade: "E", MinScore: 0, Terms: Terms{Code: TermDecline}, MaxLimit: 0, ReviewMonths: 1, KeyAccountReviewMonths: 1, Decline: true},
		},
		ExpectedShare:    0.25,
		FlagCapGrade:     "C",
		SegmentCaps:      map[string]string{"b2c": "C"},
		CompletenessCaps: []CompletenessCap{{Below: 40, Grade: "C"}, {Below: 25, Grade: "D"}},
		// Credence is made for Chinese exporters.
		HomeCountry: "CN",
		// High country risk (exchange controls, war, default): a bank's
		// undertaking or cash first, whatever the buyer's own standing.
		CountryCeilings: []CountryCeiling{
			{FromCategory: 5, Ceiling: Ceiling{Terms: Terms{Code: TermDP}}},
			{FromCategory: 6, Ceiling: Ceiling{Terms: Terms{Code: TermLCSight}}},
		},
		// A consumer has no accounts or registry record behind a promise to pay.
		Consumer: &Ceiling{Terms: Terms{Code: TermTTAdvance}, MaxLimit: ptr(0)},
		// Without independent evidence, no open account or D/A and a small limit.
		NoEvidence: &Ceiling{Terms: Terms{Code: TermDP}, MaxLimit: ptr(10000)},
	}
}

var (
	reCcy     = regexp.MustCompile(`^[A-Z]{3}$`)
	reCountry = regexp.MustCompile(`^[A-Z]{2}$`)
)

// Validate reports the first problem in the policy as an errs.Invalid
// naming the field: weights non-negative with every profile summing above
// zero, bands A–E with descending minimum scores, known terms, sane limits.
func (p Policy) Validate() error {
	bad := func(field, format string, a ...any) error {
		return errs.New(errs.Invalid, "policy %s: %s", field, fmt.Sprintf(format, a...)).WithKey("err.policy", "field", field)
	}
	// badBand names the grade and the rule, for the mistakes people make
	// while editing the bands in the settings.
	badBand := func(grade, key, other string, format string, a ...any) error {
		return errs.New(errs.Invalid, "policy bands.%s: %s", grade, fmt.Sprintf(format, a...)).WithKey(key, "grade", grade, "other", other)
	}
	if !reCcy.MatchString(p.Currency) {
		return bad("currency", "must be a three-letter code such as USD, not %q", p.Currency)
	}
	for _, k := range []string{"new/b2b", "new/b2c", "existing/b2b", "existing/b2c"} {
		if _, ok := p.Profiles[k]; !ok {
			return bad("profiles", "profile %s is missing", k)
		}
	}
	for name, w := range p.Profiles {
		if err := checkWeights(w); err != nil {
			return bad("profiles."+name, "%v", err)
		}
		sum := 0.0
		for _, v := range w {
			sum += v
		}
		if sum <= 0 {
			return bad("profiles."+name, "weights must sum to more than zero")
		}
		for region, m := range p.RegionEmphasis {
			if weightsSum(emphasise(w, m)) <= 0 {
				return bad("region_emphasis."+region, "leaves profile %s with no weight at all", name)
			}
		}
	}
	for region, m := range p.RegionEmphasis {
		if !slices.Contains(Regions, region) {
			return bad("region_emphasis", "unknown region %q", region)
		}
		if err := checkWeights(m); err != nil {
			return bad("region_emphasis."+region, "%v", err)
		}
	}
	if len(p.Bands) != len(Grades) {
		return bad("bands", "need one band for each grade %v", Grades)
	}
	for i, b := range p.Bands {
		field := "bands." + b.Grade
		if b.Grade != Grades[i] {
			return bad("bands", "band %d must be grade %s, not %q", i, Grades[i], b.Grade)
		}
		if b.MinScore < 0 || b.MinScore > 100 {
			return badBand(b.Grade, "err.policyScoreRange", "", "minimum score must be within 0–100")
		}
		if i > 0 && i < len(p.Bands)-1 && b.MinScore >= p.Bands[i-1].MinScore {
			return badBand(b.Grade, "err.policyScoreOrder", p.Bands[i-1].Grade, "minimum score %g must be below grade %s's %g", b.MinScore, p.Bands[i-1].Grade, p.Bands[i-1].MinScore)
		}
		if b.MaxLimit < 0 {
			return badBand(b.Grade, "err.policyLimitNegative", "", "maximum limit must not be negative")
		}
		if i > 0 && b.MaxLimit > p.Bands[i-1].MaxLimit {
			return badBand(b.Grade, "err.policyLimitOrder", p.Bands[i-1].Grade, "maximum limit %g is above the better grade %s's %g", b.MaxLimit, p.Bands[i-1].Grade, p.Bands[i-1].MaxLimit)
		}
		if b.ReviewMonths <= 0 || b.KeyAccountReviewMonths <= 0 {
			return badBand(b.Grade, "err.policyReview", "", "review intervals must be at least one month")
		}
		if err := checkTerms(b.Terms); err != nil {
			return bad(field+".terms", "%v", err)
		}
	}
	last := p.Bands[len(p.Bands)-1]
	if !last.Decline || last.MaxLimit != 0 {
		return bad("bands.E", "grade E is the decline band: it must decline and allow no limit")
	}
	if p.ExpectedShare <= 0 || p.ExpectedShare > 1 {
		return bad("expected_share", "must be above 0 and at most 1 (a share of annual purchases)")
	}
	if gradeIndex(p.FlagCapGrade) < 0 {
		return bad("flag_cap_grade", "unknown grade %q", p.FlagCapGrade)
	}
	for seg, g := range p.SegmentCaps {
		if seg != "b2b" && seg != "b2c" {
			return bad("segment_caps", "unknown segment %q", seg)
		}
		if gradeIndex(g) < 0 {
			return bad("segment_caps", "unknown grade %q", g)
		}
	}
	for _, c := range p.CompletenessCaps {
		if gradeIndex(c.Grade) < 0 {
			return bad("completeness_caps", "unknown grade %q", c.Grade)
		}
		if c.Below <= 0 || c.Below > 100 {
			return bad("completeness_caps", "threshold %g must be within 0–100", c.Below)
		}
	}
	if err := p.validateCeilings(bad); err != nil {
		return err
	}
	if err := p.validateFX(bad); err != nil {
		return err
	}
	for cc, cat := range p.CountryOverrides {
		if !reCountry.MatchString(cc) {
			return bad("country_overrides", "%q is not a two-letter ISO country code", cc)
		}
		if cat < 0 || cat > 7 {
			return bad("country_overrides", "%s: category %d is outside 0–7", cc, cat)
		}
	}
	if len(p.CountryOverrides) > 0 {
		if _, err := time.Parse(dateLayout, p.CountryOverridesDate); err != nil {
			return bad("country_overrides_date", "overrides need the date they were decided, written YYYY-MM-DD")
		}
	}
	return nil
}

func checkWeights(w Weights) error {
	for k, v := range w {
		if !slices.Contains(DimensionKeys, k) {
			return fmt.Errorf("unknown dimension %q", k)
		}
		if v < 0 {
			return fmt.Errorf("weight of %s must not be negative", k)
		}
	}
	return nil
}

func checkTerms(t Terms) error {
	if !slices.Contains(TermCodes, t.Code) {
		return fmt.Errorf("unknown payment term %q (known: %v)", t.Code, TermCodes)
	}
	switch t.Code {
	case TermOA, TermDA:
		if t.Days <= 0 || t.Days > 360 {
			return fmt.Errorf("%s needs a number of days between 1 and 360", t.Code)
		}
	case TermDepositBL:
		if t.DepositPct <= 0 || t.DepositPct >= 100 {
			return fmt.Errorf("deposit must be between 1 and 99 per cent")
		}
	}
	return nil
}

func weightsSum(w Weights) float64 {
	s := 0.0
	for _, k := range DimensionKeys {
		s += w[k]
	}
	return s
}

// emphasise multiplies base weights by a region's multipliers.
func emphasise(base, mult Weights) Weights {
	out := Weights{}
	for _, k := range DimensionKeys {
		m, ok := mult[k]
		if !ok {
			m = 1
		}
		out[k] = base[k] * m
	}
	return out
}

func gradeIndex(g string) int { return slices.Index(Grades, g) }

// worseGrade returns the worse of two grades.
func worseGrade(a, b string) string {
	if gradeIndex(b) > gradeIndex(a) {
		return b
	}
	return a
}

func (p Policy) band(grade string) GradeBand {
	for _, b := range p.Bands {
		if b.Grade == grade {
			return b
		}
	}
	return GradeBand{Grade: grade, Terms: Terms{Code: TermDecline}, Decline: true}
}

// gradeFor is the band a score falls into, never E (E is only reached
// through a decline flag).
func (p Policy) gradeFor(score float64) string {
	for _, b := range p.Bands[:len(p.Bands)-1] {
		if score >= b.MinScore {
			return b.Grade
		}
	}
	return p.Bands[len(p.Bands)-2].Grade
}
