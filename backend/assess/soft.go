package assess

import (
	"fmt"
	"slices"
	"strings"
)

func softDim(c *context) Dimension {
	s := c.d.Soft
	if !s.NamesSpecs && !s.NamesQuantity && !s.NamesDelivery && !s.NamesPayment && s.ResponseHours == 0 &&
		len(s.DecisionRoles) == 0 && !s.TechConfirmation {
		return missing(DimSoft, "Nothing recorded about the inquiry or the conversations yet.",
			"尚未记录询盘内容及沟通情况。")
	}
	b := newDim(DimSoft, 50, "Starting point for soft information.", "软信息维度起始分。")
	var named, notNamed, namedZH, notNamedZH []string
	for _, it := range []struct {
		ok     bool
		en, zh string
	}{{s.NamesSpecs, "specifications", "规格"}, {s.NamesQuantity, "quantity", "数量"}, {s.NamesDelivery, "delivery", "交货期"}, {s.NamesPayment, "payment", "付款方式"}} {
		if it.ok {
			named, namedZH = append(named, it.en), append(namedZH, it.zh)
		} else {
			notNamed, notNamedZH = append(notNamed, it.en), append(notNamedZH, it.zh)
		}
	}
	pts := 5*float64(len(named)) - 3*float64(len(notNamed))
	en, zh := "The inquiry names ", "询盘中写明了"
	if len(named) == 0 {
		en, zh = "The inquiry names none of specifications, quantity, delivery or payment", "询盘中未写明规格、数量、交货期和付款方式中的任何一项"
	} else {
		en += joinList(named, "and")
		zh += strings.Join(namedZH, "、")
		if len(notNamed) > 0 {
			en += " but not " + joinList(notNamed, "or")
			zh += "，但未写明" + strings.Join(notNamedZH, "、")
		}
	}
	b.add("inquiry_clarity", pts, en+".", zh+"。")

	if h := s.ResponseHours; h > 0 {
		var p float64
		switch {
		case h <= 24:
			p = 8
		case h <= 72:
			p = 3
		case h <= 168:
			p = -2
		default:
			p = -8
		}
		b.add("response_time", p, fmt.Sprintf("Usually replies within %d hours.", h), fmt.Sprintf("通常在%d小时内回复。", h))
	}

	roles := slices.Clone(s.DecisionRoles)
	for _, ct := range c.d.Contacts {
		if ct.Role != "" && ct.Role != "other" {
			roles = append(roles, ct.Role)
		}
	}
	slices.Sort(roles)
	roles = slices.Compact(roles)
	switch {
	case len(roles) >= 3:
		b.add("decision_chain", 10, fmt.Sprintf("%d roles take part in the buying decision (%s): a serious, organised buyer.", len(roles), joinList(roles, "and")),
			fmt.Sprintf("采购决策涉及%d个角色（%s）：买方认真、组织健全。", len(roles), rolesZH(roles)))
	case len(roles) == 2:
		b.add("decision_chain", 5, fmt.Sprintf("Two roles take part in the buying decision (%s).", joinList(roles, "and")),
			fmt.Sprintf("采购决策涉及两个角色（%s）。", rolesZH(roles)))
	case len(roles) == 1:
		b.add("decision_single", -3, fmt.Sprintf("Only one person deals with us (%s); nobody else confirms the order.", roles[0]),
			fmt.Sprintf("只有一人与我方联系（%s），没有其他人确认订单。", rolesZH(roles)))
	}
	if s.TechConfirmation {
		b.add("tech_confirmation", 7, "Their technical staff confirmed the specifications.", "对方技术人员已确认规格。")
	}
	return b.done()
}

func rolesZH(roles []string) string {
	zh := map[string]string{"purchasing": "采购", "technical": "技术", "finance": "财务", "owner": "老板", "other": "其他"}
	out := make([]string, len(roles))
	for i, r := range roles {
		if z, ok := zh[r]; ok {
			out[i] = z
		} else {
			out[i] = r
		}
	}
	return strings.Join(out, "、")
}
