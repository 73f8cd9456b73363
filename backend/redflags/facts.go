package redflags

import (
	"fmt"
	"strings"

	"credence/backend/dossier"
)

type labelled struct {
	field, en, zh string
	fact          dossier.Fact
	registration  bool // a registration fact: a contradiction is serious
}

func facts(d *dossier.Dossier) []labelled {
	out := []labelled{
		{"legal_name", "legal name", "法定名称", d.LegalName, true},
		{"latin_name", "Latin name", "英文名称", d.LatinName, true},
		{"country", "country", "国家", d.Country, false},
		{"registered_address", "registered address", "注册地址", d.RegisteredAddress, true},
		{"registration_date", "registration date", "注册日期", d.RegistrationDate, true},
		{"registered_capital", "registered capital", "注册资本", d.RegisteredCapital, false},
		{"business_scope", "business scope", "经营范围", d.BusinessScope, false},
		{"legal_representative", "legal representative", "法定代表人", d.LegalRepresentative, true},
		{"website", "website", "网站", d.Website, false},
	}
	for _, l := range []struct {
		name, en, zh string
		list         []dossier.Fact
		registration bool
	}{
		{"emails", "e-mail", "邮箱", d.Emails, false},
		{"phones", "phone", "电话", d.Phones, false},
		{"socials", "social profile", "社交账号", d.Socials, false},
		{"identifiers", "identifier", "识别号", d.Identifiers, true},
	} {
		for i, f := range l.list {
			en, zh := l.en, l.zh
			if l.name == "identifiers" && f.Type != "" {
				en, zh = "identifier "+strings.ToUpper(f.Type), "识别号 "+strings.ToUpper(f.Type)
			}
			out = append(out, labelled{fmt.Sprintf("%s[%d]", l.name, i), en, zh, f, l.registration})
		}
	}
	return out
}

var sourceLabel = map[string][2]string{
	"customer":  {"the customer", "客户自述"},
	"registry":  {"the official registry", "官方登记信息"},
	"website":   {"the website", "官网"},
	"social":    {"a social profile", "社交媒体"},
	"customs":   {"customs data", "海关数据"},
	"agency":    {"a credit agency", "资信机构"},
	"visit":     {"the field visit", "实地走访"},
	"reference": {"a reference", "推荐人"},
}

func labelOf(kind string) (string, string) {
	if l, ok := sourceLabel[kind]; ok {
		return l[0], l[1]
	}
	return kind, kind
}

// factFlags reports every fact whose sources disagree (or that was marked
// contradicted), naming which sources say what.
func factFlags(d *dossier.Dossier) []Flag {
	var out []Flag
	for _, l := range facts(d) {
		f := l.fact
		if strings.TrimSpace(f.Value) == "" || f.EffectiveState() != dossier.Contradicted {
			continue
		}
		var en, zh, cmp []string
		for _, s := range f.Sources {
			if s.Value == "" || sameValue(s.Value, f.Value) {
				continue
			}
			le, lz := labelOf(s.Kind)
			when, whenZH := "", ""
			if s.Date != "" {
				when, whenZH = " ("+s.Date+")", "（"+s.Date+"）"
			}
			en = append(en, fmt.Sprintf("%s%s says %q", le, when, s.Value))
			zh = append(zh, fmt.Sprintf("%s%s为“%s”", lz, whenZH, s.Value))
			cmp = append(cmp, s.Kind+": "+s.Value)
		}
		var agree []string
		for _, s := range f.Sources {
			if s.Value == "" || sameValue(s.Value, f.Value) {
				le, _ := labelOf(s.Kind)
				agree = append(agree, le)
			}
		}
		sev := Medium
		if l.registration {
			sev = High
		}
		fl := Flag{Code: CodeFactContradicted, Severity: sev, Field: l.field}
		if len(en) == 0 {
			fl.Compared = f.Value + " (marked contradicted)"
			fl.EN = fmt.Sprintf("The %s %q is marked contradicted: a source disagrees with it. Find out which value is right before relying on it.", l.en, f.Value)
			fl.ZH = fmt.Sprintf("%s“%s”已被标记为存在矛盾：有来源与之不符。请在依赖该信息前查明哪个值正确。", l.zh, f.Value)
		} else {
			fl.Compared = f.Value + " vs " + strings.Join(cmp, "; ")
			backed, backedZH := "", ""
			if len(agree) > 0 {
				backed = " (given by " + strings.Join(agree, ", ") + ")"
				backedZH = "（依据：" + strings.Join(zhLabels(f.Sources, f.Value), "、") + "）"
			}
			fl.EN = fmt.Sprintf("Sources disagree on the %s: the dossier says %q%s, but %s. A buyer whose basic facts differ between independent sources may not be who it claims to be; find out which is right before relying on it.",
				l.en, f.Value, backed, strings.Join(en, " and "))
			fl.ZH = fmt.Sprintf("各来源的%s不一致：档案记录为“%s”%s，但%s。基本信息在不同独立来源之间不一致的买家，可能并非其所声称的身份；请在依赖该信息前查明哪个正确。",
				l.zh, f.Value, backedZH, strings.Join(zh, "，"))
		}
		out = append(out, fl)
	}
	return out
}

func zhLabels(ss []dossier.Source, value string) []string {
	var out []string
	for _, s := range ss {
		if s.Value == "" || sameValue(s.Value, value) {
			_, z := labelOf(s.Kind)
			out = append(out, z)
		}
	}
	return out
}

// sameValue compares as dossier.Fact.EffectiveState does: case and spacing
// do not count.
func sameValue(a, b string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	return norm(a) == norm(b)
}
