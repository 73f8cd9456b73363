package dossier

import (
	"slices"
	"testing"
)

func TestMergeLosesNothing(t *testing.T) {
	dst := &Dossier{ID: "a", LegalName: Fact{Value: "深圳市光明照明有限公司"}, Country: Fact{Value: "CN"},
		Website: Fact{Value: "bright.cn"}, Emails: []Fact{{ID: "e1", Value: "sales@bright.cn"}},
		Contacts: []Contact{{ID: "c1", Name: "王伟", Email: "wang@bright.cn"}}}
	src := &Dossier{ID: "b", LatinName: Fact{Value: "Shenzhen Bright Lighting"}, Country: Fact{Value: "CN"},
		Website:           Fact{Value: "bright-lighting.com", Sources: []Source{{Kind: "website"}}},
		RegisteredAddress: Fact{Value: "深圳市南山区科技园"}, Aliases: []string{"Bright Lighting"},
		Emails:   []Fact{{ID: "e9", Value: "sales@bright.cn", Sources: []Source{{Kind: "customer", Note: "card"}}}, {ID: "e8", Value: "info@bright.cn"}},
		Contacts: []Contact{{ID: "c1", Name: "王伟", Email: "wang@bright.cn"}, {ID: "c2", Name: "Lily Chen", Phone: "+86 138 0000 0000"}},
		Banks:    []Bank{{ID: "b1", Name: "Bank of China"}}, Notes: "met at Canton Fair", Tags: []string{"canton-fair"}}
	got := Merge(dst, src)
	if got.ID != "a" || got.LegalName.Value != dst.LegalName.Value {
		t.Fatalf("target identity changed: %+v", got)
	}
	if got.LatinName.Value != "Shenzhen Bright Lighting" || got.RegisteredAddress.Value != "深圳市南山区科技园" {
		t.Fatalf("facts the target lacked were not taken: %+v", got)
	}
	if got.Website.Value != "bright.cn" || got.Website.EffectiveState() != Contradicted {
		t.Fatalf("a differing website must stay as a contradicting source: %+v", got.Website)
	}
	if !slices.Contains(got.Aliases, "Bright Lighting") {
		t.Fatalf("aliases %v", got.Aliases)
	}
	if len(got.Emails) != 2 || len(got.Emails[0].Sources) != 1 {
		t.Fatalf("emails %+v", got.Emails)
	}
	if len(got.Contacts) != 2 || len(got.Banks) != 1 || got.Banks[0].ID != "" || got.Notes != "met at Canton Fair" || got.Tags[0] != "canton-fair" {
		t.Fatalf("merged %+v", got)
	}
	if len(dst.Emails) != 1 || len(dst.Contacts) != 1 {
		t.Fatal("Merge changed its input")
	}
}
