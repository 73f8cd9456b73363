package app

import "testing"

// The bound services take their backend services from the session's one
// workspace: the credit service the assessment tab uses is the one the
// receivables desk re-assesses with, the visit tab's is the workspace's;
// after a lock and an unlock they all move to the new workspace together.
func TestServicesShareTheWorkspace(t *testing.T) {
	ws, _, sc, rt := services(t)
	const pass = "shared root passphrase"
	if _, err := ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Admin Ann", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	cr, vs, ar := NewCreditService(ws.sess, rt), NewVisitService(ws.sess, rt), NewReceivablesService(ws.sess, rt)
	check := func() {
		t.Helper()
		root, err := ws.sess.Workspace()
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := cr.service()
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := ar.service()
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := vs.service()
		if err != nil {
			t.Fatal(err)
		}
		s, err := sc.service()
		if err != nil {
			t.Fatal(err)
		}
		if c != root.Credit || d != root.Desk || d.Credit != root.Credit || v != root.Visits || s != root.Screening {
			t.Fatal("a bound service made a backend service of its own")
		}
	}
	check()
	before, _ := ws.sess.Workspace()
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cr.service(); err == nil {
		t.Fatal("the credit service answers while locked")
	}
	if _, err := ws.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if after, _ := ws.sess.Workspace(); after == before {
		t.Fatal("unlock reused the closed workspace")
	}
	check()
}
