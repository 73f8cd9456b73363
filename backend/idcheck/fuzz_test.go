package idcheck

import (
	"testing"
	"unicode/utf8"
)

// FuzzValidate checks that Validate never panics, that its normalized form
// is a fixed point, and that a valid result stays valid when its
// normalized form is validated again.
func FuzzValidate(f *testing.F) {
	for _, c := range validCases {
		f.Add(c.typ, c.value)
	}
	for _, c := range invalidCases {
		f.Add(c.typ, c.value)
	}
	f.Fuzz(func(t *testing.T, typ, value string) {
		r := Validate(typ, value)
		if r.Valid != (r.Reason.Code == "") {
			t.Fatalf("Valid=%v but Reason.Code=%q", r.Valid, r.Reason.Code)
		}
		if !r.Valid && (r.Reason.EN == "" || r.Reason.ZH == "") {
			t.Fatalf("invalid result without sentences: %+v", r.Reason)
		}
		if !utf8.ValidString(r.Normalized) {
			t.Fatalf("Normalized %q is not UTF-8", r.Normalized)
		}
		again := Validate(typ, r.Normalized)
		if again.Normalized != r.Normalized {
			t.Fatalf("Normalized not stable: %q -> %q", r.Normalized, again.Normalized)
		}
		if again.Valid != r.Valid || again.Reason.Code != r.Reason.Code {
			t.Fatalf("re-validating %q: valid %v/%q, first %v/%q", r.Normalized, again.Valid, again.Reason.Code, r.Valid, r.Reason.Code)
		}
	})
}
