package customers

import (
	"regexp"
	"strconv"
	"strings"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/sheet"
)

// RowError is one problem of one row (sheet.RowError).
type RowError = sheet.RowError

// idFields maps identifier columns to dossier identifier types.
var idFields = []struct{ field, typ string }{
	{"id_uscc", "uscc"}, {"id_vat", "vat"}, {"id_company", "other"}, {"id_duns", "duns"}, {"id_lei", "lei"}, {"id_ein", "ein"},
}

// statusWords reads the statuses CRMs write.
var statusWords = map[string]string{
	"lead": "lead", "prospect": "lead", "潜在": "lead", "潜在客户": "lead", "线索": "lead", "意向": "lead", "意向客户": "lead",
	"new": "new", "新客户": "new", "新": "new",
	"active": "active", "customer": "active", "成交": "active", "成交客户": "active", "合作中": "active", "活跃": "active", "老客户": "active",
	"dormant": "dormant", "inactive": "dormant", "休眠": "dormant", "沉睡": "dormant", "流失": "dormant",
	"blocked": "blocked", "黑名单": "blocked", "blacklist": "blocked",
}

var typeWords = map[string]string{
	"importer": "importer", "进口商": "importer", "distributor": "distributor", "wholesaler": "distributor", "经销商": "distributor",
	"分销商": "distributor", "批发商": "distributor", "retailer": "retailer", "零售商": "retailer", "end user": "end_user",
	"end_user": "end_user", "终端用户": "end_user", "终端": "end_user", "trading": "trading", "trader": "trading", "贸易商": "trading",
}

// toDossier builds the dossier one row describes; problems are collected,
// not returned at the first.
func toDossier(b sheet.Binding, r sheet.Row) (*dossier.Dossier, []RowError) {
	var probs []RowError
	bad := func(field, value, key, msg string, params ...string) {
		p := map[string]string{"line": strconv.Itoa(r.Line), "field": field, "value": value}
		for i := 0; i+1 < len(params); i += 2 {
			p[params[i]] = params[i+1]
		}
		probs = append(probs, RowError{Line: r.Line, Field: field, Value: value, Key: key, Params: p, Message: msg})
	}
	get := func(k string) string { return b.Get(r.Cells, k) }
	d := &dossier.Dossier{
		LegalName: dossier.Fact{Value: get("legal_name")}, LatinName: dossier.Fact{Value: get("latin_name")},
		RegisteredAddress: dossier.Fact{Value: get("registered_address")}, Website: dossier.Fact{Value: get("website")},
		LegalRepresentative: dossier.Fact{Value: get("legal_representative")}, BusinessScope: dossier.Fact{Value: get("business_scope")},
		Owner: get("owner"), Notes: get("notes"), CapitalCurrency: strings.ToUpper(get("capital_currency")),
	}
	if c := get("country"); c != "" {
		if code := CountryCode(c); code != "" {
			d.Country.Value = code
		} else {
			bad("country", c, "err.rowCountry", "unknown country "+strconv.Quote(c))
		}
	}
	for _, e := range splitList(get("email")) {
		d.Emails = append(d.Emails, dossier.Fact{Value: strings.ToLower(e)})
	}
	for _, p := range splitList(get("phone")) {
		d.Phones = append(d.Phones, dossier.Fact{Value: p})
	}
	for _, f := range idFields {
		if v := get(f.field); v != "" {
			v = strings.ToUpper(strings.ReplaceAll(v, " ", ""))
			d.Identifiers = append(d.Identifiers, dossier.Fact{Type: idType(f.typ, v), Value: v})
		}
	}
	if v := get("registration_date"); v != "" {
		if day, ok := sheet.Date(v); ok {
			d.RegistrationDate.Value = day
		} else {
			bad("registration_date", v, "err.rowDate", "not a date: "+strconv.Quote(v))
		}
	}
	if v := get("registered_capital"); v != "" {
		if n, ok := sheet.Number(v); ok && n >= 0 {
			d.RegisteredCapital.Value = strconv.FormatFloat(n, 'f', -1, 64)
		} else {
			bad("registered_capital", v, "err.rowNumber", "not an amount: "+strconv.Quote(v))
		}
	}
	if v := get("status"); v != "" {
		if s, ok := statusWords[strings.ToLower(v)]; ok {
			d.Status = s
		} else {
			bad("status", v, "err.rowStatus", "unknown status "+strconv.Quote(v))
		}
	}
	if v := get("business_type"); v != "" {
		if s, ok := typeWords[strings.ToLower(v)]; ok {
			d.BusinessType = s
		} // an unknown type is only a label in the CRM: not worth refusing the row
	}
	d.Tags = splitList(get("tags"))
	if name := get("contact"); name != "" || get("wechat") != "" || get("whatsapp") != "" {
		c := dossier.Contact{Name: name, Title: get("contact_title"), WeChat: get("wechat"), WhatsApp: get("whatsapp")}
		if len(d.Emails) > 0 {
			c.Email = d.Emails[0].Value
		}
		if len(d.Phones) > 0 {
			c.Phone = d.Phones[0].Value
		}
		d.Contacts = append(d.Contacts, c)
	}
	if d.DisplayName() == "" {
		bad("legal_name", "", "err.rowName", "the row has no customer name")
		return d, probs
	}
	if len(probs) == 0 {
		c := d.Clone()
		c.Normalize(func() string { return "x" })
		if err := c.Validate(); err != nil {
			e, _ := errs.As(err)
			key, field := "err.rowInvalid", ""
			var params []string
			if e != nil {
				field = e.Params["field"]
				if e.Key != "" {
					key = e.Key
				}
				for k, v := range e.Params {
					params = append(params, k, v)
				}
			}
			bad(field, "", key, err.Error(), params...)
		}
	}
	return d, probs
}

var reVAT = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{8,12}$`)

// idType corrects the column's type for what a shared column ("统一社会信用代码/VAT")
// evidently holds: a European VAT number is not an 18-character USCC.
func idType(typ, v string) string {
	if typ == "uscc" && len(v) != 18 && reVAT.MatchString(v) {
		return "vat"
	}
	return typ
}

// splitList splits a cell holding several values ("a@x.com; b@x.com").
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '；' || r == '、' || r == '\n' || r == '/' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CountryCode reads a country cell (sheet.Country).
func CountryCode(s string) string { return sheet.Country(s) }

func parseAmount(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	return sheet.Number(s)
}
