package dossier

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Flatten and isEmpty decoded every member of a dossier's encoding into
// maps of json.RawMessage, twice for most: a third of a bulk import's
// encoding time. The functions here cut the encoding where those maps
// would, without decoding, and give up (ok false) where json.Unmarshal's
// rules would need more than a cut: names with escapes or bad UTF-8, a name given
// twice, an "id" spelt in other letter cases. Their callers then decode
// as before; a fuzz test checks that both ways answer the same.

// member is one name and value of a JSON object, as cut from it.
type member struct {
	name string
	raw  []byte
}

// flattenFast is flattenDecoded by cutting.
func flattenFast(raw []byte) (map[string]string, bool) {
	if !json.Valid(raw) {
		return nil, false
	}
	top, ok := members(raw)
	if !ok {
		return nil, false
	}
	out := make(map[string]string, len(top))
	for _, m := range top {
		if bookkeeping[m.name] {
			continue
		}
		if listsWithIDs[m.name] {
			for _, it := range elements(m.raw) {
				id, ok := itemID(it)
				if !ok {
					return nil, false
				}
				out[m.name+"/"+id] = string(it)
			}
			continue
		}
		if !isEmptyV(m.raw, true) {
			out[m.name] = string(m.raw)
		}
	}
	return out, true
}

// itemID is the id json.Unmarshal finds in a list item ("" when it has
// none or it is not a string).
func itemID(it []byte) (string, bool) {
	if len(it) == 0 || it[0] != '{' {
		return "", true // not an object: Unmarshal leaves the id empty
	}
	ms, ok := members(it)
	if !ok {
		return "", false
	}
	id := ""
	for _, m := range ms {
		if m.name != "id" {
			if strings.EqualFold(m.name, "id") { // Unmarshal would take it too
				return "", false
			}
			continue
		}
		if len(m.raw) > 0 && m.raw[0] == '"' {
			if bytes.IndexByte(m.raw, '\\') >= 0 || !utf8.Valid(m.raw) {
				return "", false
			}
			id = string(m.raw[1 : len(m.raw)-1])
		}
	}
	return id, true
}

// emptyFast is isEmptyDecoded by cutting, for an object.
func emptyFast(v []byte, valid bool) (empty, ok bool) {
	if !valid && !json.Valid(v) {
		return false, true // Unmarshal fails: not empty
	}
	ms, ok := members(v)
	if !ok {
		return false, false
	}
	fact := false
	for _, m := range ms {
		if m.name == "value" {
			fact = true
		}
	}
	for _, m := range ms {
		if !factKeys[m.name] {
			fact = false
		}
	}
	if !fact {
		for _, m := range ms {
			if !isEmptyV(m.raw, true) {
				return false, true
			}
		}
		return true, true
	}
	// A Fact: empty when it decodes with no value and no sources.
	valueEmpty := false
	for _, m := range ms {
		switch m.name {
		case "sources":
			if string(m.raw) != "null" && (m.raw[0] != '[' || len(elements(m.raw)) > 0) {
				return false, true // sources, or a value Unmarshal refuses
			}
		default: // strings in a Fact
			if string(m.raw) != "null" && m.raw[0] != '"' {
				return false, true // Unmarshal refuses it
			}
			if m.name == "value" {
				valueEmpty = string(m.raw) == `""` || string(m.raw) == "null"
			}
		}
	}
	return valueEmpty, true
}

// members cuts a valid JSON object into its members; ok is false when a
// name has an escape or comes twice (decoding would be needed).
func members(b []byte) ([]member, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	var out []member
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		end := skipString(b, i)
		name := b[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 || !utf8.Valid(name) { // decoding would change it
			return nil, false
		}
		i = skipSpace(b, end)
		i = skipSpace(b, i+1) // the colon
		vend := skipValue(b, i)
		for _, m := range out {
			if m.name == string(name) {
				return nil, false
			}
		}
		out = append(out, member{string(name), b[i:vend]})
		i = skipSpace(b, vend)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return out, true
}

// elements cuts a valid JSON array into its elements (none when b is not
// an array).
func elements(b []byte) [][]byte {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		return nil
	}
	var out [][]byte
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != ']' {
		end := skipValue(b, i)
		out = append(out, b[i:end])
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return out
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString is the index after the string starting at b[i] (a quote).
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue is the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	default: // number, true, false, null
		for i < len(b) && !strings.ContainsRune(" \t\r\n,}]", rune(b[i])) {
			i++
		}
		return i
	}
}
