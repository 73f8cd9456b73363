package visit

import (
	"slices"
	"time"
)

// builtInVersion is the version of the built-in templates shipped with
// this release. Raise it when their items change: visits that used an
// older version keep it, because Start stores the version it uses.
const builtInVersion = 1

var builtInDate = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// Built-in template ids.
const (
	BuiltInOffice    = "builtin-office"
	BuiltInWarehouse = "builtin-warehouse"
	BuiltInFactory   = "builtin-factory"
	BuiltInShowroom  = "builtin-showroom"
)

var builtInIDs = []string{BuiltInOffice, BuiltInWarehouse, BuiltInFactory, BuiltInShowroom}

// IsBuiltIn reports whether id is one of the built-in templates, which
// cannot be overwritten (copy them instead).
func IsBuiltIn(id string) bool { return slices.Contains(builtInIDs, id) }

// BuiltIn returns the four built-in templates: office visit, warehouse,
// factory, showroom/retail. Each call returns fresh values.
func BuiltIn() []Template {
	mk := func(id, kind string, name Text, sections ...Section) Template {
		return Template{ID: id, Version: builtInVersion, Name: name, Kind: kind, BuiltIn: true,
			Sections: sections, UpdatedAt: builtInDate, UpdatedBy: "Credence"}
	}
	return []Template{
		mk(BuiltInOffice, "office", Text{"办公室实地走访", "Office visit"},
			premises(2),
			section("operations", "人员与经营", "People and activity",
				staffClaimed(), staffSeen(), staffMatch(), activityLevel()),
			people(),
			documents(2),
			closing(),
		),
		mk(BuiltInWarehouse, "warehouse", Text{"仓库实地考察", "Warehouse visit"},
			premises(2),
			section("storage", "仓储与发运", "Storage and shipping",
				num("storage_area", "仓储面积（平方米）", "Storage area (m²)",
					"目测或按对方提供的数据填写，并注明来源。", "Estimate it, or enter the figure given to you and say so in the note."),
				stockOnHand(), stockCondition(),
				text("stock_products", "库存的主要产品及品牌", "Main products and brands in stock", false),
				num("loading_docks", "装卸月台／车位数量", "Loading docks or bays", "", ""),
				yesNo("goods_moving", "走访时有货物进出库", "Goods were being received or dispatched during the visit", false, 1),
				withBad(passFail("shipping_capacity", "仓储和发运能力与其向我方采购的规模相符",
					"Storage and shipping capacity fit the volumes the customer buys from us", true, 2), true, false),
				photo("photo_storage", "库区及库存照片", "Photos of the storage area and the stock", 3, true)),
			section("operations", "人员与经营", "People and activity",
				staffClaimed(), staffSeen(), staffMatch(), activityLevel()),
			people(),
			documents(0),
			closing(),
		),
		mk(BuiltInFactory, "factory", Text{"工厂实地考察", "Factory visit"},
			premises(2),
			section("production", "生产能力", "Production",
				num("production_lines", "看到的生产线数量", "Production lines seen", "", ""),
				choice("machinery", "生产设备及其状况", "Machinery and its condition", true, 2,
					opt("modern", "设备较新，维护良好", "Modern and well maintained", 1),
					opt("working", "设备较旧，但运转正常", "Older but in working order", 0.7),
					opt("poor", "设备老化，维护较差", "Worn and poorly maintained", 0.3),
					opt("idle", "设备闲置或缺失", "Idle or missing", 0)),
				num("capacity_stated", "对方声称的月产能（请在备注中写明单位）", "Monthly capacity stated (give the unit in the note)", "", ""),
				choice("utilisation", "产能利用率（现场估计）", "Capacity in use (estimated on site)", true, 1,
					opt("high", "70%以上", "Over 70%", 1),
					opt("medium", "40%–70%", "40–70%", 0.6),
					opt("low", "40%以下", "Under 40%", 0.2),
					opt("stopped", "停产", "Production stopped", 0)),
				withBad(passFail("capacity_fit", "产能与对方声称的规模及向我方的采购量相符",
					"Production capacity fits the size claimed and the volumes bought from us", true, 2), true, false),
				stockOnHand(), stockCondition(),
				yesNo("quality_certs", "现场公示质量体系或产品认证（如ISO 9001、CE）",
					"Quality or product certificates displayed (ISO 9001, CE …)", false, 1),
				photo("photo_production", "生产线及设备照片", "Photos of the production lines and machinery", 3, true)),
			section("operations", "人员与经营", "People and activity",
				staffClaimed(), staffSeen(), staffMatch(), activityLevel()),
			people(),
			documents(2),
			closing(),
		),
		mk(BuiltInShowroom, "showroom", Text{"展厅／门店实地走访", "Showroom or shop visit"},
			premises(2),
			section("shop", "门店经营", "The shop",
				choice("customer_traffic", "走访时的客流", "Customer traffic during the visit", true, 1,
					opt("busy", "客流较多", "Busy", 1),
					opt("moderate", "客流一般", "Some customers", 0.7),
					opt("quiet", "客流稀少", "Few customers", 0.3),
					opt("none", "无客人", "No customers", 0)),
				withBad(passFail("products_match", "陈列商品与向我方采购的货物相符",
					"Products on display match the goods bought from us", true, 2), true, true),
				stockOnHand(), stockCondition(),
				text("other_brands", "陈列的其他品牌或供应商", "Other brands or suppliers on display", false),
				yesNo("sales_seen", "走访时有实际成交（收银、下单、开票）", "Sales were made during the visit (till, orders, invoices)", false, 1),
				num("branches_stated", "对方声称的其他门店或分店数量", "Other shops or branches stated", "", ""),
				photo("photo_shop", "店内及陈列照片", "Photos of the shop floor and the displays", 2, true)),
			section("operations", "人员与经营", "People and activity",
				staffClaimed(), staffSeen(), staffMatch()),
			people(),
			documents(0),
			closing(),
		),
	}
}

// premises: where the customer is, whose premises they are, what the
// outside shows.
func premises(outsidePhotos int) Section {
	return section("premises", "地址与场所", "Address and premises",
		withHelp(withBad(passFail("address_matches", "走访地址与注册地址一致", "The address visited matches the registered address", true, 3), true, true),
			"将街道、门牌号、楼层与注册登记信息逐项核对；不一致时在备注中写明实际地址。",
			"Compare street, number and floor with the registry extract; if they differ, write the actual address in the note."),
		withBad(passFail("signage_name", "门头或楼内标识显示注册公司名称", "Signage shows the registered company name", true, 2), true, true),
		withHelp(withBad(choice("premises_tenure", "经营场所性质", "The premises are", true, 2,
			opt("owned", "自有", "Owned", 1),
			opt("leased", "租赁", "Leased", 0.8),
			opt("shared", "与其他单位共用", "Shared with another company", 0.4),
			opt("virtual", "虚拟办公室或挂靠地址", "A virtual office or mail-drop address", 0)), true, false),
			"如为共用，请在备注和下一项中写明与哪家单位共用。", "If shared, say with whom in the note and in the next item."),
		text("shared_with", "如为共用：与哪家单位共用，双方关系", "If shared: with which company, and how they are related", false),
		yesNo("separate_entrance", "有独立出入口或前台", "The company has its own entrance or reception", false, 1),
		photo("photo_outside", "建筑外观及门头标识照片", "Photos of the building from outside and of the sign", outsidePhotos, true),
	)
}

// people: who was met and whether they know the business.
func people() Section {
	return section("people", "接待人员", "People met",
		withHelp(text("people_met", "接待人员姓名及职务", "People met, with their names and roles", true),
			"逐一写明姓名、职务，并注明是否核验了名片或证件。", "Name and role of each person; say whether you saw a business card or ID."),
		yesNo("owner_met", "见到法定代表人、股东或总经理本人", "The legal representative, an owner or the managing director was met", false, 1),
		withHelp(withBad(passFail("know_business", "接待人员熟悉本公司业务", "The people met know the business", true, 2), true, false),
			"能否说清主要产品、客户、供应商、采购量和付款流程。",
			"Can they explain the main products, customers, suppliers, volumes and how payments are made?"),
	)
}

// documents: the licences on the wall and the papers seen.
func documents(minInsidePhotos int) Section {
	s := section("documents", "证照与文件", "Licences and documents",
		yesNo("licences_displayed", "经营场所公示营业执照或相关许可证", "The business licence or permits are displayed on the premises", false, 1),
		withHelp(withBad(passFail("doc_business_licence", "查验营业执照／公司注册证书原件，与登记信息一致",
			"Business licence or certificate of incorporation seen, matching the registry", true, 3), true, true),
			"核对公司名称、注册号、地址和法定代表人。", "Check name, registration number, address and legal representative."),
		withHelp(passFail("doc_import_export", "查验进出口经营资质（如EORI号、进口商登记、海关编码）",
			"Import/export registration seen (EORI, importer registration, customs code)", false, 2),
			"对方无需此类登记时选“不适用”。", "Choose not applicable where no such registration is needed."),
		passFail("doc_bank_statements", "查看近期银行对账单或流水", "Recent bank statements seen", false, 1),
		passFail("doc_tax_receipts", "查看纳税申报表或完税凭证", "Tax returns or tax payment receipts seen", false, 1),
	)
	if minInsidePhotos > 0 {
		s.Items = append(s.Items, photo("photo_inside", "室内照片（前台、办公区）", "Photos of the inside (reception, work areas)", minInsidePhotos, true))
	}
	return s
}

func closing() Section {
	return section("conclusion", "总体印象", "Overall impression",
		withBad(choice("impression", "对方是否为真实、持续经营的企业", "Is this a real business in steady operation?", true, 2,
			opt("convincing", "可信，经营正常", "Convincing, trading normally", 1),
			opt("doubts", "基本可信，但有疑点", "Mostly convincing, with doubts", 0.5),
			opt("not_convincing", "不可信", "Not convincing", 0)), true, false),
		text("remarks", "其他发现与建议", "Other findings and recommendations", false),
	)
}

func staffClaimed() Item {
	return num("staff_claimed", "对方声称的员工人数", "Staff claimed by the customer", "", "")
}

func staffSeen() Item {
	return withHelp(num("staff_seen", "现场看到的在岗员工人数", "Staff seen at work", "", ""),
		"如该客户已知声称人数，可在复制的模板中设为预期值。", "Where the claimed figure is known, a copied template can set it as the expected value.")
}

func staffMatch() Item {
	return withBad(choice("staff_match", "在岗人数与声称人数相比", "Staff seen compared with staff claimed", true, 2,
		opt("as_claimed", "基本相符", "About as claimed", 1),
		opt("fewer", "明显偏少，但超过一半", "Clearly fewer, but more than half", 0.5),
		opt("far_fewer", "不到一半", "Fewer than half", 0)), true, false)
}

func activityLevel() Item {
	return choice("activity_level", "走访时的经营活跃程度", "Activity level during the visit", true, 1,
		opt("busy", "繁忙", "Busy", 1),
		opt("normal", "正常", "Normal", 0.7),
		opt("quiet", "冷清", "Quiet", 0.3),
		opt("none", "无人办公", "Nobody working", 0))
}

func stockOnHand() Item {
	return choice("stock_on_hand", "现场库存量", "Stock on hand", true, 1,
		opt("full", "库存充足", "Well stocked", 1),
		opt("half", "约半仓", "About half full", 0.7),
		opt("little", "库存很少", "Little stock", 0.3),
		opt("empty", "无库存", "Empty", 0))
}

func stockCondition() Item {
	return withBad(passFail("stock_condition", "货物状况良好，存放规范，标识清楚", "Stock is in good condition, properly stored and labelled", false, 1), true, true)
}

func section(id, zh, en string, items ...Item) Section {
	return Section{ID: id, Title: Text{zh, en}, Items: items}
}

func passFail(id, zh, en string, required bool, weight float64) Item {
	return Item{ID: id, Label: Text{zh, en}, Type: TypePassFail, Required: required, Weight: weight}
}

func yesNo(id, zh, en string, required bool, weight float64) Item {
	return Item{ID: id, Label: Text{zh, en}, Type: TypeYesNo, Required: required, Weight: weight, GoodAnswer: "yes"}
}

func num(id, zh, en, helpZH, helpEN string) Item {
	return Item{ID: id, Label: Text{zh, en}, Help: Text{helpZH, helpEN}, Type: TypeNumber}
}

func text(id, zh, en string, required bool) Item {
	return Item{ID: id, Label: Text{zh, en}, Type: TypeText, Required: required}
}

func photo(id, zh, en string, min int, required bool) Item {
	return Item{ID: id, Label: Text{zh, en}, Type: TypePhoto, Required: required, MinPhotos: min}
}

func choice(id, zh, en string, required bool, weight float64, choices ...Choice) Item {
	return Item{ID: id, Label: Text{zh, en}, Type: TypeChoice, Required: required, Weight: weight, Choices: choices}
}

func opt(value, zh, en string, score float64) Choice {
	return Choice{Value: value, Label: Text{zh, en}, Score: score}
}

func withBad(it Item, note, photo bool) Item {
	it.NoteOnBad, it.PhotoOnBad = note, photo
	return it
}

func withHelp(it Item, zh, en string) Item {
	it.Help = Text{zh, en}
	return it
}
