package syncclient

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"credence/backend/store"
	"credence/backend/syncproto"
)

// shuffleAndRepeat delivers a pull page reordered, with some envelopes
// twice: what a proxy or a retry can do.
func shuffleAndRepeat(rng *rand.Rand) func(string, []byte) []byte {
	return func(path string, b []byte) []byte {
		if path != "/v1/pull" {
			return b
		}
		var pr syncproto.PullResult
		if json.Unmarshal(b, &pr) != nil || len(pr.Envelopes) == 0 {
			return b
		}
		for i := 0; i < 1+len(pr.Envelopes)/3; i++ {
			pr.Envelopes = append(pr.Envelopes, pr.Envelopes[rng.IntN(len(pr.Envelopes))])
		}
		rng.Shuffle(len(pr.Envelopes), func(i, j int) { pr.Envelopes[i], pr.Envelopes[j] = pr.Envelopes[j], pr.Envelopes[i] })
		out, _ := json.Marshal(pr)
		return out
	}
}

// Four devices edit the same dossiers' fields and the same records, delete
// records, rename their own person (the admin also changes the others'
// roles: changes whose writers' signed roles are checked), go offline for a while, lose the answers to their pushes and
// pulls, receive pages reordered and repeated, and the server restarts
// under them; once all are online and have synced twice, every device
// holds every change ever made and the same value of every field.
func TestPropertyDevicesConverge(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { converge(t, seed) })
	}
}

func converge(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	srv := startServer(t)
	a := setupFirst(t, srv, "Ann")
	devs := []*device{a, join(t, a, "Bob", "credit_manager"), join(t, a, "Cai", "sales"), join(t, a, "Dee", "sales")}
	for _, d := range devs {
		d.sync()
	}
	var dossiers, holds []string
	for i := 0; i < 3; i++ {
		dossiers = append(dossiers, addDossier(t, a.st, fmt.Sprintf("Customer %d", i)).ID)
	}
	for i := 0; i < 4; i++ {
		holds = append(holds, fmt.Sprintf("hold-%d", i))
	}
	for _, d := range devs[1:] {
		d.f.mutate = shuffleAndRepeat(rng)
	}
	for round := 0; round < 40; round++ {
		if rng.IntN(15) == 0 {
			srv.restart()
		}
		for _, d := range devs {
			d.f.mu.Lock()
			if rng.IntN(6) == 0 {
				d.f.offline = !d.f.offline
			}
			switch rng.IntN(8) {
			case 0:
				d.f.dropNext, d.f.dropPath = 1, "/v1/push"
			case 1:
				d.f.dropNext, d.f.dropPath = 1, "/v1/pull"
			}
			d.f.mu.Unlock()
			for n := rng.IntN(3); n >= 0; n-- {
				edit(t, rng, d, dossiers, holds, round)
			}
			if rng.IntN(6) == 0 {
				dossiers = append(dossiers, addDossier(t, d.st, fmt.Sprintf("New %d %s", round, d.name)).ID)
			}
			if rng.IntN(3) > 0 {
				_, _ = d.cl.Sync(t.Context()) // offline and cut answers fail: the next sync resumes
			}
		}
	}
	for _, d := range devs {
		d.f.mu.Lock()
		d.f.offline, d.f.dropNext = false, 0
		d.f.mu.Unlock()
	}
	for range 2 {
		for _, d := range devs {
			d.sync()
		}
	}
	sameState(t, devs...)
	for _, d := range devs { // people's legitimate edits were all believed
		if r, err := d.cl.Refusals(); err != nil || len(r) != 0 {
			t.Fatalf("%s refused legitimate changes: %+v", d.name, r)
		}
	}
	// Every field edited last on some device is, on every device, a value
	// some device wrote: nothing invented, nothing reset.
	for _, id := range dossiers {
		want, err := devs[0].st.Dossier(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		for _, d := range devs[1:] {
			got, err := d.st.Dossier(id)
			if err != nil {
				t.Fatalf("%s on %s: %v", id, d.name, err)
			}
			if got.LegalName.Value != want.LegalName.Value || got.Notes != want.Notes || got.Owner != want.Owner || fmt.Sprint(got.Tags) != fmt.Sprint(want.Tags) {
				t.Fatalf("dossier %s: %s has %+v / %q, %s has %+v / %q", id, devs[0].name, want.LegalName, want.Notes, d.name, got.LegalName, got.Notes)
			}
		}
	}
}

// edit makes one random local change on d.
func edit(t *testing.T, rng *rand.Rand, d *device, dossiers, holds []string, round int) {
	t.Helper()
	switch rng.IntN(6) {
	case 0, 1:
		id := dossiers[rng.IntN(len(dossiers))]
		ds, err := d.st.Dossier(id)
		if err != nil {
			return // not here yet
		}
		v := fmt.Sprintf("%s r%d", d.name, round)
		switch rng.IntN(4) {
		case 0:
			ds.LegalName.Value = "Name " + v
		case 1:
			ds.Notes = "Note " + v
		case 2:
			ds.Owner = d.name
		case 3:
			ds.Tags = append(ds.Tags, v)
		}
		if _, err := d.st.SaveDossier(ds, d.name); err != nil {
			t.Fatalf("%s: save: %v", d.name, err)
		}
	case 2:
		h := holds[rng.IntN(len(holds))]
		if err := d.st.PutRecord("ar_hold", h, map[string]any{"reason": fmt.Sprintf("by %s r%d", d.name, round), "set": round}); err != nil {
			t.Fatalf("%s: hold: %v", d.name, err)
		}
	case 3:
		if err := d.st.DeleteRecord("ar_hold", holds[rng.IntN(len(holds))]); err != nil {
			t.Fatalf("%s: delete: %v", d.name, err)
		}
	case 4:
		if err := d.st.RenamePerson(fmt.Sprintf("%s r%d", d.name, round)); err != nil {
			t.Fatalf("%s: rename: %v", d.name, err)
		}
	case 5:
		if d.cl.State().Role != syncproto.RoleAdmin {
			return
		}
		me, _ := d.st.Person()
		people, err := d.st.People()
		if err != nil {
			t.Fatal(err)
		}
		var others []string
		for _, p := range people {
			if p.ID != me {
				others = append(others, p.ID)
			}
		}
		if len(others) == 0 {
			return // the others' records have not arrived yet
		}
		role := []store.Role{store.RoleSales, store.RoleCreditManager}[rng.IntN(2)]
		if err := d.st.SetRole(others[rng.IntN(len(others))], role); err != nil {
			t.Fatalf("%s: set role: %v", d.name, err)
		}
	}
}
