package visit

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"credence/backend/errs"
)

var updateSeeds = flag.Bool("update", false, "rewrite the seed corpus in testdata/fuzz")

// FuzzImportTemplate feeds the importer arbitrary files: it must never
// panic, must fail with errs.Invalid only, and what it accepts must be
// valid and survive export and import unchanged.
func FuzzImportTemplate(f *testing.F) {
	for _, b := range BuiltIn() {
		data, _ := ExportTemplate(b)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := ImportTemplate(data)
		if err != nil {
			if errs.Code(err) != errs.Invalid {
				t.Fatalf("code %q: %v", errs.Code(err), err)
			}
			return
		}
		if err := tpl.Validate(); err != nil {
			t.Fatalf("accepted an invalid template: %v", err)
		}
		out, err := ExportTemplate(tpl)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ImportTemplate(out)
		if err != nil {
			t.Fatalf("an accepted template does not re-import: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(tpl, again) {
			t.Fatalf("export/import changed the template")
		}
		_ = Scoring(tpl, Visit{}) // scoring any valid template must not panic
	})
}

// TestSeedCorpus writes the seed corpus with -update and checks it is there.
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzImportTemplate")
	office, _ := ExportTemplate(BuiltIn()[0])
	small, _ := ExportTemplate(scoreTemplate())
	seeds := map[string][]byte{
		"builtin-office":  office,
		"small":           small,
		"truncated":       small[:len(small)/3],
		"not-an-object":   []byte(`["office"]`),
		"wrong-types":     []byte(`{"name":{"zh":1},"sections":"x"}`),
		"unknown-type":    []byte(`{"name":{"zh":"甲","en":"A"},"kind":"office","sections":[{"id":"s","title":{"en":"S"},"items":[{"id":"i","label":{"en":"I"},"type":"slider"}]}]}`),
		"choice":          []byte(`{"name":{"en":"A"},"kind":"factory","sections":[{"id":"s","title":{"en":"S"},"items":[{"id":"c","label":{"en":"C"},"type":"choice","choices":[{"value":"a","label":{"en":"A"},"score":0.5}],"weight":2,"required":true,"note_on_bad":true}]}]}`),
		"number-expected": []byte(`{"name":{"en":"A"},"kind":"warehouse","sections":[{"id":"s","title":{"en":"S"},"items":[{"id":"n","label":{"en":"N"},"type":"number","expected":20,"tolerance":0.1,"min_photos":1}]}]}`),
		"empty":           {},
	}
	if *updateSeeds {
		os.MkdirAll(dir, 0o755)
		for name, b := range seeds {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range seeds {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("seed %s missing (run go test -run TestSeedCorpus -update): %v", name, err)
		}
	}
}
