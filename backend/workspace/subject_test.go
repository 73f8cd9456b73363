package workspace

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/audit"
	"credence/backend/dossier"
	"credence/backend/privacy"
)

// A person's name planted in every place of a real workspace (a contact, a
// consumer customer, a legal representative, a note, the history, a signed
// visit, an attachment's name, an archived file) is found in each; the
// export writes JSON and a readable PDF and is audited without the name.
func TestSubjectExportFindsEveryPlantedPlace(t *testing.T) {
	const name = "Katrin Müller" // signVisit has her sign as the customer
	w := mustCreate(t)
	st := w.Store()
	b2b := dossierOf("Hansa Licht GmbH", "DE")
	b2b.Contacts = []dossier.Contact{{Name: name, Email: "k.mueller@hansa.example", LegalBasis: "contract", Source: "trade fair"}, {Name: "Otto Other"}}
	s, err := w.CreateDossier(b2b, "Sam Sales")
	if err != nil {
		t.Fatal(err)
	}
	// No door sets a caption yet (the privacy package's test covers one):
	// her name is the file's.
	if _, err := st.AddAttachment(s.Dossier.ID, "Katrin Müller card.png", "card", signature(t), "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Dossier(s.Dossier.ID)
	d.LegalRepresentative = dossier.Fact{Value: name}
	d.Notes = "Met " + name + " at the Canton fair"
	if _, err := w.SaveDossier(d, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	signVisit(t, w, d.ID, "2026-05-02")
	b2c := dossierOf(name, "DE")
	b2c.Segment = "b2c"
	b2c.Emails = []dossier.Fact{{Value: "katrin@home.example"}}
	consumer := mustDossierFrom(t, w, b2c)
	old := dossierOf("Old Trading Ltd", "GB")
	old.Notes = "Katrin Müller left for Hansa"
	archived := mustDossierFrom(t, w, old)
	if _, err := w.SetArchived(archived.ID, true, "Sam Sales"); err != nil {
		t.Fatal(err)
	}
	mustDossier(t, w, "Ningbo Light Co", "CN") // holds nothing of hers

	dir := filepath.Join(t.TempDir(), "out")
	f, files, err := w.SubjectExport(name, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	paths := map[string]bool{}
	for _, p := range f.Places {
		kinds[p.Kind] = true
		paths[p.DossierID+" "+p.Path] = true
	}
	for _, k := range []string{privacy.KindContact, privacy.KindCustomer, privacy.KindField, privacy.KindHistory, privacy.KindVisit, privacy.KindAttachment} {
		if !kinds[k] {
			t.Errorf("nothing found of kind %s", k)
		}
	}
	for _, p := range []string{d.ID + " legal_representative", d.ID + " notes", consumer.ID + " latin_name", archived.ID + " notes", d.ID + " attachments/" + d.Attachments[0].ID} {
		if !paths[p] {
			t.Errorf("not found: %s", p)
		}
	}
	if ids := f.DossierIDs(); len(ids) != 3 {
		t.Errorf("found in %d dossiers, want 3: %v", len(ids), ids)
	}
	var back privacy.Found
	b, err := os.ReadFile(files[0])
	if err != nil || json.Unmarshal(b, &back) != nil || len(back.Places) != len(f.Places) {
		t.Fatalf("the JSON copy: %v", err)
	}
	out, err := exec.Command("pdftotext", "-layout", files[1], "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Subject access report", name, "Hansa Licht GmbH", "Old Trading Ltd", "printed by Sam Sales"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	tr, _ := w.Trail()
	es, _ := tr.List(audit.Filter{Actions: []audit.Action{audit.SubjectExport}})
	if len(es) != 1 || strings.Contains(es[0].Detail, "Müller") || !strings.Contains(es[0].Detail, d.ID) {
		t.Errorf("the export's entry: %+v", es)
	}
}

func mustDossierFrom(tb testing.TB, w *Workspace, d *dossier.Dossier) *dossier.Dossier {
	tb.Helper()
	s, err := w.CreateDossier(d, "Sam Sales")
	if err != nil {
		tb.Fatal(err)
	}
	return s.Dossier
}
