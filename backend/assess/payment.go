package assess

import "fmt"

func paymentDim(c *context) Dimension {
	p := c.in.Payment
	if p == nil || p.Invoices <= 0 {
		if c.in.Existing {
			return missing(DimPayment, "An existing customer, but no receivables are on file: import the invoices and payments.",
				"虽是老客户，但档案中没有应收账款记录：请导入发票和收款记录。")
		}
		return missing(DimPayment, "No payment experience with us yet.", "尚无与我方的付款记录。")
	}
	b := newDim(DimPayment, 50, "Starting point for payment experience.", "付款记录维度起始分。")
	// Three in four invoices on time is par for export trade; each point
	// of share above or below moves 0.8 points, down to at most −40.
	b.add("on_time", max((p.OnTimeShare-0.75)*80, -40), fmt.Sprintf("%s of %d invoices paid on time.", pct(p.OnTimeShare), p.Invoices),
		fmt.Sprintf("%d张发票中%s按期付款。", p.Invoices, pct(p.OnTimeShare)))
	var days float64
	switch a := p.AvgDaysBeyondTerms; {
	case a <= 3:
		days = 10
	case a <= 7:
		days = 6
	case a <= 15:
		days = 0
	case a <= 30:
		days = -8
	case a <= 60:
		days = -15
	default:
		days = -25
	}
	b.add("days_beyond_terms", days, fmt.Sprintf("Pays on average %.0f days beyond terms.", p.AvgDaysBeyondTerms),
		fmt.Sprintf("平均超出账期%.0f天付款。", p.AvgDaysBeyondTerms))
	switch tr := p.TrendDaysBeyond; {
	case tr > 15:
		b.add("trend_worsening", -15, fmt.Sprintf("Paying %.0f days later than before: a sharp deterioration.", tr),
			fmt.Sprintf("付款比以前晚%.0f天：明显恶化。", tr))
	case tr > 5:
		b.add("trend_worsening", -8, fmt.Sprintf("Paying %.0f days later than before.", tr),
			fmt.Sprintf("付款比以前晚%.0f天。", tr))
	case tr < -5:
		b.add("trend_improving", 4, fmt.Sprintf("Paying %.0f days sooner than before.", -tr),
			fmt.Sprintf("付款比以前提前%.0f天。", -tr))
	}
	if p.Exposure > 0 && p.OverdueAmount > 0 {
		share := p.OverdueAmount / p.Exposure
		var pts float64
		switch {
		case share > 0.5:
			pts = -15
		case share > 0.25:
			pts = -10
		case share > 0.1:
			pts = -5
		default:
			pts = -2
		}
		b.add("overdue", pts, fmt.Sprintf("%s overdue, %s of the %s outstanding.", money(p.OverdueAmount, c.p.Currency), pct(share), money(p.Exposure, c.p.Currency)),
			fmt.Sprintf("逾期%s，占未收款%s的%s。", money(p.OverdueAmount, c.p.Currency), money(p.Exposure, c.p.Currency), pct(share)))
	}
	switch m := p.MaxDaysOverdue; {
	case m > 90:
		b.add("max_overdue", -20, fmt.Sprintf("An invoice is %d days overdue.", m), fmt.Sprintf("有发票逾期%d天。", m))
	case m > 60:
		b.add("max_overdue", -12, fmt.Sprintf("An invoice is %d days overdue.", m), fmt.Sprintf("有发票逾期%d天。", m))
	case m > 30:
		b.add("max_overdue", -6, fmt.Sprintf("An invoice is %d days overdue.", m), fmt.Sprintf("有发票逾期%d天。", m))
	}
	switch {
	case p.Invoices >= 24:
		b.add("long_record", 5, fmt.Sprintf("A long payment record: %d invoices.", p.Invoices), fmt.Sprintf("付款记录较长：共%d张发票。", p.Invoices))
	case p.Invoices < 4:
		b.add("thin_record", -5, fmt.Sprintf("Only %s so far: too few to rely on.", plural(p.Invoices, "invoice", "invoices")), fmt.Sprintf("迄今仅%d张发票，样本太少，参考价值有限。", p.Invoices))
	}
	return b.done()
}
