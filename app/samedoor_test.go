package app

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/dossierreport"
	"credence/backend/screening"
	"credence/backend/visit"
)

// One answer from every door: a rich workspace (credit report, insurance,
// references, a decided sanctions hit, a signed field visit with a failed
// check) is assessed through the app's bound service, through the
// credence CLI binary, and through the inputs a credit report is made
// from — all three through the one composition root (backend/workspace);
// the three assessments are the same JSON, and the report finds the CLI's
// snapshot fresh. (The CLI once skipped field visits: 6.0 against the
// app's 37.3.)
func TestSameAssessmentFromEveryDoor(t *testing.T) {
	cli := filepath.Join(t.TempDir(), "credence")
	if out, err := exec.Command("go", "build", "-o", cli, "../backend/cmd/credence").CombinedOutput(); err != nil {
		t.Fatalf("build the CLI: %v\n%s", err, out)
	}
	ws, ds, sc, rt := services(t)
	const pass = "same door passphrase"
	if _, err := ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Admin Ann", Language: "en", Passphrase: pass, Confirm: pass}); err != nil {
		t.Fatal(err)
	}
	cr := NewCreditService(ws.sess, rt)
	vs := NewVisitService(ws.sess, rt)
	Startup(context.Background(), cr, vs)

	root, err := ws.sess.Workspace()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := root.Screening.Import(context.Background(), "../testdata/sanctions/us-csl-sample.csv", "", "Admin Ann"); err != nil {
		t.Fatal(err)
	}
	d, err := ds.Create(richDossier())
	if err != nil {
		t.Fatal(err)
	}
	res, err := sc.ScreenNow(d.ID)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("screen: %v, %d hits", err, len(res.Hits))
	}
	for _, h := range res.Hits {
		if _, err := sc.Decide(d.ID, h.Key, screening.VerdictFalsePositive, "Bremen distributor, not the Miami holding"); err != nil {
			t.Fatal(err)
		}
	}
	signVisit(t, root.Visits, d.ID)

	app, err := cr.Assess(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if dim := app.Assessment.Dimensions[5]; dim.Key != assess.DimVisit || dim.Missing {
		t.Fatalf("the app's assessment has no visit: %+v", dim)
	}
	// The CLI opens the workspace itself: the app must let go of it.
	if err := ws.Lock(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, "--dir", ws.sess.dir, "assess", d.ID, "--json")
	cmd.Env = append(os.Environ(), "CREDENCE_PASSPHRASE="+pass)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("credence assess: %v\n%s", err, stderr.String())
	}
	var fromCLI credit.Snapshot
	if err := json.Unmarshal(out.Bytes(), &fromCLI); err != nil {
		t.Fatalf("CLI output: %v\n%s", err, out.String())
	}

	// The report: unlocked again, the app gathers a credit report's inputs
	// from its workspace. The newest snapshot is the CLI's, and the
	// report's own evaluation (its freshness check) agrees with it.
	if _, err := ws.Unlock(pass); err != nil {
		t.Fatal(err)
	}
	if root, err = ws.sess.Workspace(); err != nil {
		t.Fatal(err)
	}
	in, err := root.CreditReport(d.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if in.Snapshot == nil || in.Snapshot.ID != fromCLI.ID || in.Stale != nil || in.Visit == nil {
		t.Fatalf("report inputs: snapshot %v (CLI %s), stale %+v, visit %v", in.Snapshot != nil, fromCLI.ID, in.Stale, in.Visit != nil)
	}
	report, err := root.Evaluate(d.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dossierreport.Credit(context.Background(), in, dossierreport.Options{Lang: "en"}, io.Discard); err != nil {
		t.Fatalf("render: %v", err)
	}

	// The dates differ by the seconds between the runs; nothing else may.
	norm := func(s credit.Snapshot) []byte {
		b, err := json.Marshal(s.Assessment)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(norm(app), norm(fromCLI)) || !bytes.Equal(norm(app), norm(report)) {
		t.Errorf("the doors disagree:\napp    %s\ncli    %s\nreport %s", norm(app), norm(fromCLI), norm(report))
	}
	if app.InputsHash == "" || app.InputsHash != fromCLI.InputsHash || app.InputsHash != report.InputsHash {
		t.Errorf("inputs differ: app %s, CLI %s, report %s", app.InputsHash, fromCLI.InputsHash, report.InputsHash)
	}
	if !reflect.DeepEqual(app.Assessment.Gates, fromCLI.Assessment.Gates) || app.Assessment.Status != assess.StatusGraded {
		t.Errorf("status %s, gates %+v", app.Assessment.Status, app.Assessment.Gates)
	}
}

// richDossier is a German distributor with evidence in every dimension the
// dossier holds, whose Latin name is also an SDN entry of the CSL sample.
func richDossier() dossier.Dossier {
	v := func(x, kind string) dossier.Fact {
		return dossier.Fact{Value: x, State: dossier.Verified, Sources: []dossier.Source{{Kind: kind, Date: "2026-02-10"}}}
	}
	return dossier.Dossier{
		LegalName:         v("Müller Industriebedarf GmbH", "registry"),
		LatinName:         dossier.Fact{Value: "200G PSA HOLDINGS LLC"},
		Country:           v("DE", "registry"),
		RegisteredAddress: v("Hafenstraße 12, 28217 Bremen", "registry"),
		RegistrationDate:  v("2004-05-12", "registry"),
		Website:           v("https://www.mueller-industriebedarf.de", "website"),
		Emails:            []dossier.Fact{{Value: "einkauf@mueller-industriebedarf.de"}},
		Segment:           "b2b", BusinessType: "distributor", Status: "new",
		CreditReports:   []dossier.CreditReport{{Agency: "D&B", Date: "2025-11-20", Score: 82, ScaleMin: 1, ScaleMax: 100, Rating: "5A1", RecommendedLimit: 150000, Currency: "USD"}},
		Banks:           []dossier.Bank{{Name: "Deutsche Bank", Rating: "A-"}},
		References:      []dossier.Reference{{Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}},
		InsuranceLimits: []dossier.InsuranceLimit{{Insurer: "Allianz Trade", Amount: 120000, Currency: "USD", Expiry: "2027-12-31"}},
		Soft:            dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "finance"}},
		Expected:        dossier.Expected{AnnualVolume: 900000, Currency: "USD"},
	}
}

// signVisit walks the built-in office checklist, failing the signage check
// with a note, and signs it off.
func signVisit(t *testing.T, vs *visit.Service, dossierID string) {
	t.Helper()
	v, err := vs.Start(dossierID, visit.BuiltInOffice, "Li Wei", "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := vs.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		t.Fatal(err)
	}
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)
	for _, it := range tpl.Items() {
		if !it.Required {
			continue
		}
		a := visit.Answer{ItemID: it.ID, Value: map[visit.ItemType]string{visit.TypePassFail: "pass", visit.TypeYesNo: "yes", visit.TypeNumber: "12", visit.TypeText: "seen", visit.TypeDate: "2026-03-12"}[it.Type]}
		if it.Type == visit.TypeChoice {
			a.Value = it.Choices[0].Value
		}
		if it.ID == "signage_name" {
			a.Value, a.Note = "fail", "the sign says Hansa Logistik"
		}
		if a.Value != "" {
			if v, err = vs.Answer(v.ID, a); err != nil {
				t.Fatalf("%s: %v", it.ID, err)
			}
		}
		n := it.MinPhotos
		if it.Type == visit.TypePhoto || it.ID == "signage_name" && it.PhotoOnBad {
			n = max(n, 1)
		}
		for range n {
			if v, err = vs.AddPhoto(v.ID, it.ID, it.ID+".jpg", jpeg, time.Time{}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	sig := pngSignature(t)
	if _, err := vs.Sign(v.ID, visit.RoleVisitor, "Li Wei", sig, ""); err != nil {
		t.Fatal(err)
	}
	if v, err = vs.Sign(v.ID, visit.RoleCustomer, "Katrin Müller", sig, ""); err != nil || !v.Signed() {
		t.Fatalf("sign-off: %v", err)
	}
}

func pngSignature(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 12))
	for x := range 40 {
		img.SetGray(x, 6+x%4, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
