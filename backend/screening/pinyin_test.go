package screening

import (
	"slices"
	"testing"

	"credence/backend/dossier"
	"credence/backend/screened"
)

// A customer known only by its Chinese name is screened through its
// pinyin as well: a listed person written in Latin letters is found.
func TestHanOnlyNameScreenedAsPinyin(t *testing.T) {
	st := mustStore(t)
	svc := New(st)
	mustImport(t, svc)
	d := mustCreate(t, st, &dossier.Dossier{LegalName: dossier.Fact{Value: "马晓红"}, Country: dossier.Fact{Value: "CN"}, Segment: "b2b"})
	if !screened.HanOnly(d) {
		t.Fatal("a Han-only name not recognised")
	}
	r, _, err := svc.ScreenDossier(d)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Hits, func(h Hit) bool { return h.Key == "ofac_sdn:20565" && h.QueryName == "ma xiao hong" }) {
		t.Fatalf("MA, Xiaohong (SDN 20565) not found through the pinyin: %+v", r.Hits)
	}
	// With a Latin name on file, that is what is screened.
	d.LatinName = dossier.Fact{Value: "Lucky Star Lighting"}
	if screened.HanOnly(d) || slices.Contains(append([]string{query(d).Name}, query(d).Aliases...), "ma xiao hong") {
		t.Errorf("pinyin added beside a Latin name: %+v", query(d))
	}
	for in, want := range map[string]string{"深圳市光明照明有限公司": "shen zhen guang ming zhao ming", "華信船務(香港)有限公司": "hua xin chuan wu xiang gang", "Acme": ""} {
		if got := Pinyin(in); got != want {
			t.Errorf("Pinyin(%q) = %q, want %q", in, got, want)
		}
	}
}
