package dossierreport

import (
	"math"
	"slices"
	"strconv"

	"credence/backend/receivables"
	"credence/backend/report"
)

func init() {
	for k, v := range map[string][2]string{
		"pay.asOf":      {"截至%s，金额以%s计。", "As of %s, amounts in %s."},
		"pay.open":      {"未收发票", "Open invoices"},
		"pay.onAccount": {"未核销收款", "Unallocated on account"},
		"pay.orders":    {"未开票订单", "Open orders"},
		"pay.exposure":  {"风险敞口", "Exposure"},
		"pay.ofLimit":   {"，为批准额度%s的%d%%", ", %d%% of the approved limit %s"},
		"pay.overdue":   {"逾期", "Overdue"},
		"pay.longest":   {"%s，最长%d天", "%s, longest %d days"},
		"pay.largest":   {"最大逾期", "Largest overdue"},
		"pay.dbt":       {"平均超期天数（按金额加权）", "Days beyond terms (weighted by amount)"},
		"pay.dbtVal":    {"近3个月%.1f天，近6个月%.1f天，近12个月%.1f天；趋势%+.1f天", "3 months %.1f, 6 months %.1f, 12 months %.1f; trend %+.1f days"},
		"pay.onTime":    {"按期付款", "Paid on time"},
		"pay.onTimeVal": {"%d张到期发票中%d%%", "%d%% of %d invoices due"},
		"pay.ageing":    {"账龄（%s）", "Ageing (%s)"},
		"pay.b0":        {"未到期", "Not due"},
		"pay.b1":        {"1–30天", "1–30 days"},
		"pay.b2":        {"31–60天", "31–60 days"},
		"pay.b3":        {"61–90天", "61–90 days"},
		"pay.b4":        {"90天以上", "Over 90 days"},
		"pay.dbtChart":  {"按月超期天数", "Days beyond terms by month"},
		"pay.items":     {"未收发票（按逾期天数）", "Open invoices, most overdue first"},
		"pay.inv":       {"发票号", "Invoice"},
		"pay.due":       {"到期日", "Due"},
		"pay.amount":    {"金额", "Amount"},
		"pay.openCol":   {"未收", "Open"},
		"pay.days":      {"逾期天数", "Days overdue"},
		"pay.disputed":  {"（有争议）", " (disputed)"},
		"pay.log":       {"催收记录", "Collection log"},
		"pay.date":      {"日期", "Date"},
		"pay.kind":      {"类型", "Kind"},
		"pay.note":      {"内容", "Note"},
		"pay.promise":   {"承诺于%s前付款%s。", "promised to pay %s by %s."},
		"pay.unconv":    {"以下币种无汇率，未计入：%s。", "No exchange rate for %s: not counted."},
		"payk.call":     {"电话", "Call"},
		"payk.email":    {"邮件", "E-mail"},
		"payk.promise":  {"付款承诺", "Promise to pay"},
		"payk.dispute":  {"争议", "Dispute"},
		"payk.note":     {"备注", "Note"},
		"payk.reminder": {"催收提醒", "Reminder"},
	} {
		if _, taken := labels[k]; !taken {
			labels[k] = v
		}
	}
}

// payments is the receivables section: figures, the ageing and the days
// beyond terms by month as charts, the open invoices and the collection log.
func (r *creditReport) payments() error {
	p := r.in.Payments
	f := p.Figures
	r.heading("sec.receivable")
	r.d.Paragraph(r.f("pay.asOf", f.AsOf, f.Currency))
	exposure := money(f.Exposure, f.Currency)
	if s := r.in.State; s != nil && s.Limit > 0 && s.Currency == f.Currency {
		pct := int(math.Round(f.Exposure / s.Limit * 100))
		if r.en() {
			exposure += r.f("pay.ofLimit", pct, money(s.Limit, s.Currency))
		} else {
			exposure += r.f("pay.ofLimit", money(s.Limit, s.Currency), pct)
		}
	}
	kvs := []report.KV{
		{Key: r.t("pay.open"), Value: money(f.Open, f.Currency)},
		{Key: r.t("pay.onAccount"), Value: money(f.OnAccount, f.Currency)},
		{Key: r.t("pay.orders"), Value: money(f.OpenOrders, f.Currency)},
		{Key: r.t("pay.exposure"), Value: exposure},
		{Key: r.t("pay.overdue"), Value: r.f("pay.longest", money(f.Overdue, f.Currency), f.MaxOverdue)},
		{Key: r.t("pay.dbt"), Value: r.f("pay.dbtVal", f.DBT3, f.DBT6, f.DBT12, f.Trend)},
	}
	if r.en() {
		kvs = append(kvs, report.KV{Key: r.t("pay.onTime"), Value: r.f("pay.onTimeVal", int(math.Round(f.OnTimeShare*100)), f.Matured)})
	} else {
		kvs = append(kvs, report.KV{Key: r.t("pay.onTime"), Value: r.f("pay.onTimeVal", f.Matured, int(math.Round(f.OnTimeShare*100)))})
	}
	if l := f.Largest; l != nil {
		kvs = append(kvs, report.KV{Key: r.t("pay.largest"), Value: l.Number + " · " + money(l.Open, l.Currency) + " · " + strconv.Itoa(l.DaysOverdue)})
	}
	r.d.KeyValues(kvs)
	if len(f.Unconverted) > 0 {
		r.d.Paragraph(r.f("pay.unconv", r.join(f.Unconverted)))
	}
	top := slices.Max(f.Ageing[:])
	if top > 0 {
		r.d.BarChart(r.f("pay.ageing", f.Currency), []string{r.t("pay.b0"), r.t("pay.b1"), r.t("pay.b2"), r.t("pay.b3"), r.t("pay.b4")}, f.Ageing[:], top*1.1)
	}
	if len(f.Monthly) > 0 {
		labels, vals := make([]string, len(f.Monthly)), make([]float64, len(f.Monthly))
		for i, m := range f.Monthly {
			labels[i], vals[i] = m.Month[2:], m.DBT
			if m.Base == 0 {
				vals[i] = math.NaN()
			}
		}
		r.d.Heading(2, r.t("pay.dbtChart"))
		r.d.LineChart(labels, []report.Series{{Name: r.t("pay.dbt"), Values: vals}})
	}
	var open []receivables.Item
	for _, it := range f.Items {
		if it.Open > 0 {
			open = append(open, it)
		}
	}
	slices.SortStableFunc(open, func(a, b receivables.Item) int { return b.DaysOverdue - a.DaysOverdue })
	if len(open) > 0 {
		r.d.Heading(2, r.t("pay.items"))
		rows := [][]string{}
		for _, it := range open[:min(len(open), 15)] {
			n := it.Number
			if it.Disputed {
				n += r.t("pay.disputed")
			}
			rows = append(rows, []string{n, it.DueDate, money(it.Amount, it.Currency), money(it.Open, it.Currency), strconv.Itoa(it.DaysOverdue)})
		}
		r.d.Table([]report.Column{
			{Title: r.t("pay.inv"), Width: 44}, {Title: r.t("pay.due"), Width: 26},
			{Title: r.t("pay.amount"), Width: 38, Align: report.AlignRight}, {Title: r.t("pay.openCol"), Width: 38, Align: report.AlignRight},
			{Title: r.t("pay.days"), Width: 28, Align: report.AlignRight},
		}, rows)
	}
	if len(p.Entries) > 0 {
		r.d.Heading(2, r.t("pay.log"))
		rows := [][]string{}
		for _, e := range p.Entries {
			note := e.Note
			if e.Kind == receivables.EntryPromise {
				amt := ""
				if e.PromiseAmount > 0 {
					amt = money(e.PromiseAmount, f.Currency)
				}
				if r.en() {
					note = r.f("pay.promise", amt, e.PromiseDate) + " " + note
				} else {
					note = r.f("pay.promise", e.PromiseDate, amt) + " " + note
				}
			}
			rows = append(rows, []string{e.Date, r.t("payk." + e.Kind), note})
		}
		r.d.Table([]report.Column{{Title: r.t("pay.date"), Width: 26}, {Title: r.t("pay.kind"), Width: 30}, {Title: r.t("pay.note"), Width: 118}}, rows)
	}
	return nil
}
