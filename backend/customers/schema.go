// Package customers brings a firm's existing customer list in from Excel
// or CSV (matching each row against the dossiers already kept, merging
// instead of duplicating) and takes the list and single dossiers out as
// XLSX workbooks.
package customers

import "credence/backend/sheet"

// Target names customer-list mappings among the saved ones.
const Target = "customers"

// Schema is what a customer list can hold, with the headers CRM exports
// and hand-kept sheets use for it.
var Schema = sheet.Schema{
	{Key: "legal_name", Kind: sheet.Text, Required: true, Synonyms: []string{"客户名称", "公司名称", "客户", "企业名称", "单位名称", "名称", "公司", "Customer", "Customer name", "Company", "Company name", "Legal name", "Account name", "Account", "Name"}},
	{Key: "latin_name", Kind: sheet.Text, Synonyms: []string{"英文名称", "英文名", "外文名称", "English name", "Latin name", "Name (English)"}},
	{Key: "country", Kind: sheet.Text, Synonyms: []string{"国家", "国家/地区", "国别", "所在国家", "Country", "Country/Region", "Nation"}},
	{Key: "registered_address", Kind: sheet.Text, Synonyms: []string{"地址", "公司地址", "注册地址", "Address", "Registered address", "Street"}},
	{Key: "email", Kind: sheet.Text, Synonyms: []string{"邮箱", "电子邮件", "邮件", "电邮", "E-mail", "Email", "Mail", "Email address"}},
	{Key: "phone", Kind: sheet.Text, Synonyms: []string{"电话", "联系电话", "手机", "座机", "Phone", "Telephone", "Tel", "Mobile"}},
	{Key: "website", Kind: sheet.Text, Synonyms: []string{"网站", "网址", "官网", "Website", "Web", "URL", "Homepage"}},
	{Key: "contact", Kind: sheet.Text, Synonyms: []string{"联系人", "Contact", "Contact person", "Contact name"}},
	{Key: "contact_title", Kind: sheet.Text, Synonyms: []string{"职位", "职务", "Title", "Position", "Job title"}},
	{Key: "wechat", Kind: sheet.Text, Synonyms: []string{"微信", "WeChat"}},
	{Key: "whatsapp", Kind: sheet.Text, Synonyms: []string{"WhatsApp"}},
	{Key: "id_uscc", Kind: sheet.Text, Synonyms: []string{"统一社会信用代码", "信用代码", "USCC", "Unified social credit code"}},
	{Key: "id_vat", Kind: sheet.Text, Synonyms: []string{"增值税号", "VAT号", "税号", "VAT", "VAT number", "VAT ID", "Tax ID"}},
	{Key: "id_company", Kind: sheet.Text, Synonyms: []string{"注册号", "公司注册号", "Company number", "Registration number", "Reg. no", "Registration no"}},
	{Key: "id_duns", Kind: sheet.Text, Synonyms: []string{"邓白氏编码", "DUNS", "D-U-N-S"}},
	{Key: "id_lei", Kind: sheet.Text, Synonyms: []string{"LEI"}},
	{Key: "id_ein", Kind: sheet.Text, Synonyms: []string{"EIN"}},
	{Key: "registration_date", Kind: sheet.Day, Synonyms: []string{"成立日期", "注册日期", "成立时间", "Registration date", "Founded", "Incorporated", "Date of incorporation"}},
	{Key: "registered_capital", Kind: sheet.Amount, Synonyms: []string{"注册资本", "注册资金", "Registered capital", "Capital"}},
	{Key: "capital_currency", Kind: sheet.Text, Synonyms: []string{"币种", "币别", "Currency"}},
	{Key: "legal_representative", Kind: sheet.Text, Synonyms: []string{"法定代表人", "法人", "法人代表", "Legal representative", "Director", "CEO"}},
	{Key: "business_scope", Kind: sheet.Text, Synonyms: []string{"经营范围", "主营产品", "主营业务", "Business scope", "Products", "Industry"}},
	{Key: "business_type", Kind: sheet.Text, Synonyms: []string{"客户类型", "企业类型", "Customer type", "Business type", "Type"}},
	{Key: "status", Kind: sheet.Text, Synonyms: []string{"状态", "客户状态", "Status", "Stage"}},
	{Key: "owner", Kind: sheet.Text, Synonyms: []string{"业务员", "负责人", "跟进人", "销售", "Owner", "Sales rep", "Salesperson", "Account owner"}},
	{Key: "tags", Kind: sheet.Text, Synonyms: []string{"标签", "分组", "Tags", "Tag", "Group"}},
	{Key: "notes", Kind: sheet.Text, Synonyms: []string{"备注", "说明", "Notes", "Note", "Remarks", "Comment"}},
}
