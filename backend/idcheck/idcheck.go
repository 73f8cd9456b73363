// Package idcheck validates company, tax and bank identifiers with the
// check-digit algorithms their issuers publish. It is pure: no I/O, no
// network look-ups. A valid result means the number is well formed and its
// check digits agree; it does not mean the number was ever issued.
package idcheck

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Result is the outcome of validating one identifier.
type Result struct {
	Type       string // canonical type key, e.g. "uscc"
	Input      string // what was given
	Normalized string // cleaned form: separators removed, upper-cased
	Valid      bool
	Reason     Reason // zero when valid
}

// Reason explains why an identifier is invalid, as a stable code for
// programs and as sentences for people.
type Reason struct {
	Code   string            // "empty", "length", "character", "check_digit", "format", "country", "unknown_type"
	Params map[string]string // e.g. {"want":"18","got":"17"} or {"expected":"X"}
	EN     string            // English sentence
	ZH     string            // Chinese sentence
}

// TypeInfo describes one supported identifier type for pickers and help.
type TypeInfo struct {
	Key     string
	NameEN  string
	NameZH  string
	Example string // a valid example
}

// validator checks a normalized value. It returns nil when valid. It may
// return a different normalized form (e.g. zero-padded) as its first value;
// an empty string keeps the input.
type validator func(norm string) (string, *Reason)

type idType struct {
	info  TypeInfo
	check validator
}

var registry = []idType{
	{TypeInfo{"uscc", "China unified social credit code", "统一社会信用代码", "91110000802100433B"}, validateUSCC},
	{TypeInfo{"lei", "Legal Entity Identifier (ISO 17442)", "法人机构识别编码（LEI）", "5493001KJTIIGC8Y1R12"}, validateLEI},
	{TypeInfo{"iban", "IBAN (international bank account number)", "国际银行账号（IBAN）", "GB82WEST12345698765432"}, validateIBAN},
	{TypeInfo{"bic", "BIC / SWIFT code", "银行识别代码（BIC/SWIFT）", "DEUTDEFF500"}, validateBIC},
	{TypeInfo{"vat", "EU / UK VAT number", "欧盟/英国增值税号", "DE136695976"}, validateVAT},
	{TypeInfo{"gb_company", "UK Companies House number", "英国公司注册号", "SC123456"}, validateGBCompany},
	{TypeInfo{"ein", "US Employer Identification Number", "美国雇主识别号（EIN）", "04-2103594"}, validateEIN},
	{TypeInfo{"duns", "D-U-N-S number", "邓白氏编码（DUNS）", "150483782"}, validateDUNS},
	{TypeInfo{"cnpj", "Brazil CNPJ (company)", "巴西企业税号（CNPJ）", "33.000.167/0001-01"}, validateCNPJ},
	{TypeInfo{"cpf", "Brazil CPF (person)", "巴西个人税号（CPF）", "111.444.777-35"}, validateCPF},
	{TypeInfo{"gstin", "India GSTIN", "印度商品服务税号（GSTIN）", "27AAPFU0939F1ZV"}, validateGSTIN},
	{TypeInfo{"pan", "India PAN", "印度永久账号（PAN）", "AAPFU0939F"}, validatePAN},
	{TypeInfo{"mst", "Vietnam tax code (MST)", "越南税号（MST）", "0100109106"}, validateMST},
	{TypeInfo{"abn", "Australian Business Number", "澳大利亚商业号码（ABN）", "51 824 753 556"}, validateABN},
	{TypeInfo{"uen", "Singapore UEN", "新加坡唯一实体编号（UEN）", "197401143C"}, validateUEN},
	{TypeInfo{"hk_cr", "Hong Kong company number (CR No.)", "香港公司注册编号（CR）", "1234567"}, validateHKCR},
	{TypeInfo{"hk_br", "Hong Kong business registration number (BR No.)", "香港商业登记号码（BR）", "12345678"}, validateHKBR},
	{TypeInfo{"tw_ubn", "Taiwan unified business number", "台湾统一编号", "04595257"}, validateTWUBN},
}

var aliases = map[string]string{
	"swift":          "bic",
	"company_number": "gb_company",
}

// Types lists the supported identifier types in a stable order.
func Types() []TypeInfo {
	out := make([]TypeInfo, len(registry))
	for i, t := range registry {
		out[i] = t.info
	}
	return out
}

func lookup(typ string) (idType, bool) {
	key := strings.ToLower(strings.TrimSpace(typ))
	key = strings.ReplaceAll(key, "-", "_")
	if a, ok := aliases[key]; ok {
		key = a
	}
	for _, t := range registry {
		if t.info.Key == key {
			return t, true
		}
	}
	return idType{}, false
}

// Validate checks value as an identifier of type typ (case-insensitive key
// or alias). It never panics; an unknown type yields Reason.Code
// "unknown_type".
func Validate(typ, value string) Result {
	res := Result{Input: value, Normalized: Normalize(value)}
	t, ok := lookup(typ)
	if !ok {
		res.Type = strings.ToLower(strings.TrimSpace(typ))
		res.Reason = reasonUnknownType(typ)
		return res
	}
	res.Type = t.info.Key
	if res.Normalized == "" {
		res.Reason = reasonEmpty()
		return res
	}
	// Every type is written in ASCII letters and digits ('+' and '*' occur
	// in old Irish VAT numbers), so validators can index bytes safely.
	for i, r := range []rune(res.Normalized) {
		if !isAlnum(r) && r != '+' && r != '*' {
			res.Reason = *reasonChar(r, i+1, classAlnum)
			return res
		}
	}
	norm, r := t.check(res.Normalized)
	if norm != "" {
		res.Normalized = norm
	}
	if r != nil {
		res.Reason = *r
		return res
	}
	res.Valid = true
	return res
}

// Normalize folds full-width characters, upper-cases and drops the
// separators people type: white space, dots, dashes, slashes, underscores.
func Normalize(value string) string {
	value = width.Fold.String(value)
	var b strings.Builder
	for _, r := range value {
		switch {
		case unicode.IsSpace(r), r == '.', r == '/', r == '_', r == '·':
			continue
		case r == '-' || unicode.Is(unicode.Pd, r):
			continue
		case unicode.IsControl(r), r == unicode.ReplacementChar, unicode.Is(unicode.Cf, r):
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
