package customers

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"credence/backend/errs"
	"credence/backend/gen"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// A cancel while the import writes stops it at the next dossier, whether
// the store writes through transactions or as a new database: the
// customers written before it stay, complete and counted in the error's
// sentence, none after it is written, and the same file imported again
// finishes the work. First for new customers, then for a list that
// changes every one of them.
func TestImportCancelledWhileWritingKeepsWhatItWrote(t *testing.T) {
	for _, streamed := range []bool{false, true} {
		t.Run(map[bool]string{false: "transactions", true: "new database"}[streamed], func(t *testing.T) {
			st, err := store.Create(filepath.Join(t.TempDir(), "ws"), "correct horse battery",
				store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, store.Options{KDF: storetest.CheapKDF, StreamMin: 20})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			// A book much larger than the list takes it through
			// transactions; an empty one as a new database.
			book := 0
			if !streamed {
				book = 1400 // more than the list: its merges go through transactions too
				if _, err := st.BulkCreate(gen.Stream(book, 3), "gen", nil); err != nil {
					t.Fatal(err)
				}
			}
			const n = 1200 // several transactions, and several chunks of a new database
			dir := t.TempDir()
			list, corrected := filepath.Join(dir, "list.xlsx"), filepath.Join(dir, "corrected.xlsx")
			writeBig(t, list, n)
			writeBigPhones(t, corrected, n, "+49 40 %07d")

			// cancelAfterFirstWrite imports path and cancels once the
			// first dossiers are written; it checks the error's sentence
			// and gives back its counts.
			cancelAfterFirstWrite := func(path string) (Result, int, int) {
				t.Helper()
				db := dbDir(t, st)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var phases []string
				res, err := Import(ctx, st, path, Options{User: "Sam Sales", Progress: func(p Progress) {
					if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
						phases = append(phases, p.Phase)
					}
					if p.Phase == PhaseWrite && p.Done > 0 {
						cancel()
					}
				}})
				e, ok := errs.As(err)
				if !ok || e.Key != "err.importCancelledPart" {
					t.Fatalf("%s: %v, want the import cancelled after part was written", filepath.Base(path), err)
				}
				if strings.Join(phases, ",") != "read,check,write" {
					t.Fatalf("phases %v", phases)
				}
				created, _ := strconv.Atoi(e.Params["created"])
				merged, _ := strconv.Atoi(e.Params["merged"])
				if created != len(res.Created) || merged != len(res.Merged) {
					t.Fatalf("the sentence says %d new and %d merged, the result %d and %d", created, merged, len(res.Created), len(res.Merged))
				}
				if replaced := !os.SameFile(db, dbDir(t, st)); replaced != streamed {
					t.Fatalf("database written anew: %v, want %v", replaced, streamed)
				}
				t.Logf("%s: %d new, %d merged before the cancel", filepath.Base(path), created, merged)
				return res, created, merged
			}

			res, created, merged := cancelAfterFirstWrite(list)
			if created == 0 || created >= n || merged != 0 {
				t.Fatalf("%d new and %d merged customers written before the cancel, want some of %d new", created, merged, n)
			}
			if got := st.Count() - book; got != created {
				t.Fatalf("%d customers stored, the import says %d", got, created)
			}
			for _, id := range res.Created {
				if _, err := st.Dossier(id); err != nil {
					t.Fatalf("customer %s the import counts: %v", id, err)
				}
			}
			checked(t, st)
			again, err := Import(context.Background(), st, list, Options{User: "Sam Sales"})
			if err != nil || len(again.Created) != n-created || st.Count() != book+n {
				t.Fatalf("the list imported again: %v, %d new, %d stored, want %d and %d", err, len(again.Created), st.Count()-book, n-created, n)
			}

			res, _, merged = cancelAfterFirstWrite(corrected)
			if merged == 0 || merged >= n || len(res.Created) != 0 {
				t.Fatalf("%d merged, %d new before the cancel, want some of %d merged", merged, len(res.Created), n)
			}
			if got := withPhone(st, "+49 40"); got != merged {
				t.Fatalf("%d customers have the corrected phone, the import says %d merged", got, merged)
			}
			for _, id := range res.Merged {
				if d, err := st.Dossier(id); err != nil || !strings.HasPrefix(d.Phones[len(d.Phones)-1].Value, "+49 40") {
					t.Fatalf("customer %s counted as merged: %v", id, err)
				}
			}
			checked(t, st)
			again, err = Import(context.Background(), st, corrected, Options{User: "Sam Sales"})
			if err != nil || len(again.Merged) != n-merged || withPhone(st, "+49 40") != n || st.Count() != book+n {
				t.Fatalf("the corrected list imported again: %v, %d merged, %d with the phone of %d", err, len(again.Merged), withPhone(st, "+49 40"), st.Count()-book)
			}
		})
	}
}

// A cancel before the first customer is written writes nothing, and says
// so: while the list is read, or as the writes begin.
func TestImportCancelledBeforeAnyWriteWritesNothing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list.xlsx")
	writeBig(t, p, 3000)
	for _, phase := range []string{PhaseRead, PhaseWrite} {
		st := mustStore(t)
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Import(ctx, st, p, Options{User: "Sam Sales", Progress: func(p Progress) {
			if p.Phase == phase && (p.Done >= 1000 || phase == PhaseWrite) {
				cancel()
			}
		}})
		if e, ok := errs.As(err); !ok || e.Key != "err.importCancelled" || st.Count() != 0 {
			t.Fatalf("cancelled at %s: %v, %d stored", phase, err, st.Count())
		}
	}
}

func dbDir(t *testing.T, st *store.Store) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(filepath.Join(st.Dir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func checked(t *testing.T, st *store.Store) {
	t.Helper()
	if rep, err := st.Verify(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("the workspace after the cancel: %v %+v", err, rep)
	}
}

// withPhone counts the list's customers (not the generated book's) with a
// phone that starts with prefix.
func withPhone(st *store.Store, prefix string) int {
	n := 0
	for _, r := range st.Search(search.Query{Text: "Trading GmbH", Limit: st.Count() + 1}).Rows {
		d, err := st.Dossier(r.ID)
		if err != nil {
			return -1
		}
		if !strings.HasPrefix(d.DisplayName(), "Buyer ") {
			continue
		}
		for _, p := range d.Phones {
			if strings.HasPrefix(p.Value, prefix) {
				n++
				break
			}
		}
	}
	return n
}
