package sheet

import (
	"slices"
	"strings"
	"unicode"

	"credence/backend/errs"
)

// Field kinds: how a cell is read.
const (
	Text   = "text"
	Amount = "number"
	Day    = "date"
)

// Field is one thing a table can hold (a name, a date, a value).
type Field struct {
	Key      string   `json:"key"`
	Kind     string   `json:"kind"`
	Required bool     `json:"required"`
	Synonyms []string `json:"synonyms"` // headers that mean this field, Chinese and English
}

// Schema is the fields a caller can take from a table.
type Schema []Field

// Field returns the field with the key.
func (s Schema) Field(key string) (Field, bool) {
	i := slices.IndexFunc(s, func(f Field) bool { return f.Key == key })
	if i < 0 {
		return Field{}, false
	}
	return s[i], true
}

// Mapping says which column (by its header text) holds each field.
// Columns not named are ignored; a saved mapping is one of these.
type Mapping map[string]string // field key → header

// HeaderKey folds a header for comparison: full-width narrowed, lower
// case, spaces, punctuation and units in brackets removed ("Value (USD)"
// and "value" alike, "进口商名称" as written).
func HeaderKey(h string) string {
	h = Clean(h)
	if i := strings.IndexAny(h, "(（["); i > 0 {
		h = h[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// match reports whether the header names the field: equal to a synonym
// once folded, or (for synonyms of three letters or more) containing it.
func (f Field) match(key string) int {
	best := 0
	for _, s := range f.Synonyms {
		k := HeaderKey(s)
		switch {
		case k == "":
		case key == k:
			return 3
		case len([]rune(k)) >= 3 && strings.Contains(key, k):
			best = max(best, 1)
		}
	}
	return best
}

// Guess maps the headers it recognises: exact synonyms first, then
// headers containing one; each header is used once.
func (s Schema) Guess(headers []string) Mapping {
	m := Mapping{}
	used := map[int]bool{}
	for _, strength := range []int{3, 1} {
		for _, f := range s {
			if _, ok := m[f.Key]; ok {
				continue
			}
			for i, h := range headers {
				if !used[i] && f.match(HeaderKey(h)) == strength {
					m[f.Key], used[i] = strings.TrimSpace(h), true
					break
				}
			}
		}
	}
	return m
}

// score is how many distinct fields a row's cells name: the header row is
// the one that names most.
func (s Schema) score(row []string) int {
	n := 0
	for _, f := range s {
		for _, c := range row {
			if k := HeaderKey(c); k != "" && f.match(k) == 3 {
				n++
				break
			}
		}
	}
	return n
}

// Binding is a mapping resolved against a table's header: field key →
// column index.
type Binding map[string]int

// Bind resolves m against the headers. Fields whose header is missing are
// an error when required, else dropped; a header used twice is refused.
func (s Schema) Bind(m Mapping, headers []string) (Binding, error) {
	b := Binding{}
	for _, f := range s {
		h, ok := m[f.Key]
		if !ok || strings.TrimSpace(h) == "" {
			if f.Required {
				return nil, errs.New(errs.Invalid, "no column is mapped to %s", f.Key).WithKey("err.mappingUnmapped", "field", f.Key)
			}
			continue
		}
		i := slices.IndexFunc(headers, func(x string) bool { return HeaderKey(x) == HeaderKey(h) && HeaderKey(h) != "" })
		if i < 0 {
			if f.Required {
				return nil, errs.New(errs.Invalid, "the file has no column %q for %s", h, f.Key).WithKey("err.mappingNoColumn", "column", h, "field", f.Key)
			}
			continue
		}
		b[f.Key] = i
	}
	for k := range m {
		if _, ok := s.Field(k); !ok {
			return nil, errs.New(errs.Invalid, "unknown field %q in the mapping", k).WithKey("err.mappingUnknownField", "field", k)
		}
	}
	return b, nil
}

// Get returns the cleaned cell of a field in a row ("" when absent).
func (b Binding) Get(row []string, key string) string {
	i, ok := b[key]
	if !ok || i >= len(row) {
		return ""
	}
	return Clean(row[i])
}
