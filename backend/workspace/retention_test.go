package workspace

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
)

// The retention run erases exactly what its preview listed and the person
// confirmed: customers archived more than N years ago, nothing else.
func TestRetentionPreviewIsWhatIsErased(t *testing.T) {
	now := time.Date(2019, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	opt := testOptions()
	opt.Store.Now, opt.Now = clock, clock
	w, err := Create(filepath.Join(t.TempDir(), "ws"), pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	old := mustDossier(t, w, "Old Archived Ltd", "GB")
	recent := mustDossier(t, w, "Recent Archived Ltd", "GB")
	current := mustDossier(t, w, "Current Customer Ltd", "GB")
	if _, err := w.SetArchived(old.ID, true, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	if _, err := w.SetArchived(recent.ID, true, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

	if p, _ := w.RetentionPreview(0); len(p) != 0 {
		t.Fatalf("the policy is off by default, yet the preview lists %v", p)
	}
	if err := w.SetRetentionPolicy(RetentionPolicy{Years: 51}); errKeyOf(err) != "err.retentionYears" {
		t.Errorf("51 years: %v", err)
	}
	if err := w.SetRetentionPolicy(RetentionPolicy{Years: 5}); err != nil {
		t.Fatal(err)
	}
	prev, err := w.RetentionPreview(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(prev) != 1 || prev[0].DossierID != old.ID || prev[0].Name == "" || !prev[0].ArchivedAt.Equal(time.Date(2019, 3, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("preview %+v", prev)
	}
	// An id the preview did not list is not erased, even when asked.
	erased, err := w.RunRetention(0, []string{old.ID, recent.ID, current.ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range erased {
		got = append(got, e.DossierID)
	}
	if !slices.Equal(got, []string{old.ID}) {
		t.Errorf("erased %v, the preview listed %v", got, prev)
	}
	if _, err := w.Store().Dossier(old.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("the old customer is still there: %v", err)
	}
	for _, id := range []string{recent.ID, current.ID} {
		if _, err := w.Store().Dossier(id); err != nil {
			t.Errorf("%s went: %v", id, err)
		}
	}
	if p, _ := w.RetentionPreview(0); len(p) != 0 {
		t.Errorf("a second preview lists %v", p)
	}
}
