// Package assess turns a customer dossier and the evidence gathered about
// it into an explainable credit assessment: seven dimension scores with the
// factors that moved them, red flags that cap or override the grade, a
// completeness figure that keeps missing information from passing as good
// news, and the limit, payment terms and review date the firm's policy
// recommends. It is pure domain: no I/O, no storage, no clock.
package assess

import (
	"fmt"
	"math"
	"time"

	"credence/backend/dossier"
)

const dateLayout = "2006-01-02"

// Inputs is what an assessment is made from. Everything but the dossier is
// computed elsewhere (verification, screening, trade analysis, receivables,
// field visits) and may be absent.
type Inputs struct {
	Dossier    *dossier.Dossier // nil is treated as an empty dossier
	Existing   bool             // has traded with us before
	RedFlags   []RedFlag        // from verification and screening
	Trade      *TradeSummary    // nil: no customs records
	Payment    *PaymentSummary  // nil: no receivables
	FieldVisit *VisitSummary    // nil: no visit
	Now        time.Time        // the assessment date; zero leaves dates unjudged
}

// Red-flag severities.
const (
	SeverityDecline = "decline" // grade E, do not trade
	SeverityCap     = "cap"     // grade capped at Policy.FlagCapGrade
	SeverityWarn    = "warn"    // shown, no effect on the grade
)

// RedFlag is a finding that must be seen whatever the score.
type RedFlag struct {
	Code     string `json:"code"`
	Severity string `json:"severity"` // decline, cap, warn; anything else is shown like warn
	EN       string `json:"en"`
	ZH       string `json:"zh"`
	Source   string `json:"source"` // who raised it: screening, idcheck, assess, …
}

// TradeSummary is what customs records say about the buyer.
type TradeSummary struct {
	Shipments   int     `json:"shipments"`
	Months      int     `json:"months"`      // span of the records
	Suppliers   int     `json:"suppliers"`   // distinct suppliers
	ChinaShare  float64 `json:"china_share"` // 0..1 of value sourced from China
	TrendPct    float64 `json:"trend_pct"`   // volume trend, per cent per year
	SteadyBuyer bool    `json:"steady_buyer"`
}

// PaymentSummary is our own receivables experience with the customer.
type PaymentSummary struct {
	Invoices           int     `json:"invoices"`
	OnTimeShare        float64 `json:"on_time_share"` // 0..1
	AvgDaysBeyondTerms float64 `json:"avg_days_beyond_terms"`
	TrendDaysBeyond    float64 `json:"trend_days_beyond"` // positive: paying later than before
	OverdueAmount      float64 `json:"overdue_amount"`
	Exposure           float64 `json:"exposure"`
	MaxDaysOverdue     int     `json:"max_days_overdue"`
}

// VisitSummary is the outcome of the latest field visit.
type VisitSummary struct {
	Score          float64  `json:"score"` // 0..100 from the checklist
	FailedRequired []string `json:"failed_required,omitempty"`
	Date           string   `json:"date,omitempty"` // YYYY-MM-DD
}

// Assessment is one immutable snapshot of the judgement and its reasons.
type Assessment struct {
	Score        float64            `json:"score"` // 0..100, weighted over present dimensions
	Grade        string             `json:"grade"` // A B C D E
	Completeness float64            `json:"completeness"`
	Dimensions   []Dimension        `json:"dimensions"` // identity, trade, credit, soft, country, visit, payment
	Weights      map[string]float64 `json:"weights"`    // effective weights, renormalised over present dimensions
	Profile      string             `json:"profile"`    // e.g. "new/b2b/europe"
	RedFlags     []RedFlag          `json:"red_flags"`
	Overrides    []Override         `json:"overrides"`
	Limit        LimitDecision      `json:"limit"`
	Terms        Terms              `json:"terms"`
	PolicyRow    GradeBand          `json:"policy_row"`
	NextReview   string             `json:"next_review,omitempty"` // YYYY-MM-DD
}

// Dimension is one 0–100 score and the factors behind it. The factors'
// points add up to the score exactly: the first is the starting point, and
// a "clamped" factor records any cut to stay within 0–100.
type Dimension struct {
	Key     string   `json:"key"`
	Score   float64  `json:"score"`
	Missing bool     `json:"missing"`
	Weight  float64  `json:"weight"` // effective weight, 0 when missing
	Factors []Factor `json:"factors"`
}

// Factor is one reason a dimension moved, by signed points.
type Factor struct {
	Code   string  `json:"code"`
	Points float64 `json:"points"`
	EN     string  `json:"en"`
	ZH     string  `json:"zh"`
}

// Override is a change of grade forced by a red flag or by low completeness.
// FromGrade equals ToGrade when the grade was already at or below the cap.
type Override struct {
	Code      string `json:"code"`
	FromGrade string `json:"from_grade"`
	ToGrade   string `json:"to_grade"`
	EN        string `json:"en"`
	ZH        string `json:"zh"`
}

// Assess judges the inputs under the policy. The policy must pass
// Validate (callers check it when it is edited); Assess does not repeat it.
func Assess(in Inputs, p Policy) Assessment {
	d := in.Dossier
	if d == nil {
		d = &dossier.Dossier{}
	}
	ctx := newContext(d, in, p)

	dims := []Dimension{
		identityDim(ctx),
		tradeDim(ctx),
		creditDim(ctx),
		softDim(ctx),
		countryDim(ctx),
		visitDim(ctx),
		paymentDim(ctx),
	}

	a := Assessment{Profile: ctx.profile, Weights: map[string]float64{}}
	total := 0.0
	for _, dim := range dims {
		if !dim.Missing {
			total += ctx.weights[dim.Key]
		}
	}
	score := 0.0
	for i := range dims {
		w := 0.0
		if !dims[i].Missing && total > 0 {
			w = ctx.weights[dims[i].Key] / total
			score += w * dims[i].Score
		}
		dims[i].Weight = round(w, 3)
		a.Weights[dims[i].Key] = round(w, 3)
	}
	a.Dimensions = dims
	a.Score = round(score, 1)
	a.Completeness = completeness(ctx, dims)

	a.RedFlags = append(append([]RedFlag{}, in.RedFlags...), derivedFlags(ctx)...)
	a.Grade, a.Overrides = grade(p, ctx.segment, a.Score, a.Completeness, a.RedFlags)

	a.PolicyRow = p.band(a.Grade)
	a.Terms = termsFor(ctx, a.PolicyRow)
	a.Limit = limitFor(ctx, a.PolicyRow)
	a.NextReview = nextReview(in.Now, d.KeyAccount, a.PolicyRow)
	return a
}

// context carries what every dimension needs.
type context struct {
	d        *dossier.Dossier
	in       Inputs
	p        Policy
	segment  string // b2b, b2c
	customer string // new, existing
	region   string
	profile  string
	weights  Weights // after regional emphasis, before renormalisation
	base     Weights // the customer-type profile, without regional emphasis
}

func newContext(d *dossier.Dossier, in Inputs, p Policy) *context {
	c := &context{d: d, in: in, p: p, segment: d.Segment, customer: "new", region: Region(d.Country.Value)}
	if c.segment != "b2c" {
		c.segment = "b2b"
	}
	if in.Existing {
		c.customer = "existing"
	}
	base := c.customer + "/" + c.segment
	c.profile = base + "/" + c.region
	c.base = p.Profiles[base]
	c.weights = emphasise(c.base, p.RegionEmphasis[c.region])
	return c
}

func nextReview(now time.Time, key bool, b GradeBand) string {
	if now.IsZero() {
		return ""
	}
	m := b.ReviewMonths
	if key {
		m = b.KeyAccountReviewMonths
	}
	return now.AddDate(0, m, 0).Format(dateLayout)
}

func round(x float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(x*f) / f
}

// money formats an amount with thousands separators: 120,000 USD.
func money(amount float64, ccy string) string {
	n := int64(math.Round(amount))
	s := fmt.Sprint(n)
	if n < 0 {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if n < 0 {
		out = append([]byte{'-'}, out...)
	}
	return string(out) + " " + ccy
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(dateLayout, s)
	return t, err == nil
}

// monthsBetween is the whole months from a to b (negative if b is earlier).
func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}
