package search

import (
	"fmt"
	"testing"

	"credence/backend/dossier"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Société Générale S.A.":   "societe generale s a",
		"ＡＣＭＥ　Ｇｍｂｈ":               "acme gmbh",
		"Straße":                  "strase",
		"深圳市光明照明有限公司":             "深圳市光明照明有限公司",
		"  Müller & Söhne, KG.  ": "muller sohne kg",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Compact("+86 (755) 8888-1234"); got != "8675588881234" {
		t.Errorf("Compact = %q", got)
	}
}

func TestFoldASCIIAsUnicode(t *testing.T) {
	var all []byte
	for c := 0; c < 0x80; c++ {
		all = append(all, byte(c))
	}
	for _, s := range []string{string(all), " -Acme--Trading,, Co. ", "sales42@x.de", "", "...", "A1 b2\tC3\n"} {
		if got, want := Fold(s), foldUnicode(s); got != want {
			t.Errorf("Fold(%q) = %q, the full path gives %q", s, got, want)
		}
	}
}

func TestSearchFindsByEachKindOfValue(t *testing.T) {
	ix := NewIndex()
	d := &dossier.Dossier{ID: "1",
		LegalName: dossier.Fact{Value: "深圳市光明照明有限公司"}, LatinName: dossier.Fact{Value: "Shenzhen Guangming Lighting Co., Ltd."},
		Aliases: []string{"Bright Lighting"}, Country: dossier.Fact{Value: "CN"}, Status: "active",
		Emails:      []dossier.Fact{{Value: "sales@gm-light.cn"}},
		Phones:      []dossier.Fact{{Value: "+86 755 8888 1234"}},
		Identifiers: []dossier.Fact{{Type: "uscc", Value: "91440300-MA5F00000X"}},
	}
	other := &dossier.Dossier{ID: "2", LatinName: dossier.Fact{Value: "Café Müller GmbH"}, Country: dossier.Fact{Value: "DE"}, Status: "lead"}
	ix.Put(d)
	ix.Put(other)
	for q, want := range map[string]string{
		"光明": "1", "guangming lighting": "1", "BRIGHT": "1", "gm-light": "1",
		"755 8888": "1", "91440300MA5F": "1", "9144 0300-MA5": "1",
		"cafe muller": "2", "MÜLLER": "2",
	} {
		res := ix.Search(Query{Text: q})
		if res.Total != 1 || res.Rows[0].ID != want {
			t.Errorf("search %q: %+v, want only %s", q, res, want)
		}
	}
	if res := ix.Search(Query{Text: "nothing like this"}); res.Total != 0 {
		t.Errorf("unexpected match %+v", res)
	}
	if res := ix.Search(Query{Country: "de"}); res.Total != 1 || res.Rows[0].ID != "2" {
		t.Errorf("country filter %+v", res)
	}
	other.Archived = true
	ix.Put(other)
	if res := ix.Search(Query{}); res.Total != 1 {
		t.Errorf("archived dossier listed: %+v", res)
	}
	if res := ix.Search(Query{Archived: true}); res.Total != 1 || res.Rows[0].ID != "2" {
		t.Errorf("archived view: %+v", res)
	}
}

func TestSearchSortAndPage(t *testing.T) {
	ix := NewIndex()
	for i := 0; i < 50; i++ {
		ix.Put(&dossier.Dossier{ID: fmt.Sprint(i), LatinName: dossier.Fact{Value: fmt.Sprintf("Firm %02d", 49-i)}})
	}
	res := ix.Search(Query{Limit: 10, Offset: 10})
	if res.Total != 50 || len(res.Rows) != 10 || res.Rows[0].Name != "Firm 10" {
		t.Fatalf("page: total %d, first %+v", res.Total, res.Rows[0])
	}
	res = ix.Search(Query{Desc: true, Limit: 1})
	if res.Rows[0].Name != "Firm 49" {
		t.Fatalf("desc first %+v", res.Rows[0])
	}
}
