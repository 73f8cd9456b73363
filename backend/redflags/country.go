package redflags

import (
	"fmt"
	"strings"

	"credence/backend/sanctions"
)

// FATFListsAsOf is the date of the FATF plenary whose public statements
// the built-in lists below follow. FATF revises them three times a year
// (February, June, October); update the lists and this date together.
const FATFListsAsOf = "2025-10-24"

type riskCountry struct {
	en, zh string
	black  bool // "high-risk jurisdiction subject to a call for action"
}

// highRisk is FATF's black list (call for action) and grey list
// (jurisdictions under increased monitoring) as of FATFListsAsOf.
var highRisk = map[string]riskCountry{
	"KP": {"North Korea (DPRK)", "朝鲜", true},
	"IR": {"Iran", "伊朗", true},
	"MM": {"Myanmar", "缅甸", true},

	"DZ": {"Algeria", "阿尔及利亚", false},
	"AO": {"Angola", "安哥拉", false},
	"BO": {"Bolivia", "玻利维亚", false},
	"BG": {"Bulgaria", "保加利亚", false},
	"CM": {"Cameroon", "喀麦隆", false},
	"CI": {"Côte d'Ivoire", "科特迪瓦", false},
	"CD": {"Democratic Republic of the Congo", "刚果（金）", false},
	"HT": {"Haiti", "海地", false},
	"KE": {"Kenya", "肯尼亚", false},
	"LA": {"Laos", "老挝", false},
	"LB": {"Lebanon", "黎巴嫩", false},
	"MC": {"Monaco", "摩纳哥", false},
	"NA": {"Namibia", "纳米比亚", false},
	"NP": {"Nepal", "尼泊尔", false},
	"SS": {"South Sudan", "南苏丹", false},
	"SY": {"Syria", "叙利亚", false},
	"VE": {"Venezuela", "委内瑞拉", false},
	"VN": {"Vietnam", "越南", false},
	"VG": {"British Virgin Islands", "英属维尔京群岛", false},
	"YE": {"Yemen", "也门", false},
}

// countryCode maps what a person typed ("DE", "de", "Germany") to an ISO
// code, or "" when it is not recognised.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := sanctions.CountryCode(s); ok {
		return c
	}
	return ""
}

// countryFlag flags a country on the FATF black or grey list.
func countryFlag(field, country string) (Flag, bool) {
	cc := countryCode(country)
	c, ok := highRisk[cc]
	if !ok {
		return Flag{}, false
	}
	f := Flag{Code: CodeHighRiskCountry, Severity: Medium, Field: field,
		Compared: fmt.Sprintf("%s vs FATF lists of %s", cc, FATFListsAsOf)}
	if c.black {
		f.EN = fmt.Sprintf("%s is on the FATF list of high-risk jurisdictions subject to a call for action (as of %s): money laundering and sanctions-evasion risk is very high and many banks refuse payments; check the buyer and the payment route with particular care.", c.en, FATFListsAsOf)
		f.ZH = fmt.Sprintf("%s被金融行动特别工作组（FATF）列为“需采取行动的高风险司法管辖区”（截至 %s）：洗钱和规避制裁风险极高，许多银行拒绝相关付款；请格外谨慎地核查买家及付款路径。", c.zh, FATFListsAsOf)
	} else {
		f.EN = fmt.Sprintf("%s is on the FATF list of jurisdictions under increased monitoring (grey list, as of %s): its anti-money-laundering controls have known gaps, so payments may be delayed or questioned by banks; verify the buyer and where the money comes from.", c.en, FATFListsAsOf)
		f.ZH = fmt.Sprintf("%s被金融行动特别工作组（FATF）列入“加强监控的司法管辖区”（灰名单，截至 %s）：其反洗钱体系存在已知缺陷，相关付款可能被银行延迟或审查；请核实买家身份及资金来源。", c.zh, FATFListsAsOf)
	}
	return f, true
}
