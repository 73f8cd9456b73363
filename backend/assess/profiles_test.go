package assess

import (
	"time"

	"credence/backend/dossier"
)

// The named customer profiles the tests judge. Each builds fresh values so
// a test may change its copy.

var testNow = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

func src(kind, date string) []dossier.Source { return []dossier.Source{{Kind: kind, Date: date}} }

func verified(v, kind string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Verified, Sources: src(kind, "2026-02-10")}
}

func said(v string) dossier.Fact {
	return dossier.Fact{Value: v, State: dossier.Unverified, Sources: src("customer", "2026-03-01")}
}

// solidEuropean: a German distributor we have sold to for three years.
// Registry-verified, a good D&B report, an Allianz Trade limit, punctual.
func solidEuropean() Inputs {
	d := &dossier.Dossier{
		ID:                  "eu-1",
		LegalName:           verified("Müller Industriebedarf GmbH", "registry"),
		Country:             verified("DE", "registry"),
		RegisteredAddress:   verified("Hafenstraße 12, 28217 Bremen", "registry"),
		RegistrationDate:    verified("2004-05-12", "registry"),
		RegisteredCapital:   verified("250000", "registry"),
		CapitalCurrency:     "EUR",
		LegalRepresentative: verified("Katrin Müller", "registry"),
		Website:             verified("https://www.mueller-industriebedarf.de", "website"),
		Emails:              []dossier.Fact{said("einkauf@mueller-industriebedarf.de")},
		Phones:              []dossier.Fact{said("+49 421 555 0120")},
		Identifiers: []dossier.Fact{
			{ID: "i1", Type: "vat", Value: "DE811907980", State: dossier.Verified, Sources: src("registry", "2026-02-10")},
			{ID: "i2", Type: "lei", Value: "529900T8BM49AURSDO55", State: dossier.Verified, Sources: src("registry", "2026-02-10")},
		},
		Segment: "b2b", BusinessType: "distributor", Status: "active", KeyAccount: true,
		Contacts: []dossier.Contact{
			{ID: "c1", Name: "Jonas Weber", Role: "purchasing"},
			{ID: "c2", Name: "Dr. Anna Schulz", Role: "technical"},
			{ID: "c3", Name: "Petra Vogel", Role: "finance"},
		},
		CreditReports: []dossier.CreditReport{
			{ID: "r0", Agency: "Creditsafe", Date: "2024-01-15", Score: 71, ScaleMin: 0, ScaleMax: 100, Rating: "B", RecommendedLimit: 90000, Currency: "EUR"},
			{ID: "r1", Agency: "D&B", Date: "2025-11-20", Score: 82, ScaleMin: 1, ScaleMax: 100, Rating: "5A1", RecommendedLimit: 150000, Currency: "USD"},
		},
		Banks:      []dossier.Bank{{ID: "b1", Name: "Deutsche Bank", Rating: "A-"}},
		References: []dossier.Reference{{ID: "f1", Who: "Ningbo Tools Co.", Payment: "prompt", Since: "2019"}, {ID: "f2", Who: "Yongkang Hardware", Payment: "prompt", Since: "2021"}},
		InsuranceLimits: []dossier.InsuranceLimit{
			{ID: "l0", Insurer: "Sinosure", Amount: 200000, Currency: "USD", Expiry: "2025-06-30"},
			{ID: "l1", Insurer: "Allianz Trade", Amount: 120000, Currency: "USD", Expiry: "2026-12-31"},
		},
		Soft:     dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 12, DecisionRoles: []string{"purchasing", "technical", "finance"}, TechConfirmation: true},
		Expected: dossier.Expected{AnnualVolume: 900000, Currency: "USD", RequestedTerms: "oa_60"},
	}
	return Inputs{
		Dossier:    d,
		Existing:   true,
		Trade:      &TradeSummary{Shipments: 64, Months: 40, Suppliers: 6, ChinaShare: 0.55, TrendPct: 12, SteadyBuyer: true},
		Payment:    &PaymentSummary{Invoices: 38, OnTimeShare: 0.95, AvgDaysBeyondTerms: 2, TrendDaysBeyond: -1, Exposure: 85000, MaxDaysOverdue: 8},
		FieldVisit: &VisitSummary{Score: 88, Date: "2025-06-10"},
		Now:        testNow,
	}
}

// middleEastGmail: a new "general trading" company in Dubai met once;
// everything it told us is its own word, and it writes from Gmail.
func middleEastGmail() Inputs {
	d := &dossier.Dossier{
		ID:        "me-1",
		LatinName: said("Gulf Star General Trading LLC"),
		Country:   said("AE"),
		Emails:    []dossier.Fact{said("gulfstar.trading@gmail.com")},
		Phones:    []dossier.Fact{said("+971 50 123 4567")},
		Segment:   "b2b", BusinessType: "trading", Status: "lead",
		Contacts: []dossier.Contact{{ID: "c1", Name: "Mr. Khalid", Role: "owner"}},
		Soft:     dossier.SoftInfo{NamesQuantity: true, ResponseHours: 2, DecisionRoles: []string{"owner"}},
		Expected: dossier.Expected{AnnualVolume: 2000000, Currency: "USD", RequestedTerms: "oa_90"},
	}
	return Inputs{Dossier: d, Now: testNow}
}

// b2cBuyer: a private buyer in the UK ordering a workshop machine; name and
// address confirmed by a consumer credit check, which scored well.
func b2cBuyer() Inputs {
	d := &dossier.Dossier{
		ID:                "b2c-1",
		LatinName:         dossier.Fact{Value: "Oliver Bennett", State: dossier.Verified, Sources: []dossier.Source{{Kind: "customer"}, {Kind: "agency", Date: "2026-03-02"}}},
		Country:           said("GB"),
		RegisteredAddress: dossier.Fact{Value: "14 Mill Lane, Hebden Bridge HX7 8AB", State: dossier.Verified, Sources: []dossier.Source{{Kind: "customer"}, {Kind: "agency", Date: "2026-03-02"}}},
		Emails:            []dossier.Fact{said("oliver.bennett@gmail.com")},
		Phones:            []dossier.Fact{said("+44 7700 900123")},
		Segment:           "b2c", BusinessType: "end_user", Status: "new",
		CreditReports: []dossier.CreditReport{
			{ID: "r1", Agency: "Experian", Date: "2026-03-02", Score: 880, ScaleMin: 0, ScaleMax: 999},
		},
		Soft:     dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, ResponseHours: 24, DecisionRoles: []string{"owner"}},
		Expected: dossier.Expected{AnnualVolume: 24000, Currency: "USD"},
	}
	return Inputs{Dossier: d, Now: testNow}
}

// slipping: a Vietnamese distributor we have sold to since 2019, before
// and after a bad half-year: later payments, invoices overdue.
func slipping(after bool) Inputs {
	d := &dossier.Dossier{
		ID:                "vn-1",
		LegalName:         verified("Công ty TNHH Thương mại Minh Phát", "registry"),
		LatinName:         verified("Minh Phat Trading Co., Ltd", "registry"),
		Country:           verified("VN", "registry"),
		RegisteredAddress: verified("45 Nguyễn Văn Linh, Quận 7, TP. Hồ Chí Minh", "registry"),
		RegistrationDate:  verified("2011-08-03", "registry"),
		Identifiers:       []dossier.Fact{{ID: "i1", Type: "mst", Value: "0301234567", State: dossier.Verified, Sources: src("registry", "2025-09-01")}},
		Website:           verified("https://minhphat.vn", "website"),
		Emails:            []dossier.Fact{said("purchase@minhphat.vn")},
		Phones:            []dossier.Fact{said("+84 28 3776 1234")},
		Segment:           "b2b", BusinessType: "distributor", Status: "active",
		CreditReports: []dossier.CreditReport{
			{ID: "r1", Agency: "Sinosure", Date: "2025-09-01", Score: 68, ScaleMin: 0, ScaleMax: 100, RecommendedLimit: 100000, Currency: "USD"},
		},
		Banks:    []dossier.Bank{{ID: "b1", Name: "Vietcombank", Rating: "Ba2"}},
		Soft:     dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 24, DecisionRoles: []string{"purchasing", "owner"}},
		Expected: dossier.Expected{AnnualVolume: 480000, Currency: "USD"},
	}
	in := Inputs{
		Dossier:  d,
		Existing: true,
		Trade:    &TradeSummary{Shipments: 30, Months: 36, Suppliers: 4, ChinaShare: 0.7, TrendPct: 3, SteadyBuyer: true},
		Payment:  &PaymentSummary{Invoices: 42, OnTimeShare: 0.9, AvgDaysBeyondTerms: 4, TrendDaysBeyond: 0, Exposure: 90000, MaxDaysOverdue: 12},
		Now:      testNow.AddDate(0, -6, 0),
	}
	if after {
		in.Payment = &PaymentSummary{Invoices: 50, OnTimeShare: 0.58, AvgDaysBeyondTerms: 24, TrendDaysBeyond: 18, OverdueAmount: 38000, Exposure: 95000, MaxDaysOverdue: 75}
		in.Now = testNow
	}
	return in
}

// sanctioned: an otherwise unremarkable Turkish trading company that
// screening matched to a sanctions list entry, confirmed by a person.
func sanctioned() Inputs {
	d := &dossier.Dossier{
		ID:                "tr-1",
		LatinName:         verified("Anatolia Makina Dış Ticaret A.Ş.", "registry"),
		Country:           verified("TR", "registry"),
		RegisteredAddress: verified("Maslak Mah. Büyükdere Cad. 255, Sarıyer, İstanbul", "registry"),
		RegistrationDate:  verified("2015-02-20", "registry"),
		Identifiers:       []dossier.Fact{{ID: "i1", Type: "other", Value: "0680123456", State: dossier.Verified, Sources: src("registry", "2026-02-10")}},
		Website:           said("https://anatoliamakina.com.tr"),
		Emails:            []dossier.Fact{said("export@anatoliamakina.com.tr")},
		Phones:            []dossier.Fact{said("+90 212 555 0101")},
		Segment:           "b2b", BusinessType: "trading", Status: "new",
		Soft:     dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 6, DecisionRoles: []string{"purchasing", "technical"}},
		Expected: dossier.Expected{AnnualVolume: 300000, Currency: "USD"},
	}
	return Inputs{
		Dossier: d,
		Trade:   &TradeSummary{Shipments: 22, Months: 24, Suppliers: 3, ChinaShare: 0.4, TrendPct: 30, SteadyBuyer: true},
		RedFlags: []RedFlag{{Code: FlagSanctionsConfirmed, Severity: SeverityDecline, Source: "screening",
			EN: "Confirmed match on the OFAC SDN list (entry 36125), reviewed by L. Chen on 2026-03-10.",
			ZH: "经陈磊于2026-03-10复核，确认与美国OFAC SDN名单（条目36125）匹配。"}},
		Now: testNow,
	}
}

// badCheckDigit: a new British wholesaler with a strong file, except that
// the company number it gave fails its check.
func badCheckDigit() Inputs {
	d := &dossier.Dossier{
		ID:                "gb-1",
		LatinName:         verified("Thames Valley Tools Ltd", "registry"),
		Country:           verified("GB", "registry"),
		RegisteredAddress: verified("Unit 4, Kennet Park, Reading RG1 8DN", "registry"),
		RegistrationDate:  verified("2009-10-01", "registry"),
		Identifiers:       []dossier.Fact{said("GB12345678X")},
		Website:           verified("https://thamesvalleytools.co.uk", "website"),
		Emails:            []dossier.Fact{said("buying@thamesvalleytools.co.uk")},
		Phones:            []dossier.Fact{said("+44 118 496 0000")},
		Segment:           "b2b", BusinessType: "importer", Status: "new",
		CreditReports: []dossier.CreditReport{
			{ID: "r1", Agency: "Creditsafe", Date: "2026-02-01", Score: 84, ScaleMin: 0, ScaleMax: 100, Rating: "A", RecommendedLimit: 80000, Currency: "USD"},
		},
		InsuranceLimits: []dossier.InsuranceLimit{{ID: "l1", Insurer: "Atradius", Amount: 75000, Currency: "USD", Expiry: "2027-01-31"}},
		Soft:            dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 8, DecisionRoles: []string{"purchasing", "technical", "finance"}, TechConfirmation: true},
		Expected:        dossier.Expected{AnnualVolume: 400000, Currency: "USD"},
	}
	d.Identifiers[0].Type = "gb_company"
	return Inputs{
		Dossier: d,
		Trade:   &TradeSummary{Shipments: 48, Months: 48, Suppliers: 5, ChinaShare: 0.6, TrendPct: 8, SteadyBuyer: true},
		RedFlags: []RedFlag{{Code: FlagIdentifierCheckDigit, Severity: SeverityCap, Source: "idcheck",
			EN: "UK company number GB12345678X is not well formed: a company number is 8 characters, digits or a two-letter prefix and 6 digits.",
			ZH: "英国公司注册号GB12345678X格式错误：公司注册号为8位，全为数字或两位字母前缀加6位数字。"}},
		Now: testNow,
	}
}

// nigeriaStrong: a well-documented Lagos importer with good credit; the
// grade alone would allow open credit, but country risk calls for an L/C.
func nigeriaStrong() Inputs {
	d := &dossier.Dossier{
		ID:                "ng-1",
		LatinName:         verified("Eko Building Materials Ltd", "registry"),
		Country:           verified("NG", "registry"),
		RegisteredAddress: verified("21 Creek Road, Apapa, Lagos", "registry"),
		RegistrationDate:  verified("2003-06-18", "registry"),
		Identifiers:       []dossier.Fact{{ID: "i1", Type: "other", Value: "RC 512345", State: dossier.Verified, Sources: src("registry", "2026-01-20")}},
		Website:           verified("https://ekobuild.com.ng", "website"),
		Emails:            []dossier.Fact{said("imports@ekobuild.com.ng")},
		Phones:            []dossier.Fact{said("+234 1 555 0199")},
		Segment:           "b2b", BusinessType: "importer", Status: "active",
		CreditReports: []dossier.CreditReport{
			{ID: "r1", Agency: "Sinosure", Date: "2026-01-05", Score: 80, ScaleMin: 0, ScaleMax: 100, RecommendedLimit: 150000, Currency: "USD"},
		},
		Banks:      []dossier.Bank{{ID: "b1", Name: "Zenith Bank", Rating: "B"}},
		References: []dossier.Reference{{ID: "f1", Who: "Foshan Ceramics", Payment: "prompt"}},
		Soft:       dossier.SoftInfo{NamesSpecs: true, NamesQuantity: true, NamesDelivery: true, NamesPayment: true, ResponseHours: 20, DecisionRoles: []string{"purchasing", "finance", "owner"}},
		Expected:   dossier.Expected{AnnualVolume: 600000, Currency: "USD"},
	}
	return Inputs{
		Dossier:    d,
		Existing:   true,
		Trade:      &TradeSummary{Shipments: 55, Months: 48, Suppliers: 5, ChinaShare: 0.8, TrendPct: 5, SteadyBuyer: true},
		Payment:    &PaymentSummary{Invoices: 30, OnTimeShare: 0.93, AvgDaysBeyondTerms: 3, Exposure: 60000, MaxDaysOverdue: 9},
		FieldVisit: &VisitSummary{Score: 84, Date: "2025-10-02"},
		Now:        testNow,
	}
}
