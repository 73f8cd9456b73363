package syncclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/hlc"
)

// snapshot is every record a device's log knows, as the log merged it:
// kind/entity → field → JSON ("absent" for deleted records).
func snapshot(t testing.TB, d *device) (map[string]map[string]json.RawMessage, map[string]bool) {
	t.Helper()
	all, _, err := d.st.Changes(changelog.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	refs := map[changelog.Ref]bool{}
	for _, c := range all {
		ids[c.ID] = true
		refs[changelog.Ref{Kind: c.Kind, Entity: c.Entity}] = true
	}
	out := map[string]map[string]json.RawMessage{}
	for r := range refs {
		f, ok, err := d.st.Entity(r.Kind, r.Entity)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			f = map[string]json.RawMessage{"": json.RawMessage(`"absent"`)}
		}
		out[r.Kind+"/"+r.Entity] = f
	}
	return out, ids
}

// sameState fails unless every device holds the same changes and the same
// value of every field of every record, and that state is the one a
// reference merge of all those changes gives.
func sameState(t testing.TB, ds ...*device) {
	t.Helper()
	want, wantIDs := snapshot(t, ds[0])
	for _, d := range ds[1:] {
		got, ids := snapshot(t, d)
		if len(ids) != len(wantIDs) {
			t.Fatalf("%s holds %d changes, %s %d", d.name, len(ids), ds[0].name, len(wantIDs))
		}
		for id := range wantIDs {
			if !ids[id] {
				t.Fatalf("%s lacks change %s", d.name, id)
			}
		}
		if diff := diffState(want, got); diff != "" {
			t.Fatalf("%s differs from %s: %s", d.name, ds[0].name, diff)
		}
	}
	// The reference: the same changes merged by the in-memory log.
	all, _, err := ds[0].st.Changes(changelog.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	mem := changelog.NewMemory("reference", hlc.New(time.Now, hlc.Timestamp{}))
	if _, err := mem.Apply(all); err != nil {
		t.Fatal(err)
	}
	for key, fields := range want {
		var kind, entity string
		for i := range key {
			if key[i] == '/' {
				kind, entity = key[:i], key[i+1:]
				break
			}
		}
		if kind == changelog.KindDossier {
			continue // the store adds derived dossier fields (history, timestamps) the log has no say in
		}
		mf, ok, err := mem.Entity(kind, entity)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			mf = map[string]json.RawMessage{"": json.RawMessage(`"absent"`)}
		}
		if diff := diffState(map[string]map[string]json.RawMessage{key: mf}, map[string]map[string]json.RawMessage{key: fields}); diff != "" {
			t.Fatalf("store and reference merge differ: %s", diff)
		}
	}
}

func diffState(a, b map[string]map[string]json.RawMessage) string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		fa, fb := a[k], b[k]
		fs := map[string]bool{}
		for f := range fa {
			fs[f] = true
		}
		for f := range fb {
			fs[f] = true
		}
		for f := range fs {
			if !bytes.Equal(compact(fa[f]), compact(fb[f])) {
				return fmt.Sprintf("%s field %q: %s vs %s", k, f, fa[f], fb[f])
			}
		}
	}
	return ""
}

func compact(b json.RawMessage) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}
