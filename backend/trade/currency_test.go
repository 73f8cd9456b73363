package trade

import "testing"

func TestCurrencyInHeader(t *testing.T) {
	for h, want := range map[string]string{
		"Value (USD)": "USD", "金额(USD)": "USD", "货值（美元）": "USD", "货值（人民币）": "CNY",
		"Value (usd)": "USD", "Value": "", "Value (XYZ)": "", "Weight (kg)": "", "Amount (RMB)": "CNY",
	} {
		if got := currencyIn(h); got != want {
			t.Errorf("currencyIn(%q) = %q, want %q", h, got, want)
		}
	}
}
