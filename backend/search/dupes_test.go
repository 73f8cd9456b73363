package search

import (
	"slices"
	"testing"

	"credence/backend/dossier"
)

func TestDuplicates(t *testing.T) {
	ix := NewIndex()
	existing := []*dossier.Dossier{
		{ID: "han", LegalName: dossier.Fact{Value: "深圳市光明照明有限公司"}, LatinName: dossier.Fact{Value: "Shenzhen Bright Lighting Co., Ltd."}},
		{ID: "vat", LatinName: dossier.Fact{Value: "Nordlicht Handel GmbH"}, Identifiers: []dossier.Fact{{Type: "vat", Value: "DE 129 273 398"}}},
		{ID: "mail", LatinName: dossier.Fact{Value: "Rossi Importazioni S.r.l."}, Emails: []dossier.Fact{{Value: "acquisti@rossi-import.it"}}},
		{ID: "gmail", LatinName: dossier.Fact{Value: "Sahara Star Trading"}, Emails: []dossier.Fact{{Value: "sahara.star@gmail.com"}}},
		{ID: "phone", LatinName: dossier.Fact{Value: "Gulf Bridge FZE"}, Phones: []dossier.Fact{{Value: "+971 4 123 4567"}}},
		{ID: "old", LatinName: dossier.Fact{Value: "Archived Lighting Co"}, Archived: true},
	}
	for _, d := range existing {
		ix.Put(d)
	}
	free := func(d string) bool { return d == "gmail.com" }
	cases := []struct {
		name string
		d    dossier.Dossier
		want map[string]string // id → first reason
	}{
		{"same Han name, other legal form", dossier.Dossier{LegalName: dossier.Fact{Value: "深圳市光明照明股份有限公司"}}, map[string]string{"han": DupName}},
		{"same Latin name, other punctuation and case", dossier.Dossier{LatinName: dossier.Fact{Value: "SHENZHEN BRIGHT LIGHTING LIMITED"}}, map[string]string{"han": DupName}},
		{"identifier typed without spaces", dossier.Dossier{LatinName: dossier.Fact{Value: "NL Handel"}, Identifiers: []dossier.Fact{{Value: "de129273398"}}}, map[string]string{"vat": DupIdentifier}},
		{"another address at the company domain", dossier.Dossier{LatinName: dossier.Fact{Value: "R.I."}, Website: dossier.Fact{Value: "https://www.rossi-import.it/en"}}, map[string]string{"mail": DupEmailDomain}},
		{"a free-mail domain says nothing", dossier.Dossier{LatinName: dossier.Fact{Value: "Other Buyer"}, Emails: []dossier.Fact{{Value: "someone@gmail.com"}}}, nil},
		{"phone written another way", dossier.Dossier{LatinName: dossier.Fact{Value: "GB"}, Phones: []dossier.Fact{{Value: "00971-4-1234567"}}}, map[string]string{"phone": DupPhone}},
		{"archived dossiers are not offered", dossier.Dossier{LatinName: dossier.Fact{Value: "Archived Lighting Company"}}, nil},
		{"a different company", dossier.Dossier{LatinName: dossier.Fact{Value: "Bright Future Textiles"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ix.Duplicates(&c.d, free)
			if len(got) != len(c.want) {
				t.Fatalf("got %+v, want %v", got, c.want)
			}
			for _, g := range got {
				if r, ok := c.want[g.Row.ID]; !ok || !slices.Contains(g.Reasons, r) {
					t.Fatalf("got %s %v, want %v", g.Row.ID, g.Reasons, c.want)
				}
			}
		})
	}
	// A dossier is not its own duplicate.
	if got := ix.Duplicates(existing[0], free); len(got) != 0 {
		t.Fatalf("self reported: %+v", got)
	}
}
