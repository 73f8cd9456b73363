package assess

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Difference is one thing that changed between two assessments.
type Difference struct {
	Kind  string  `json:"kind"` // grade, score, completeness, limit, terms, profile, dimension, factor_added, factor_removed, factor_changed, flag_added, flag_removed, override_added, override_removed
	Key   string  `json:"key,omitempty"`
	From  string  `json:"from,omitempty"`
	To    string  `json:"to,omitempty"`
	Delta float64 `json:"delta,omitempty"`
	EN    string  `json:"en"`
	ZH    string  `json:"zh"`
}

// Compare lists what changed from snapshot a (older) to b (newer): grade,
// score and completeness, limit and terms, each dimension's score and the
// factors added, removed or changed, and the red flags and overrides that
// appeared or went. The grade entry says which dimensions moved the score
// most and which overrides are new. Nothing changed: an empty list.
func Compare(a, b Assessment) []Difference {
	var out []Difference
	add := func(d Difference) { out = append(out, d) }

	dimA, dimB := dimsByKey(a), dimsByKey(b)
	type contrib struct {
		key   string
		delta float64
	}
	var contribs []contrib
	for _, k := range DimensionKeys {
		ca := dimA[k].Weight * dimA[k].Score
		cb := dimB[k].Weight * dimB[k].Score
		if d := round(cb-ca, 1); d != 0 {
			contribs = append(contribs, contrib{k, d})
		}
	}
	sort.SliceStable(contribs, func(i, j int) bool { return math.Abs(contribs[i].delta) > math.Abs(contribs[j].delta) })

	if a.Grade != b.Grade {
		dir, dirZH := "rose", "上升"
		if gradeIndex(b.Grade) > gradeIndex(a.Grade) {
			dir, dirZH = "fell", "下降"
		}
		en := fmt.Sprintf("Grade %s from %s to %s.", dir, a.Grade, b.Grade)
		zh := fmt.Sprintf("评级由%s%s至%s。", a.Grade, dirZH, b.Grade)
		if ds := round(b.Score-a.Score, 1); ds != 0 {
			en += fmt.Sprintf(" The score moved %+.1f points", ds)
			zh += fmt.Sprintf("总分变动%+.1f分", ds)
			var parts, partsZH []string
			for _, c := range contribs[:min(len(contribs), 3)] {
				parts = append(parts, fmt.Sprintf("%s %+.1f", dimName(c.key), c.delta))
				partsZH = append(partsZH, fmt.Sprintf("%s%+.1f", dimNameZH(c.key), c.delta))
			}
			if len(parts) > 0 {
				en += ", mostly from " + strings.Join(parts, ", ")
				zh += "，主要来自" + strings.Join(partsZH, "、")
			}
			en += "."
			zh += "。"
		}
		for _, o := range newOverrides(a, b) {
			if o.FromGrade != o.ToGrade {
				en += " " + o.EN
				zh += o.ZH
			}
		}
		add(Difference{Kind: "grade", From: a.Grade, To: b.Grade, EN: en, ZH: zh})
	}
	if ds := round(b.Score-a.Score, 1); ds != 0 {
		add(Difference{Kind: "score", From: fmt.Sprintf("%.1f", a.Score), To: fmt.Sprintf("%.1f", b.Score), Delta: ds,
			EN: fmt.Sprintf("Score %.1f → %.1f (%+.1f).", a.Score, b.Score, ds),
			ZH: fmt.Sprintf("总分%.1f → %.1f（%+.1f）。", a.Score, b.Score, ds)})
	}
	if dc := round(b.Completeness-a.Completeness, 1); dc != 0 {
		add(Difference{Kind: "completeness", From: fmt.Sprintf("%.1f", a.Completeness), To: fmt.Sprintf("%.1f", b.Completeness), Delta: dc,
			EN: fmt.Sprintf("Completeness %.0f%% → %.0f%%.", a.Completeness, b.Completeness),
			ZH: fmt.Sprintf("信息完整度%.0f%% → %.0f%%。", a.Completeness, b.Completeness)})
	}
	if a.Profile != b.Profile {
		add(Difference{Kind: "profile", From: a.Profile, To: b.Profile,
			EN: fmt.Sprintf("Weight profile changed from %s to %s.", a.Profile, b.Profile),
			ZH: fmt.Sprintf("权重方案由%s改为%s。", a.Profile, b.Profile)})
	}
	if a.Limit.Amount != b.Limit.Amount || a.Limit.Currency != b.Limit.Currency {
		add(Difference{Kind: "limit", From: money(a.Limit.Amount, a.Limit.Currency), To: money(b.Limit.Amount, b.Limit.Currency),
			Delta: b.Limit.Amount - a.Limit.Amount,
			EN:    fmt.Sprintf("Limit %s → %s (now bound by %s).", money(a.Limit.Amount, a.Limit.Currency), money(b.Limit.Amount, b.Limit.Currency), boundEN(b.Limit.BoundBy)),
			ZH:    fmt.Sprintf("限额%s → %s（现取决于%s）。", money(a.Limit.Amount, a.Limit.Currency), money(b.Limit.Amount, b.Limit.Currency), boundZH(b.Limit.BoundBy))})
	}
	if a.Terms.Code != b.Terms.Code || a.Terms.Days != b.Terms.Days || a.Terms.DepositPct != b.Terms.DepositPct {
		add(Difference{Kind: "terms", From: termName(a.Terms), To: termName(b.Terms),
			EN: fmt.Sprintf("Payment terms %s → %s.", termName(a.Terms), termName(b.Terms)),
			ZH: fmt.Sprintf("付款方式%s → %s。", termNameZH(a.Terms), termNameZH(b.Terms))})
	}

	for _, k := range DimensionKeys {
		da, db := dimA[k], dimB[k]
		switch {
		case da.Missing && !db.Missing:
			add(Difference{Kind: "dimension", Key: k, From: "missing", To: fmt.Sprintf("%.1f", db.Score),
				EN: fmt.Sprintf("%s is now assessed: %.1f.", capitalise(dimName(k)), db.Score),
				ZH: fmt.Sprintf("%s维度现已评估：%.1f分。", dimNameZH(k), db.Score)})
		case !da.Missing && db.Missing:
			add(Difference{Kind: "dimension", Key: k, From: fmt.Sprintf("%.1f", da.Score), To: "missing",
				EN: fmt.Sprintf("%s is no longer assessed (its input is gone).", capitalise(dimName(k))),
				ZH: fmt.Sprintf("%s维度已无输入，不再评估。", dimNameZH(k))})
		case !da.Missing && !db.Missing && da.Score != db.Score:
			d := round(db.Score-da.Score, 1)
			add(Difference{Kind: "dimension", Key: k, From: fmt.Sprintf("%.1f", da.Score), To: fmt.Sprintf("%.1f", db.Score), Delta: d,
				EN: fmt.Sprintf("%s %.1f → %.1f (%+.1f).", capitalise(dimName(k)), da.Score, db.Score, d),
				ZH: fmt.Sprintf("%s维度%.1f → %.1f（%+.1f）。", dimNameZH(k), da.Score, db.Score, d)})
		}
		out = append(out, compareFactors(k, da, db)...)
	}

	fa, fb := flagKeys(a.RedFlags), flagKeys(b.RedFlags)
	for _, f := range b.RedFlags {
		if !fa[flagKey(f)] {
			add(Difference{Kind: "flag_added", Key: f.Code, To: f.Severity, EN: "New red flag: " + f.EN, ZH: "新增风险提示：" + f.ZH})
		}
	}
	for _, f := range a.RedFlags {
		if !fb[flagKey(f)] {
			add(Difference{Kind: "flag_removed", Key: f.Code, From: f.Severity, EN: "Red flag cleared: " + f.EN, ZH: "风险提示已消除：" + f.ZH})
		}
	}
	for _, o := range newOverrides(a, b) {
		add(Difference{Kind: "override_added", Key: o.Code, From: o.FromGrade, To: o.ToGrade, EN: "New override: " + o.EN, ZH: "新增评级调整：" + o.ZH})
	}
	for _, o := range newOverrides(b, a) {
		add(Difference{Kind: "override_removed", Key: o.Code, From: o.FromGrade, To: o.ToGrade, EN: "Override no longer applies: " + o.EN, ZH: "评级调整不再适用：" + o.ZH})
	}
	return out
}

func compareFactors(key string, da, db Dimension) []Difference {
	var out []Difference
	keysA, byA := factorKeys(da.Factors)
	keysB, byB := factorKeys(db.Factors)
	for i, f := range db.Factors {
		if f.Code == "base" || f.Code == "missing" {
			continue
		}
		old, ok := byA[keysB[i]]
		switch {
		case !ok:
			out = append(out, Difference{Kind: "factor_added", Key: key + "." + f.Code, Delta: f.Points,
				EN: fmt.Sprintf("%s: new factor %+.1f: %s", capitalise(dimName(key)), f.Points, f.EN),
				ZH: fmt.Sprintf("%s维度新增因素%+.1f：%s", dimNameZH(key), f.Points, f.ZH)})
		case old.Points != f.Points: // a reworded factor with the same weight is not news
			out = append(out, Difference{Kind: "factor_changed", Key: key + "." + f.Code, Delta: round(f.Points-old.Points, 1),
				From: fmt.Sprintf("%+.1f", old.Points), To: fmt.Sprintf("%+.1f", f.Points),
				EN: fmt.Sprintf("%s: %+.1f → %+.1f: %s (was: %s)", capitalise(dimName(key)), old.Points, f.Points, f.EN, old.EN),
				ZH: fmt.Sprintf("%s维度%+.1f → %+.1f：%s（原为：%s）", dimNameZH(key), old.Points, f.Points, f.ZH, old.ZH)})
		}
	}
	for i, f := range da.Factors {
		if f.Code == "base" || f.Code == "missing" {
			continue
		}
		if _, ok := byB[keysA[i]]; !ok {
			out = append(out, Difference{Kind: "factor_removed", Key: key + "." + f.Code, Delta: -f.Points,
				EN: fmt.Sprintf("%s: factor gone (was %+.1f): %s", capitalise(dimName(key)), f.Points, f.EN),
				ZH: fmt.Sprintf("%s维度不再计入的因素（原为%+.1f）：%s", dimNameZH(key), f.Points, f.ZH)})
		}
	}
	return out
}

// factorKeys names each factor by its code and how many times the code
// came before, so that repeated codes (two references) pair up in order.
func factorKeys(fs []Factor) ([]string, map[string]Factor) {
	keys := make([]string, len(fs))
	by := map[string]Factor{}
	seen := map[string]int{}
	for i, f := range fs {
		keys[i] = fmt.Sprintf("%s#%d", f.Code, seen[f.Code])
		seen[f.Code]++
		by[keys[i]] = f
	}
	return keys, by
}

func dimsByKey(a Assessment) map[string]Dimension {
	m := map[string]Dimension{}
	for _, d := range a.Dimensions {
		m[d.Key] = d
	}
	for _, k := range DimensionKeys {
		if _, ok := m[k]; !ok {
			m[k] = Dimension{Key: k, Missing: true}
		}
	}
	return m
}

func flagKey(f RedFlag) string { return f.Code + "|" + f.Severity + "|" + f.Source + "|" + f.EN }

func flagKeys(fs []RedFlag) map[string]bool {
	m := map[string]bool{}
	for _, f := range fs {
		m[flagKey(f)] = true
	}
	return m
}

// newOverrides are b's overrides whose code and target grade a lacked.
func newOverrides(a, b Assessment) []Override {
	had := map[string]bool{}
	for _, o := range a.Overrides {
		had[o.Code+"|"+o.EN] = true
	}
	var out []Override
	for _, o := range b.Overrides {
		if !had[o.Code+"|"+o.EN] {
			out = append(out, o)
		}
	}
	return out
}

func dimName(k string) string {
	return map[string]string{DimIdentity: "identity", DimTrade: "trade stability", DimCredit: "credit standing", DimSoft: "soft information",
		DimCountry: "country risk", DimVisit: "field visit", DimPayment: "payment experience"}[k]
}

func dimNameZH(k string) string {
	return map[string]string{DimIdentity: "身份", DimTrade: "贸易稳定性", DimCredit: "资信", DimSoft: "软信息",
		DimCountry: "国家风险", DimVisit: "实地走访", DimPayment: "付款记录"}[k]
}

func boundEN(k string) string {
	return map[string]string{BoundPolicyCap: "the policy cap", BoundExpectedShare: "the share of expected purchases", BoundAgency: "the agency's recommended limit",
		BoundInsurance: "the credit-insurance limit", BoundZeroGrade: "a grade that allows no credit"}[k]
}

func boundZH(k string) string {
	return map[string]string{BoundPolicyCap: "政策上限", BoundExpectedShare: "预计采购额比例", BoundAgency: "征信机构建议限额",
		BoundInsurance: "信用保险限额", BoundZeroGrade: "评级不予授信"}[k]
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
