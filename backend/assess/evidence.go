package assess

import (
	"strings"

	"credence/backend/errs"
)

// independentEvidence reports whether someone other than the buyer has
// vouched for its credit: an agency report that does not rate it poorly,
// a bank reference (a bank on file with what the bank said), a supplier
// reference that does not report slow payment or default, an insurer's
// positive limit, or our own record of invoices mostly paid on time.
//
// Only favourable evidence lifts the no-evidence ceiling: bad news must
// never unlock better terms than no news (the monotonicity rule). When it
// returns false, missing names the sources not on file and adverse the
// ones on file that do not count.
func independentEvidence(c *context) (ok bool, missingEN, missingZH, adverseEN, adverseZH string) {
	d := c.d
	var miss, missZH, adv, advZH []string
	note := func(have, good bool, en, zh string) {
		switch {
		case good:
			ok = true
		case have:
			adv, advZH = append(adv, en), append(advZH, zh)
		default:
			miss, missZH = append(miss, en), append(missZH, zh)
		}
	}

	goodReport := false
	for _, r := range d.CreditReports {
		if n, readable := normalisedScore(r); readable && n >= 50 {
			goodReport = true
		} else if !readable && strings.TrimSpace(r.Rating) != "" {
			if pts, _, _ := ratingPoints(r.Agency, r.Rating); pts > 0 {
				goodReport = true
			}
		}
	}
	note(len(d.CreditReports) > 0, goodReport, "agency report", "资信机构报告")

	bankRef := false
	for _, b := range d.Banks {
		if strings.TrimSpace(b.Note) != "" {
			bankRef = true
		}
	}
	note(false, bankRef, "bank reference", "银行资信证明")

	goodRef := false
	for _, r := range d.References {
		if r.Payment == "prompt" {
			goodRef = true
		}
	}
	note(len(d.References) > 0, goodRef, "trade reference", "同行推荐")

	valid, _, refused := validInsurance(c)
	note(refused, len(valid) > 0, "credit-insurance limit", "信用保险限额")

	p := c.in.Payment
	hasPay := p != nil && p.Invoices > 0
	note(hasPay, hasPay && p.OnTimeShare >= 0.75 && p.MaxDaysOverdue <= 30, "payment history with us", "与我方的付款记录")

	if ok {
		return true, "", "", "", ""
	}
	missingEN = "not on file: " + joinList(miss, "or")
	missingZH = "档案中没有" + strings.Join(missZH, "、")
	if len(miss) == 0 {
		missingEN, missingZH = "nothing else on file", "档案中没有其他证据"
	}
	if len(adv) > 0 {
		adverseEN = "the " + joinList(adv, "and") + " on file " + isAre(len(adv)) + " not favourable"
		adverseZH = "档案中的" + strings.Join(advZH, "、") + "不利"
	}
	return false, missingEN, missingZH, adverseEN, adverseZH
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// domestic: the buyer is in the firm's own country.
func (c *context) domestic() bool {
	h := strings.ToUpper(strings.TrimSpace(c.p.HomeCountry))
	return h != "" && strings.EqualFold(strings.TrimSpace(c.d.Country.Value), h)
}

func errBandTerms(grade, better string) error {
	return errs.New(errs.Invalid, "policy bands.%s: the terms give more credit than the better grade %s's", grade, better).
		WithKey("err.policyTermsOrder", "grade", grade, "other", better)
}
