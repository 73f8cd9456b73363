package receivables

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"credence/backend/errs"
)

// Rules are the firm's early-warning settings; a zero number switches its
// rule off.
type Rules struct {
	OverdueDays   int     `json:"overdue_days"`   // an invoice overdue beyond this many days
	ExposurePct   float64 `json:"exposure_pct"`   // exposure above this % of the approved limit
	DBTWorsening  float64 `json:"dbt_worsening"`  // days beyond terms up by this many days (3 months vs the 9 before)
	ExpiryDays    int     `json:"expiry_days"`    // a limit or cover expiring within this many days
	ReportDays    int     `json:"report_days"`    // an insurer reporting deadline within this many days
	ReviewOverdue bool    `json:"review_overdue"` // the credit review date has passed
	PromiseGrace  int     `json:"promise_grace"`  // days after a promised date before it counts as broken
	Sanctions     bool    `json:"sanctions"`      // an undecided sanctions hit
}

// DefaultRules are the rules until the firm edits them.
var DefaultRules = Rules{OverdueDays: 30, ExposurePct: 90, DBTWorsening: 7, ExpiryDays: 30, ReportDays: 14,
	ReviewOverdue: true, PromiseGrace: 3, Sanctions: true}

// Validate refuses settings that cannot mean anything.
func (r Rules) Validate() error {
	if r.OverdueDays < 0 || r.ExposurePct < 0 || r.ExposurePct > 1000 || r.DBTWorsening < 0 || r.ExpiryDays < 0 ||
		r.ReportDays < 0 || r.PromiseGrace < 0 || math.IsNaN(r.ExposurePct) || math.IsNaN(r.DBTWorsening) {
		return errs.New(errs.Invalid, "early-warning settings must be zero or positive").WithKey("err.arRules")
	}
	return nil
}

// Rule names.
const (
	RuleOverdue       = "overdue"
	RuleExposure      = "exposure"
	RuleDBT           = "dbt_worsening"
	RuleCoverExpiring = "cover_expiring"
	RuleCoverExpired  = "cover_expired"
	RuleCoverExceeded = "cover_exceeded"
	RuleReport        = "insurer_report"
	RuleReview        = "review_overdue"
	RulePromise       = "promise_broken"
	RuleSanctions     = "sanctions_hit"
)

// Severities.
const (
	Warning  = "warning"
	Critical = "critical"
)

// Cover is a buyer limit with its policy, in the figures' currency.
type Cover struct {
	LimitID      string  `json:"limit_id"`
	Insurer      string  `json:"insurer"`
	Policy       string  `json:"policy"`
	Amount       float64 `json:"amount"`
	ValidTo      string  `json:"valid_to,omitempty"` // the earlier of the limit's and the policy's
	ReportDays   int     `json:"report_days,omitempty"`
	InsuredShare float64 `json:"insured_share,omitempty"`
}

// Facts are what the rules look at for one customer.
type Facts struct {
	DossierID   string
	Name        string
	Figures     Figures
	Limit       float64 // approved credit limit in the figures' currency; 0 none
	NextReview  string  // YYYY-MM-DD
	Covers      []Cover // every buyer limit, expired ones too
	Promises    []Entry
	Receipts    []Receipt
	PendingHits int
}

// Receipt is money received on a day (payments and paid amounts of an
// export), in the figures' currency.
type Receipt struct {
	Date   string
	Amount float64
}

// Alert is one thing to act on, with what triggered it. Its id is stable
// (customer, rule, subject), so that an alert handled stays handled.
type Alert struct {
	ID        string `json:"id"`
	DossierID string `json:"dossier_id"`
	Name      string `json:"name"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Subject   string `json:"subject,omitempty"` // invoice, policy or promise concerned
	EN        string `json:"en"`
	ZH        string `json:"zh"`
	// Handling, when the alert was acted on.
	Handled bool      `json:"handled,omitempty"`
	Action  string    `json:"action,omitempty"`
	Note    string    `json:"note,omitempty"`
	By      string    `json:"by,omitempty"`
	At      time.Time `json:"at,omitzero"`
}

func money(a float64, ccy string) string {
	s := fmt.Sprintf("%.2f", a)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + frac
	if neg {
		out = "-" + out
	}
	return strings.TrimSpace(out + " " + ccy)
}

// Evaluate applies the rules to one customer's facts as of now.
func Evaluate(fc Facts, r Rules, now time.Time) []Alert {
	today := now.UTC().Truncate(24 * time.Hour)
	ts := today.Format(day)
	f := fc.Figures
	var out []Alert
	add := func(rule, sev, subject, en, zh string) {
		id := fc.DossierID + "/" + rule
		if subject != "" {
			id += "/" + subject
		}
		out = append(out, Alert{ID: id, DossierID: fc.DossierID, Name: fc.Name, Rule: rule, Severity: sev, Subject: subject, EN: en, ZH: zh})
	}

	if r.OverdueDays > 0 {
		for _, it := range f.Items {
			if it.Open > 0 && it.DaysOverdue > r.OverdueDays {
				sev := Warning
				if it.DaysOverdue > 90 {
					sev = Critical
				}
				add(RuleOverdue, sev, it.Number,
					fmt.Sprintf("Invoice %s is %d days overdue: %s open (rule: over %d days).", it.Number, it.DaysOverdue, money(it.Open, it.Currency), r.OverdueDays),
					fmt.Sprintf("发票%s已逾期%d天，未收%s（规则：超过%d天）。", it.Number, it.DaysOverdue, money(it.Open, it.Currency), r.OverdueDays))
			}
		}
	}
	if r.ExposurePct > 0 && fc.Limit > 0 && f.Exposure > fc.Limit*r.ExposurePct/100 {
		share := f.Exposure / fc.Limit * 100
		sev := Warning
		if f.Exposure > fc.Limit {
			sev = Critical
		}
		add(RuleExposure, sev, "",
			fmt.Sprintf("Exposure %s is %.0f%% of the approved limit of %s (rule: above %.0f%%).", money(f.Exposure, f.Currency), share, money(fc.Limit, f.Currency), r.ExposurePct),
			fmt.Sprintf("风险敞口%s为批准额度%s的%.0f%%（规则：超过%.0f%%）。", money(f.Exposure, f.Currency), money(fc.Limit, f.Currency), share, r.ExposurePct))
	}
	if r.DBTWorsening > 0 && f.Trend >= r.DBTWorsening {
		add(RuleDBT, Warning, "",
			fmt.Sprintf("Paying %.0f days beyond terms over the last 3 months, %.0f days later than the 9 months before (rule: %.0f days).", f.DBT3, f.Trend, r.DBTWorsening),
			fmt.Sprintf("近3个月平均超期%.0f天付款，比之前9个月晚%.0f天（规则：%.0f天）。", f.DBT3, f.Trend, r.DBTWorsening))
	}

	var insured float64
	for _, c := range fc.Covers {
		if c.ValidTo != "" && c.ValidTo < ts {
			if f.Exposure > 0 {
				add(RuleCoverExpired, Critical, c.LimitID,
					fmt.Sprintf("The %s buyer limit of %s expired on %s while %s is outstanding.", c.Insurer, money(c.Amount, f.Currency), c.ValidTo, money(f.Exposure, f.Currency)),
					fmt.Sprintf("%s的买方限额%s已于%s到期，而未收款项为%s。", c.Insurer, money(c.Amount, f.Currency), c.ValidTo, money(f.Exposure, f.Currency)))
			}
			continue
		}
		insured += c.Amount
		if r.ExpiryDays > 0 && c.ValidTo != "" && c.ValidTo <= today.AddDate(0, 0, r.ExpiryDays).Format(day) {
			add(RuleCoverExpiring, Warning, c.LimitID,
				fmt.Sprintf("The %s buyer limit of %s expires on %s (rule: within %d days).", c.Insurer, money(c.Amount, f.Currency), c.ValidTo, r.ExpiryDays),
				fmt.Sprintf("%s的买方限额%s将于%s到期（规则：%d天内）。", c.Insurer, money(c.Amount, f.Currency), c.ValidTo, r.ExpiryDays))
		}
		if r.ReportDays > 0 && c.ReportDays > 0 {
			for _, it := range f.Items {
				due, ok := parseDay(it.DueDate)
				if it.Open <= 0 || it.DaysOverdue <= 0 || !ok {
					continue
				}
				deadline := due.AddDate(0, 0, c.ReportDays)
				left := daysBetween(today, deadline)
				if left > r.ReportDays {
					continue
				}
				dl := deadline.Format(day)
				if left < 0 {
					add(RuleReport, Critical, c.LimitID+"/"+it.Number,
						fmt.Sprintf("Invoice %s should have been reported to %s by %s: cover may be lost.", it.Number, c.Insurer, dl),
						fmt.Sprintf("发票%s应于%s前向%s报告逾期，保障可能失效。", it.Number, dl, c.Insurer))
				} else {
					add(RuleReport, Warning, c.LimitID+"/"+it.Number,
						fmt.Sprintf("Report overdue invoice %s to %s by %s (%d days left).", it.Number, c.Insurer, dl, left),
						fmt.Sprintf("须在%s前向%s报告逾期发票%s（还剩%d天）。", dl, c.Insurer, it.Number, left))
				}
			}
		}
	}
	if len(fc.Covers) > 0 && insured > 0 && f.Exposure > insured {
		add(RuleCoverExceeded, Warning, "",
			fmt.Sprintf("Exposure %s is above the insured limits of %s.", money(f.Exposure, f.Currency), money(insured, f.Currency)),
			fmt.Sprintf("风险敞口%s超出投保限额%s。", money(f.Exposure, f.Currency), money(insured, f.Currency)))
	}
	if r.ReviewOverdue && fc.NextReview != "" && fc.NextReview < ts {
		add(RuleReview, Warning, "",
			fmt.Sprintf("The credit review was due on %s.", fc.NextReview),
			fmt.Sprintf("信用复核已于%s到期。", fc.NextReview))
	}
	for _, p := range fc.Promises {
		if broken(p, fc.Receipts, r.PromiseGrace, today) {
			amt := "the overdue balance"
			amtZH := "逾期款项"
			if p.PromiseAmount > 0 {
				amt, amtZH = money(p.PromiseAmount, f.Currency), money(p.PromiseAmount, f.Currency)
			}
			add(RulePromise, Critical, p.ID,
				fmt.Sprintf("Promised on %s to pay %s by %s; not received.", p.Date, amt, p.PromiseDate),
				fmt.Sprintf("客户于%s承诺在%s前支付%s，至今未收到。", p.Date, p.PromiseDate, amtZH))
		}
	}
	if r.Sanctions && fc.PendingHits > 0 {
		add(RuleSanctions, Critical, "",
			fmt.Sprintf("%d sanctions hit(s) wait for a decision.", fc.PendingHits),
			fmt.Sprintf("有%d个制裁名单命中待判定。", fc.PendingHits))
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		if a.Severity != b.Severity {
			if a.Severity == Critical {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// broken: the promised date plus grace has passed and the money received
// from the day of the promise to then falls short of what was promised
// (of anything, when no amount was named).
func broken(p Entry, receipts []Receipt, grace int, today time.Time) bool {
	if p.Kind != EntryPromise || p.PromiseDate == "" {
		return false
	}
	pd, ok := parseDay(p.PromiseDate)
	if !ok || !pd.AddDate(0, 0, grace).Before(today) {
		return false
	}
	end := pd.AddDate(0, 0, grace).Format(day)
	var got float64
	for _, r := range receipts {
		if r.Date >= p.Date && r.Date <= end {
			got += r.Amount
		}
	}
	if p.PromiseAmount > 0 {
		return got < p.PromiseAmount-0.005
	}
	return got <= 0
}
