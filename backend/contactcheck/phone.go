package contactcheck

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone errors returned by ParsePhone.
var (
	ErrPhoneUnparseable = errors.New("phone number cannot be parsed")
	ErrPhoneInvalid     = errors.New("phone number is not a valid number")
)

// ParsePhone parses raw as typed (international "+…", "00…" or national
// format for defaultCountry, an ISO 3166-1 alpha-2 code) and returns its
// E.164 form and the region the number belongs to. The error wraps
// ErrPhoneUnparseable when it cannot be read at all, and ErrPhoneInvalid
// when it reads as a number that no numbering plan assigns; in the
// latter case e164 and region are still filled in when known.
func ParsePhone(raw, defaultCountry string) (e164 string, region string, err error) {
	dc := normCountry(defaultCountry)
	num, perr := phonenumbers.Parse(strings.TrimSpace(raw), dc)
	if perr != nil {
		return "", "", fmt.Errorf("%w: %v", ErrPhoneUnparseable, perr)
	}
	e164 = phonenumbers.Format(num, phonenumbers.E164)
	region = phonenumbers.GetRegionCodeForNumber(num)
	if !phonenumbers.IsValidNumber(num) {
		return e164, region, ErrPhoneInvalid
	}
	return e164, region, nil
}

// normCountry upper-cases a country code and maps the common "UK" to the
// ISO code GB.
func normCountry(cc string) string {
	cc = strings.ToUpper(strings.TrimSpace(cc))
	if cc == "UK" {
		return "GB"
	}
	return cc
}
