package visit

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"credence/backend/errs"
)

func TestBuiltInTemplates(t *testing.T) {
	bs := BuiltIn()
	if len(bs) != 4 {
		t.Fatalf("%d built-ins", len(bs))
	}
	kinds := map[string]bool{}
	for _, b := range bs {
		if err := b.Validate(); err != nil {
			t.Fatalf("%s: %v", b.ID, err)
		}
		if !b.BuiltIn || !IsBuiltIn(b.ID) || b.Version != 1 {
			t.Fatalf("%s: %+v", b.ID, b)
		}
		kinds[b.Kind] = true
		both := func(what string, x Text) {
			if strings.TrimSpace(x.ZH) == "" || strings.TrimSpace(x.EN) == "" {
				t.Errorf("%s %s is not bilingual: %+v", b.ID, what, x)
			}
		}
		both("name", b.Name)
		required := 0
		for _, s := range b.Sections {
			both(s.ID, s.Title)
			for _, it := range s.Items {
				both(it.ID, it.Label)
				if it.Help != (Text{}) {
					both(it.ID+" help", it.Help)
				}
				for _, c := range it.Choices {
					both(it.ID+"."+c.Value, c.Label)
				}
				if it.Required {
					required++
				}
			}
		}
		// What every credit visit checks, whatever the premises.
		for _, id := range []string{"address_matches", "signage_name", "premises_tenure", "shared_with", "separate_entrance",
			"staff_claimed", "staff_seen", "people_met", "know_business", "licences_displayed", "doc_business_licence",
			"doc_import_export", "doc_bank_statements", "doc_tax_receipts", "photo_outside"} {
			if _, ok := b.item(id); !ok {
				t.Errorf("%s has no %s", b.ID, id)
			}
		}
		if required < 8 {
			t.Errorf("%s has only %d required items", b.ID, required)
		}
	}
	for _, k := range Kinds {
		if !kinds[k] {
			t.Errorf("no built-in for %s", k)
		}
	}
	for id, items := range map[string][]string{
		BuiltInWarehouse: {"stock_on_hand", "stock_condition", "shipping_capacity", "activity_level"},
		BuiltInFactory:   {"machinery", "production_lines", "utilisation", "capacity_fit", "stock_on_hand"},
		BuiltInShowroom:  {"stock_on_hand", "products_match", "customer_traffic"},
	} {
		for _, b := range bs {
			if b.ID != id {
				continue
			}
			for _, it := range items {
				if _, ok := b.item(it); !ok {
					t.Errorf("%s has no %s", id, it)
				}
			}
		}
	}
	// Each call gives fresh values: editing one must not change the next.
	bs[0].Sections[0].Items[0].Label.EN = "changed"
	if BuiltIn()[0].Sections[0].Items[0].Label.EN == "changed" {
		t.Fatal("BuiltIn shares its slices")
	}
}

func TestValidateNamesTheItem(t *testing.T) {
	base := func() Template { return scoreTemplate() }
	cases := []struct {
		name   string
		edit   func(*Template)
		item   string
		field  string
		phrase string
	}{
		{"unknown type", func(t *Template) { t.Sections[0].Items[1].Type = "checkbox" }, "p2", "type", `"checkbox" is not one of`},
		{"duplicate item", func(t *Template) { t.Sections[1].Items[0].ID = "p1" }, "p1", "id", "used twice"},
		{"choice without choices", func(t *Template) { t.Sections[0].Items[4].Choices = nil }, "c1", "choices", "needs choices"},
		{"choice score above 1", func(t *Template) { t.Sections[0].Items[4].Choices[0].Score = 2 }, "c1", "choices", "scores go from 0 to 1"},
		{"duplicate choice", func(t *Template) { t.Sections[0].Items[4].Choices[1].Value = "good" }, "c1", "choices", "twice"},
		{"negative weight", func(t *Template) { t.Sections[0].Items[2].Weight = -1 }, "y1", "weight", "between 0 and 100"},
		{"no label", func(t *Template) { t.Sections[0].Items[3].Label = Text{} }, "n1", "label", "no label"},
		{"bad good answer", func(t *Template) { t.Sections[0].Items[2].GoodAnswer = "maybe" }, "y1", "good_answer", "maybe"},
		{"expected on pass/fail", func(t *Template) { t.Sections[0].Items[1].Expected = f64(1) }, "p2", "expected", "only number"},
		{"tolerance too big", func(t *Template) { t.Sections[0].Items[3].Tolerance = 2 }, "n1", "tolerance", "fraction"},
		{"negative min photos", func(t *Template) { t.Sections[0].Items[6].MinPhotos = -1 }, "ph", "min_photos", "minimum"},
		{"item without id", func(t *Template) { t.Sections[1].Items[1].ID = "" }, "#2", "id", "no id"},
		{"item id with slash", func(t *Template) { t.Sections[1].Items[1].ID = "a/b" }, "a/b", "id", "letters, digits"},
		{"duplicate section", func(t *Template) { t.Sections[1].ID = "a" }, "", "id", "two sections"},
		{"empty section", func(t *Template) { t.Sections[1].Items = nil }, "", "items", "no items"},
		{"no name", func(t *Template) { t.Name = Text{} }, "", "name", "needs a name"},
		{"unknown kind", func(t *Template) { t.Kind = "palace" }, "", "kind", "palace"},
		{"no sections", func(t *Template) { t.Sections = nil }, "", "sections", "no sections"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl := base()
			c.edit(&tpl)
			e := wantCode(t, tpl.Validate(), errs.Invalid)
			if e.Key != "err.templateInvalid" || e.Params["item"] != c.item || e.Params["field"] != c.field || !strings.Contains(e.Message, c.phrase) {
				t.Fatalf("got %q %v", e.Message, e.Params)
			}
			if c.item != "" && !strings.HasPrefix(c.item, "#") && !strings.Contains(e.Message, `"`+c.item+`"`) {
				t.Fatalf("the sentence does not name the item: %q", e.Message)
			}
		})
	}
	if err := base().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestTemplateVersioning(t *testing.T) {
	s, dossierID := newService(t)
	own := scoreTemplate()
	own.ID = ""
	v1, err := s.SaveTemplate(own, "王芳")
	if err != nil {
		t.Fatal(err)
	}
	if v1.ID == "" || v1.Version != 1 || v1.UpdatedBy != "王芳" || v1.UpdatedAt.IsZero() || v1.BuiltIn {
		t.Fatalf("v1 %+v", v1)
	}
	visit, err := s.Start(dossierID, v1.ID, "", "2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	// Version 2 drops an item and renames another.
	edit := v1
	edit.Sections[0].Items[1].Label.EN = "Sign over the door"
	edit.Sections[1].Items = edit.Sections[1].Items[:2]
	v2, err := s.SaveTemplate(edit, "")
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID != v1.ID || v2.Version != 2 || v2.UpdatedBy != "李雷" {
		t.Fatalf("v2 %+v", v2)
	}
	got, err := s.Visit(visit.ID)
	if err != nil || got.TemplateVersion != 1 {
		t.Fatalf("the visit must keep version 1: %+v %v", got, err)
	}
	// The visit can still answer the item version 2 dropped.
	if _, err := s.Answer(visit.ID, Answer{ItemID: "n2", Value: "300"}); err != nil {
		t.Fatal(err)
	}
	old, err := s.Template(v1.ID, 1)
	if err != nil || old.Sections[0].Items[1].Label.EN != "Sign" || len(old.Sections[1].Items) != 3 {
		t.Fatalf("version 1 changed: %+v %v", old, err)
	}
	if latest, err := s.Template(v1.ID, 0); err != nil || latest.Version != 2 {
		t.Fatalf("latest %+v %v", latest, err)
	}
	wantCode(t, func() error { _, err := s.Template(v1.ID, 3); return err }(), errs.NotFound)
	wantCode(t, func() error { _, err := s.Template("nope", 0); return err }(), errs.NotFound)
	// A new visit uses version 2.
	if nv, err := s.Start(dossierID, v1.ID, "", ""); err != nil || nv.TemplateVersion != 2 || nv.Date != "2026-03-14" {
		t.Fatalf("new visit %+v %v", nv, err)
	}
	ts, err := s.Templates()
	if err != nil || len(ts) != 5 || ts[4].ID != v1.ID || ts[4].Version != 2 {
		t.Fatalf("templates %v %v", len(ts), err)
	}
	// An invalid template is refused and no version is written.
	bad := v2
	bad.Sections[0].Items[0].Type = "nope"
	wantCode(t, func() error { _, err := s.SaveTemplate(bad, ""); return err }(), errs.Invalid)
	if latest, _ := s.Template(v1.ID, 0); latest.Version != 2 {
		t.Fatal("a refused save wrote a version")
	}
}

func TestBuiltInsAreCopiedNotOverwritten(t *testing.T) {
	s, dossierID := newService(t)
	b, err := s.Template(BuiltInFactory, 0)
	if err != nil || !b.BuiltIn {
		t.Fatalf("%+v %v", b, err)
	}
	b.Name.EN = "Our factory visit"
	e := wantCode(t, func() error { _, err := s.SaveTemplate(b, ""); return err }(), errs.Conflict)
	if e.Key != "err.templateBuiltIn" {
		t.Fatalf("key %q", e.Key)
	}
	cp, err := s.CopyTemplate(BuiltInFactory, "", "王芳")
	if err != nil {
		t.Fatal(err)
	}
	if cp.ID == BuiltInFactory || IsBuiltIn(cp.ID) || cp.BuiltIn || cp.Version != 1 || cp.Name.EN != "Copy of Factory visit" || cp.Name.ZH != "工厂实地考察（副本）" {
		t.Fatalf("copy %+v", cp)
	}
	if len(cp.Items()) != len(BuiltIn()[2].Items()) {
		t.Fatal("the copy lost items")
	}
	named, err := s.CopyTemplate(cp.ID, "宁波工厂走访", "")
	if err != nil || named.Name != (Text{"宁波工厂走访", "宁波工厂走访"}) || named.ID == cp.ID {
		t.Fatalf("named copy %+v %v", named, err)
	}
	// The copy can be edited and saved as version 2.
	cp.Sections[0].Items[0].Weight = 5
	if v2, err := s.SaveTemplate(cp, ""); err != nil || v2.Version != 2 {
		t.Fatalf("edit copy: %+v %v", v2, err)
	}
	ts, _ := s.Templates()
	if len(ts) != 6 || ts[0].ID != BuiltInOffice || !ts[2].BuiltIn {
		t.Fatalf("templates: %d", len(ts))
	}
	// A visit on a built-in keeps a stored copy of the version it used.
	v, err := s.Start(dossierID, BuiltInOffice, "张伟", "2026-03-10")
	if err != nil || v.TemplateID != BuiltInOffice || v.TemplateVersion != 1 {
		t.Fatalf("start: %+v %v", v, err)
	}
	var stored Template
	if err := s.st.GetRecord(kindTemplate, templateKey(BuiltInOffice, 1), &stored); err != nil || !reflect.DeepEqual(stored.Items(), BuiltIn()[0].Items()) {
		t.Fatalf("built-in version not kept: %v", err)
	}
	if ts, _ := s.Templates(); len(ts) != 6 {
		t.Fatalf("a stored built-in shows twice: %d", len(ts))
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	for _, b := range append(BuiltIn(), scoreTemplate()) {
		data, err := ExportTemplate(b)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "\n  \"sections\": [") || (b.BuiltIn && !strings.Contains(string(data), "地址")) {
			t.Fatalf("not indented JSON with Chinese as text:\n%.300s", data)
		}
		got, err := ImportTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Fatalf("round trip changed %s", b.ID)
		}
	}
	// Imported into a workspace: a built-in becomes the firm's own with a new id.
	s, _ := newService(t)
	data, _ := ExportTemplate(BuiltIn()[1])
	tpl, err := ImportTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := s.SaveTemplate(tpl, ""); return err }(), errs.Conflict)
}

func TestImportErrors(t *testing.T) {
	good, _ := ExportTemplate(scoreTemplate())
	replace := func(old, new string) string {
		if !strings.Contains(string(good), old) {
			t.Fatalf("fixture has no %q", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	cases := []struct {
		name, data string
		key        string
		phrases    []string
	}{
		{"empty", "  \n", "err.templateImport", []string{"empty"}},
		{"not json", "<template/>", "err.templateImport", []string{"line 1, column 1"}},
		{"syntax error line", replace(`"kind": "office",`, `"kind": "office"`), "err.templateImport", []string{"line 9"}},
		{"truncated", string(good[:len(good)/2]), "err.templateImport", []string{"ends in the middle"}},
		{"wrong type", replace(`"weight": 2`, `"weight": "heavy"`), "err.templateImport", []string{`"sections.items.weight"`, "a number"}},
		{"misspelt field", replace(`"required": true`, `"requird": true`), "err.templateImport", []string{`unknown field "requird"`}},
		{"an array", "[]", "err.templateImport", []string{"expected a JSON object"}},
		{"two templates", string(good) + string(good), "err.templateImport", []string{"more after the template"}},
		{"unknown item type", replace(`"type": "date"`, `"type": "datetime"`), "err.templateInvalid", []string{`item "d1"`, `"datetime"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImportTemplate([]byte(c.data))
			e := wantCode(t, err, errs.Invalid)
			if c.key != "" && e.Key != c.key {
				t.Fatalf("key %q: %v", e.Key, err)
			}
			for _, p := range c.phrases {
				if !strings.Contains(err.Error(), p) {
					t.Fatalf("%q does not say %q", err, p)
				}
			}
		})
	}
	// A choice item whose choices were deleted names the item.
	var m map[string]any
	json.Unmarshal(good, &m)
	items := m["sections"].([]any)[0].(map[string]any)["items"].([]any)
	delete(items[4].(map[string]any), "choices")
	b, _ := json.Marshal(m)
	_, err := ImportTemplate(b)
	if e := wantCode(t, err, errs.Invalid); e.Params["item"] != "c1" || !strings.Contains(err.Error(), `item "c1": a choice item needs choices`) {
		t.Fatalf("%v %v", err, e.Params)
	}
}
