package main

import (
	"strings"
	"testing"
)

func TestCLIValidate(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"uscc", "91110000802100433B"}, 0, "valid\n"},
		{[]string{"vat", "DE136695976"}, 0, "valid\n"},
		{[]string{"abn", "51", "824", "753", "556"}, 0, "valid\n"}, // typed with spaces, unquoted
		{[]string{"lei", "5493001KJTIIGC8Y1R13"}, 1, "invalid: "},
		{[]string{"iban", "GB82WEST1234569876543"}, 1, "invalid: "},
		{[]string{"--lang", "zh-CN", "uscc", "91110000802100433A"}, 1, "invalid: "},
	} {
		out, e, c := credence(t, append([]string{"--dir", t.TempDir(), "validate"}, tt.args...)...)
		if c != tt.code || !strings.HasPrefix(out, tt.out) {
			t.Errorf("%v: %d %q %q", tt.args, c, out, e)
		}
		if c == 1 && len(out) < len("invalid: x") {
			t.Errorf("%v: no reason: %q", tt.args, out)
		}
	}
	if _, e, c := credence(t, "validate", "passport", "X123"); c != 2 || !strings.Contains(e, "uscc") {
		t.Errorf("unknown type: %d %q", c, e)
	}
	if _, _, c := credence(t, "validate", "lei"); c != 2 {
		t.Errorf("missing value: %d", c)
	}
}
