package receivables

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A stored summary is read back by a decoder of its own: damaged bytes give
// errSummaryCodec (the board then rebuilds from the records), never a panic
// or a huge allocation, and what decodes encodes to the same value.
func FuzzSummaryDecode(f *testing.F) {
	s := CustomerSummary{DossierID: "d1",
		Invoices: []Invoice{{Meta: Meta{ID: "i1"}, Number: "INV-1", IssueDate: "2026-01-05", DueDate: "2026-02-04", Amount: 1200, Currency: "USD"}},
		Payments: []Payment{{Meta: Meta{ID: "p1"}, Date: "2026-02-10", Amount: 200, Currency: "USD", Allocations: []Allocation{{Invoice: "i1", Amount: 200}}}}}
	b, _ := json.Marshal(s)
	f.Add(b)
	f.Add([]byte(`""`))
	f.Add([]byte(`"AQ"`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got CustomerSummary
		if err := got.UnmarshalJSON(data); err != nil {
			return
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var again CustomerSummary
		if err := json.Unmarshal(b, &again); err != nil || !reflect.DeepEqual(got, again) {
			t.Fatalf("round trip: %+v -> %+v %v", got, again, err)
		}
	})
}
