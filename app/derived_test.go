package app

import (
	"context"
	"testing"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/dossier"
)

// The form's verification is Go's: spacing and case do not contradict, a
// source with another value does whatever state was picked, empty facts
// are not counted, and the per-fact states add up to the summary.
func TestVerificationOfAnUnsavedForm(t *testing.T) {
	ds := &DossierService{}
	x := dossier.Dossier{
		LegalName: dossier.Fact{Value: "Acme  GmbH", State: dossier.Verified, Sources: []dossier.Source{{Kind: "registry", Value: "acme gmbh"}}},
		Country:   dossier.Fact{Value: "DE", State: dossier.Verified, Sources: []dossier.Source{{Kind: "customer", Value: "AT"}}},
		Website:   dossier.Fact{State: dossier.Verified}, // no value: not a fact yet
		Emails:    []dossier.Fact{{Value: "a@acme.de"}, {Value: "b@acme.de", State: dossier.Verified}},
	}
	got := ds.Verification(x)
	want := map[string]string{"legal_name": dossier.Verified, "country": dossier.Contradicted, "emails/0": dossier.Unverified, "emails/1": dossier.Verified}
	if len(got.States) != len(want) {
		t.Fatalf("states %v, want %v", got.States, want)
	}
	for k, v := range want {
		if got.States[k] != v {
			t.Errorf("%s: %q, want %q", k, got.States[k], v)
		}
	}
	count := map[string]int{}
	for _, s := range got.States {
		count[s]++
	}
	if s := got.Summary; s.Facts != len(got.States) || s.Verified != count[dossier.Verified] || s.Contradicted != count[dossier.Contradicted] {
		t.Fatalf("summary %+v does not add up to the states %v", s, got.States)
	}
}

func TestVocabularyNamesEveryTerm(t *testing.T) {
	v := (&CreditService{}).Vocabulary()
	for _, c := range assess.TermCodes {
		if v.Terms[c].EN == "" || v.Terms[c].ZH == "" {
			t.Errorf("term %s has no name", c)
		}
	}
	if v.MinCategory != 1 || v.MaxCategory != 7 {
		t.Errorf("categories %d–%d", v.MinCategory, v.MaxCategory)
	}
}

// Rights on a real workspace: the first user (an admin) proposes, and may
// reject but not approve their own proposal; once the policy has a single
// approver they may approve it too. Locked, there is no answer.
func TestRightsOnProposals(t *testing.T) {
	ws, ds, _, rt := services(t)
	const pass = "rights passphrase"
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "Admin Ann", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	cr := NewCreditService(ws.sess, rt)
	Startup(context.Background(), cr)
	d, err := ds.Create(dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}, Country: dossier.Fact{Value: "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := cr.Assess(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cr.Propose(d.ID, snap.ID, 1000, "USD", assess.Terms{Code: assess.TermTTAdvance}, "")
	if err != nil {
		t.Fatal(err)
	}
	rights, err := cr.Rights(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := rights[p.ID]; r != (credit.Right{Reject: true, Why: "judge.ownProposal"}) {
		t.Fatalf("own proposal: %+v", r)
	}
	view, err := cr.Policy()
	if err != nil {
		t.Fatal(err)
	}
	view.Policy.SingleApprover = true
	if _, err := cr.SavePolicy(view.Policy); err != nil {
		t.Fatal(err)
	}
	if rights, err = cr.Rights(d.ID); err != nil || !rights[p.ID].Approve {
		t.Fatalf("single approver: %+v %v", rights, err)
	}
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	if _, err := cr.Rights(d.ID); uiError(t, err).Code != "locked" {
		t.Fatalf("locked: %v", err)
	}
}
