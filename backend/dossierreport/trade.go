package dossierreport

import (
	"math"
	"strconv"

	"credence/backend/report"
)

func init() {
	for k, v := range map[string][2]string{
		"tr.span":      {"%s 至 %s 共 %d 票货，跨 %d 个月，其中 %d 个月有进口。", "%d shipments from %s to %s, over %d months, %d of them with imports."},
		"tr.value":     {"货值合计", "Total value"},
		"tr.typical":   {"典型单票货值", "Typical shipment"},
		"tr.suppliers": {"供应商数", "Suppliers"},
		"tr.china":     {"自中国采购占比", "Bought from China"},
		"tr.trend":     {"年度量趋势", "Volume trend per year"},
		"tr.gap":       {"最长中断", "Longest gap"},
		"tr.months":    {"%d 个月", "%d months"},
		"tr.steady":    {"稳定采购", "Steady buyer"},
		"tr.yes":       {"是", "yes"},
		"tr.no":        {"否", "no"},
		"tr.ask":       {"我方预期单笔与其典型单票之比", "Our expected order against its typical shipment"},
		"tr.chart":     {"每月票数", "Shipments per month"},
		"tr.topSup":    {"主要供应商", "Main suppliers"},
		"tr.supplier":  {"供应商", "Supplier"},
		"tr.country":   {"国家/地区", "Country"},
		"tr.since":     {"合作期", "Kept for"},
		"tr.ships":     {"票数", "Shipments"},
	} {
		if _, taken := labels[k]; !taken {
			labels[k] = v
		}
	}
}

// trade is the trade-record section: what the customs records say of the
// buyer's imports, the chart of shipments by month and its main suppliers.
func (r *creditReport) trade() error {
	f := r.in.Trade.Figures
	s := f.Summary
	r.heading("sec.trade")
	if r.en() {
		r.d.Paragraph(r.f("tr.span", s.Shipments, f.First, f.Last, s.Months, f.ActiveMonths))
	} else {
		r.d.Paragraph(r.f("tr.span", f.First, f.Last, s.Shipments, s.Months, f.ActiveMonths))
	}
	yesNo := r.t("tr.no")
	if s.SteadyBuyer {
		yesNo = r.t("tr.yes")
	}
	kvs := []report.KV{
		{Key: r.t("tr.value"), Value: money(f.TotalValue, f.Currency)},
		{Key: r.t("tr.typical"), Value: money(f.TypicalOrder, f.Currency)},
		{Key: r.t("tr.suppliers"), Value: strconv.Itoa(s.Suppliers)},
		{Key: r.t("tr.china"), Value: strconv.Itoa(int(math.Round(s.ChinaShare*100))) + "%"},
		{Key: r.t("tr.trend"), Value: strconv.FormatFloat(math.Round(s.TrendPct), 'f', 0, 64) + "%"},
		{Key: r.t("tr.gap"), Value: r.f("tr.months", f.LongestGap)},
		{Key: r.t("tr.steady"), Value: yesNo},
	}
	if f.OrderRatio > 0 {
		kvs = append(kvs, report.KV{Key: r.t("tr.ask"), Value: strconv.FormatFloat(f.OrderRatio, 'f', 1, 64) + "×"})
	}
	r.d.KeyValues(kvs)
	if n := len(f.Months); n > 0 {
		ms := f.Months[max(0, n-24):] // the last two years at most: a chart stays legible
		labels, vals := make([]string, len(ms)), make([]float64, len(ms))
		top := 1.0
		for i, m := range ms {
			labels[i], vals[i] = m.Month[2:], float64(m.Shipments)
			top = math.Max(top, vals[i])
		}
		r.d.BarChart(r.t("tr.chart"), labels, vals, top*1.15)
	}
	if len(f.Suppliers) > 0 {
		r.d.Heading(2, r.t("tr.topSup"))
		rows := [][]string{}
		for _, sp := range f.Suppliers[:min(len(f.Suppliers), 10)] {
			rows = append(rows, []string{sp.Name, r.country(sp.Country), r.f("tr.months", sp.TenureMonths), strconv.Itoa(sp.Shipments)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("tr.supplier"), Width: 80}, {Title: r.t("tr.country"), Width: 36},
			{Title: r.t("tr.since"), Width: 30, Align: report.AlignRight}, {Title: r.t("tr.ships"), Width: 28, Align: report.AlignRight},
		}, rows)
	}
	return r.d.Err()
}
