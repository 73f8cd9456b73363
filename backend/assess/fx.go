package assess

import (
	"fmt"
	"strings"
	"time"
)

// FXRate is one exchange rate the firm keeps: how many units of the
// policy's currency one unit of Currency buys, as of Date.
type FXRate struct {
	Currency string  `json:"currency"`
	Rate     float64 `json:"rate"`
	Date     string  `json:"date"` // YYYY-MM-DD
}

// convert states amount (in ccy; "" is the policy's) in the policy's
// currency, with the note that names the rate used. ok is false when the
// policy holds no rate for ccy; the newest-dated rate wins.
func (p Policy) convert(amount float64, ccy string) (float64, string, string, bool) {
	ccy = strings.ToUpper(strings.TrimSpace(ccy))
	if ccy == "" || ccy == p.Currency {
		return amount, "", "", true
	}
	var best *FXRate
	for i := range p.FXRates {
		r := &p.FXRates[i]
		if strings.EqualFold(r.Currency, ccy) && (best == nil || r.Date > best.Date) {
			best = r
		}
	}
	if best == nil {
		return 0, "", "", false
	}
	en := fmt.Sprintf(", %s converted at 1 %s = %g %s (the firm's rate of %s)", money(amount, ccy), ccy, best.Rate, p.Currency, best.Date)
	zh := fmt.Sprintf("（%s按本公司%s的汇率1 %s = %g %s折算）", money(amount, ccy), best.Date, ccy, best.Rate, p.Currency)
	return amount * best.Rate, en, zh, true
}

func (p Policy) validateFX(bad func(field, format string, a ...any) error) error {
	for _, r := range p.FXRates {
		if !reCcy.MatchString(r.Currency) || r.Currency == p.Currency {
			return bad("fx_rates", "%q is not another three-letter currency code", r.Currency)
		}
		if !(r.Rate > 0) {
			return bad("fx_rates", "the rate of %s must be above 0", r.Currency)
		}
		if _, err := time.Parse(dateLayout, r.Date); err != nil {
			return bad("fx_rates", "the rate of %s needs the date it was taken, written YYYY-MM-DD", r.Currency)
		}
	}
	return nil
}
