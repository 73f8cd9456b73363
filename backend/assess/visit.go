package assess

import (
	"fmt"
	"strings"
)

func visitDim(c *context) Dimension {
	v := c.in.FieldVisit
	if v == nil {
		return missing(DimVisit, "Nobody has visited the customer's premises.", "尚未实地走访客户经营场所。")
	}
	b := newDim(DimVisit, 0, "A visit is scored from its checklist.", "实地走访按检查表打分。")
	b.add("checklist", v.Score, fmt.Sprintf("Visit checklist scored %.0f of 100%s.", v.Score, onDate(v.Date)),
		fmt.Sprintf("走访检查表得分%.0f分（满分100）%s。", v.Score, onDateZH(v.Date)))
	failed, failedZH := v.FailedRequired, v.FailedRequired
	if len(v.Findings) > 0 {
		failed, failedZH = nil, nil
		for _, f := range v.Findings {
			failed, failedZH = append(failed, f.LabelEN), append(failedZH, orText(f.LabelZH, f.LabelEN))
		}
	}
	if n := len(failed); n > 0 {
		b.add("failed_required", -10*float64(min(n, 4)), fmt.Sprintf("Required checks failed: %s.", strings.Join(failed, ", ")),
			fmt.Sprintf("未通过的必查项：%s。", strings.Join(failedZH, "、")))
	}
	if t, ok := parseDate(v.Date); ok && !c.in.Now.IsZero() && monthsBetween(t, c.in.Now) > 24 {
		b.add("visit_old", -10, "The visit is more than two years old; the premises may have changed.",
			"走访已是两年多以前，对方经营场所可能已有变化。")
	}
	return b.done()
}

func onDate(s string) string {
	if s == "" {
		return ""
	}
	return " on " + s
}

func onDateZH(s string) string {
	if s == "" {
		return ""
	}
	return "，走访日期" + s
}
