package receivables

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fill sets every exported field of v (a pointer to a struct) to a
// non-zero value, recursing into embedded structs and slices.
func fill(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(sf.Name + "-" + string(rune('a'+seed)))
		case reflect.Float64:
			f.SetFloat(float64(seed) + 0.25)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(int64(seed + 3))
		case reflect.Struct:
			if f.Type() == reflect.TypeOf(time.Time{}) {
				f.Set(reflect.ValueOf(time.Date(2026, 1, seed+1, 0, 0, 0, 0, time.UTC)))
			} else {
				fill(t, f, seed)
			}
		case reflect.Slice:
			s := reflect.MakeSlice(f.Type(), 2, 2)
			for j := range 2 {
				fill(t, s.Index(j), seed+j)
			}
			f.Set(s)
		default:
			t.Fatalf("field %s of kind %s: teach fill", sf.Name, f.Kind())
		}
	}
}

// Every field of every record a summary holds survives its compact
// encoding (Meta aside, which lean reduces to the id): a field added to
// Invoice, Payment … and not to the codec fails here.
func TestSummaryCodecKeepsEveryField(t *testing.T) {
	var s CustomerSummary
	fill(t, reflect.ValueOf(&s).Elem(), 1)
	s.leanen()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got CustomerSummary
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip lost something:\n got %+v\nwant %+v", got, s)
	}
	// A summary cut short, of another version or not one at all is
	// refused, not half read.
	for _, bad := range [][]byte{append(b[:len(b)/2:len(b)/2], '"'), append(b[:len(b)-3:len(b)-3], '"'),
		append([]byte(`"Ag`), b[3:]...), []byte(`{"Built":true}`), []byte(`""`)} {
		var x CustomerSummary
		if err := json.Unmarshal(bad, &x); err == nil {
			t.Fatalf("%.30q… decoded without an error", bad)
		}
	}
}

// A customer with more records than a summary holds is stored as Large and
// read from its records: Summaries gives every record all the same, after
// hand edits and an invalidation.
func TestLargeCustomerSummary(t *testing.T) {
	defer func(n int) { maxSummaryItems = n }(maxSummaryItems)
	maxSummaryItems = 3
	st := mustStore(t)
	d := longCustomer(t, st, "Lumière Import GmbH")
	b := NewBook(st)
	b.Now = fixed(now)
	for i := range 5 {
		if _, err := b.SaveInvoice(d.ID, inv(fmt.Sprintf("L-%d", i), "2026-01-01", "2026-02-01", 100), "Sam Sales"); err != nil {
			t.Fatal(err)
		}
	}
	var stored CustomerSummary
	if err := st.GetRecord(KindSummary, d.ID, &stored); err != nil || !stored.Large || len(stored.Invoices) != 0 {
		t.Fatalf("stored %+v %v: want the Large mark", stored, err)
	}
	for _, step := range []string{"edited", "invalidated"} {
		if step == "invalidated" {
			if err := b.InvalidateSummaries(); err != nil {
				t.Fatal(err)
			}
		}
		all, err := b.Summaries()
		if err != nil {
			t.Fatal(err)
		}
		if s := all[d.ID]; len(s.Invoices) != 5 || s.Large {
			t.Fatalf("%s: %d invoices, large %v: want the 5 read from the records", step, len(s.Invoices), s.Large)
		}
	}
}
