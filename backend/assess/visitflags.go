package assess

import (
	"fmt"
	"strconv"
	"strings"
)

// visitFlags turns the latest visit's failed required checks into red
// flags carrying the visitor's note, and raises one capping flag when the
// visit shows a front company's pattern.
func visitFlags(c *context) []RedFlag {
	v := c.in.FieldVisit
	if v == nil {
		return nil
	}
	who, whoZH := "", ""
	if v.Visitor != "" {
		who, whoZH = " by "+v.Visitor, "，走访人"+v.Visitor
	}
	var out []RedFlag
	add := func(en, zh string) {
		out = append(out, RedFlag{Code: FlagVisitFailed, Severity: SeverityWarn, Source: "visit",
			EN: fmt.Sprintf("Field visit%s%s: required check failed: %s", onDate(v.Date), who, en),
			ZH: fmt.Sprintf("实地走访%s%s：必查项未通过：%s", onDateZH(v.Date), whoZH, zh)})
	}
	if len(v.Findings) > 0 {
		for _, f := range v.Findings {
			en, zh := f.LabelEN+".", orText(f.LabelZH, f.LabelEN)+"。"
			if n := strings.TrimSpace(f.Note); n != "" {
				en, zh = f.LabelEN+". The visitor noted: "+n, orText(f.LabelZH, f.LabelEN)+"。走访人备注："+n
			}
			add(en, zh)
		}
	} else {
		for _, s := range v.FailedRequired {
			add(s, s)
		}
	}

	var signs, signsZH []string
	if v.Answers["signage_name"] == "fail" {
		signs, signsZH = append(signs, "the sign does not show the registered name"), append(signsZH, "门头标识不是注册名称")
	}
	if t := v.Answers["premises_tenure"]; t == "shared" || t == "virtual" {
		signs, signsZH = append(signs, "the premises are shared or only an address"), append(signsZH, "经营场所与他人共用或仅为挂靠地址")
	}
	if staffFarBelow(v.Answers) {
		signs, signsZH = append(signs, "far fewer staff were seen than claimed"), append(signsZH, "在岗人数远少于声称人数")
	}
	if len(signs) >= 2 {
		out = append(out, RedFlag{Code: FlagFrontCompany, Severity: SeverityCap, Source: "visit",
			EN: fmt.Sprintf("The field visit%s shows a front company's pattern: %s. The business visited may not be the one that buys from us; find out who really trades before granting credit.", onDate(v.Date), joinList(signs, "and")),
			ZH: fmt.Sprintf("实地走访%s显示出空壳／挂名公司的特征：%s。实际走访到的可能并非向我方采购的企业；在给予信用之前，须查清真正的交易方。", onDateZH(v.Date), strings.Join(signsZH, "；"))})
	}
	return out
}

// staffFarBelow: the visitor chose "fewer than half", or counted fewer
// than half the staff claimed.
func staffFarBelow(ans map[string]string) bool {
	if ans["staff_match"] == "far_fewer" {
		return true
	}
	seen, err1 := strconv.ParseFloat(strings.TrimSpace(ans["staff_seen"]), 64)
	claimed, err2 := strconv.ParseFloat(strings.TrimSpace(ans["staff_claimed"]), 64)
	return err1 == nil && err2 == nil && claimed > 0 && seen < claimed/2
}

func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
