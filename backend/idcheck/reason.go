package idcheck

import (
	"fmt"
	"strconv"
)

// Reason codes.
const (
	CodeEmpty       = "empty"
	CodeLength      = "length"
	CodeCharacter   = "character"
	CodeCheckDigit  = "check_digit"
	CodeFormat      = "format"
	CodeCountry     = "country"
	CodeUnknownType = "unknown_type"
)

func reasonEmpty() Reason {
	return Reason{Code: CodeEmpty, Params: map[string]string{},
		EN: "no number was given", ZH: "未填写号码"}
}

func reasonUnknownType(typ string) Reason {
	return Reason{Code: CodeUnknownType, Params: map[string]string{"type": typ},
		EN: fmt.Sprintf("unknown identifier type %q", typ),
		ZH: fmt.Sprintf("未知的号码类型“%s”", typ)}
}

// reasonLength reports a wrong length; want is a phrase such as "18" or
// "8 or 11".
func reasonLength(want string, got int, wantZH string) *Reason {
	if wantZH == "" {
		wantZH = want
	}
	return &Reason{Code: CodeLength, Params: map[string]string{"want": want, "got": strconv.Itoa(got)},
		EN: fmt.Sprintf("should have %s characters, not %d", want, got),
		ZH: fmt.Sprintf("应为 %s 位，而不是 %d 位", wantZH, got)}
}

// charClass names what is allowed at a position.
type charClass struct {
	key    string
	en, zh string
	ok     func(r rune) bool
}

var (
	classDigit  = charClass{"digit", "a digit", "数字", isDigit}
	classLetter = charClass{"letter", "a letter", "字母", isLetter}
	classAlnum  = charClass{"alnum", "a letter or digit", "字母或数字", isAlnum}
)

func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' }
func isAlnum(r rune) bool  { return isDigit(r) || isLetter(r) }

// reasonChar reports a disallowed character at 1-based position pos.
func reasonChar(ch rune, pos int, want charClass) *Reason {
	return &Reason{Code: CodeCharacter,
		Params: map[string]string{"char": string(ch), "position": strconv.Itoa(pos), "allowed": want.key},
		EN:     fmt.Sprintf("character %q at position %d is not allowed here; expected %s", string(ch), pos, want.en),
		ZH:     fmt.Sprintf("第 %d 位的字符“%s”不合规，此处应为%s", pos, string(ch), want.zh)}
}

// checkClass returns a character reason for the first rune of s that is
// not in class c; offset is the number of characters before s in the
// normalized value.
func checkClass(s string, offset int, c charClass) *Reason {
	for i, r := range []rune(s) {
		if !c.ok(r) {
			return reasonChar(r, offset+i+1, c)
		}
	}
	return nil
}

// reasonCheck reports a check digit mismatch. want may be empty when no
// single expected value exists.
func reasonCheck(want, got string) *Reason {
	p := map[string]string{"got": got}
	if want == "" {
		return &Reason{Code: CodeCheckDigit, Params: p,
			EN: "the check digit does not match the rest of the number (likely a typing error)",
			ZH: "校验位与号码其余部分不符（可能是输入错误）"}
	}
	p["expected"] = want
	noun, nounZH := "check digit", "校验位"
	if len([]rune(want)) > 1 {
		noun, nounZH = "check digits", "校验码"
	}
	if got == "" {
		return &Reason{Code: CodeCheckDigit, Params: p,
			EN: fmt.Sprintf("%s should be %s", noun, want),
			ZH: fmt.Sprintf("%s应为 %s", nounZH, want)}
	}
	return &Reason{Code: CodeCheckDigit, Params: p,
		EN: fmt.Sprintf("%s should be %s, not %s", noun, want, got),
		ZH: fmt.Sprintf("%s应为 %s，而不是 %s", nounZH, want, got)}
}

// reasonFormat reports a structural problem described by the sentences.
func reasonFormat(params map[string]string, en, zh string) *Reason {
	if params == nil {
		params = map[string]string{}
	}
	return &Reason{Code: CodeFormat, Params: params, EN: en, ZH: zh}
}

func reasonCountry(cc string, en, zh string) *Reason {
	return &Reason{Code: CodeCountry, Params: map[string]string{"country": cc}, EN: en, ZH: zh}
}

func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

func digitsVal(s string) []int {
	out := make([]int, len(s))
	for i := range s {
		out[i] = int(s[i] - '0')
	}
	return out
}

// weighted returns the sum of digit(s[i])*w[i] for the shorter of both.
func weighted(s string, w []int) int {
	sum := 0
	for i := 0; i < len(s) && i < len(w); i++ {
		sum += int(s[i]-'0') * w[i]
	}
	return sum
}

// luhnValid reports whether the digit string passes the Luhn check.
func luhnValid(s string) bool {
	return luhnSum(s)%10 == 0
}

func luhnSum(s string) int {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum
}

// luhnCheckDigit returns the digit to append to s to make it Luhn-valid.
func luhnCheckDigit(s string) byte {
	return byte('0' + (10-luhnSum(s+"0")%10)%10)
}

// mod97 computes the remainder of a long alphanumeric string read as a
// number, with letters A=10 … Z=35 (ISO 7064 MOD 97-10 as used by IBAN and
// LEI).
func mod97(s string) int {
	rem := 0
	for _, r := range s {
		switch {
		case isDigit(r):
			rem = (rem*10 + int(r-'0')) % 97
		case isLetter(r):
			rem = (rem*100 + int(r-'A'+10)) % 97
		}
	}
	return rem
}

// mod11_10 reports the ISO 7064 MOD 11,10 check digit for the digits s.
func mod11_10(s string) byte {
	p := 10
	for i := 0; i < len(s); i++ {
		t := (int(s[i]-'0') + p) % 10
		if t == 0 {
			t = 10
		}
		p = (2 * t) % 11
	}
	return byte('0' + (11-p)%10)
}
