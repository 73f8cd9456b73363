package assess

import (
	"fmt"
	"strings"
)

// countryPointsPerCategory: category 0 scores 100, each step down 12 points,
// so category 7 (war, default, exchange controls) scores 16.
const countryPointsPerCategory = 12

func countryDim(c *context) Dimension {
	cc := strings.ToUpper(strings.TrimSpace(c.d.Country.Value))
	if cc == "" {
		return missing(DimCountry, "The buyer's country is not recorded.", "未记录买方所在国家。")
	}
	if c.domestic() {
		return missing(DimCountry, fmt.Sprintf("The buyer is in %s, the firm's own country: there is no foreign country risk to score.", cc),
			fmt.Sprintf("买方位于本公司所在国%s：不存在需要评分的境外国家风险。", cc))
	}
	cat, known := CountryRisk(cc, c.p)
	if !known {
		return missing(DimCountry, fmt.Sprintf("Country %s is not in the country-risk table; add it under the policy's country overrides.", cc),
			fmt.Sprintf("国家风险表中没有%s，请在政策的国家风险调整中补充。", cc))
	}
	b := newDim(DimCountry, 100, "Country risk starts from the lowest-risk category, 0.", "国家风险从最低风险类别0开始计。")
	en, zh := oecdSentence(cc, cat)
	if _, ok := c.p.CountryOverrides[cc]; ok {
		oecd, oecdZH := oecdNote(cc)
		en = fmt.Sprintf("%s is set to country-risk category %d on the 0–7 scale by the firm's policy (decided %s; %s).", cc, cat, c.p.CountryOverridesDate, oecd)
		zh = fmt.Sprintf("按本公司政策，%s的国家风险定为第%d类（0–7类；决定日期%s；%s）。", cc, cat, c.p.CountryOverridesDate, oecdZH)
	}
	if cat >= 5 {
		en += " Expect exchange controls or political risk to delay payment."
		zh += "需防范外汇管制或政局变化导致付款延误。"
	}
	b.add("country_category", -float64(countryPointsPerCategory*cat), en, zh)
	return b.done()
}
