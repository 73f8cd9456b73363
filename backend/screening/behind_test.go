package screening

import (
	"context"
	"testing"

	"credence/backend/gen"
)

// TestBehind: screening is behind when a current customer was never
// screened or the book was last screened against other lists, and only then.
func TestBehind(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	behind := func(want bool, when string) {
		t.Helper()
		if got, err := svc.Behind(); err != nil || got != want {
			t.Fatalf("%s: behind %v (%v), want %v", when, got, err, want)
		}
	}
	behind(false, "empty workspace")
	if _, err := st.CreateDossiers(gen.Dossiers(12, 3), "gen", nil); err != nil {
		t.Fatal(err)
	}
	behind(false, "customers but no list")
	mustImport(t, svc)
	behind(true, "lists imported, book never screened")
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	behind(false, "after a whole re-screen")

	// A customer saved without screening (an import's screening stopped).
	late, err := st.CreateDossiers(gen.Dossiers(2, 9), "gen", nil)
	if err != nil {
		t.Fatal(err)
	}
	behind(true, "two customers never screened")
	if _, _, err := svc.ScreenDossier(late[0]); err != nil {
		t.Fatal(err)
	}
	behind(true, "one customer never screened")
	// Archived: a re-screen leaves it out, so it is not waited for.
	if _, err := st.SetArchived(late[1].ID, true, "gen"); err != nil {
		t.Fatal(err)
	}
	behind(false, "the unscreened customer archived")
	if _, err := st.SetArchived(late[1].ID, false, "gen"); err != nil {
		t.Fatal(err)
	}
	behind(true, "the unscreened customer back")
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	behind(false, "re-screened")

	// A list update whose re-screen was stopped.
	if _, err := svc.Import(context.Background(), data(t, "us-csl-sample.csv"), "", "王芳"); err != nil {
		t.Fatal(err)
	}
	behind(true, "a list added")
	ctx, cancel := context.WithCancel(context.Background())
	svc.RescreenAll(ctx, func(int, int) { cancel() })
	behind(true, "its re-screen stopped")
	if _, err := svc.RescreenAll(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	behind(false, "its re-screen finished")
}
