package screened

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"credence/backend/dossier"
)

// Lists write names in Latin letters (a few add the original script as an
// alias), so a customer known only by a Chinese name would in practice
// never be screened: its name is also screened as pinyin.

// hanSuffixes are the legal forms and administrative words left out of the
// pinyin: lists write "SHENZHEN GUANGMING LIGHTING", not "... YOU XIAN GONG SI".
var hanSuffixes = []string{"股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "集团", "公司", "市", "省"}

// HanOnly reports whether the dossier's names are written in Han
// characters only, with no Latin name or alias.
func HanOnly(d *dossier.Dossier) bool {
	if d == nil {
		return false
	}
	han := false
	for _, n := range append([]string{d.LegalName.Value, d.LatinName.Value}, d.Aliases...) {
		for _, r := range n {
			switch {
			case unicode.Is(unicode.Han, r):
				han = true
			case unicode.IsLetter(r):
				return false // a Latin (or other script) spelling is on file
			}
		}
	}
	return han
}

// Pinyin transliterates the Han characters of a name, without tones and
// without its legal form: "深圳市光明照明有限公司" → "shen zhen guang ming
// zhao ming". The screening index joins adjacent syllables ("shenzhen")
// where the lists write them as one word. "" when s has no Han.
func Pinyin(s string) string {
	for _, suf := range hanSuffixes {
		if t := strings.ReplaceAll(s, suf, ""); len([]rune(t)) >= 2 {
			s = t
		}
	}
	a := pinyin.NewArgs()
	return strings.Join(pinyin.LazyPinyin(s, a), " ")
}
