package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/credit"
	"credence/backend/refdata"
	"credence/backend/report/pdftest"
)

func TestCLIRefdataList(t *testing.T) {
	out, e, c := creditCLI(t, "", "--dir", t.TempDir(), "refdata", "--json")
	if c != 0 {
		t.Fatalf("refdata: %d %s", c, e)
	}
	var tables []refdata.Meta
	if err := json.Unmarshal([]byte(out), &tables); err != nil {
		t.Fatal(err)
	}
	got := map[string]refdata.Meta{}
	for _, m := range tables {
		got[m.Table] = m
		if m.Source == "" || m.Date == "" || m.Rows == 0 || m.Origin != "built-in" {
			t.Errorf("table %+v lacks source, date or rows", m)
		}
	}
	if got["oecd"].Date != "2026-01-30" || got["fatf"].Date != "2026-06-19" || len(got) != 6 {
		t.Errorf("tables: %+v", got)
	}

	out, _, c = creditCLI(t, "", "--dir", t.TempDir(), "refdata", "country", "DE")
	if c != 0 || !strings.Contains(out, "not classified (high-income)") || strings.Contains(out, "category 0") || !strings.Contains(out, "Germany / 德国") {
		t.Errorf("refdata country DE: %d\n%s", c, out)
	}
	out, _, c = creditCLI(t, "", "--dir", t.TempDir(), "refdata", "country", "KW", "--json")
	var v CountryView
	if c != 0 || json.Unmarshal([]byte(out), &v) != nil || v.FATF != "grey" || v.OECD != "2" || v.NameZH != "科威特" {
		t.Errorf("refdata country KW: %d %+v", c, v)
	}
	if _, _, c = creditCLI(t, "", "--dir", t.TempDir(), "refdata", "country", "QQ"); c != 2 {
		t.Errorf("unknown code: exit %d", c)
	}
}

// Importing a newer OECD list (a file written the way the OECD's looks)
// changes the assessment of a customer in a country whose category moved,
// and says so, both at the import and in the assessment.
func TestCLIRefdataImportChangesAssessment(t *testing.T) {
	t.Cleanup(func() { refdata.Use(nil) })
	dir, id := importedWorkspace(t) // a customer in AE: OECD category 2 on 2026-01-30

	before := assessCountry(t, dir, id)
	if !strings.Contains(before.EN, "category 2") || !strings.Contains(before.EN, "OECD classification of 2026-01-30") {
		t.Fatalf("before: %+v", before)
	}

	out, e, c := creditCLI(t, "", "--dir", dir, "refdata", "import", "oecd", "testdata/oecd_2026-06.txt")
	if c != 0 {
		t.Fatalf("import: %d %s", c, e)
	}
	for _, want := range []string{"oecd: 2026-01-30 (built-in", "→ 2026-06-27 (imported", "changed  AE 2 → 3", "changed  VN 4 → 3", "1 customers are in countries whose entry changed", id} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}

	after := assessCountry(t, dir, id)
	if !strings.Contains(after.EN, "category 3") || !strings.Contains(after.EN, "OECD classification of 2026-06-27") || !strings.Contains(after.ZH, "2026-06-27") {
		t.Errorf("after: %+v", after)
	}
	if after.Points >= before.Points {
		t.Errorf("a riskier category should cost points: %v → %v", before.Points, after.Points)
	}

	// The credit report carries the same sentence, with the date.
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if _, e, c = creditCLI(t, "", "--dir", dir, "report", id, "--out", pdf); c != 0 {
		t.Fatalf("report: %d %s", c, e)
	}
	if txt := strings.Join(strings.Fields(pdftest.Run(t, "pdftotext", pdf, "-")), " "); !strings.Contains(txt, "OECD classification of 2026-06-27") {
		t.Errorf("the report does not name the classification's date:\n%s", txt)
	}

	out, _, _ = creditCLI(t, "", "--dir", dir, "refdata")
	if !strings.Contains(out, "2026-06-27") || !strings.Contains(out, "imported") {
		t.Errorf("refdata list after import:\n%s", out)
	}

	// A file that is not the OECD's list is refused with a sentence, and
	// the imported table stays.
	if _, e, c = creditCLI(t, "", "--dir", dir, "refdata", "import", "oecd", "refdata_test.go"); c != 1 || !strings.Contains(e, "cannot be read") {
		t.Errorf("bad file: %d %s", c, e)
	}

	// Forgetting the import goes back to the built-in table.
	if out, _, c = creditCLI(t, "", "--dir", dir, "refdata", "forget", "oecd"); c != 0 || !strings.Contains(out, "changed  AE 3 → 2") {
		t.Errorf("forget: %d\n%s", c, out)
	}
	if back := assessCountry(t, dir, id); !strings.Contains(back.EN, "2026-01-30") {
		t.Errorf("after forget: %+v", back)
	}
}

// assessCountry runs `assess --json` and returns the OECD factor of the
// country dimension.
func assessCountry(t *testing.T, dir, id string) (f struct {
	EN, ZH string
	Points float64
}) {
	t.Helper()
	out, e, c := creditCLI(t, "", "--dir", dir, "assess", id, "--json")
	if c != 0 {
		t.Fatalf("assess: %d %s", c, e)
	}
	var snap credit.Snapshot
	if err := json.Unmarshal([]byte(out), &snap); err != nil {
		t.Fatal(err)
	}
	for _, d := range snap.Assessment.Dimensions {
		for _, x := range d.Factors {
			if x.Code == "country_category" {
				f.EN, f.ZH, f.Points = x.EN, x.ZH, x.Points
				return f
			}
		}
	}
	t.Fatalf("no country factor in %s", out)
	return f
}
