package dossier

import (
	"testing"

	"credence/backend/errs"
)

// ISO 4217 (via github.com/bojanz/currency): three letters are not enough.
func TestCurrencyMustBeISO4217(t *testing.T) {
	for _, c := range []struct {
		code string
		ok   bool
	}{{"USD", true}, {"CNY", true}, {"EUR", true}, {"RMB", false}, {"XYZ", false}, {"usd", false}} {
		d := &Dossier{Expected: Expected{Currency: c.code}}
		err := d.validateCredit(func(field, key, msg string) error {
			return errs.New(errs.Invalid, "%s: %s", field, msg).WithKey(key, "field", field)
		})
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok=%v", c.code, err, c.ok)
		}
		if !c.ok && c.code != "usd" {
			if e, _ := errs.As(err); e == nil || e.Key != "err.currencyUnknown" {
				t.Errorf("%s: want the sentence err.currencyUnknown, got %v", c.code, err)
			}
		}
	}
}
