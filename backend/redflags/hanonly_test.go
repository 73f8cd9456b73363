package redflags

import (
	"slices"
	"strings"
	"testing"

	"credence/backend/dossier"
	"credence/backend/screening"
)

// "No hit" on a name known only in Chinese characters says so.
func TestHanOnlyNameCaveat(t *testing.T) {
	screened := &screening.Result{Lists: []string{"v1"}}
	d := &dossier.Dossier{LegalName: dossier.Fact{Value: "宁波华鑫贸易有限公司"}, Country: dossier.Fact{Value: "CN"}}
	fs := Check(d, screened)
	i := slices.IndexFunc(fs, func(f Flag) bool { return f.Code == CodeSanctionsHanOnly })
	if i < 0 || !strings.Contains(fs[i].EN, "ning bo hua xin mao yi") || !strings.Contains(fs[i].ZH, "英文名称") {
		t.Fatalf("flags %+v", fs)
	}
	d.LatinName = dossier.Fact{Value: "Ningbo Huaxin Trading Co., Ltd."}
	if slices.ContainsFunc(Check(d, screened), func(f Flag) bool { return f.Code == CodeSanctionsHanOnly }) {
		t.Error("caveat with a Latin name on file")
	}
	if slices.ContainsFunc(Check(&dossier.Dossier{LegalName: d.LegalName}, &screening.Result{}), func(f Flag) bool { return f.Code == CodeSanctionsHanOnly }) {
		t.Error("caveat although nothing was screened")
	}
}
