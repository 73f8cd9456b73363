package assess

import "fmt"

func tradeDim(c *context) Dimension {
	t := c.in.Trade
	if t == nil {
		return missing(DimTrade, "No customs records imported, so the buyer's trade history is unknown.",
			"未导入海关数据，买方的进口记录不详。")
	}
	b := newDim(DimTrade, 50, "Starting point for trade stability.", "贸易稳定性维度起始分。")
	if t.Shipments <= 0 || t.Months <= 0 {
		b.add("no_shipments", -30, "Customs records were searched and show no shipments: a claimed importer with no imports is a warning sign.",
			"已查询海关数据，未发现任何进口记录：自称进口商却没有进口记录，值得警惕。")
		return b.done()
	}
	switch {
	case t.Months >= 36:
		b.add("record_long", 10, fmt.Sprintf("Imports on record over %d months.", t.Months), fmt.Sprintf("有%d个月的进口记录。", t.Months))
	case t.Months >= 12:
		b.add("record_medium", 5, fmt.Sprintf("Imports on record over %d months.", t.Months), fmt.Sprintf("有%d个月的进口记录。", t.Months))
	case t.Months < 6:
		b.add("record_short", -8, fmt.Sprintf("Only %d months of import records.", t.Months), fmt.Sprintf("进口记录仅有%d个月。", t.Months))
	}
	perYear := float64(t.Shipments) * 12 / float64(t.Months)
	switch {
	case perYear >= 12:
		b.add("frequent", 8, fmt.Sprintf("%d shipments, about %.0f a year: buys regularly.", t.Shipments, perYear),
			fmt.Sprintf("共%d票，约每年%.0f票：采购频繁、稳定。", t.Shipments, perYear))
	case perYear >= 4:
		b.add("regular", 4, fmt.Sprintf("%d shipments, about %.0f a year.", t.Shipments, perYear),
			fmt.Sprintf("共%d票，约每年%.0f票。", t.Shipments, perYear))
	case perYear < 2:
		b.add("infrequent", -6, fmt.Sprintf("%d shipments, fewer than two a year.", t.Shipments),
			fmt.Sprintf("共%d票，每年不到两票。", t.Shipments))
	}
	switch {
	case t.Suppliers >= 3:
		b.add("suppliers", 4, fmt.Sprintf("Buys from %d suppliers: an established buyer with a supply base.", t.Suppliers),
			fmt.Sprintf("有%d家供应商：采购渠道成熟。", t.Suppliers))
	case t.Suppliers == 1:
		b.add("single_supplier", -2, "Buys from a single supplier.", "只有一家供应商。")
	}
	switch {
	case t.ChinaShare >= 0.5:
		b.add("china_share", 6, fmt.Sprintf("%s of its imports come from China: experienced with Chinese suppliers.", pct(t.ChinaShare)),
			fmt.Sprintf("其进口的%s来自中国：熟悉与中国供应商的交易。", pct(t.ChinaShare)))
	case t.ChinaShare >= 0.2:
		b.add("china_share", 3, fmt.Sprintf("%s of its imports come from China.", pct(t.ChinaShare)),
			fmt.Sprintf("其进口的%s来自中国。", pct(t.ChinaShare)))
	case t.ChinaShare < 0.05:
		b.add("china_new", -4, "Hardly any imports from China so far: new to Chinese suppliers.",
			"此前几乎没有从中国进口：与中国供应商打交道的经验很少。")
	}
	switch {
	case t.TrendPct >= 10:
		b.add("growing", 8, fmt.Sprintf("Import volume growing by %.0f%% a year.", t.TrendPct), fmt.Sprintf("进口量每年增长%.0f%%。", t.TrendPct))
	case t.TrendPct <= -20:
		b.add("shrinking_fast", -12, fmt.Sprintf("Import volume falling by %.0f%% a year.", -t.TrendPct), fmt.Sprintf("进口量每年下降%.0f%%。", -t.TrendPct))
	case t.TrendPct <= -5:
		b.add("shrinking", -5, fmt.Sprintf("Import volume falling by %.0f%% a year.", -t.TrendPct), fmt.Sprintf("进口量每年下降%.0f%%。", -t.TrendPct))
	}
	if t.SteadyBuyer {
		b.add("steady", 8, "A steady buyer, not a one-off.", "属于持续稳定采购，而非一次性买家。")
	} else {
		b.add("one_off", -10, "Buys in one-off lots rather than steadily.", "属于一次性、零散采购，缺乏连续性。")
	}
	return b.done()
}
