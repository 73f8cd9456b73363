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
	// LegalChecks are the searches of court and insolvency records: with
	// one, "no lawsuit on file" means checked and nothing found.
	LegalChecks []LegalCheck
	Now         time.Time // the assessment date; zero leaves dates unjudged
}

// Legal check kinds.
const (
	CheckLitigation = "litigation"
	CheckBankruptcy = "bankruptcy"
)

// LegalCheck is a search of court (litigation) or insolvency (bankruptcy)
// records for the customer.
type LegalCheck struct {
	Kind   string `json:"kind"`
	Date   string `json:"date"` // YYYY-MM-DD
	Source string `json:"source"`
}

// Red-flag severities.
const (
	SeverityDecline = "decline" // grade E, do not trade
	SeverityCap     = "cap"     // grade capped at Policy.FlagCapGrade
	SeverityWarn    = "warn"    // shown, no effect on the grade
	// SeverityHold puts the whole assessment on hold (an undecided
	// sanctions hit): no grade, no limit, advance payment, no approval.
	SeverityHold = "hold"
)

// Assessment statuses.
const (
	StatusGraded   = "graded"   // a grade A–D with its terms and limit
	StatusOnHold   = "on_hold"  // no grade until a hold flag is resolved
	StatusDeclined = "declined" // grade E: do not trade
)

// RedFlag is a finding that must be seen whatever the score.
type RedFlag struct {
	Code     string `json:"code"`
	Severity string `json:"severity"` // decline, hold, cap, warn; anything else is shown like warn
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
	Visitor        string   `json:"visitor,omitempty"`
	// Findings are the failed required items with the visitor's note;
	// when empty, FailedRequired ("label: note") stands for them.
	Findings []VisitFinding `json:"findings,omitempty"`
	// Answers holds the value given per checklist item id, for the
	// patterns the engine reads across items (signage_name,
	// premises_tenure, staff_match, staff_seen, staff_claimed).
	Answers map[string]string `json:"answers,omitempty"`
}

// VisitFinding is one required visit check that failed.
type VisitFinding struct {
	ItemID  string `json:"item_id"`
	LabelEN string `json:"label_en"`
	LabelZH string `json:"label_zh"`
	Value   string `json:"value"`
	Note    string `json:"note,omitempty"`
}

// Assessment is one immutable snapshot of the judgement and its reasons.
type Assessment struct {
	Score        float64            `json:"score"`  // 0..100, weighted over present dimensions
	Grade        string             `json:"grade"`  // A B C D E; "" while on hold
	Status       string             `json:"status"` // graded, on_hold, declined
	Completeness float64            `json:"completeness"`
	Dimensions   []Dimension        `json:"dimensions"` // identity, trade, credit, soft, country, visit, payment
	Weights      map[string]float64 `json:"weights"`    // effective weights, renormalised over present dimensions
	Profile      string             `json:"profile"`    // e.g. "new/b2b/europe"
	RedFlags     []RedFlag          `json:"red_flags"`
	Overrides    []Override         `json:"overrides"`
	Gates        []Gate             `json:"gates"` // ceilings no score can outvote, Applied when they bound
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
	unknownCredit(dims)
	countryCeilingFactor(ctx, dims)
	total := 0.0
	for _, dim := range dims {
		if scored(dim) {
			total += ctx.weights[dim.Key]
		}
	}
	score := 0.0
	for i := range dims {
		w := 0.0
		if scored(dims[i]) && total > 0 {
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

	var hold []RedFlag
	for _, f := range a.RedFlags {
		if f.Severity == SeverityHold {
			hold = append(hold, f)
		}
	}
	a.Status = StatusGraded
	a.PolicyRow = p.band(a.Grade)
	switch {
	case a.PolicyRow.Decline:
		a.Status = StatusDeclined
	case len(hold) > 0:
		// No grade while a hold is open: a grade shown beside an
		// undecided sanctions hit reads as a clearance.
		a.Status, a.Grade = StatusOnHold, ""
		a.PolicyRow = GradeBand{Terms: Terms{Code: TermTTAdvance}, ReviewMonths: 1, KeyAccountReviewMonths: 1}
	}
	a.Gates = gates(ctx, hold)
	a.Terms = termsFor(ctx, a.PolicyRow, a.Gates)
	a.Limit = limitFor(ctx, a.PolicyRow, a.Gates)
	a.NextReview = nextReview(in.Now, d.KeyAccount, a.PolicyRow)
	if a.Status == StatusOnHold && !in.Now.IsZero() {
		a.NextReview = in.Now.Format(dateLayout) // due now: the hits wait for a decision
	}
	if a.Gates == nil {
		a.Gates = []Gate{}
	}
	return a
}

// unknownCreditScore is what a credit standing nobody has checked counts
// for: as low as standing resting on side records alone. Dropping the
// dimension would make "unknown" neutral, and a buyer nobody vouches for
// would reach the grade of one an agency or insurer vouches for.
const unknownCreditScore = 30

// unknownCredit scores a missing credit dimension at unknownCreditScore;
// it stays Missing for completeness.
func unknownCredit(dims []Dimension) {
	for i := range dims {
		if dims[i].Key == DimCredit && dims[i].Missing {
			f := &dims[i].Factors[0]
			f.Points = unknownCreditScore
			f.EN += fmt.Sprintf(" Unknown is not neutral: counted at %d, as low as a standing known only from side records.", unknownCreditScore)
			f.ZH += fmt.Sprintf("未知不等于无风险：按%d分计，与只掌握零星记录时相同。", unknownCreditScore)
			dims[i].Score = unknownCreditScore
		}
	}
}

// scored: the dimension takes part in the score (present, or credit
// counted as unknown).
func scored(d Dimension) bool { return !d.Missing || d.Key == DimCredit }

// countryCeilingFactor makes country risk a ceiling on the score rather
// than a dimension that can lift it: when the country scores above the
// weighted mean of the buyer's own dimensions, it is held at that mean, so
// a safe country never carries a weak buyer while a risky one still pulls
// a strong buyer down.
func countryCeilingFactor(c *context, dims []Dimension) {
	ci := -1
	sum, w := 0.0, 0.0
	for i, d := range dims {
		switch {
		case d.Key == DimCountry:
			ci = i
		case scored(d):
			sum += c.weights[d.Key] * d.Score
			w += c.weights[d.Key]
		}
	}
	if ci < 0 || !scored(dims[ci]) || w <= 0 {
		return
	}
	mean := round(sum/w, 1)
	if dims[ci].Score <= mean {
		return
	}
	cut := round(mean-dims[ci].Score, 1)
	dims[ci].Factors = append(dims[ci].Factors, Factor{Code: "ceiling", Points: cut,
		EN: fmt.Sprintf("Held at %.1f, the weighted mean of the buyer's own dimensions: a safe country does not make a weak buyer better.", mean),
		ZH: fmt.Sprintf("按买方自身各维度的加权平均%.1f分计：国家风险低并不能使资信弱的买方变好。", mean)})
	dims[ci].Score = round(dims[ci].Score+cut, 1)
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
