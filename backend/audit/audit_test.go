package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/audit"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

func clock() func() time.Time {
	t := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

func record(t *testing.T, tr *audit.Trail, n int) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	actions := []audit.Action{audit.View, audit.ExportPDF, audit.Approval, audit.Backup}
	for i := 0; i < n; i++ {
		e, err := tr.Record("u-1", actions[i%len(actions)], "dossier-1", "")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestChainAndFilters(t *testing.T) {
	st := storetest.New(t)
	tr, err := audit.Open(st, st.DeviceID(), clock())
	if err != nil {
		t.Fatal(err)
	}
	es := record(t, tr, 6)
	if es[0].Prev != "" || es[1].Prev != es[0].Hash || es[5].Seq != 6 {
		t.Errorf("chain %+v", es)
	}
	if p, err := tr.Verify(); err != nil || len(p) != 0 {
		t.Fatalf("intact trail: %v %v", p, err)
	}
	got, _ := tr.List(audit.Filter{Actions: []audit.Action{audit.ExportPDF}})
	if len(got) != 2 || got[0].Seq != 6 || got[1].Seq != 2 {
		t.Errorf("exports %+v", got)
	}
	got, _ = tr.List(audit.Filter{From: es[2].At, To: es[4].At})
	if len(got) != 2 || got[0].Seq != 4 || got[1].Seq != 3 {
		t.Errorf("window %+v", got)
	}
	if _, err := tr.Record("", audit.View, "x", ""); err == nil {
		t.Error("an entry without who was recorded")
	}
}

// Reopening continues the chain; a head left behind by a crash is caught up
// rather than overwriting the last entry.
func TestReopenContinues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	st := storetest.NewIn(t, dir)
	tr, _ := audit.Open(st, st.DeviceID(), clock())
	es := record(t, tr, 3)
	// The crash: the head still says 2.
	if err := st.PutRecords(audit.KindHead, map[string]any{st.DeviceID(): map[string]any{"seq": 2, "hash": es[1].Hash}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err := store.Open(dir, storetest.Passphrase, storetest.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tr, _ = audit.Open(st, st.DeviceID(), clock())
	e, _ := tr.Record("u-2", audit.Print, "dossier-2", "")
	if e.Seq != 4 || e.Prev != es[2].Hash {
		t.Errorf("after reopen: %+v", e)
	}
	if p, _ := tr.Verify(); len(p) != 0 {
		t.Errorf("problems %v", p)
	}
}

// Every way of tampering with stored entries is found.
func TestTamperingDetected(t *testing.T) {
	mustPut := func(t *testing.T, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]func(t *testing.T, st *store.Store, es []audit.Entry){
		"edited": func(t *testing.T, st *store.Store, es []audit.Entry) {
			e := es[2]
			e.User = "someone-else"
			mustPut(t, st.PutRecords(audit.KindEntry, map[string]any{e.ID(): e}))
		},
		"rehashed": func(t *testing.T, st *store.Store, es []audit.Entry) { // edited and its own hash recomputed
			e := es[2]
			e.Action = audit.View
			e.Hash = rehash(e)
			mustPut(t, st.PutRecords(audit.KindEntry, map[string]any{e.ID(): e}))
		},
		"missing": func(t *testing.T, st *store.Store, es []audit.Entry) {
			mustPut(t, st.DeleteRecord(audit.KindEntry, es[2].ID()))
		},
		"cut": func(t *testing.T, st *store.Store, es []audit.Entry) {
			mustPut(t, st.DeleteRecord(audit.KindEntry, es[4].ID()))
		},
		"damaged": func(t *testing.T, st *store.Store, es []audit.Entry) {
			mustPut(t, st.PutRaw(audit.KindEntry, es[1].ID(), []byte(`{"device":5}`)))
		},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			st := storetest.New(t)
			tr, _ := audit.Open(st, st.DeviceID(), clock())
			es := record(t, tr, 5)
			tamper(t, st, es)
			p, err := tr.Verify()
			if err != nil || len(p) == 0 {
				t.Fatalf("%s not detected: %v %v", name, p, err)
			}
		})
	}
}

// rehash recomputes an entry's hash the way an attacker who knows the
// format would: the next entry's Prev still names the old hash.
func rehash(e audit.Entry) string {
	e.Hash = ""
	b, _ := json.Marshal(e)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Two devices keep two chains; both verify.
func TestChainsPerDevice(t *testing.T) {
	st := storetest.New(t)
	a, _ := audit.Open(st, "device-a", clock())
	b, _ := audit.Open(st, "device-b", clock())
	record(t, a, 3)
	record(t, b, 2)
	record(t, a, 1)
	if p, _ := a.Verify(); len(p) != 0 {
		t.Errorf("problems %v", p)
	}
	all, _ := a.List(audit.Filter{})
	mine, _ := a.List(audit.Filter{Device: "device-b"})
	if len(all) != 6 || len(mine) != 2 {
		t.Errorf("all %d, device b %d", len(all), len(mine))
	}
}

// Last is this device's newest entry, read back from the store.
func TestLast(t *testing.T) {
	st := storetest.New(t)
	tr, _ := audit.Open(st, st.DeviceID(), clock())
	if _, ok, err := tr.Last(); ok || err != nil {
		t.Fatalf("an empty trail has a last entry: %v %v", ok, err)
	}
	es := record(t, tr, 3)
	if e, ok, err := tr.Last(); !ok || err != nil || e != es[2] {
		t.Fatalf("last %+v %v %v, want %+v", e, ok, err, es[2])
	}
}

// Every break is told in both languages, naming the computer.
func TestProblemSentences(t *testing.T) {
	for _, what := range []string{"edited", "missing", "damaged", "cut", "other"} {
		w := audit.Problem{Device: "abcdef", Seq: 7, What: what}.Sentence("abcdef")
		if !strings.Contains(w.En, "this computer") || !strings.Contains(w.Zh, "本机") {
			t.Errorf("%s: %+v", what, w)
		}
		o := audit.Problem{Device: "abcdef", Seq: 7, What: what}.Sentence("zzz")
		if !strings.Contains(o.En, "another computer (abcd)") || o.En == w.En {
			t.Errorf("%s on another computer: %+v", what, o)
		}
	}
}

// Sentences are for people: codes and ids kept in an entry's detail (a
// verdict and hit key, roles, a proposal id) stay out of them; a printed
// report's number, the same in both languages, is shown.
func TestSentencesShowNoCodes(t *testing.T) {
	role := audit.Sentence(audit.Entry{Action: audit.RoleChange, Detail: "sales → credit_manager"}, "李雷", "王芳")
	if strings.Contains(role.Zh, "credit_manager") || strings.Contains(role.En, "credit_manager") {
		t.Errorf("role change: %+v", role)
	}
	print := audit.Sentence(audit.Entry{Action: audit.Print, Detail: "CR-20261130-9fea94"}, "李雷", "汉莎照明")
	if print.Zh != "李雷 打印了 汉莎照明 的报告（CR-20261130-9fea94）" {
		t.Errorf("print: %q", print.Zh)
	}
}
