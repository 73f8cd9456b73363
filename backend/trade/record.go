// Package trade keeps the customs and shipment records of a buyer (the
// exports of customs-data services and 海关数据 vendors), imported with
// the sheet machinery, and derives what they say about the buyer: how
// often and how much it imports, from how many suppliers and for how
// long, how much from China, whether it buys steadily — the figures
// behind the assessment's trade-stability dimension.
package trade

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"credence/backend/sheet"
)

// Target names trade-record mappings among the saved ones.
const Target = "trade"

// Record is one shipment.
type Record struct {
	ID              string  `json:"id"`
	DossierID       string  `json:"dossier_id"`
	Date            string  `json:"date"` // YYYY-MM-DD
	Importer        string  `json:"importer,omitempty"`
	Supplier        string  `json:"supplier,omitempty"`
	SupplierCountry string  `json:"supplier_country,omitempty"` // ISO code when known
	HSCode          string  `json:"hs_code,omitempty"`
	Product         string  `json:"product,omitempty"`
	Quantity        float64 `json:"quantity,omitempty"`
	Unit            string  `json:"unit,omitempty"`
	WeightKg        float64 `json:"weight_kg,omitempty"`
	Value           float64 `json:"value,omitempty"`
	Currency        string  `json:"currency,omitempty"`
	LoadingPort     string  `json:"loading_port,omitempty"`
	DischargePort   string  `json:"discharge_port,omitempty"`
	File            string  `json:"file,omitempty"` // the file it came from
}

// key identifies a shipment by its content, so that the same row imported
// again (from the same file or an overlapping export) replaces itself.
func (r *Record) key() string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%s|%s|%s|%s|%g|%g|%g|%s|%s", r.Date, r.Importer, r.Supplier, r.SupplierCountry,
		r.HSCode, r.Product, r.Quantity, r.WeightKg, r.Value, r.LoadingPort, r.DischargePort))
	return r.Date + "/" + hex.EncodeToString(h[:12])
}

// Schema is what a customs export holds, with the headers vendors use.
var Schema = sheet.Schema{
	{Key: "date", Kind: sheet.Day, Required: true, Synonyms: []string{"日期", "进口日期", "申报日期", "出口日期", "提单日期", "到港日期", "Date", "Arrival date", "Shipment date", "Bill of lading date", "B/L date", "Declaration date"}},
	{Key: "importer", Kind: sheet.Text, Synonyms: []string{"进口商", "采购商", "买家", "收货人", "Importer", "Buyer", "Consignee", "Importer name"}},
	{Key: "supplier", Kind: sheet.Text, Synonyms: []string{"供应商", "出口商", "发货人", "卖家", "Supplier", "Exporter", "Shipper", "Seller", "Supplier name"}},
	{Key: "supplier_country", Kind: sheet.Text, Synonyms: []string{"供应商国家", "出口国", "原产国", "起运国", "Supplier country", "Country of origin", "Origin country", "Exporter country", "Shipper country", "Origin"}},
	{Key: "hs_code", Kind: sheet.Text, Synonyms: []string{"海关编码", "HS编码", "商品编码", "税号", "HS code", "HS", "HTS code", "Tariff code"}},
	{Key: "product", Kind: sheet.Text, Synonyms: []string{"产品", "产品描述", "商品名称", "货物描述", "品名", "Product", "Product description", "Description", "Goods description", "Commodity"}},
	{Key: "quantity", Kind: sheet.Amount, Synonyms: []string{"数量", "Quantity", "Qty"}},
	{Key: "unit", Kind: sheet.Text, Synonyms: []string{"单位", "数量单位", "Unit", "Quantity unit"}},
	{Key: "weight", Kind: sheet.Amount, Synonyms: []string{"重量", "毛重", "净重", "重量(kg)", "Weight", "Gross weight", "Net weight", "Weight (kg)"}},
	{Key: "value", Kind: sheet.Amount, Synonyms: []string{"金额", "货值", "总价", "美元金额", "Value", "Total value", "Amount", "Value (USD)", "FOB value", "CIF value"}},
	{Key: "currency", Kind: sheet.Text, Synonyms: []string{"币种", "币制", "Currency"}},
	{Key: "loading_port", Kind: sheet.Text, Synonyms: []string{"起运港", "装货港", "Port of loading", "Loading port", "Foreign port", "POL"}},
	{Key: "discharge_port", Kind: sheet.Text, Synonyms: []string{"目的港", "卸货港", "Port of discharge", "Discharge port", "US port", "Port of unlading", "POD"}},
}
