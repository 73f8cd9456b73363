package syncclient

import (
	"context"
	"testing"

	"credence/backend/gen"
)

// BenchmarkFirstSync10k: a new device joins a workspace of 10 000
// customers and pulls it all (pairing, key, every change opened and
// applied). The admin's push is set up outside the timer.
//
//	go test ./backend/syncclient/ -run '^$' -bench FirstSync -benchtime 1x
func BenchmarkFirstSync10k(b *testing.B) {
	srv := startServer(b)
	a := setupFirst(b, srv, "Ann")
	if _, err := a.st.CreateDossiers(gen.Dossiers(10000, 1), "Ann", nil); err != nil {
		b.Fatal(err)
	}
	pushed := a.sync().Pushed
	b.ResetTimer()
	for range b.N {
		d := join(b, a, "Bob", "sales")
		r := d.sync()
		if d.st.Count() != 10000 {
			b.Fatalf("new device holds %d customers (%+v)", d.st.Count(), r)
		}
	}
	b.ReportMetric(float64(pushed), "changes")
}

// BenchmarkEditVisible: an edit on one online device, pushed, and pulled
// by another: one op is the whole round (two syncs, each signing in).
//
//	go test ./backend/syncclient/ -run '^$' -bench EditVisible
func BenchmarkEditVisible(b *testing.B) {
	srv := startServer(b)
	a := setupFirst(b, srv, "Ann")
	bob := join(b, a, "Bob", "sales")
	d := addDossier(b, a.st, "Round Trip Ltd")
	a.sync()
	bob.sync()
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		cur, err := a.st.Dossier(d.ID)
		if err != nil {
			b.Fatal(err)
		}
		cur.Notes = "edit " + string(rune('a'+i%26))
		if _, err := a.st.SaveDossier(cur, "Ann"); err != nil {
			b.Fatal(err)
		}
		if _, err := a.cl.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := bob.cl.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		got, err := bob.st.Dossier(d.ID)
		if err != nil || got.Notes != cur.Notes {
			b.Fatalf("bob has %q, want %q (%v)", got.Notes, cur.Notes, err)
		}
	}
}
