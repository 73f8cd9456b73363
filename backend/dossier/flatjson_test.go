package dossier

import (
	"encoding/json"
	"maps"
	"testing"
)

// flatSeeds are encodings the cut must answer as decoding does, the
// tricky ones included: escapes in names and ids, a name twice, "ID" in
// other cases, whitespace, facts with odd members, lists that are not.
var flatSeeds = []string{
	`{"legal_name":{"value":"Acme"},"emails":[{"id":"a","value":"x@y.z"},{"id":"b","value":""}],"tags":["a"],"notes":""}`,
	`{"legal_name":{"value":""},"country":{"value":"","state":"verified"},"x":{"value":"","sources":[]},"y":{"value":null,"sources":null}}`,
	`{"legal_name":{"value":"","sources":[{"kind":"call"}]},"z":{"value":"","id":5},"w":{"value":"","sources":"s"}}`,
	`{ "emails" : [ {"ID":"a"} , {"id":"b","Id":"c"} ], "phones": null, "banks": {"id":"x"}, "contacts": ["s", 1, null, {"id":7}] }`,
	`{"na\u006de":{"value":"x"},"name":{"value":"y"}}`,
	`{"a":1,"a":2}`,
	`{"emails":[{"id":"a\"b"},{"id":"a\\b"}]}`,
	`{"soft":{"a":false,"b":{"c":[],"d":{}}},"n":0,"f":false,"o":{"value":"x","extra":1}}`,
	`{"id":"x","created_at":"t","updated_by":"u"}`,
	`[1,2]`, `null`, `{`, ``, `{"a":}`, `"s"`,
}

func TestFlattenFastAnswersWhatDecodingAnswers(t *testing.T) {
	for _, s := range flatSeeds {
		checkFlatten(t, []byte(s))
	}
	for i := range 200 { // realistic dossiers, with every list filled
		d := &Dossier{ID: "d", LatinName: Fact{Value: "Co " + string(rune('A'+i%26))}, Notes: "n"}
		for j := range i % 5 {
			d.Emails = append(d.Emails, Fact{ID: string(rune('a' + j)), Value: "m@x.de", Sources: []Source{{Kind: "call"}}})
			d.Tags = append(d.Tags, "t")
		}
		raw, _ := json.Marshal(d)
		checkFlatten(t, raw)
	}
}

func checkFlatten(t *testing.T, raw []byte) {
	t.Helper()
	want := flattenDecoded(raw)
	if got := FlattenJSON(raw); !maps.Equal(got, want) {
		t.Fatalf("%s\ncut:    %v\ndecode: %v", raw, got, want)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		for k, v := range obj {
			if a, b := isEmpty(v), isEmptyDecodedAll(v); a != b {
				t.Fatalf("%s: isEmpty(%s) = %v, decoding says %v", raw, k, a, b)
			}
		}
	}
}

// isEmptyDecodedAll is isEmpty with no cutting at any depth.
func isEmptyDecodedAll(v json.RawMessage) bool {
	switch string(v) {
	case `""`, "null", "false", "[]", "{}", "0":
		return true
	}
	if len(v) == 0 || v[0] != '{' {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(v, &obj) != nil {
		return false
	}
	if isFactShaped(obj) {
		var f Fact
		return json.Unmarshal(v, &f) == nil && f.Value == "" && len(f.Sources) == 0
	}
	for _, m := range obj {
		if !isEmptyDecodedAll(m) {
			return false
		}
	}
	return true
}

// FuzzFlattenJSON: for any input, cutting answers what decoding answers
// (more seeds in testdata/fuzz/FuzzFlattenJSON).
func FuzzFlattenJSON(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkFlatten(t, raw) })
}
