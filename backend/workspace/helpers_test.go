package workspace

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/store"
	"credence/backend/store/storetest"
	"credence/backend/trade"
	"credence/backend/visit"
)

const pass = "correct horse battery"

func testOptions() Options { return Options{Store: store.Options{KDF: storetest.CheapKDF}} }

// mustCreate makes a workspace in a temporary folder, closed at the end.
func mustCreate(tb testing.TB) *Workspace {
	tb.Helper()
	w, err := Create(filepath.Join(tb.TempDir(), "ws"), pass, store.Settings{FirmName: "Ningbo Export Co", UserName: "Sam Sales"}, testOptions())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return w
}

func mustDossier(tb testing.TB, w *Workspace, name, country string) *dossier.Dossier {
	tb.Helper()
	s, err := w.CreateDossier(dossierOf(name, country), "Sam Sales")
	if err != nil {
		tb.Fatal(err)
	}
	return s.Dossier
}

// importCustoms imports n monthly shipments from a customs export for one
// dossier; first is the first month's value in thousands.
func importCustoms(tb testing.TB, w *Workspace, dossierID, importer string, n, first int) {
	tb.Helper()
	var b strings.Builder
	b.WriteString("日期,进口商,供应商,原产国,金额\n")
	for m := range n {
		fmt.Fprintf(&b, "%d-%02d-10,%s,Ningbo Light %d,CN,\"%d,000\"\n", 2024+m/12, m%12+1, importer, m%3, first+m)
	}
	p := filepath.Join(tb.TempDir(), "customs.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	if _, err := trade.Import(context.Background(), w.Store(), p, trade.Options{DossierID: dossierID}); err != nil {
		tb.Fatal(err)
	}
}

// signVisitBy is signVisit with the customer's signature by signer.
func signVisitBy(tb testing.TB, w *Workspace, dossierID, date, signer string) visit.Visit {
	tb.Helper()
	vs := w.Visits
	v, err := vs.Start(dossierID, visit.BuiltInOffice, "Li Wei", date)
	if err != nil {
		tb.Fatal(err)
	}
	tpl, err := vs.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		tb.Fatal(err)
	}
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)
	for _, it := range tpl.Items() {
		if !it.Required {
			continue
		}
		a := visit.Answer{ItemID: it.ID, Value: map[visit.ItemType]string{visit.TypePassFail: "pass", visit.TypeYesNo: "yes", visit.TypeNumber: "12", visit.TypeText: "seen", visit.TypeDate: date}[it.Type]}
		if it.Type == visit.TypeChoice {
			a.Value = it.Choices[0].Value
		}
		if a.Value != "" {
			if v, err = vs.Answer(v.ID, a); err != nil {
				tb.Fatalf("%s: %v", it.ID, err)
			}
		}
		n := it.MinPhotos
		if it.Type == visit.TypePhoto {
			n = max(n, 1)
		}
		for range n {
			if v, err = vs.AddPhoto(v.ID, it.ID, it.ID+".jpg", jpeg, time.Time{}, ""); err != nil {
				tb.Fatal(err)
			}
		}
	}
	sig := signature(tb)
	if _, err := vs.Sign(v.ID, visit.RoleVisitor, "Li Wei", sig, ""); err != nil {
		tb.Fatal(err)
	}
	if v, err = vs.Sign(v.ID, visit.RoleCustomer, signer, sig, ""); err != nil || !v.Signed() {
		tb.Fatalf("sign-off: %v", err)
	}
	return v
}

// signVisit walks the built-in office checklist with a photo on every
// item that wants one and signs it off; it returns the signed visit.
func signVisit(tb testing.TB, w *Workspace, dossierID, date string) visit.Visit {
	tb.Helper()
	return signVisitBy(tb, w, dossierID, date, "Katrin Müller")
}

func signature(tb testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 12))
	for x := range 40 {
		img.SetGray(x, 6+x%4, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func dossierOf(latin, country string) *dossier.Dossier {
	return &dossier.Dossier{LatinName: dossier.Fact{Value: latin}, Country: dossier.Fact{Value: country}, Segment: "b2b", Status: "active"}
}
