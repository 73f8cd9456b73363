package assess

import (
	"fmt"
	"strings"
)

// termsFor is the band's payment term held under every gate's ceiling:
// the most generous terms no gate forbids. The explanation names the
// gates that bound it.
func termsFor(c *context, band GradeBand, gs []Gate) Terms {
	t := band.Terms
	note, noteZH := fmt.Sprintf("Recommended for grade %s.", band.Grade), fmt.Sprintf("%s级客户的推荐付款方式。", band.Grade)
	if band.Grade == "" {
		note, noteZH = "", ""
	}
	if !band.Decline {
		for _, g := range gs {
			if !TermsAtMost(t, g.Terms) {
				t = Terms{Code: g.Terms.Code, Days: g.Terms.Days, DepositPct: g.Terms.DepositPct}
			}
		}
		if t != band.Terms {
			var en, zh []string
			for i := range gs {
				g := &gs[i]
				if termRank(g.Terms) == termRank(t) {
					g.Applied = true
					en, zh = append(en, g.EN), append(zh, g.ZH)
				}
			}
			if band.Grade != "" {
				note = fmt.Sprintf("Grade %s would allow %s, but: %s", band.Grade, termName(band.Terms), strings.Join(en, " "))
				noteZH = fmt.Sprintf("%s级本可采用%s，但：%s", band.Grade, termNameZH(band.Terms), strings.Join(zh, ""))
			} else {
				note, noteZH = strings.Join(en, " "), strings.Join(zh, "")
			}
		}
	}
	if band.Decline {
		note, noteZH = "", ""
	}
	t.EN = strings.TrimSpace(termName(t) + ": " + termMeaning(t) + " " + note)
	t.ZH = termNameZH(t) + "：" + termMeaningZH(t) + noteZH
	return t
}

func termName(t Terms) string {
	switch t.Code {
	case TermLCSight:
		return "L/C at sight"
	case TermTTAdvance:
		return "T/T in advance"
	case TermDepositBL:
		return fmt.Sprintf("%d%% deposit, balance against B/L copy", t.DepositPct)
	case TermDP:
		return "D/P at sight"
	case TermDA:
		return fmt.Sprintf("D/A %d days", t.Days)
	case TermOA:
		return fmt.Sprintf("O/A %d days", t.Days)
	case TermDecline:
		return "Decline"
	}
	return strings.ToUpper(t.Code)
}

func termNameZH(t Terms) string {
	switch t.Code {
	case TermLCSight:
		return "即期信用证（L/C）"
	case TermTTAdvance:
		return "前T/T（款到发货）"
	case TermDepositBL:
		return fmt.Sprintf("%d%%定金，余款凭提单副本支付", t.DepositPct)
	case TermDP:
		return "即期付款交单（D/P）"
	case TermDA:
		return fmt.Sprintf("承兑交单（D/A）%d天", t.Days)
	case TermOA:
		return fmt.Sprintf("赊销（O/A）%d天", t.Days)
	case TermDecline:
		return "拒绝交易"
	}
	return t.Code
}

func termMeaning(t Terms) string {
	switch t.Code {
	case TermLCSight:
		return "the buyer's bank pays on presentation of conforming documents."
	case TermTTAdvance:
		return "the buyer pays in full before the goods are shipped."
	case TermDepositBL:
		return fmt.Sprintf("%d%% with the order, the balance before the original bill of lading is released.", t.DepositPct)
	case TermDP:
		return "the documents of title are released only against payment through the banks."
	case TermDA:
		return fmt.Sprintf("the documents are released against the buyer's acceptance of a draft due in %d days.", t.Days)
	case TermOA:
		return fmt.Sprintf("goods and documents go to the buyer, who pays %d days after the invoice.", t.Days)
	case TermDecline:
		return "do not trade with this party on any terms."
	}
	return ""
}

func termMeaningZH(t Terms) string {
	switch t.Code {
	case TermLCSight:
		return "买方开证行凭相符单据付款。"
	case TermTTAdvance:
		return "买方在发货前付清全部货款。"
	case TermDepositBL:
		return fmt.Sprintf("下单时付%d%%定金，余款付清后再交付正本提单。", t.DepositPct)
	case TermDP:
		return "通过银行交单，买方付款后才能取得物权单据。"
	case TermDA:
		return fmt.Sprintf("买方承兑%d天期汇票后即可取得单据。", t.Days)
	case TermOA:
		return fmt.Sprintf("货物和单据直接交给买方，买方在发票日后%d天内付款。", t.Days)
	case TermDecline:
		return "不以任何付款方式与其交易。"
	}
	return ""
}
