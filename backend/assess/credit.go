package assess

import (
	"fmt"
	"slices"
	"strings"

	"credence/backend/dossier"
)

func hasCreditInput(c *context) bool {
	d := c.d
	return len(d.CreditReports)+len(d.LegalRecords)+len(d.Banks)+len(d.References)+len(d.InsuranceLimits)+len(c.in.LegalChecks) > 0
}

// reportsByDate returns the reports newest first; undated ones last.
func reportsByDate(d *dossier.Dossier) []dossier.CreditReport {
	rs := slices.Clone(d.CreditReports)
	slices.SortStableFunc(rs, func(a, b dossier.CreditReport) int {
		switch {
		case a.Date == b.Date:
			return 0
		case a.Date == "":
			return 1
		case b.Date == "":
			return -1
		}
		return strings.Compare(b.Date, a.Date)
	})
	return rs
}

// normalisedScore puts a report's score on 0–100 using its own scale.
func normalisedScore(r dossier.CreditReport) (float64, bool) {
	if r.ScaleMax <= r.ScaleMin || r.Score < r.ScaleMin || r.Score > r.ScaleMax {
		return 0, false
	}
	n := (r.Score - r.ScaleMin) / (r.ScaleMax - r.ScaleMin)
	if r.ScaleInverted {
		n = 1 - n
	}
	return n * 100, true
}

func creditDim(c *context) Dimension {
	d := c.d
	if !hasCreditInput(c) {
		return missing(DimCredit, "No credit report, legal records, banks, references or insurance limit on file.",
			"档案中没有资信报告、诉讼记录、银行、同行推荐或信用保险限额。")
	}
	// Without a report, an insurer's decision or a reference, the standing
	// rests on side records (banks, lawsuits) that can only warn: start low,
	// so that bad news arriving alone never lifts the overall score.
	b := newDim(DimCredit, 50, "Starting point for credit standing.", "资信维度起始分。")
	if len(d.CreditReports) == 0 && len(d.InsuranceLimits) == 0 && len(d.References) == 0 {
		b = newDim(DimCredit, 30, "Starting point for credit standing with no credit report, insurance decision or supplier reference: only side records are known.",
			"资信维度起始分：没有资信报告、信用保险决定或同行推荐，只掌握零星记录。")
	}

	reports := reportsByDate(d)
	agencyScores(c, b, reports)
	for _, r := range reports {
		if strings.TrimSpace(r.Rating) == "" {
			continue
		}
		pts, en, zh := ratingPoints(r.Agency, r.Rating)
		b.add("agency_rating", pts, en, zh)
		break
	}

	creditLegal(c, b)

	// Banks: the best-rated bank the customer uses.
	if len(d.Banks) > 0 {
		best, bestName := -1, ""
		for _, bk := range d.Banks {
			if r := bankGrade(bk.Rating); r > best {
				best, bestName = r, bk.Name
			}
		}
		switch best {
		case 1:
			b.add("bank_investment_grade", 5, fmt.Sprintf("Banks with %s, rated investment grade.", bestName),
				fmt.Sprintf("开户银行%s具有投资级评级。", bestName))
		case 0:
			b.add("bank_low_rated", -3, fmt.Sprintf("Its best bank, %s, is rated below investment grade.", bestName),
				fmt.Sprintf("其评级最高的开户银行%s低于投资级。", bestName))
		default:
			b.add("bank_named", 2, "Bank named, without a rating on file.", "提供了开户银行，但档案中无该行评级。")
		}
	}

	// References from other suppliers.
	refPts := map[string]float64{"prompt": 5, "slow": -5, "very_slow": -10, "default": -20}
	refEN := map[string]string{"prompt": "pays promptly", "slow": "pays slowly", "very_slow": "pays very slowly", "default": "has defaulted"}
	refZH := map[string]string{"prompt": "付款及时", "slow": "付款较慢", "very_slow": "付款严重拖延", "default": "曾经违约"}
	prompt := 0.0
	for _, r := range d.References {
		pts, ok := refPts[r.Payment]
		if !ok {
			continue
		}
		if pts > 0 {
			if prompt >= 10 {
				continue // two good references are worth as much as more
			}
			prompt += pts
		}
		b.add("reference_"+r.Payment, pts, fmt.Sprintf("Reference %s says the customer %s.", r.Who, refEN[r.Payment]),
			fmt.Sprintf("同行推荐人%s称该客户%s。", r.Who, refZH[r.Payment]))
	}

	// Credit insurance: an insurer who accepts the risk is an independent judgement.
	valid, expired, refused := validInsurance(c)
	switch {
	case len(valid) > 0:
		il := valid[0]
		b.add("insurance_limit", 8, fmt.Sprintf("%s insures the buyer for %s (until %s).", il.Insurer, money(il.Amount, ccyOr(il.Currency, c.p.Currency)), orOpen(il.Expiry)),
			fmt.Sprintf("%s为该买方核定信用保险限额%s（有效期至%s）。", il.Insurer, money(il.Amount, ccyOr(il.Currency, c.p.Currency)), orOpenZH(il.Expiry)))
	case refused:
		b.add("insurance_refused", -20, "The credit insurer granted no limit on this buyer.", "信用保险公司对该买方未批限额（限额为零）。")
	case expired:
		b.add("insurance_expired", -3, "The credit-insurance limit has expired and was not renewed.", "信用保险限额已过期且未续保。")
	}
	return b.done()
}

// creditLegal scores litigation, enforcement and bankruptcy records.
func creditLegal(c *context, b *dim) {
	openDef, closedDef := 0, 0
	for _, r := range c.d.LegalRecords {
		switch r.Kind {
		case "bankruptcy":
			if r.Status == "dismissed" {
				continue
			}
			b.add("bankruptcy", -40, fmt.Sprintf("Bankruptcy record (%s, %s).", orUndated(r.Date), orDash(r.Status)),
				fmt.Sprintf("有破产记录（%s，状态：%s）。", orUndatedZH(r.Date), statusZH(r.Status)))
		case "enforcement", "tax_lien":
			if r.Status != "open" && r.Status != "" {
				continue
			}
			what, whatZH := "Enforcement order", "强制执行"
			if r.Kind == "tax_lien" {
				what, whatZH = "Tax lien", "税务留置"
			}
			b.add(r.Kind, -15, fmt.Sprintf("%s outstanding (%s).", what, orUndated(r.Date)),
				fmt.Sprintf("有未了结的%s记录（%s）。", whatZH, orUndatedZH(r.Date)))
		case "litigation":
			if r.Role != "defendant" {
				continue
			}
			if r.Status == "open" {
				openDef++
			} else {
				closedDef++
			}
		}
	}
	if openDef > 0 {
		b.add("litigation_open", max(-10*float64(openDef), -25), fmt.Sprintf("%s against the customer.", plural(openDef, "open lawsuit", "open lawsuits")),
			fmt.Sprintf("该客户作为被告有%d起未结诉讼。", openDef))
	}
	if closedDef > 0 {
		b.add("litigation_closed", max(-2*float64(closedDef), -6), fmt.Sprintf("%s against the customer, now closed.", plural(closedDef, "past lawsuit", "past lawsuits")),
			fmt.Sprintf("该客户作为被告有%d起已结诉讼。", closedDef))
	}
	legalChecked(c, b)
}

// legalChecked tells "checked, nothing found" from "not checked" for
// litigation and bankruptcy: a search of the records that found nothing
// earns a little; no search says that the empty list proves nothing.
func legalChecked(c *context, b *dim) {
	for _, k := range []struct {
		kind, what, whatZH, records, recordsZH string
	}{
		{CheckLitigation, "lawsuit", "诉讼", "court records", "法院诉讼记录"},
		{CheckBankruptcy, "bankruptcy", "破产", "insolvency records", "破产登记记录"},
	} {
		if slices.ContainsFunc(c.d.LegalRecords, func(r dossier.LegalRecord) bool { return r.Kind == k.kind }) {
			continue // records on file speak for themselves
		}
		i := slices.IndexFunc(c.in.LegalChecks, func(x LegalCheck) bool { return x.Kind == k.kind })
		if i < 0 {
			b.add(k.kind+"_not_checked", 0, fmt.Sprintf("No search of the %s is on file: that no %s is listed proves nothing yet.", k.records, k.what),
				fmt.Sprintf("档案中没有检索%s的记录：未列出%s并不说明没有。", k.recordsZH, k.whatZH))
			continue
		}
		ch := c.in.LegalChecks[i]
		if t, ok := parseDate(ch.Date); ok && !c.in.Now.IsZero() && monthsBetween(t, c.in.Now) > 12 {
			b.add(k.kind+"_check_old", 0, fmt.Sprintf("The %s were last searched on %s (%s), more than a year ago: search again.", k.records, ch.Date, ch.Source),
				fmt.Sprintf("%s最近一次检索是在%s（%s），已超过一年：请重新检索。", k.recordsZH, ch.Date, ch.Source))
			continue
		}
		b.add(k.kind+"_checked", 2, fmt.Sprintf("The %s were searched on %s (%s): no %s found.", k.records, orUndated(ch.Date), ch.Source, k.what),
			fmt.Sprintf("已于%s检索%s（%s）：未发现%s。", orUndatedZH(ch.Date), k.recordsZH, ch.Source, k.whatZH))
	}
}

// ratingPoints reads the agency ratings we know: D&B's "5A1" style (the
// last digit is the composite credit appraisal, 1 high … 4 limited) and
// letter grades A (lowest risk) … E.
func ratingPoints(agency, rating string) (float64, string, string) {
	if pts, ok := moodysRating(strings.TrimSpace(rating)); ok {
		return pts, fmt.Sprintf("%s rating %s on Moody's Aaa (strongest) to C scale.", agency, strings.TrimSpace(rating)),
			fmt.Sprintf("%s评级%s（穆迪等级，Aaa为最强，C为最弱）。", agency, strings.TrimSpace(rating))
	}
	r := strings.ToUpper(strings.TrimSpace(rating))
	last := r[len(r)-1]
	if len(r) >= 2 && last >= '1' && last <= '4' {
		pts := map[byte]float64{'1': 8, '2': 4, '3': -4, '4': -10}[last]
		return pts, fmt.Sprintf("%s rating %s: credit appraisal %c on a 1 (high) to 4 (limited) scale.", agency, r, last),
			fmt.Sprintf("%s评级%s：信用评估等级%c（1为最高，4为有限）。", agency, r, last)
	}
	if pts, ok := longTermRating(r); ok {
		return pts, fmt.Sprintf("%s rating %s on the AAA (strongest) to D (default) scale.", agency, r),
			fmt.Sprintf("%s评级%s（AAA为最强，D为违约）。", agency, r)
	}
	if len(r) == 1 && r[0] >= 'A' && r[0] <= 'E' {
		pts := map[byte]float64{'A': 8, 'B': 4, 'C': 0, 'D': -8, 'E': -15}[r[0]]
		return pts, fmt.Sprintf("%s rating %s on an A (lowest risk) to E (highest risk) scale.", agency, r),
			fmt.Sprintf("%s评级%s（A为风险最低，E为风险最高）。", agency, r)
	}
	return 0, fmt.Sprintf("%s rating %q is not a scale this version reads; judge it by hand.", agency, rating),
		fmt.Sprintf("%s评级“%s”不在本系统可识别的等级体系内，请人工判断。", agency, rating)
}

// bankGrade: 1 investment grade, 0 below, -1 unrated or unreadable.
func bankGrade(rating string) int {
	r := strings.ToUpper(strings.TrimSpace(rating))
	if r == "" {
		return -1
	}
	r = strings.TrimRight(r, "+-123")
	switch r {
	case "AAA", "AA", "A", "BBB":
		return 1
	case "BB", "B", "CCC", "CC", "C", "D", "RD", "SD":
		return 0
	}
	// Moody's: Aaa, Aa, A, Baa investment grade; Ba and below not.
	switch {
	case strings.HasPrefix(r, "AAA"), strings.HasPrefix(r, "AA"), strings.HasPrefix(r, "BAA"):
		return 1
	case strings.HasPrefix(r, "BA"), strings.HasPrefix(r, "CAA"), strings.HasPrefix(r, "CA"):
		return 0
	}
	return -1
}

// validInsurance returns the unexpired limits with an amount, largest
// first; whether any limit has expired; and whether an unexpired limit of
// zero (a refusal) is on file with no positive limit beside it.
func validInsurance(c *context) (valid []dossier.InsuranceLimit, expired, refused bool) {
	for _, il := range c.d.InsuranceLimits {
		if t, ok := parseDate(il.Expiry); ok && !c.in.Now.IsZero() && t.Before(c.in.Now) {
			expired = true
			continue
		}
		if il.Amount <= 0 {
			refused = true
			continue
		}
		valid = append(valid, il)
	}
	slices.SortStableFunc(valid, func(a, b dossier.InsuranceLimit) int {
		switch {
		case a.Amount > b.Amount:
			return -1
		case a.Amount < b.Amount:
			return 1
		}
		return 0
	})
	return valid, expired, refused && len(valid) == 0
}

func ccyOr(ccy, def string) string {
	if strings.TrimSpace(ccy) == "" {
		return def
	}
	return strings.ToUpper(strings.TrimSpace(ccy))
}

func orUndated(s string) string {
	if s == "" {
		return "undated"
	}
	return s
}

func orUndatedZH(s string) string {
	if s == "" {
		return "日期不详"
	}
	return s
}

func orOpen(s string) string {
	if s == "" {
		return "no expiry recorded"
	}
	return s
}

func orOpenZH(s string) string {
	if s == "" {
		return "未记录到期日"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "status unknown"
	}
	return s
}

func statusZH(s string) string {
	switch s {
	case "open":
		return "未结"
	case "settled":
		return "已和解"
	case "dismissed":
		return "已驳回"
	case "closed":
		return "已结案"
	}
	return "不详"
}
