package receivables

import (
	"regexp"
	"strconv"
	"strings"

	"credence/backend/sheet"
)

// Target names receivables mappings among the saved ones.
const Target = "receivables"

// Schema is what a receivables or ageing export holds, with the headers
// accounting packages use: 用友 (U8, T+) and 金蝶 (K/3, KIS, 云星空)
// ageing and receivables-detail exports, and plain English ones.
var Schema = sheet.Schema{
	{Key: "customer_code", Kind: sheet.Text, Synonyms: []string{"客户编码", "客户代码", "客户编号", "往来单位编码", "往来单位代码", "Customer code", "Customer no", "Customer number", "Account code", "Debtor code"}},
	{Key: "customer_name", Kind: sheet.Text, Synonyms: []string{"客户名称", "客户", "往来单位", "往来单位名称", "购货单位", "客户全称", "Customer", "Customer name", "Debtor", "Account name", "Bill to"}},
	{Key: "customer_id", Kind: sheet.Text, Synonyms: []string{"统一社会信用代码", "税号", "纳税人识别号", "Tax id", "VAT number", "Registration number", "Customer id"}},
	{Key: "invoice", Kind: sheet.Text, Required: true, Synonyms: []string{"发票号", "发票号码", "发票编号", "单据编号", "单据号", "单据号码", "凭证号", "Invoice", "Invoice number", "Invoice no", "Document number", "Doc no", "Reference number"}},
	{Key: "reference", Kind: sheet.Text, Synonyms: []string{"订单号", "销售订单号", "发货单号", "合同号", "Order", "Order number", "Sales order", "Shipment", "Delivery note", "PO number"}},
	{Key: "issue_date", Kind: sheet.Day, Required: true, Synonyms: []string{"发票日期", "开票日期", "单据日期", "业务日期", "记账日期", "Invoice date", "Issue date", "Document date", "Date"}},
	{Key: "due_date", Kind: sheet.Day, Synonyms: []string{"到期日", "到期日期", "应收日期", "收款期限", "Due date", "Due", "Payment due", "Net due date"}},
	{Key: "terms", Kind: sheet.Text, Synonyms: []string{"付款条件", "收款条件", "账期", "信用期", "Terms", "Payment terms", "Credit terms"}},
	{Key: "amount", Kind: sheet.Amount, Required: true, Synonyms: []string{"金额", "发票金额", "原币金额", "价税合计", "应收金额", "本币金额", "Amount", "Invoice amount", "Total", "Gross amount", "Original amount"}},
	{Key: "currency", Kind: sheet.Text, Synonyms: []string{"币种", "币别", "币制", "Currency", "Ccy"}},
	{Key: "paid_amount", Kind: sheet.Amount, Synonyms: []string{"已收金额", "已收款金额", "收款金额", "已核销金额", "核销金额", "Paid", "Paid amount", "Amount paid", "Received"}},
	{Key: "paid_date", Kind: sheet.Day, Synonyms: []string{"收款日期", "核销日期", "到账日期", "Paid date", "Payment date", "Date paid", "Received on"}},
	{Key: "balance", Kind: sheet.Amount, Synonyms: []string{"余额", "未收金额", "未收款金额", "原币余额", "应收余额", "未核销金额", "Balance", "Open amount", "Outstanding", "Amount due", "Remaining"}},
}

// Presets are the mappings shipped for the common exports; a saved
// mapping of the same name wins.
var Presets = []sheet.Saved{
	{Name: "用友 U8 应收账龄", Target: Target, Mapping: sheet.Mapping{"customer_code": "客户编码", "customer_name": "客户名称", "invoice": "单据编号",
		"issue_date": "单据日期", "due_date": "到期日", "currency": "币种", "amount": "原币金额", "balance": "原币余额"}},
	{Name: "金蝶 K/3 应收账龄", Target: Target, Mapping: sheet.Mapping{"customer_code": "客户代码", "customer_name": "客户名称", "invoice": "单据号码",
		"issue_date": "单据日期", "due_date": "收款期限", "currency": "币别", "amount": "原币金额", "paid_amount": "已核销金额", "balance": "未核销金额"}},
	{Name: "Generic receivables", Target: Target, Mapping: sheet.Mapping{"customer_code": "Customer code", "customer_name": "Customer name",
		"invoice": "Invoice number", "issue_date": "Invoice date", "due_date": "Due date", "amount": "Amount", "currency": "Currency",
		"paid_amount": "Paid amount", "paid_date": "Paid date"}},
}

// FindMapping returns the saved mapping of that name, else the preset.
func FindMapping(r sheet.Records, name string) (sheet.Mapping, error) {
	m, err := sheet.FindMapping(r, Target, name)
	if err == nil {
		return m, nil
	}
	for _, p := range Presets {
		if strings.EqualFold(p.Name, strings.TrimSpace(name)) {
			return p.Mapping, nil
		}
	}
	return nil, err
}

var currencyNames = map[string]string{
	"人民币": "CNY", "RMB": "CNY", "¥": "CNY", "￥": "CNY", "元": "CNY", "CNH": "CNY",
	"美元": "USD", "US$": "USD", "$": "USD", "USD$": "USD",
	"欧元": "EUR", "€": "EUR", "港币": "HKD", "港元": "HKD", "HK$": "HKD",
	"日元": "JPY", "英镑": "GBP", "£": "GBP",
}

// Currency reads a currency cell or a header's unit ("人民币", "US$",
// "usd"); "" when it names none.
func Currency(s string) string {
	s = strings.TrimSpace(sheet.Clean(s))
	if c, ok := currencyNames[strings.ToUpper(s)]; ok {
		return c
	}
	if c, ok := currencyNames[s]; ok {
		return c
	}
	if u := strings.ToUpper(s); reCurrency.MatchString(u) {
		return u
	}
	return ""
}

var reUnit = regexp.MustCompile(`[(（\[]([^)）\]]+)[)）\]]`)

// unitCurrency is the currency a header names in brackets: 金额(USD),
// 原币金额（人民币）.
func unitCurrency(header string) string {
	if m := reUnit.FindStringSubmatch(header); m != nil {
		return Currency(m[1])
	}
	return ""
}

var reDays = regexp.MustCompile(`(\d{1,3})`)

// Row is one invoice line of an export, with the customer as the export
// names it.
type Row struct {
	Line         int
	CustomerCode string
	CustomerName string
	CustomerID   string
	Invoice      Invoice
}

// ReadRow reads one row of an export: the invoice, or the problems that
// stop it. A negative amount (a credit line of an ageing export) is read
// as an invoice with a negative amount, which the caller turns into a
// credit note.
func ReadRow(b sheet.Binding, headers []string, row sheet.Row, defCurrency string) (Row, []sheet.RowError) {
	var probs []sheet.RowError
	bad := func(field, value, key, msg string) {
		probs = append(probs, sheet.RowError{Line: row.Line, Field: field, Value: value, Key: key, Message: msg,
			Params: map[string]string{"line": strconv.Itoa(row.Line), "field": field, "value": value}})
	}
	get := func(k string) string { return b.Get(row.Cells, k) }
	r := Row{Line: row.Line, CustomerCode: get("customer_code"), CustomerName: get("customer_name"), CustomerID: get("customer_id")}
	inv := Invoice{Number: get("invoice"), Reference: get("reference"), Terms: get("terms")}
	if inv.Number == "" {
		bad("invoice", "", "err.arRowNoInvoice", "no invoice number")
	}
	if r.CustomerCode == "" && r.CustomerName == "" && r.CustomerID == "" {
		bad("customer_name", "", "err.arRowNoCustomer", "no customer named")
	}
	date := func(field string, required bool) string {
		v := get(field)
		if v == "" {
			if required {
				bad(field, v, "err.rowDate", "not a date: \"\"")
			}
			return ""
		}
		d, ok := sheet.Date(v)
		if !ok {
			bad(field, v, "err.rowDate", "not a date: "+strconv.Quote(v))
		}
		return d
	}
	inv.IssueDate = date("issue_date", true)
	inv.DueDate = date("due_date", false)
	inv.PaidDate = date("paid_date", false)
	if inv.DueDate == "" && inv.IssueDate != "" {
		// No due date column: the terms' days after the invoice date.
		if m := reDays.FindString(inv.Terms); m != "" {
			n, _ := strconv.Atoi(m)
			if t, ok := parseDay(inv.IssueDate); ok {
				inv.DueDate = t.AddDate(0, 0, n).Format(day)
			}
		} else if get("due_date") == "" {
			bad("due_date", "", "err.arRowNoDue", "no due date and no terms in days")
		}
	}
	if inv.DueDate != "" && inv.IssueDate != "" && inv.DueDate < inv.IssueDate {
		bad("due_date", inv.DueDate, "err.arRowDueBefore", "due before it was issued")
	}
	num := func(field string) (float64, bool) {
		v := get(field)
		if v == "" {
			return 0, false
		}
		x, ok := sheet.Number(v)
		if !ok || x > 1e13 || x < -1e13 {
			bad(field, v, "err.rowNumber", "not an amount: "+strconv.Quote(v))
			return 0, false
		}
		return x, true
	}
	amt, okAmt := num("amount")
	if !okAmt && get("amount") == "" {
		bad("amount", "", "err.rowNumber", "not an amount: \"\"")
	}
	if okAmt && amt == 0 {
		bad("amount", get("amount"), "err.rowNumber", "an invoice of zero")
	}
	inv.Amount = amt
	paid, okPaid := num("paid_amount")
	bal, okBal := num("balance")
	switch {
	case okPaid:
		inv.PaidAmount = paid
	case okBal:
		inv.PaidAmount = amt - bal
	}
	if amt > 0 && (inv.PaidAmount < -0.005 || inv.PaidAmount > amt+0.005) {
		bad("paid_amount", strconv.FormatFloat(inv.PaidAmount, 'f', 2, 64), "err.arRowPaid", "paid more than the invoice, or less than nothing")
	}
	inv.PaidAmount = max(min(inv.PaidAmount, amt), 0)
	ccy := get("currency")
	switch {
	case ccy != "":
		inv.Currency = Currency(ccy)
		if inv.Currency == "" {
			bad("currency", ccy, "err.arRowCurrency", "unknown currency "+strconv.Quote(ccy))
		}
	default:
		if i, ok := b["amount"]; ok && i < len(headers) {
			inv.Currency = unitCurrency(headers[i])
		}
		if inv.Currency == "" {
			inv.Currency = defCurrency
		}
	}
	r.Invoice = inv
	return r, probs
}
