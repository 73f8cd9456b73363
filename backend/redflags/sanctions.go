package redflags

import (
	"fmt"
	"strings"

	"credence/backend/dossier"
	"credence/backend/sanctions"
	"credence/backend/screened"
)

// sanctionsFlags: hits nobody decided on yet, and confirmed true matches.
// Hits decided false positive raise nothing.
func sanctionsFlags(d *dossier.Dossier, r *screened.Result) []Flag {
	if len(r.Lists) == 0 {
		return []Flag{notScreened("")}
	}
	var out []Flag
	if screened.HanOnly(d) {
		out = append(out, hanOnlyFlag(d))
	}
	for _, h := range r.Hits {
		field := nameField(d, h.QueryName)
		switch c := h.Current(); {
		case c == nil:
			out = append(out, hitFlag(field, h.QueryName, h.List, h.EntryID, h.Name, h.MatchedName, h.Score))
		case c.Verdict == screened.VerdictTrueMatch:
			en, zh := screened.SourceName(h.List)
			out = append(out, Flag{
				Code: CodeSanctionsConfirmed, Severity: High, Field: field,
				Compared: fmt.Sprintf("%s vs %s (%s %s)", h.QueryName, h.MatchedName, h.List, h.EntryID),
				EN: fmt.Sprintf("Confirmed sanctions match: %q is %q on the %s (entry %s), confirmed by %s on %s: %s. Do not trade with this party.",
					h.QueryName, h.Name, en, h.EntryID, c.By, c.At.Format("2006-01-02"), c.Reason),
				ZH: fmt.Sprintf("已确认的制裁名单命中：“%s”即%s中的“%s”（条目 %s），由%s于%s确认：%s。不得与该方交易。",
					h.QueryName, zh, h.Name, h.EntryID, c.By, c.At.Format("2006-01-02"), c.Reason),
			})
		}
	}
	return out
}

func hitFlag(field, query, list, entryID, name, matched string, score float64) Flag {
	en, zh := screened.SourceName(list)
	also, alsoZH := "", ""
	if matched != "" && !strings.EqualFold(matched, name) {
		also, alsoZH = fmt.Sprintf(" (listed also as %q)", matched), fmt.Sprintf("（别名“%s”）", matched)
	}
	return Flag{
		Code: CodeSanctionsHit, Severity: High, Field: field,
		Compared: fmt.Sprintf("%s vs %s (%s %s, score %.2f)", query, matched, list, entryID, score),
		EN: fmt.Sprintf("Possible match, needs a decision: %q resembles %q%s on the %s (entry %s, score %.2f). Trading with a listed party is prohibited; compare country, address and dates, then record whether it is a true match or a false positive.",
			query, name, also, en, entryID, score),
		ZH: fmt.Sprintf("疑似命中，需要判定：“%s”与%s中的“%s”%s相似（条目 %s，得分 %.2f）。与被制裁方交易属违规行为；请比对国家、地址和日期，然后记录为真实命中或误报。",
			query, zh, name, alsoZH, entryID, score),
	}
}

func notScreened(field string) Flag {
	return Flag{
		Code: CodeSanctionsNotScreened, Severity: Low, Field: field, Compared: "no sanctions list imported",
		EN: "Not screened against sanctions lists: no list has been imported yet. Import the current OFAC, UN, EU or UK list so that every customer is checked.",
		ZH: "尚未进行制裁名单筛查：还没有导入任何名单。请导入最新的OFAC、联合国、欧盟或英国名单，以便核查每一位客户。",
	}
}

// nameField names the dossier field a screened name came from.
func nameField(d *dossier.Dossier, name string) string {
	name = strings.TrimSpace(name)
	switch name {
	case strings.TrimSpace(d.LegalName.Value):
		return "legal_name"
	case strings.TrimSpace(d.LatinName.Value):
		return "latin_name"
	}
	for i, a := range d.Aliases {
		if strings.TrimSpace(a) == name {
			return fmt.Sprintf("aliases[%d]", i)
		}
	}
	return "legal_name"
}

// hitFlags turns ad hoc hits into flags on a field.
func hitFlags(field string, hs []sanctions.Hit) []Flag {
	var out []Flag
	for _, h := range hs {
		out = append(out, hitFlag(field, h.QueryName, h.List, h.EntryID, h.Name, h.MatchedName, h.Score))
	}
	return out
}

// hanOnlyFlag says that a name known only in Chinese characters was
// screened through its pinyin, which lists may spell otherwise: "no hit"
// is weaker evidence than for a name in Latin letters.
func hanOnlyFlag(d *dossier.Dossier) Flag {
	p := screened.Pinyin(d.DisplayName())
	return Flag{
		Code: CodeSanctionsHanOnly, Severity: Low, Field: "latin_name", Compared: d.DisplayName() + " as " + p,
		EN: fmt.Sprintf("Only the Chinese name is on file: it was screened as its pinyin %q, but sanctions lists write names in Latin letters their own way. Add the Latin name the buyer uses abroad (on its invoices, website, bank account) and screen again.", p),
		ZH: fmt.Sprintf("档案中只有中文名称：已按拼音“%s”筛查，但制裁名单以拉丁字母拼写名称，写法可能不同。请补充买方对外使用的英文名称（见其发票、网站、银行账户）后重新筛查。", p),
	}
}
