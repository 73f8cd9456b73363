package sanctions

import "testing"

// Pairs from OpenCC's TSCharacters.txt (Apache-2.0), the source of the
// table: common company-name characters that did not fold before.
func TestHanFoldFromOpenCC(t *testing.T) {
	for trad, simp := range map[rune]rune{
		'偉': '伟', '報': '报', '銷': '销', '倉': '仓', '儲': '储', '層': '层', '構': '构', '鏡': '镜', '銅': '铜',
		'國': '国', '際': '际', '貿': '贸', '県': '县',
	} {
		if got := toSimplified(trad); got != simp {
			t.Errorf("%c → %c, want %c", trad, got, simp)
		}
	}
	// Simplified and non-Han characters are left alone.
	for _, r := range []rune{'伟', '中', 'A', 'é'} {
		if got := toSimplified(r); got != r {
			t.Errorf("%c changed to %c", r, got)
		}
	}
	if len(tradSimpMap) < 3000 {
		t.Errorf("only %d characters fold", len(tradSimpMap))
	}
}
