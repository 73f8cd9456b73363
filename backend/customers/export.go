package customers

import (
	"context"
	"io"
	"strings"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/screening"
	"credence/backend/search"
	"credence/backend/store"
)

var listCols = []column{
	{"ID", "编号", cText, 38}, {"Name", "客户名称", cText, 36}, {"Latin name", "英文名称", cText, 30}, {"Aliases", "别名", cText, 24},
	{"Country", "国家", cText, 8}, {"Status", "状态", cText, 10}, {"Segment", "类别", cText, 8}, {"Business type", "客户类型", cText, 14},
	{"Key account", "重点客户", cBool, 10}, {"Owner", "业务员", cText, 14}, {"Tags", "标签", cText, 18},
	{"E-mails", "邮箱", cText, 30}, {"Phones", "电话", cText, 22}, {"Website", "网站", cText, 24}, {"Identifiers", "证照号码", cText, 30},
	{"Registered address", "注册地址", cText, 36}, {"Registration date", "成立日期", cDate, 14},
	{"Registered capital", "注册资本", cMoney, 16}, {"Capital currency", "币种", cText, 8},
	{"Facts", "资料项", cInt, 8}, {"Verified", "已核实", cInt, 8}, {"Contradicted", "有矛盾", cInt, 8},
	{"Archived", "已归档", cBool, 8}, {"Created", "创建时间", cTime, 18}, {"Updated", "更新时间", cTime, 18},
}

// ExportList writes the customers a search selects (the list's current
// filter) as one sheet, every matching row, whatever q.Limit says.
func ExportList(ctx context.Context, st *store.Store, q search.Query, lang string, w io.Writer) (int, error) {
	q.Limit = st.Count() + 1
	q.Offset = 0
	res := st.Search(q)
	b, err := newBook(lang)
	if err != nil {
		return 0, err
	}
	err = b.sheet("Customers", "客户", listCols, func(emit func(...any) error) error {
		for i, r := range res.Rows {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					return errs.Wrap(errs.Invalid, err, "export cancelled").WithKey("err.importCancelled")
				}
			}
			d, err := st.Dossier(r.ID)
			if err != nil {
				return err
			}
			var capital any
			if n, ok := parseAmount(d.RegisteredCapital.Value); ok {
				capital = n
			}
			v := d.Verification()
			if err := emit(d.ID, d.DisplayName(), d.LatinName.Value, strings.Join(d.Aliases, "; "), d.Country.Value, d.Status, d.Segment,
				d.BusinessType, d.KeyAccount, d.Owner, strings.Join(d.Tags, "; "), joinFacts(d.Emails, false), joinFacts(d.Phones, false),
				d.Website.Value, joinFacts(d.Identifiers, true), d.RegisteredAddress.Value, nonEmpty(d.RegistrationDate.Value), capital,
				d.CapitalCurrency, v.Facts, v.Verified, v.Contradicted, d.Archived, d.CreatedAt, d.UpdatedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(res.Rows), b.write(w)
}

// ExportDossier writes one customer's facts (with their state and
// sources), contacts, assessments with the factors behind each dimension,
// and alerts.
// The caller (the workspace) reads them through its services.
func ExportDossier(d *dossier.Dossier, snaps []credit.Snapshot, alerts []screening.Alert, lang string, w io.Writer) error {
	id := d.ID
	b, err := newBook(lang)
	if err != nil {
		return err
	}
	factCols := []column{{"Field", "字段", cText, 22}, {"Type", "类型", cText, 10}, {"Value", "内容", cText, 40}, {"State", "核实状态", cText, 14},
		{"Sources", "来源", cText, 40}}
	err = b.sheet("Facts", "资料", factCols, func(emit func(...any) error) error {
		for _, f := range factList(d) {
			if f.fact.Value == "" {
				continue
			}
			if err := emit(f.name, f.fact.Type, f.fact.Value, f.fact.EffectiveState(), describeSources(f.fact.Sources)); err != nil {
				return err
			}
		}
		for _, c := range d.Contacts {
			val := strings.TrimSpace(strings.Join([]string{c.Name, c.Title, c.Email, c.Phone, c.WeChat, c.WhatsApp}, " "))
			if err := emit("contact", c.Role, val, "", ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	asCols := []column{{"Assessed", "评估时间", cTime, 18}, {"By", "评估人", cText, 14}, {"Status", "状态", cText, 10}, {"Grade", "等级", cText, 8},
		{"Score", "得分", cMoney, 10}, {"Completeness", "完整度", cPct, 12}, {"Dimension", "维度", cText, 14}, {"Dimension score", "维度得分", cMoney, 12},
		{"Factor", "因素", cText, 60}, {"Points", "分值", cMoney, 10}, {"Limit", "建议额度", cMoney, 14}, {"Currency", "币种", cText, 8},
		{"Terms", "付款条件", cText, 28}, {"Next review", "下次复核", cDate, 14}}
	err = b.sheet("Assessments", "评估", asCols, func(emit func(...any) error) error {
		for _, s := range snaps {
			a := s.Assessment
			head := []any{s.At, s.By, a.Status, a.Grade, a.Score, a.Completeness}
			tail := []any{a.Limit.Amount, a.Limit.Currency, pick(lang, a.Terms.EN, a.Terms.ZH), nonEmpty(a.NextReview)}
			if err := emit(append(append(head, nil, nil, nil, nil), tail...)...); err != nil {
				return err
			}
			for _, dim := range a.Dimensions {
				for _, f := range dim.Factors {
					row := []any{s.At, nil, nil, nil, nil, nil, dim.Key, dim.Score, pick(lang, f.EN, f.ZH), f.Points}
					if err := emit(row...); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	alCols := []column{{"Raised", "时间", cTime, 18}, {"Kind", "类型", cText, 14}, {"Severity", "严重程度", cText, 10}, {"Alert", "提醒", cText, 70}, {"Acknowledged", "已确认", cBool, 12}}
	err = b.sheet("Alerts", "提醒", alCols, func(emit func(...any) error) error {
		for _, a := range alerts {
			if a.DossierID != id {
				continue
			}
			if err := emit(a.CreatedAt, a.Kind, a.Severity, pick(lang, a.EN, a.ZH), a.Acked); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return b.write(w)
}

type namedFact struct {
	name string
	fact dossier.Fact
}

func factList(d *dossier.Dossier) []namedFact {
	out := []namedFact{{"legal_name", d.LegalName}, {"latin_name", d.LatinName}, {"country", d.Country},
		{"registered_address", d.RegisteredAddress}, {"registration_date", d.RegistrationDate},
		{"registered_capital", d.RegisteredCapital}, {"business_scope", d.BusinessScope},
		{"legal_representative", d.LegalRepresentative}, {"website", d.Website}}
	for _, l := range []struct {
		name string
		list []dossier.Fact
	}{{"email", d.Emails}, {"phone", d.Phones}, {"social", d.Socials}, {"identifier", d.Identifiers}} {
		for _, f := range l.list {
			out = append(out, namedFact{l.name, f})
		}
	}
	return out
}

func describeSources(ss []dossier.Source) string {
	var parts []string
	for _, s := range ss {
		p := s.Kind
		if s.Date != "" {
			p += " " + s.Date
		}
		if s.Value != "" {
			p += ": " + s.Value
		}
		if s.Note != "" {
			p += " (" + s.Note + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

func joinFacts(fs []dossier.Fact, typed bool) string {
	var parts []string
	for _, f := range fs {
		if typed {
			parts = append(parts, f.Type+":"+f.Value)
		} else {
			parts = append(parts, f.Value)
		}
	}
	return strings.Join(parts, "; ")
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
