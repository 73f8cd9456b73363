// Package dossierjson reads and writes a dossier as one JSON document: the
// format of `credence dossier export` and `credence dossier import`,
// documented in docs/dossier-json.md. Reading is strict: an unknown field
// or a value of the wrong type is refused with a message that names the
// field, so a typo in a hand-edited file is never silently dropped.
package dossierjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
)

// MaxSize is the largest document Decode reads. A dossier is a few
// kilobytes; attachments travel separately.
const MaxSize = 8 << 20

// Encode writes d as indented JSON. Attachments are listed by name, type,
// size and hash; their bytes are not part of the document.
func Encode(w io.Writer, d *dossier.Dossier) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d.Clone()); err != nil {
		return errs.Wrap(errs.Internal, err, "write dossier JSON")
	}
	return nil
}

// Decode reads one dossier written by Encode (or by hand) for import. Ids,
// creation and update stamps and attachments are dropped: the importing
// store gives the dossier new ids, and attachment bytes are not in the
// document. The dossier is normalised and validated. Every error is
// errs.Invalid with Params["field"] naming the field when there is one.
func Decode(r io.Reader) (*dossier.Dossier, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "read dossier JSON").WithKey("err.importRead")
	}
	if len(b) > MaxSize {
		return nil, errs.New(errs.Invalid, "the file is larger than %d MB: not a dossier", MaxSize>>20).WithKey("err.importTooLarge")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(b, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := position(b, dec.InputOffset())
		return nil, errs.New(errs.Invalid, "unexpected data after the dossier at line %d, column %d: a file holds one dossier", line, col).WithKey("err.importSyntax")
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, errs.New(errs.Invalid, "the file must hold one JSON object (a dossier), not %s", kindOf(v)).WithKey("err.importSyntax")
	}
	if err := check(v, reflect.TypeFor[dossier.Dossier](), ""); err != nil {
		return nil, err
	}
	var d dossier.Dossier
	if err := json.Unmarshal(b, &d); err != nil {
		// check saw only the last of a key given twice.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fieldError(te.Field, "want %s (is the field given twice?)", te.Type)
		}
		return nil, errs.Wrap(errs.Invalid, err, "decode dossier JSON").WithKey("err.importSyntax")
	}
	d.ForgetIdentity()
	d.Normalize(func() string { return "" })
	if err := checkCredit(&d); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

func fieldError(field, format string, a ...any) error {
	return errs.New(errs.Invalid, "field %q: %s", field, fmt.Sprintf(format, a...)).WithKey("err.importField", "field", field)
}

var (
	reDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reCcy  = regexp.MustCompile(`^[A-Z]{3}$`)
)

// checkCredit checks what dossier.Validate leaves alone: dates, amounts
// and currencies of the credit-standing lists and expected business.
func checkCredit(d *dossier.Dossier) error {
	date := func(field, v string) error {
		if v == "" {
			return nil
		}
		if _, err := time.Parse("2006-01-02", v); err != nil || !reDate.MatchString(v) {
			return fieldError(field, "want a date written YYYY-MM-DD, not %q", v)
		}
		return nil
	}
	amount := func(field string, v float64) error {
		if v < 0 {
			return fieldError(field, "must not be negative")
		}
		return nil
	}
	ccy := func(field string, v *string) error {
		*v = strings.ToUpper(strings.TrimSpace(*v))
		if *v != "" && !reCcy.MatchString(*v) {
			return fieldError(field, "want a three-letter currency code such as USD, not %q", *v)
		}
		return nil
	}
	at := func(list string, i int, f string) string { return fmt.Sprintf("%s[%d].%s", list, i, f) }
	var errList []error
	for i := range d.CreditReports {
		r := &d.CreditReports[i]
		errList = append(errList, date(at("credit_reports", i, "date"), r.Date),
			amount(at("credit_reports", i, "recommended_limit"), r.RecommendedLimit),
			ccy(at("credit_reports", i, "currency"), &r.Currency))
		if r.ScaleMax < r.ScaleMin {
			errList = append(errList, fieldError(at("credit_reports", i, "scale_max"), "is below scale_min"))
		}
	}
	for i := range d.LegalRecords {
		r := &d.LegalRecords[i]
		errList = append(errList, date(at("legal_records", i, "date"), r.Date),
			amount(at("legal_records", i, "amount"), r.Amount),
			ccy(at("legal_records", i, "currency"), &r.Currency))
	}
	for i := range d.InsuranceLimits {
		r := &d.InsuranceLimits[i]
		errList = append(errList, date(at("insurance_limits", i, "expiry"), r.Expiry),
			amount(at("insurance_limits", i, "amount"), r.Amount),
			ccy(at("insurance_limits", i, "currency"), &r.Currency))
	}
	errList = append(errList, amount("expected.annual_volume", d.Expected.AnnualVolume),
		amount("expected.order_size", d.Expected.OrderSize),
		ccy("expected.currency", &d.Expected.Currency))
	if d.Soft.ResponseHours < 0 {
		errList = append(errList, fieldError("soft.response_hours", "must not be negative"))
	}
	for _, err := range errList {
		if err != nil {
			return err
		}
	}
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

// check walks a generic JSON value against the Go type it will be decoded
// into, naming the first field that is unknown or of the wrong type, as
// encoding/json would not (it names no array index and stops at the first
// unknown field without its path). Keys are matched exactly.
func check(v any, t reflect.Type, path string) error {
	if v == nil {
		return nil // null leaves the zero value
	}
	if t == timeType {
		s, ok := v.(string)
		if !ok {
			return fieldError(path, "want a date and time as a string, not %s", kindOf(v))
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fieldError(path, "want a date and time such as 2026-03-16T09:00:00Z, not %q", s)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return fieldError(path, "want a string, not %s", kindOf(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return fieldError(path, "want true or false, not %s", kindOf(v))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return fieldError(path, "want a whole number, not %s", kindOf(v))
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return fieldError(path, "want a whole number, not %s", n)
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return fieldError(path, "want a number, not %s", kindOf(v))
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			return fieldError(path, "the number %s is out of range", n)
		}
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return fieldError(path, "want a list, not %s", kindOf(v))
		}
		for i, it := range items {
			if err := check(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return fieldError(path, "want an object, not %s", kindOf(v))
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys) // the first error is the same on every run
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			f, ok := fields[k]
			if !ok {
				return errs.New(errs.Invalid, "unknown field %q", sub).WithKey("err.importUnknownField", "field", sub)
			}
			if err := check(obj[k], f.Type, sub); err != nil {
				return err
			}
		}
	default:
		return errs.New(errs.Internal, "dossierjson: cannot check %s at %q", t, path)
	}
	return nil
}

// jsonFields maps a struct's JSON names to its fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func kindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case json.Number:
		return "the number " + string(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// syntaxError says where the JSON is broken.
func syntaxError(b []byte, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		line, col := position(b, se.Offset-1) // Offset counts the bad byte
		return errs.New(errs.Invalid, "not valid JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(se.Error(), "json: ")).WithKey("err.importSyntax")
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(b)) == 0:
		return errs.New(errs.Invalid, "the file is empty: want a dossier as JSON").WithKey("err.importSyntax")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errs.New(errs.Invalid, "the JSON ends too early: is the file complete?").WithKey("err.importSyntax")
	}
	return errs.Wrap(errs.Invalid, err, "not valid JSON").WithKey("err.importSyntax")
}

// position turns a byte offset into a 1-based line and column.
func position(b []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
