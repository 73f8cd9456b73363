package store_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// TestEveryDossierFieldIsSaved walks every field of the dossier model by
// reflection and proves, for each one, that changing only that field is
// saved, reloaded and recorded in the history. It exists because a change
// to one member of a nested object (expected purchases, a decision role)
// was once taken for "nothing changed" and silently dropped: a field added
// to the model later is walked too, so it cannot be lost the same way.
func TestEveryDossierFieldIsSaved(t *testing.T) {
	st := storetest.New(t)
	base := &dossier.Dossier{}
	fill(reflect.ValueOf(base).Elem(), "", 0)
	created, err := st.CreateDossier(base, "李雷")
	if err != nil {
		t.Fatalf("the filled dossier must be valid (give the failing field a valid value in validValue): %v", err)
	}
	var paths []string
	leaves(reflect.TypeOf(dossier.Dossier{}), "", func(p string) { paths = append(paths, p) })
	if len(paths) < 60 {
		t.Fatalf("walked only %d fields: the walker is broken", len(paths))
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			cur, err := st.Dossier(created.ID)
			if err != nil {
				t.Fatal(err)
			}
			edit := cur.Clone()
			leaf := at(reflect.ValueOf(edit).Elem(), path)
			before := fmt.Sprint(leaf.Interface())
			setLeaf(leaf, path, flip(leaf, path, cur))
			want := fmt.Sprint(leaf.Interface())
			if want == before {
				t.Fatalf("the walker could not change %s", path)
			}
			field := historyField(cur, path)
			hadEntries := countEntries(t, st, created.ID, field)
			saved, err := st.SaveDossier(edit, "李雷")
			if err != nil {
				t.Fatalf("save after changing only %s: %v", path, err)
			}
			if !saved.UpdatedAt.After(cur.UpdatedAt) {
				t.Fatalf("changing only %s was taken for no change", path)
			}
			back, err := st.Dossier(created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(at(reflect.ValueOf(back).Elem(), path).Interface()); got != want {
				t.Fatalf("%s reloaded as %q, saved %q", path, got, want)
			}
			if countEntries(t, st, created.ID, field) <= hadEntries {
				t.Fatalf("changing %s left no history entry for %s", path, field)
			}
		})
	}
}

func countEntries(t *testing.T, st *store.Store, id, field string) int {
	t.Helper()
	hist, err := st.History(id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hist {
		if h.Field == field {
			n++
		}
	}
	return n
}

// skipped are the fields a form cannot edit: identity and bookkeeping the
// store assigns, and attachments, which have their own calls.
func skipped(path string) bool {
	last := path[strings.LastIndex(path, ".")+1:]
	switch {
	case path == "id", path == "created_at", path == "created_by", path == "updated_at", path == "updated_by":
		return true
	case strings.HasPrefix(path, "attachments"):
		return true
	case last == "id" && strings.Contains(path, "[]"):
		return true // an item's id is its identity, not a value
	case last == "attachment_id":
		return true // must name an attachment of the dossier
	}
	return false
}

// leaves lists the editable leaf paths of a type: "soft.decision_roles",
// "emails[].sources[].note", …
func leaves(t reflect.Type, prefix string, visit func(string)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		p := join(prefix, name)
		if skipped(p) {
			continue
		}
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}):
			leaves(ft, p, visit)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			leaves(ft.Elem(), p+"[]", visit)
		default:
			visit(p)
		}
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// fill gives every field of v a valid value (variant n), with one item in
// every list, so that each leaf exists to be changed.
func fill(v reflect.Value, prefix string, n int) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		p := join(prefix, name)
		if skipped(p) {
			continue
		}
		fv := v.Field(i)
		switch {
		case fv.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Time{}):
			fill(fv, p, n)
		case fv.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			item := reflect.New(f.Type.Elem()).Elem()
			fill(item, p+"[]", n)
			fv.Set(reflect.Append(reflect.MakeSlice(f.Type, 0, 1), item))
		default:
			setLeaf(fv, p, validValue(p, fv.Type(), n))
		}
	}
}

// at finds the leaf named by path in v (list items: the first).
func at(v reflect.Value, path string) reflect.Value {
	for _, part := range strings.Split(path, ".") {
		item := strings.HasSuffix(part, "[]")
		part = strings.TrimSuffix(part, "[]")
		v = fieldByJSON(v, part)
		if item {
			v = v.Index(0)
		}
	}
	return v
}

func fieldByJSON(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if strings.Split(t.Field(i).Tag.Get("json"), ",")[0] == name {
			return v.Field(i)
		}
	}
	panic("no field " + name + " in " + t.String())
}

func setLeaf(v reflect.Value, path string, val any) {
	v.Set(reflect.ValueOf(val).Convert(v.Type()))
}

// flip returns the other valid variant of the leaf's value.
func flip(v reflect.Value, path string, _ *dossier.Dossier) any {
	return validValue(path, v.Type(), 1)
}

// validValue is a value of type t that passes validation at path, in two
// variants. Fields with rules are named; others get a plain value, and the
// test says which field needs an entry here when that is not valid.
func validValue(path string, t reflect.Type, n int) any {
	last := path[strings.LastIndex(path, ".")+1:]
	pick := func(a, b any) any {
		if n == 0 {
			return a
		}
		return b
	}
	switch {
	case path == "country.value":
		return pick("DE", "FR")
	case path == "registered_capital.value":
		return pick("1000000", "2000000")
	case strings.HasPrefix(path, "emails[].value"):
		return pick("sales@acme.de", "info@acme.de")
	case strings.HasSuffix(path, ".state"):
		return pick(dossier.Unverified, dossier.Verified)
	case strings.HasSuffix(path, "sources[].kind"):
		return pick("customer", "registry")
	case last == "date" || last == "expiry" || last == "since" || path == "registration_date.value" || strings.HasPrefix(path, "registration_date.sources[].value"):
		return pick("2020-01-02", "2021-03-04")
	case last == "currency" || last == "capital_currency":
		return pick("USD", "EUR")
	case path == "segment":
		return pick("b2b", "b2c")
	case path == "business_type":
		return pick("importer", "distributor")
	case path == "status":
		return pick("new", "active")
	case path == "identifiers[].type":
		return pick("vat", "lei")
	case path == "contacts[].role":
		return pick("purchasing", "technical")
	case path == "contacts[].legal_basis":
		return pick("contract", "consent")
	case path == "legal_records[].kind":
		return pick("litigation", "enforcement")
	case path == "legal_records[].status":
		return pick("open", "settled")
	case path == "legal_records[].role":
		return pick("defendant", "plaintiff")
	case path == "references[].payment":
		return pick("prompt", "slow")
	case path == "expected.requested_terms":
		return pick("oa_30", "oa_60")
	case path == "soft.decision_roles":
		return pick([]string{"purchasing"}, []string{"purchasing", "finance"})
	case last == "scale_min":
		return pick(0.0, 10.0)
	case last == "scale_max":
		return pick(100.0, 200.0)
	case path == "expected.annual_volume":
		return pick(30000.0, 300000.0) // the value the data loss was found with
	}
	switch t.Kind() {
	case reflect.String:
		return pick("a "+path, "b "+path)
	case reflect.Bool:
		return pick(false, true)
	case reflect.Int, reflect.Int64:
		return pick(3, 7)
	case reflect.Float64:
		return pick(1000.0, 2500.0)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return pick([]string{"x " + path}, []string{"x " + path, "y " + path})
		}
	}
	panic("validValue: add a value for " + path + " of type " + t.String())
}

// historyField is the history's name for the change of a leaf: the
// top-level field, or for list items "list/<item id>".
func historyField(d *dossier.Dossier, path string) string {
	top := strings.Split(path, ".")[0]
	if !strings.HasSuffix(top, "[]") {
		return top
	}
	name := strings.TrimSuffix(top, "[]")
	item := fieldByJSON(reflect.ValueOf(d).Elem(), name).Index(0)
	return name + "/" + fieldByJSON(item, "id").String()
}
