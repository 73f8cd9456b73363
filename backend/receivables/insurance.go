package receivables

import (
	"strings"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
)

// Validate checks a policy.
func (p *Policy) Validate() error {
	if strings.TrimSpace(p.Insurer) == "" {
		return invalid("insurer", "a policy names its insurer")
	}
	for _, e := range []error{checkDay("valid_from", p.ValidFrom, true), checkDay("valid_to", p.ValidTo, true)} {
		if e != nil {
			return e
		}
	}
	if p.ValidTo < p.ValidFrom {
		return invalid("valid_to", "ends before it starts")
	}
	if p.InsuredShare < 0 || p.InsuredShare > 1 || p.MaxCreditDays < 0 || p.ReportDays < 0 {
		return invalid("insured_share", "a share between 0 and 1, days zero or more")
	}
	return nil
}

// SavePolicy stores a credit-insurance policy.
func (b *Book) SavePolicy(p Policy, by string) (Policy, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	b.stamp(&p.Meta, "", newID(b.now()), by)
	p.DossierID = ""
	return p, b.r.PutRecord(KindPolicy, p.ID, p)
}

// Policies lists the live policies.
func (b *Book) Policies() ([]Policy, error) { return scan[Policy](b.r, KindPolicy, "") }

// SaveBuyerLimit stores the insurer's limit on a customer under a policy.
func (b *Book) SaveBuyerLimit(dossierID string, l BuyerLimit, by string) (BuyerLimit, error) {
	l.Currency = strings.ToUpper(strings.TrimSpace(l.Currency))
	var p Policy
	if err := b.r.GetRecord(KindPolicy, l.PolicyID, &p); err != nil || p.Deleted {
		return l, errs.New(errs.NotFound, "no policy %q", l.PolicyID).WithKey("err.arNoPolicy")
	}
	if err := checkAmount("amount", l.Amount, l.Currency); err != nil {
		return l, err
	}
	for _, e := range []error{checkDay("valid_from", l.ValidFrom, false), checkDay("valid_to", l.ValidTo, false)} {
		if e != nil {
			return l, e
		}
	}
	b.stamp(&l.Meta, dossierID, newID(b.now()), by)
	return l, b.writeFor(dossierID, func() error { return b.r.PutRecord(KindBuyerLimit, dossierID+"/"+l.ID, l) })
}

// BuyerLimits lists a customer's buyer limits (dossierID "" every one).
func (b *Book) BuyerLimits(dossierID string) ([]BuyerLimit, error) {
	p := ""
	if dossierID != "" {
		p = dossierID + "/"
	}
	return scan[BuyerLimit](b.r, KindBuyerLimit, p)
}

// CoversOf states a customer's buyer limits in the figures' currency, each
// ending with the earlier of its own and its policy's end. The insurance
// limits typed into the dossier count too (without reporting deadlines)
// unless a buyer limit of the same insurer is recorded here.
func CoversOf(limits []BuyerLimit, policies map[string]Policy, dl []dossier.InsuranceLimit, conv Converter) []Cover {
	var out []Cover
	insurers := map[string]bool{}
	for _, l := range limits {
		p, ok := policies[l.PolicyID]
		if !ok {
			continue
		}
		amt, ok := conv(l.Amount, l.Currency)
		if !ok {
			continue
		}
		to := l.ValidTo
		if to == "" || (p.ValidTo != "" && p.ValidTo < to) {
			to = p.ValidTo
		}
		insurers[strings.ToLower(p.Insurer)] = true
		out = append(out, Cover{LimitID: l.ID, Insurer: p.Insurer, Policy: p.Number, Amount: amt, ValidTo: to,
			ReportDays: p.ReportDays, InsuredShare: p.InsuredShare})
	}
	for _, l := range dl {
		if insurers[strings.ToLower(l.Insurer)] {
			continue
		}
		if amt, ok := conv(l.Amount, l.Currency); ok {
			out = append(out, Cover{LimitID: "dossier-" + l.ID, Insurer: l.Insurer, Policy: l.Policy, Amount: amt, ValidTo: l.Expiry})
		}
	}
	return out
}

// Insured is the sum of the covers valid on the day.
func Insured(covers []Cover, now time.Time) float64 {
	ts := now.UTC().Format(day)
	var sum float64
	for _, c := range covers {
		if c.ValidTo == "" || c.ValidTo >= ts {
			sum += c.Amount
		}
	}
	return sum
}
