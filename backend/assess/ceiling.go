package assess

import (
	"fmt"
	"slices"
	"sort"
)

// Ceiling is the most a rule lets the firm grant, whatever the grade: the
// best payment terms and, when set, the highest limit.
type Ceiling struct {
	Terms    Terms    `json:"terms"`               // the most generous terms allowed
	MaxLimit *float64 `json:"max_limit,omitempty"` // in Policy.Currency; nil: no cap on the limit
}

// CountryCeiling is one row of the policy's country table.
type CountryCeiling struct {
	FromCategory int `json:"from_category"` // 1..7: buyers in this category or riskier
	Ceiling
}

// Gate is a rule no score can outvote that held the recommendation below
// what the grade alone gives: on hold for screening, a consumer, no
// independent credit evidence, the country's risk.
type Gate struct {
	Code     string   `json:"code"`
	Terms    Terms    `json:"terms"`               // the ceiling on the terms
	MaxLimit *float64 `json:"max_limit,omitempty"` // the ceiling on the limit, if any
	Applied  bool     `json:"applied"`             // it lowered the terms or the limit
	EN       string   `json:"en"`
	ZH       string   `json:"zh"`
}

// Gate codes.
const (
	GateOnHold     = "on_hold"
	GateConsumer   = "consumer"
	GateNoEvidence = "no_evidence"
	GateCountry    = "country"
)

func ptr(f float64) *float64 { return &f }

// termRank orders payment terms by how much credit they give the buyer:
// decline < T/T in advance < L/C < deposit (a larger deposit gives less)
// < D/P < D/A (more days give more) < O/A (more days give more). A ceiling
// or a worse input may only move terms down this order.
func termRank(t Terms) float64 {
	switch t.Code {
	case TermDecline:
		return 0
	case TermTTAdvance:
		return 1
	case TermLCSight:
		return 2
	case TermDepositBL:
		return 3 + float64(100-t.DepositPct)/1000
	case TermDP:
		return 4
	case TermDA:
		return 5 + float64(t.Days)/1000
	case TermOA:
		return 6 + float64(t.Days)/1000
	}
	return 0
}

// TermsAtMost reports whether terms a give the buyer no more credit than b.
func TermsAtMost(a, b Terms) bool { return termRank(a) <= termRank(b) }

// countryCeiling is the policy row for a category, if any applies.
func (p Policy) countryCeiling(cat int) (CountryCeiling, bool) {
	rows := slices.Clone(p.CountryCeilings)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].FromCategory > rows[j].FromCategory })
	for _, r := range rows {
		if cat >= r.FromCategory {
			return r, true
		}
	}
	return CountryCeiling{}, false
}

// validateCeilings: known terms, non-negative limits, country rows 1–7
// that never loosen as the category rises, and bands whose terms never
// give a worse grade more credit than a better one.
func (p Policy) validateCeilings(bad func(field, format string, a ...any) error) error {
	check := func(field string, c Ceiling) error {
		if err := checkTerms(c.Terms); err != nil {
			return bad(field, "%v", err)
		}
		if c.MaxLimit != nil && *c.MaxLimit < 0 {
			return bad(field, "the maximum limit must not be negative")
		}
		return nil
	}
	if p.HomeCountry != "" && !reCountry.MatchString(p.HomeCountry) {
		return bad("home_country", "%q is not a two-letter ISO country code", p.HomeCountry)
	}
	if p.Consumer != nil {
		if err := check("consumer", *p.Consumer); err != nil {
			return err
		}
	}
	if p.NoEvidence != nil {
		if err := check("no_evidence", *p.NoEvidence); err != nil {
			return err
		}
	}
	rows := slices.Clone(p.CountryCeilings)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].FromCategory < rows[j].FromCategory })
	for i, r := range rows {
		field := fmt.Sprintf("country_ceilings.%d", r.FromCategory)
		if r.FromCategory < 1 || r.FromCategory > 7 {
			return bad("country_ceilings", "category %d is outside 1–7", r.FromCategory)
		}
		if err := check(field, r.Ceiling); err != nil {
			return err
		}
		if i > 0 {
			prev := rows[i-1]
			if prev.FromCategory == r.FromCategory {
				return bad("country_ceilings", "category %d is listed twice", r.FromCategory)
			}
			if !TermsAtMost(r.Terms, prev.Terms) || looserLimit(r.MaxLimit, prev.MaxLimit) {
				return bad(field, "a riskier category must not allow more than category %d does", prev.FromCategory)
			}
		}
	}
	for i := 1; i < len(p.Bands); i++ {
		if !TermsAtMost(p.Bands[i].Terms, p.Bands[i-1].Terms) {
			return errBandTerms(p.Bands[i].Grade, p.Bands[i-1].Grade)
		}
	}
	return nil
}

// looserLimit: limit a allows more than b (nil is no cap).
func looserLimit(a, b *float64) bool {
	switch {
	case b == nil:
		return false
	case a == nil:
		return true
	}
	return *a > *b
}

// gates are the ceilings that apply to this buyer, in the order they are
// explained: screening, consumer, evidence, country.
func gates(c *context, hold []RedFlag) []Gate {
	var out []Gate
	if len(hold) > 0 {
		out = append(out, Gate{Code: GateOnHold, Terms: Terms{Code: TermTTAdvance}, MaxLimit: ptr(0),
			EN: fmt.Sprintf("On hold: screening unresolved. %s must be decided (true match or false positive) before any grade, limit or credit terms: until then payment in advance only, and no approval.", plural(len(hold), "sanctions hit", "sanctions hits")),
			ZH: fmt.Sprintf("暂停：制裁筛查未决。须先对%d条制裁名单命中作出判定（真实命中或误报），才能给出评级、限额或信用付款方式；在此之前只能款到发货，且不得审批。", len(hold))})
	}
	if c.segment == "b2c" && c.p.Consumer != nil {
		out = append(out, Gate{Code: GateConsumer, Terms: c.p.Consumer.Terms, MaxLimit: c.p.Consumer.MaxLimit,
			EN: fmt.Sprintf("A private (B2C) buyer: the policy allows at most %s%s.", termName(c.p.Consumer.Terms), limitClause(c.p.Consumer.MaxLimit, c.p.Currency)),
			ZH: fmt.Sprintf("个人（B2C）客户：按本公司政策，最多只能采用%s%s。", termNameZH(c.p.Consumer.Terms), limitClauseZH(c.p.Consumer.MaxLimit, c.p.Currency))})
	}
	if c.p.NoEvidence != nil {
		if ok, missingEN, missingZH, adverseEN, adverseZH := independentEvidence(c); !ok {
			en := "No independent credit evidence: " + missingEN + "."
			zh := "没有独立的信用证据：" + missingZH + "。"
			if adverseEN != "" {
				en = "No favourable independent credit evidence: " + adverseEN + "; " + missingEN + "."
				zh = "没有有利的独立信用证据：" + adverseZH + "；" + missingZH + "。"
			}
			en += fmt.Sprintf(" Until one is on file the policy allows at most %s%s.", termName(c.p.NoEvidence.Terms), limitClause(c.p.NoEvidence.MaxLimit, c.p.Currency))
			zh += fmt.Sprintf("在取得此类证据之前，按本公司政策最多只能采用%s%s。", termNameZH(c.p.NoEvidence.Terms), limitClauseZH(c.p.NoEvidence.MaxLimit, c.p.Currency))
			out = append(out, Gate{Code: GateNoEvidence, Terms: c.p.NoEvidence.Terms, MaxLimit: c.p.NoEvidence.MaxLimit, EN: en, ZH: zh})
		}
	}
	if cat, ok := CountryRisk(c.d.Country.Value, c.p); ok && !c.domestic() {
		if row, ok := c.p.countryCeiling(cat); ok {
			out = append(out, Gate{Code: GateCountry, Terms: row.Terms, MaxLimit: row.MaxLimit,
				EN: fmt.Sprintf("Country-risk category %d (the policy's ceiling from category %d): at most %s%s, whatever the buyer's own standing.", cat, row.FromCategory, termName(row.Terms), limitClause(row.MaxLimit, c.p.Currency)),
				ZH: fmt.Sprintf("国家风险为第%d类（本公司政策自第%d类起设上限）：无论买方自身资信如何，最多只能采用%s%s。", cat, row.FromCategory, termNameZH(row.Terms), limitClauseZH(row.MaxLimit, c.p.Currency))})
		}
	}
	return out
}

func limitClause(m *float64, ccy string) string {
	switch {
	case m == nil:
		return ""
	case *m == 0:
		return " and no credit limit"
	}
	return " and a limit of " + money(*m, ccy)
}

func limitClauseZH(m *float64, ccy string) string {
	switch {
	case m == nil:
		return ""
	case *m == 0:
		return "，且不给予信用限额"
	}
	return "，限额最高" + money(*m, ccy)
}

// applyTermGates lowers the terms to every gate's ceiling and marks the
// gates that changed something.
func applyTermGates(t Terms, gs []Gate) (Terms, []int) {
	var lowered []int
	for i, g := range gs {
		if !TermsAtMost(t, g.Terms) {
			t = Terms{Code: g.Terms.Code, Days: g.Terms.Days, DepositPct: g.Terms.DepositPct}
			lowered = append(lowered, i)
		}
	}
	return t, lowered
}
