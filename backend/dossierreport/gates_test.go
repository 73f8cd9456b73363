package dossierreport

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/report"
	"credence/backend/screening"
	"credence/backend/store"
)

// Page one says what the credit rules decided: on hold while a sanctions
// hit is undecided (never a grade), "assessment older than the data" after
// the dossier changed, and "self-approved" for a one-person firm.
func TestCreditReportPageOneGates(t *testing.T) {
	st := mustStore(t)
	importOFAC(t, st)
	page1 := func(d *dossier.Dossier) string {
		t.Helper()
		var buf bytes.Buffer
		if _, err := creditPDF(context.Background(), st, d.ID, opts(report.LangEN), &buf); err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "credit-gates-"+d.ID[:8]+".pdf", buf.Bytes())
		return runTool(t, "pdftotext", "-layout", "-f", "1", "-l", "1", path, "-")
	}
	cs := credit.New(st)
	cs.Now = func() time.Time { return testNow }

	listed := mustCreate(t, st, &dossier.Dossier{LatinName: dossier.Fact{Value: "Banco Nacional de Cuba"}, Country: dossier.Fact{Value: "CU"}})
	if _, _, err := screening.New(st).ScreenDossier(listed); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Assess(listed.ID, "李雷", testNow); err != nil {
		t.Fatal(err)
	}
	if text := page1(listed); !strings.Contains(text, "ON HOLD: screening unresolved") || strings.Contains(text, "Grade ") {
		t.Errorf("on hold, page 1:\n%s", text)
	}

	d := mustCreate(t, st, richDossier("汉莎照明有限公司", "Hansa Lichttechnik GmbH"))
	unlockAs(t, st, "Admin Ann", store.RoleAdmin)
	pol, _ := cs.Policy()
	pol.SingleApprover = true
	if _, err := cs.SavePolicy(pol, "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	snap, err := cs.Assess(d.ID, "Admin Ann", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cs.Propose(d.ID, snap.ID, snap.Assessment.Limit.Amount, "", snap.Assessment.Terms, "", "Admin Ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Decide(p.ID, true, "one-person firm", "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	text := page1(d)
	if !strings.Contains(text, "self-approved") || strings.Contains(text, "older than the data") {
		t.Errorf("self-approved, fresh, page 1:\n%s", text)
	}
	d, _ = st.Dossier(d.ID)
	d.LegalRecords = append(d.LegalRecords, dossier.LegalRecord{Kind: "bankruptcy", Status: "open", Date: "2026-03-10"})
	if _, err := st.SaveDossier(d, "李雷"); err != nil {
		t.Fatal(err)
	}
	if text := page1(d); !strings.Contains(squash(text), squash("Assessment older than the data (changed")) {
		t.Errorf("after a bankruptcy was added, page 1:\n%s", text)
	}
}
