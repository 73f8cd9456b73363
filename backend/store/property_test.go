package store_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/hlc"
	"credence/backend/search"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// replica is one simulated device.
type replica interface {
	changelog.Log
	changelog.StateReader
	// edit makes a random local edit; false when there was nothing to edit.
	edit(r *rand.Rand) (bool, error)
	restart(t *testing.T)
	conflicts() []changelog.Conflict
}

// storeReplica is a real workspace in a temporary folder.
type storeReplica struct {
	*store.Store
	dir string
}

var policies = []string{"p1", "p2"}

func (s *storeReplica) edit(r *rand.Rand) (bool, error) {
	word := fmt.Sprintf("w%d", r.IntN(1000))
	switch r.IntN(6) {
	case 0, 1: // a dossier field or an e-mail, on a dossier this device has
		rows := s.Search(searchAll())
		if rows.Total == 0 {
			return false, nil
		}
		d, err := s.Dossier(rows.Rows[r.IntN(len(rows.Rows))].ID)
		if err != nil {
			return false, err
		}
		switch r.IntN(3) {
		case 0:
			d.Notes = word
		case 1:
			d.LatinName.Value = "Co " + word
		default:
			d.Emails = append(d.Emails, dossier.Fact{Value: word + "@example.com"})
		}
		// A dossier whose first changes are still on their way (a page
		// of a pull ended inside its creation) may not validate: the save
		// is refused, so nothing is acknowledged.
		if _, err = s.SaveDossier(d, "u"); errs.Code(err) == errs.Invalid {
			return false, nil
		}
		return err == nil, err
	case 2, 3: // a member of a policy record
		id := policies[r.IntN(len(policies))]
		rec := map[string]any{}
		s.GetRecord("credit_policy", id, &rec)
		rec[[]string{"max_days", "currency", "limit"}[r.IntN(3)]] = word
		return true, s.PutRecord("credit_policy", id, rec)
	case 4:
		return true, s.DeleteRecord("credit_policy", policies[r.IntN(len(policies))])
	default:
		return true, s.PutRecord("assessment", "snap-"+word+fmt.Sprint(r.Uint32()), map[string]any{"score": r.IntN(100)})
	}
}

func (s *storeReplica) restart(t *testing.T) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(s.dir, storetest.Passphrase, storetest.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s.Store = st
}

func (s *storeReplica) conflicts() []changelog.Conflict {
	ks, _ := s.Conflicts()
	return ks
}

// memReplica is the in-memory log writing as a device.
type memReplica struct{ *changelog.Memory }

func (m memReplica) edit(r *rand.Rand) (bool, error) {
	word, _ := json.Marshal(fmt.Sprintf("w%d", r.IntN(1000)))
	id := policies[r.IntN(len(policies))]
	switch r.IntN(4) {
	case 0, 1:
		f := []string{"max_days", "currency", "limit"}[r.IntN(3)]
		return true, m.Write("credit_policy", id, "u", map[string]json.RawMessage{f: word})
	case 2:
		return true, m.Delete("credit_policy", id, "u")
	default:
		return true, m.Write("assessment", fmt.Sprint("snap-", r.Uint32()), "u", map[string]json.RawMessage{"": word})
	}
}

func (m memReplica) restart(*testing.T)              {}
func (m memReplica) conflicts() []changelog.Conflict { return m.Conflicts() }

// simulate runs devices that edit, exchange changes in random order with
// duplicates and drops (a batch not acknowledged is sent again later), and
// restart; then lets them sync to quiescence and checks that all hold the
// same state and that no acknowledged edit is lost.
func simulate(t *testing.T, seed uint64, reps []replica, steps int) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	n := len(reps)
	cur := make([][]changelog.Cursor, n) // cur[i][j]: what i has taken from j
	for i := range cur {
		cur[i] = make([]changelog.Cursor, n)
	}
	exchange := func(i, j int, lossy bool) int {
		cs, next, err := reps[j].Changes(cur[i][j], 1+r.IntN(20))
		if err != nil {
			t.Fatalf("seed %d: changes: %v", seed, err)
		}
		batch := slices.Clone(cs)
		whole := true
		if lossy {
			for k := 0; k < len(cs)/3; k++ { // duplicates
				batch = append(batch, cs[r.IntN(len(cs))])
			}
			if r.IntN(4) == 0 && len(batch) > 0 { // a drop
				batch = slices.Delete(batch, r.IntN(len(batch)), len(batch))
				whole = false
			}
			r.Shuffle(len(batch), func(a, b int) { batch[a], batch[b] = batch[b], batch[a] })
		}
		res, err := reps[i].Apply(batch)
		if err != nil {
			t.Fatalf("seed %d: apply: %v", seed, err)
		}
		if whole && res.Deferred == 0 {
			cur[i][j] = next // acknowledged
		}
		if !lossy {
			// Quiescence is when no pair has anything left to offer: a
			// page of duplicates still moves a cursor, and the changes
			// behind it may be new.
			return len(cs)
		}
		return res.Applied
	}
	for step := 0; step < steps; step++ {
		i := r.IntN(n)
		switch k := r.IntN(10); {
		case k < 5:
			if _, err := reps[i].edit(r); err != nil {
				t.Fatalf("seed %d step %d: edit on %d: %v", seed, step, i, err)
			}
		case k < 9:
			if j := r.IntN(n); j != i {
				exchange(i, j, true)
			}
		default:
			reps[i].restart(t)
		}
	}
	for round := 0; ; round++ {
		moved := 0
		for i := range reps {
			for j := range reps {
				if i != j {
					moved += exchange(i, j, false)
				}
			}
		}
		if moved == 0 {
			break
		}
		if round > 1000 {
			t.Fatalf("seed %d: no quiescence", seed)
		}
	}
	check(t, seed, reps)
}

func check(t *testing.T, seed uint64, reps []replica) {
	all, _, err := reps[0].Changes(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, rp := range reps[1:] {
		cs, _, _ := rp.Changes(nil, 0)
		if len(cs) != len(all) {
			t.Fatalf("seed %d: replica %d holds %d changes, replica 0 %d", seed, i+1, len(cs), len(all))
		}
	}
	// A reference merge of every change, in one go.
	ref := changelog.NewMemory("reference", hlc.New(nil, hlc.Timestamp{}))
	if _, err := ref.Apply(all); err != nil {
		t.Fatal(err)
	}
	refs := map[changelog.Ref]bool{}
	for _, c := range all {
		refs[changelog.Ref{Kind: c.Kind, Entity: c.Entity}] = true
	}
	for e := range refs {
		want, wantOK, _ := ref.Entity(e.Kind, e.Entity)
		for i, rp := range reps {
			got, ok, err := rp.Entity(e.Kind, e.Entity)
			if err != nil {
				t.Fatal(err)
			}
			if ok != wantOK || norm(got) != norm(want) {
				t.Fatalf("seed %d: replica %d %s/%s = %v %s, want %v %s", seed, i, e.Kind, e.Entity, ok, norm(got), wantOK, norm(want))
			}
		}
	}
	// No acknowledged edit lost: each change shows, was overwritten by a
	// writer who had seen it, or is kept as a conflict somewhere.
	kept := map[changelog.Version]bool{}
	for _, rp := range reps {
		for _, k := range rp.conflicts() {
			kept[k.Loser.Version] = true
		}
	}
	for _, c := range all {
		if kept[c.Version()] || shows(ref, c) || seen(all, c) {
			continue
		}
		t.Fatalf("seed %d: edit lost: %+v", seed, c)
	}
}

func shows(ref *changelog.Memory, c changelog.Change) bool {
	f, ok, _ := ref.Entity(c.Kind, c.Entity)
	if c.Deleted && c.Field == "" {
		return !ok
	}
	if c.Deleted {
		_, has := f[c.Field]
		return ok && !has
	}
	return ok && norm(map[string]json.RawMessage{"": f[c.Field]}) == norm(map[string]json.RawMessage{"": c.Value})
}

// seen: a later change of the same field (or the record's tombstone, or a
// field written over a tombstone) was made by someone who had seen c. Two
// deletes of one record are one intent: the later stands for both (and is
// itself shown, seen or kept as a conflict).
func seen(all []changelog.Change, c changelog.Change) bool {
	for _, o := range all {
		if o.Kind != c.Kind || o.Entity != c.Entity || o.ID == c.ID {
			continue
		}
		if c.Field == "" && c.Deleted && o.Field == "" && o.Deleted && c.Version().Less(o.Version()) {
			return true
		}
		if (o.Field == c.Field || o.Field == "" || c.Field == "") && c.Version().Less(o.Version()) && !o.Base.Less(c.Version()) {
			return true
		}
	}
	return false
}

func norm(m map[string]json.RawMessage) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for _, k := range keys {
		var v any
		json.Unmarshal(m[k], &v)
		b, _ := json.Marshal(v)
		out += k + "=" + string(b) + ";"
	}
	return out
}

func seeds() []uint64 {
	s := []uint64{1, 2, 3, 42}
	return append(s, uint64(time.Now().UnixNano()), uint64(time.Now().UnixNano()>>7))
}

func TestPropertyStores(t *testing.T) {
	for _, seed := range seeds() {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			n := 3 + int(seed%3)
			reps := make([]replica, n)
			for i := range reps {
				dir := filepath.Join(t.TempDir(), "ws")
				reps[i] = &storeReplica{Store: storetest.NewIn(t, dir), dir: dir}
			}
			first := reps[0].(*storeReplica)
			for k := 0; k < 2; k++ {
				d := &dossier.Dossier{LegalName: dossier.Fact{Value: fmt.Sprint("Buyer ", k)}, Country: dossier.Fact{Value: "DE"}}
				if _, err := first.CreateDossier(d, "u"); err != nil {
					t.Fatal(err)
				}
			}
			simulate(t, seed, reps, 200)
		})
	}
}

func TestPropertyMemory(t *testing.T) {
	for _, seed := range seeds() {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			reps := make([]replica, 3+int(seed%3))
			for i := range reps {
				reps[i] = memReplica{changelog.NewMemory(fmt.Sprint("dev-", i), hlc.New(nil, hlc.Timestamp{}))}
			}
			simulate(t, seed, reps, 400)
		})
	}
}

func searchAll() search.Query { return search.Query{} }
