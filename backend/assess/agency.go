package assess

import (
	"fmt"
	"math"
	"strings"

	"credence/backend/dossier"
)

// reportHalfLife: a report counts half as much for every year of age, so a
// fresh report outweighs an old one without silencing it.
const reportHalfLife = 12.0 // months

// agencyScores weighs every readable agency score by its age (undated
// reports count as two years old) and moves the dimension by the weighted
// mean's distance from 50, half a point per point, as one report did
// before. Each report is named with its weight.
func agencyScores(c *context, b *dim, reports []dossier.CreditReport) {
	var sum, wsum float64
	var parts, partsZH, single, singleZH []string
	newestOld := ""
	for _, r := range reports {
		n, how, howZH, ok := readScore(r)
		if !ok {
			continue
		}
		age := 24.0
		if t, ok := parseDate(r.Date); ok && !c.in.Now.IsZero() {
			age = math.Max(0, float64(monthsBetween(t, c.in.Now)))
		}
		w := math.Pow(0.5, age/reportHalfLife)
		if c.in.Now.IsZero() {
			w = 1
		}
		sum += w * n
		wsum += w
		single = append(single, fmt.Sprintf("%s %g %s (report of %s): %.0f of 100", r.Agency, r.Score, how, orUndated(r.Date), n))
		singleZH = append(singleZH, fmt.Sprintf("%s %g%s（报告日期%s）：折合%.0f分", r.Agency, r.Score, howZH, orUndatedZH(r.Date), n))
		parts = append(parts, fmt.Sprintf("%s, weight %.2f", single[len(single)-1], w))
		partsZH = append(partsZH, fmt.Sprintf("%s，权重%.2f", singleZH[len(singleZH)-1], w))
		if newestOld == "" && age > 18 && len(parts) == 1 {
			newestOld = r.Agency
		}
	}
	if wsum == 0 {
		return
	}
	mean := sum / wsum
	en := "Agency score " + single[0] + "."
	zh := "资信机构评分：" + singleZH[0] + "。"
	if len(parts) > 1 {
		en = fmt.Sprintf("Agency scores weighed by age (a report counts half as much per year): %s; together %.0f of 100.", strings.Join(parts, "; "), mean)
		zh = fmt.Sprintf("各资信机构评分按报告日期加权（每早一年权重减半）：%s；合计%.0f分。", strings.Join(partsZH, "；"), mean)
	}
	b.add("agency_score", (mean-50)*0.5, en, zh)
	if newestOld != "" {
		b.add("report_old", -4, fmt.Sprintf("The newest %s report is more than 18 months old; order a fresh one.", newestOld),
			fmt.Sprintf("最新的%s报告已超过18个月，应重新购买最新报告。", newestOld))
	}
}

// readScore puts a report's score on 0–100 as its agency means it: a
// PAYDEX (D&B's 1–100 payment index, where 80 means paying on time and
// every 10 points below about 15 days later), or the report's own range,
// higher or lower is better.
func readScore(r dossier.CreditReport) (n float64, how, howZH string, ok bool) {
	if paydex(r) {
		if r.Score < 1 || r.Score > 100 {
			return 0, "", "", false
		}
		// 80 (prompt) reads as 75 of 100, 100 (anticipates) as 100, 50
		// (30 days slow) as 37.5: on-time payers are good, not perfect.
		switch {
		case r.Score >= 80:
			n = 75 + (r.Score-80)*1.25
		default:
			n = r.Score * 75 / 80 * (r.Score / 80)
		}
		return n, "on the PAYDEX scale (80 = pays on time)", "（PAYDEX付款指数，80为按期付款）", true
	}
	n, ok = normalisedScore(r)
	if !ok {
		return 0, "", "", false
	}
	dir, dirZH := "higher is better", "越高越好"
	if r.ScaleInverted {
		dir, dirZH = "lower is better", "越低越好"
	}
	return n, fmt.Sprintf("on its %g–%g scale, %s", r.ScaleMin, r.ScaleMax, dir), fmt.Sprintf("（量表%g–%g，%s）", r.ScaleMin, r.ScaleMax, dirZH), true
}

// paydex: the report is a D&B PAYDEX, named as such by its agency or rating.
func paydex(r dossier.CreditReport) bool {
	return strings.Contains(strings.ToLower(r.Agency+" "+r.Rating+" "+r.Note), "paydex")
}

// longTermRating reads the S&P / Fitch letter ratings (AAA … D, with +
// and −): investment grade earns points, speculative grade costs them.
// A single letter is left to the A–E risk scale.
func longTermRating(r string) (float64, bool) {
	r = strings.ToUpper(strings.TrimSpace(r))
	base := strings.TrimRight(r, "+-")
	mod := 0.0
	switch {
	case strings.HasSuffix(r, "+"):
		mod = 1
	case strings.HasSuffix(r, "-"):
		mod = -1
	}
	if len(r) == 1 {
		return 0, false
	}
	p, ok := letterPoints[base]
	return p + mod, ok
}

var letterPoints = map[string]float64{"AAA": 10, "AA": 9, "A": 8, "BBB": 5, "BB": -2, "B": -6, "CCC": -12, "CC": -15, "C": -15, "D": -20}

// moodysRating reads Moody's ratings, written in mixed case (Aaa, Aa2,
// Baa1, Ba3, Caa1, Ca, C), which tells them from D&B's "BA1".
func moodysRating(r string) (float64, bool) {
	base := strings.TrimRight(r, "123")
	pts := map[string]float64{"Aaa": 10, "Aa": 9, "A": 8, "Baa": 5, "Ba": -2, "B": -6, "Caa": -12, "Ca": -15}
	p, ok := pts[base]
	if !ok || base == r && len(r) == 1 {
		return 0, false // "A", "B" alone are the A–E risk scale
	}
	switch {
	case strings.HasSuffix(r, "1"):
		p++
	case strings.HasSuffix(r, "3"):
		p--
	}
	return p, true
}
