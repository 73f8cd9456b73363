package assess

import (
	"fmt"
	"strings"
)

// Limit kinds, in the order they are listed and preferred on a tie.
const (
	BoundPolicyCap     = "policy_cap"
	BoundExpectedShare = "expected_share"
	BoundAgency        = "agency"
	BoundInsurance     = "insurance"
	BoundZeroGrade     = "zero_grade"
	// A gate's ceiling bound the limit: BoundGate + the gate's code, e.g.
	// "gate_no_evidence".
	BoundGate = "gate_"
)

// LimitDecision is the recommended credit limit and what bound it.
type LimitDecision struct {
	Amount     float64          `json:"amount"`
	Currency   string           `json:"currency"`
	BoundBy    string           `json:"bound_by"` // policy_cap, expected_share, agency, insurance, zero_grade
	Candidates []LimitCandidate `json:"candidates"`
	EN         string           `json:"en"`
	ZH         string           `json:"zh"`
}

// LimitCandidate is one ceiling the limit was held under.
type LimitCandidate struct {
	Kind   string  `json:"kind"`
	Amount float64 `json:"amount"`
	EN     string  `json:"en"`
	ZH     string  `json:"zh"`
}

// limitFor takes the smallest of the policy cap for the grade, the share of
// expected annual purchases, the agency's recommended limit (newest report
// that has one) and the largest unexpired insurance limit. Amounts in
// another currency are converted at the firm's dated rate (Policy.FXRates),
// which the explanation names; without a rate they are skipped, and the
// explanation says so.
func limitFor(c *context, band GradeBand, gs []Gate) LimitDecision {
	ccy := c.p.Currency
	ld := LimitDecision{Currency: ccy, Candidates: []LimitCandidate{}}
	var skippedEN, skippedZH []string
	conv := func(amount float64, x string) (float64, string, string, bool) { return c.p.convert(amount, x) }

	add := func(kind string, amount float64, en, zh string) {
		ld.Candidates = append(ld.Candidates, LimitCandidate{Kind: kind, Amount: amount, EN: en, ZH: zh})
	}
	if band.Grade != "" { // on hold there is no grade, hence no grade's cap
		add(BoundPolicyCap, band.MaxLimit, fmt.Sprintf("the policy cap for grade %s", band.Grade), fmt.Sprintf("%s级政策上限", band.Grade))
	}

	if e := c.d.Expected; e.AnnualVolume > 0 {
		if vol, note, noteZH, ok := conv(e.AnnualVolume, e.Currency); ok {
			amt := round(vol*c.p.ExpectedShare, 0)
			add(BoundExpectedShare, amt, fmt.Sprintf("%s of the expected annual purchases of %s%s", pct(c.p.ExpectedShare), money(vol, ccy), note),
				fmt.Sprintf("预计年采购额%s%s的%s", money(vol, ccy), noteZH, pct(c.p.ExpectedShare)))
		} else {
			skippedEN = append(skippedEN, "expected purchases in "+e.Currency)
			skippedZH = append(skippedZH, "以"+e.Currency+"计的预计采购额")
		}
	}

	for _, r := range reportsByDate(c.d) {
		if r.RecommendedLimit <= 0 {
			continue
		}
		if amt, note, noteZH, ok := conv(r.RecommendedLimit, r.Currency); ok {
			add(BoundAgency, round(amt, 0), fmt.Sprintf("the limit %s recommends (report of %s)%s", r.Agency, orUndated(r.Date), note),
				fmt.Sprintf("%s建议限额（报告日期%s）%s", r.Agency, orUndatedZH(r.Date), noteZH))
		} else {
			skippedEN = append(skippedEN, fmt.Sprintf("%s recommended limit in %s", r.Agency, r.Currency))
			skippedZH = append(skippedZH, fmt.Sprintf("%s以%s计的建议限额", r.Agency, r.Currency))
		}
		break
	}

	valid, _, refused := validInsurance(c)
	if refused {
		// An insurer who looked and said no is a ceiling of nothing: we do
		// not give uninsured credit where the insurer would not go.
		add(BoundInsurance, 0, "the credit insurer's refusal to cover this buyer", "信用保险公司拒绝承保该买方")
	}
	for _, il := range valid {
		amt, note, noteZH, ok := conv(il.Amount, il.Currency)
		if !ok {
			skippedEN = append(skippedEN, fmt.Sprintf("%s insurance limit in %s", il.Insurer, il.Currency))
			skippedZH = append(skippedZH, fmt.Sprintf("%s以%s计的保险限额", il.Insurer, il.Currency))
			continue
		}
		add(BoundInsurance, round(amt, 0), fmt.Sprintf("the %s credit-insurance limit (until %s)%s", il.Insurer, orOpen(il.Expiry), note),
			fmt.Sprintf("%s信用保险限额（有效期至%s）%s", il.Insurer, orOpenZH(il.Expiry), noteZH))
		break // the largest valid limit we can state in our currency
	}

	for i := range gs {
		if m := gs[i].MaxLimit; m != nil && !band.Decline {
			en, zh := gateShort(gs[i].Code)
			add(BoundGate+gs[i].Code, *m, en, zh)
		}
	}

	if len(ld.Candidates) == 0 {
		add(BoundZeroGrade, 0, "no grade", "无评级")
	}
	best := ld.Candidates[0]
	for _, cand := range ld.Candidates[1:] {
		if cand.Amount < best.Amount {
			best = cand
		}
	}
	ld.Amount, ld.BoundBy = best.Amount, best.Kind
	if band.Grade == "" && !band.Decline {
		// On hold: no grade, so the gate is what binds.
		for _, g := range gs {
			if g.MaxLimit != nil && *g.MaxLimit == 0 {
				ld.Amount, ld.BoundBy = 0, BoundGate+g.Code
				break
			}
		}
	}
	for i := range gs {
		if BoundGate+gs[i].Code == ld.BoundBy && (ld.Amount < band.MaxLimit || band.Grade == "") {
			gs[i].Applied = true
		}
	}
	if strings.HasPrefix(ld.BoundBy, BoundGate) && ld.Amount == 0 {
		for _, g := range gs {
			if BoundGate+g.Code == ld.BoundBy {
				ld.EN, ld.ZH = "No credit limit. "+g.EN, "不给予信用限额。"+g.ZH
			}
		}
	} else if band.MaxLimit <= 0 {
		ld.Amount, ld.BoundBy = 0, BoundZeroGrade
		if band.Decline {
			ld.EN = fmt.Sprintf("No limit: grade %s means do not trade.", band.Grade)
			ld.ZH = fmt.Sprintf("不给予限额：%s级意味着不与其交易。", band.Grade)
		} else {
			ld.EN = fmt.Sprintf("No credit limit: grade %s trades only on secure terms.", band.Grade)
			ld.ZH = fmt.Sprintf("不给予信用限额：%s级只能采用有保障的付款方式交易。", band.Grade)
		}
	} else {
		var others, othersZH []string
		for _, cand := range ld.Candidates {
			if cand != best {
				others = append(others, fmt.Sprintf("%s, %s", cand.EN, money(cand.Amount, ccy)))
				othersZH = append(othersZH, fmt.Sprintf("%s：%s", cand.ZH, money(cand.Amount, ccy)))
			}
		}
		ld.EN = fmt.Sprintf("Limit %s: the lowest ceiling is %s.", money(ld.Amount, ccy), best.EN)
		ld.ZH = fmt.Sprintf("限额%s：各项上限中最低的是%s。", money(ld.Amount, ccy), best.ZH)
		if len(others) > 0 {
			ld.EN += " The others: " + strings.Join(others, "; ") + "."
			ld.ZH += "其余上限：" + strings.Join(othersZH, "；") + "。"
		}
	}
	if len(skippedEN) > 0 {
		ld.EN += fmt.Sprintf(" Not considered because they are not in %s and the policy holds no rate for them: %s.", ccy, strings.Join(skippedEN, "; "))
		ld.ZH += fmt.Sprintf("以下金额非%s计价且政策中没有相应汇率，未予考虑：%s。", ccy, strings.Join(skippedZH, "；"))
	}
	return ld
}

// gateShort names a gate's ceiling as a limit candidate.
func gateShort(code string) (en, zh string) {
	switch code {
	case GateOnHold:
		return "the hold while screening is unresolved", "制裁筛查未决期间的暂停"
	case GateConsumer:
		return "the policy's ceiling for private (B2C) buyers", "本公司政策对个人（B2C）客户的上限"
	case GateNoEvidence:
		return "the policy's ceiling without independent credit evidence", "本公司政策对缺少独立信用证据客户的上限"
	case GateCountry:
		return "the policy's ceiling for the country's risk category", "本公司政策对该国家风险类别的上限"
	}
	return code, code
}
