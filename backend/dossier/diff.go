package dossier

import (
	"encoding/json"
	"sort"
)

// Change is one field-level edit. Field is a path: a top-level JSON name
// ("legal_name", "tags") or, for items of lists that carry IDs, the list
// name and the item's ID ("emails/3f2a…"), so two devices editing different
// e-mails of one customer do not collide. Old and New are JSON; "" means
// absent.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// listsWithIDs are the fields whose items are addressed by ID.
var listsWithIDs = map[string]bool{
	"emails": true, "phones": true, "socials": true, "identifiers": true,
	"contacts": true, "attachments": true,
	"credit_reports": true, "legal_records": true, "banks": true, "references": true, "insurance_limits": true,
}

// bookkeeping fields are not edits of the customer.
var bookkeeping = map[string]bool{"id": true, "created_at": true, "created_by": true, "updated_at": true, "updated_by": true}

// Flatten maps each field path of d to its JSON value.
func Flatten(d *Dossier) map[string]string {
	raw, err := json.Marshal(d)
	if err != nil {
		panic("dossier: marshal: " + err.Error()) // only plain data: cannot fail
	}
	return FlattenJSON(raw)
}

// FlattenJSON is Flatten of a dossier already encoded (raw is its
// json.Marshal), for a bulk write that encodes each dossier once. It
// splits the encoding where json.Unmarshal would decode it into maps
// (flatjson.go): a save flattens two dossiers, an import 100 000.
func FlattenJSON(raw []byte) map[string]string {
	if out, ok := flattenFast(raw); ok {
		return out
	}
	return flattenDecoded(raw)
}

// flattenDecoded is FlattenJSON through json.Unmarshal: what flattenFast
// must answer, and the way for what it leaves (duplicate or escaped
// member names).
func flattenDecoded(raw []byte) map[string]string {
	var top map[string]json.RawMessage
	_ = json.Unmarshal(raw, &top)
	out := make(map[string]string, len(top))
	for k, v := range top {
		if bookkeeping[k] {
			continue
		}
		if listsWithIDs[k] {
			var items []json.RawMessage
			_ = json.Unmarshal(v, &items)
			for _, it := range items {
				var withID struct {
					ID string `json:"id"`
				}
				_ = json.Unmarshal(it, &withID)
				out[k+"/"+withID.ID] = string(it)
			}
			continue
		}
		if !isEmpty(v) {
			out[k] = string(v)
		}
	}
	return out
}

// FlatValue is a top-level member's value as Flatten gives it: "" when
// the form shows it blank.
func FlatValue(v json.RawMessage) string {
	if len(v) == 0 || isEmpty(v) {
		return ""
	}
	return string(v)
}

// isEmpty reports values a form shows as blank; they are recorded as
// absent so that history is not filled with "set to nothing". An object is
// blank only when every member is: a fact without value or sources (its
// default state does not count), soft information with nothing ticked.
// Deciding by member, not by shape, is what keeps a change to any one
// member of a nested object from being taken for "no change".
func isEmpty(v json.RawMessage) bool { return isEmptyV(v, false) }

// isEmptyV is isEmpty; valid says v is known to be valid JSON.
func isEmptyV(v json.RawMessage, valid bool) bool {
	switch string(v) {
	case `""`, "null", "false", "[]", "{}", "0":
		return true
	}
	if len(v) == 0 || v[0] != '{' {
		return false
	}
	if empty, ok := emptyFast(v, valid); ok {
		return empty
	}
	return isEmptyDecoded(v)
}

// isEmptyDecoded is isEmpty of an object through json.Unmarshal.
func isEmptyDecoded(v json.RawMessage) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal(v, &obj) != nil {
		return false
	}
	if isFactShaped(obj) {
		var f Fact
		return json.Unmarshal(v, &f) == nil && f.Value == "" && len(f.Sources) == 0
	}
	for _, m := range obj {
		if !isEmpty(m) {
			return false
		}
	}
	return true
}

// factKeys are the JSON members of Fact.
var factKeys = map[string]bool{"id": true, "type": true, "value": true, "state": true, "sources": true}

// isFactShaped reports an object whose members all belong to Fact and that
// has a value member (Fact's value is never omitted).
func isFactShaped(obj map[string]json.RawMessage) bool {
	if _, ok := obj["value"]; !ok {
		return false
	}
	for k := range obj {
		if !factKeys[k] {
			return false
		}
	}
	return true
}

// Diff lists what changed from old to new, sorted by field. A nil old is a
// new dossier: every field with a value is a change.
func Diff(old, new *Dossier) []Change {
	var a map[string]string
	if old != nil {
		a = Flatten(old)
	}
	b := Flatten(new)
	var out []Change
	for k, nv := range b {
		if ov, ok := a[k]; !ok || ov != nv {
			out = append(out, Change{Field: k, Old: a[k], New: nv})
		}
	}
	for k, ov := range a {
		if _, ok := b[k]; !ok {
			out = append(out, Change{Field: k, Old: ov})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}
