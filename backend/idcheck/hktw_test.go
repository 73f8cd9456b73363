package idcheck

import "testing"

func TestHongKongAndTaiwanNumbers(t *testing.T) {
	cases := []struct {
		typ, value string
		ok         bool
		code       string
	}{
		{"hk_cr", "0123456", true, ""},
		{"hk_cr", "12345678", true, ""},
		{"hk_cr", "12345", false, CodeLength},
		{"hk_cr", "12A4567", false, CodeCharacter},
		{"hk_br", "12345678", true, ""},
		{"hk_br", "12345678-000", true, ""},
		{"hk_br", "1234567", false, CodeLength},
		{"tw_ubn", "04595257", true, ""}, // the worked example of the checksum rule
		{"tw_ubn", "22099131", true, ""}, // TSMC's published number
		{"tw_ubn", "10458575", true, ""}, // seventh digit 7: 28 → 10 → counts as 0
		{"tw_ubn", "10458576", false, CodeCheckDigit},
		{"tw_ubn", "04595258", false, CodeCheckDigit},
		{"tw_ubn", "0459525", false, CodeLength},
	}
	for _, c := range cases {
		r := Validate(c.typ, c.value)
		if r.Valid != c.ok || !c.ok && r.Reason.Code != c.code {
			t.Errorf("%s %s: valid=%v reason=%+v, want %v %s", c.typ, c.value, r.Valid, r.Reason, c.ok, c.code)
		}
	}
}
