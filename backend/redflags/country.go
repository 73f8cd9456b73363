package redflags

import (
	"fmt"
	"strings"

	"credence/backend/refdata"
	"credence/backend/sanctions"
)

type riskCountry struct{ en, zh string }

// FATFListsAsOf is the date of the FATF plenary whose statements the
// built-in lists follow (backend/refdata/data/fatf.tsv: the June 2026
// plenary). A workspace may have imported a newer statement; the flag
// names the date of the lists in use.
const FATFListsAsOf = "2026-06-19"

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
	lists := refdata.Current()
	status := lists.FATF.Status(cc)
	if status == "" {
		return Flag{}, false
	}
	asOf := lists.FATF.Meta.Date
	c := riskCountry{en: cc, zh: cc}
	if n, ok := lists.Countries.Get(cc); ok {
		c = riskCountry{en: n.EN, zh: n.ZH}
	}
	f := Flag{Code: CodeHighRiskCountry, Severity: Medium, Field: field,
		Compared: fmt.Sprintf("%s vs FATF lists of %s", cc, asOf)}
	if status == refdata.FATFBlack {
		f.EN = fmt.Sprintf("%s is on the FATF list of high-risk jurisdictions subject to a call for action (as of %s): money laundering and sanctions-evasion risk is very high and many banks refuse payments; check the buyer and the payment route with particular care.", c.en, asOf)
		f.ZH = fmt.Sprintf("%s被金融行动特别工作组（FATF）列为“需采取行动的高风险司法管辖区”（截至 %s）：洗钱和规避制裁风险极高，许多银行拒绝相关付款；请格外谨慎地核查买家及付款路径。", c.zh, asOf)
	} else {
		f.EN = fmt.Sprintf("%s is on the FATF list of jurisdictions under increased monitoring (grey list, as of %s): its anti-money-laundering controls have known gaps, so payments may be delayed or questioned by banks; verify the buyer and where the money comes from.", c.en, asOf)
		f.ZH = fmt.Sprintf("%s被金融行动特别工作组（FATF）列入“加强监控的司法管辖区”（灰名单，截至 %s）：其反洗钱体系存在已知缺陷，相关付款可能被银行延迟或审查；请核实买家身份及资金来源。", c.zh, asOf)
	}
	return f, true
}
