package assess

import (
	"fmt"
	"sort"
	"strings"

	"credence/backend/dossier"
)

// Red-flag codes the engine knows by name. Flags from elsewhere act by
// their severity; these are the ones the brief and the UI rely on.
const (
	FlagSanctionsConfirmed       = "sanctions_confirmed"       // screening: a confirmed true match; decline
	FlagIdentifierCheckDigit     = "identifier_check_digit"    // idcheck: identifier fails its check digit; cap
	FlagRegistrationContradicted = "registration_contradicted" // verification: registry says otherwise; cap
	FlagFactContradicted         = "fact_contradicted"         // derived: sources disagree on a registration fact; cap
	FlagDetailContradicted       = "detail_contradicted"       // derived: sources disagree on another fact; warn
	FlagLitigationOpen           = "litigation_open"           // derived: open lawsuit against the customer; warn
	FlagBankruptcy               = "bankruptcy"                // derived: bankruptcy record; decline
	FlagVisitFailed              = "visit_failed"              // derived: a required field-visit check failed; warn
	FlagFrontCompany             = "front_company"             // derived: the visit found a front company's pattern; cap
	CodeLowCompleteness          = "low_completeness"          // override: too little is known
	CodeSegmentCap               = "segment_cap"               // override: the policy caps the segment
)

// derivedFlags are the red flags the engine raises from the dossier itself.
func derivedFlags(c *context) []RedFlag {
	d := c.d
	var out []RedFlag

	var regEN, regZH, otherEN, otherZH []string
	check := func(f dossier.Fact, en, zh string, registration bool) {
		if strings.TrimSpace(f.Value) == "" || f.EffectiveState() != dossier.Contradicted {
			return
		}
		if registration {
			regEN, regZH = append(regEN, en), append(regZH, zh)
		} else {
			otherEN, otherZH = append(otherEN, en), append(otherZH, zh)
		}
	}
	check(d.LegalName, "legal name", "法定名称", true)
	check(d.LatinName, "Latin name", "英文名称", true)
	check(d.RegistrationDate, "registration date", "注册日期", true)
	check(d.RegisteredAddress, "registered address", "注册地址", true)
	for _, id := range d.Identifiers {
		en, zh := idName(id.Type, id.Value)
		check(id, en, zh, true)
	}
	check(d.Country, "country", "国家", false)
	check(d.RegisteredCapital, "registered capital", "注册资本", false)
	check(d.BusinessScope, "business scope", "经营范围", false)
	check(d.LegalRepresentative, "legal representative", "法定代表人", false)
	check(d.Website, "website", "网站", false)
	for _, l := range []struct {
		facts  []dossier.Fact
		en, zh string
	}{{d.Emails, "e-mail", "邮箱"}, {d.Phones, "phone", "电话"}, {d.Socials, "social profile", "社交账号"}} {
		for _, f := range l.facts {
			check(f, l.en+" "+f.Value, l.zh+" "+f.Value, false)
		}
	}
	if len(regEN) > 0 {
		out = append(out, RedFlag{Code: FlagFactContradicted, Severity: SeverityCap, Source: "assess",
			EN: "Sources disagree on the " + joinList(regEN, "and") + ": who the buyer is stays in doubt until this is resolved.",
			ZH: "关于" + strings.Join(regZH, "、") + "，各来源说法不一致：在查清之前，买方身份仍存疑。"})
	}
	if len(otherEN) > 0 {
		out = append(out, RedFlag{Code: FlagDetailContradicted, Severity: SeverityWarn, Source: "assess",
			EN: "Sources disagree on the " + joinList(otherEN, "and") + "; check which is right.",
			ZH: "关于" + strings.Join(otherZH, "、") + "，各来源说法不一致，请核实哪个正确。"})
	}

	open, bankrupt := 0, []string{}
	for _, r := range d.LegalRecords {
		switch {
		case r.Kind == "litigation" && r.Status == "open" && r.Role == "defendant":
			open++
		case r.Kind == "bankruptcy" && r.Status != "dismissed":
			bankrupt = append(bankrupt, orUndated(r.Date))
		}
	}
	if open > 0 {
		out = append(out, RedFlag{Code: FlagLitigationOpen, Severity: SeverityWarn, Source: "assess",
			EN: fmt.Sprintf("%s with the customer as defendant: ask what they are about and how much is at stake.", plural(open, "open lawsuit", "open lawsuits")),
			ZH: fmt.Sprintf("该客户作为被告有%d起未结诉讼：请了解案由及涉案金额。", open)})
	}
	out = append(out, visitFlags(c)...)
	if len(bankrupt) > 0 {
		out = append(out, RedFlag{Code: FlagBankruptcy, Severity: SeverityDecline, Source: "assess",
			EN: "Bankruptcy record (" + strings.Join(bankrupt, ", ") + "): do not extend credit.",
			ZH: "有破产记录（" + strings.Join(bankrupt, "、") + "）：不得给予信用。"})
	}
	return out
}

// grade turns the score into a grade and applies the caps and declines:
// flag caps and completeness caps first, declines last, so that each
// override shows the grade it actually changed.
func grade(p Policy, segment string, score, compl float64, flags []RedFlag) (string, []Override) {
	g := p.gradeFor(score)
	overrides := []Override{}
	apply := func(code, to, en, zh string) {
		from := g
		g = worseGrade(g, to)
		if from == g && to != "E" {
			en += fmt.Sprintf(" (The grade was already %s, so the cap at %s changes nothing.)", from, to)
			zh += fmt.Sprintf("（评级本已为%s，%s级上限不改变结果。）", from, to)
		}
		overrides = append(overrides, Override{Code: code, FromGrade: from, ToGrade: g, EN: en, ZH: zh})
	}
	for _, f := range flags {
		if f.Severity == SeverityCap {
			apply(f.Code, p.FlagCapGrade,
				fmt.Sprintf("Capped at %s: %s", p.FlagCapGrade, f.EN),
				fmt.Sprintf("评级上限为%s：%s", p.FlagCapGrade, f.ZH))
		}
	}
	if cap, ok := p.SegmentCaps[segment]; ok {
		who, whoZH := "B2B buyers", "企业（B2B）客户"
		if segment == "b2c" {
			who, whoZH = "private (B2C) buyers, who have no company accounts or registry record behind their promise to pay,", "个人（B2C）客户没有公司账目或登记记录为其付款承诺作保障，"
		}
		apply(CodeSegmentCap, cap,
			fmt.Sprintf("Capped at %s: the policy grants %s at most grade %s.", cap, who, cap),
			fmt.Sprintf("评级上限为%s：按本公司政策，%s评级最高为%s。", cap, whoZH, cap))
	}
	caps := append([]CompletenessCap{}, p.CompletenessCaps...)
	sort.SliceStable(caps, func(i, j int) bool { return caps[i].Below > caps[j].Below })
	for _, cc := range caps {
		if compl < cc.Below {
			apply(CodeLowCompleteness, cc.Grade,
				fmt.Sprintf("Capped at %s: completeness is %.0f%%, below %.0f%%; too little is known to grant better, and missing information is never good news.", cc.Grade, compl, cc.Below),
				fmt.Sprintf("评级上限为%s：信息完整度为%.0f%%，低于%.0f%%；已知信息太少，不能给予更好的评级，信息缺失绝不等于没有风险。", cc.Grade, compl, cc.Below))
		}
	}
	for _, f := range flags {
		if f.Severity == SeverityDecline {
			apply(f.Code, "E", "Declined: "+f.EN, "拒绝交易："+f.ZH)
		}
	}
	return g, overrides
}
