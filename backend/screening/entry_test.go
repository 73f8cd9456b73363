package screening

import (
	"context"
	"testing"

	"credence/backend/sanctions"
)

func TestEntryDetailsOfAHit(t *testing.T) {
	st := mustStore(t)
	ss := New(st)
	if _, err := ss.Import(context.Background(), "../../testdata/sanctions/un-consolidated.xml", "", "李雷"); err != nil {
		t.Fatal(err)
	}
	hits, err := ss.ScreenName(sanctions.Query{Name: "AL-QAIDA"}, false)
	if err != nil || len(hits) == 0 {
		t.Fatalf("no hit for a listed name: %v", err)
	}
	e, err := ss.Entry(HitKey(hits[0].List, hits[0].EntryID))
	if err != nil {
		t.Fatal(err)
	}
	if e.Name == "" || len(e.Aliases) == 0 || e.Remarks == "" && len(e.Programs) == 0 {
		t.Fatalf("details a person must compare are missing: %+v", e)
	}
	if _, err := ss.Entry("un:does-not-exist"); err == nil {
		t.Fatal("an unknown entry must be not found")
	}
}
