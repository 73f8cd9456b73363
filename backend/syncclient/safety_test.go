package syncclient

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A device that deletes many records while it holds few dossiers (what a
// fresh restore of an old backup looks like) does not push until told to.
func TestMassDeleteRefusedUnlessForced(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	b := join(t, a, "Bob", "sales")
	for i := 0; i < MassDeleteMin+10; i++ {
		if err := a.st.PutRecord("ar_hold", fmt.Sprint("h", i), map[string]any{"reason": "overdue"}); err != nil {
			t.Fatal(err)
		}
	}
	a.sync()
	b.sync()
	for i := 0; i < MassDeleteMin+10; i++ {
		if err := b.st.DeleteRecord("ar_hold", fmt.Sprint("h", i)); err != nil {
			t.Fatal(err)
		}
	}
	before := b.cl.State().Pushed
	if _, err := b.cl.Sync(context.Background()); errKey(err) != "err.syncMassDelete" {
		t.Fatalf("mass delete pushed: %v", err)
	}
	if b.cl.State().Pushed != before {
		t.Fatal("some deletions went out")
	}
	a.sync()
	if _, ok, _ := a.st.Entity("ar_hold", "h0"); !ok {
		t.Fatal("a lost a record")
	}
	b.cl.opt.ForceDeletes = true
	if r := b.sync(); r.Pushed < MassDeleteMin {
		t.Fatalf("forced: %+v", r)
	}
	a.sync()
	if _, ok, _ := a.st.Entity("ar_hold", "h0"); ok {
		t.Fatal("forced deletion did not reach a")
	}
	sameState(t, a, b)
}

// A clock two hours off syncs, with a warning that gives the figure.
func TestClockSkewIsAWarning(t *testing.T) {
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	a.cl.opt.Now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
	a.cl.c.opt.Now = a.cl.opt.Now
	addDossier(t, a.st, "Skewed Ltd")
	r := a.sync()
	if r.Pushed == 0 || !strings.Contains(r.Warning, "2h0m0s") {
		t.Fatalf("skewed sync: %+v", r)
	}
	a.cl.opt.Now, a.cl.c.opt.Now = nil, nil
	if r := a.sync(); r.Warning != "" {
		t.Fatalf("warning with a right clock: %q", r.Warning)
	}
}
