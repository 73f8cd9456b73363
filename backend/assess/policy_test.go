package assess

import (
	"slices"
	"strings"
	"testing"

	"credence/backend/errs"
)

func TestDefaultPolicyIsValid(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestPolicyValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Policy)
		field string // expected in the message
	}{
		{"currency", func(p *Policy) { p.Currency = "dollars" }, "currency"},
		{"negative weight", func(p *Policy) { p.Profiles["new/b2b"][DimCredit] = -5 }, "profiles.new/b2b"},
		{"profile sums to zero", func(p *Policy) {
			p.Profiles["existing/b2c"] = Weights{DimIdentity: 0}
		}, "profiles.existing/b2c"},
		{"missing profile", func(p *Policy) { delete(p.Profiles, "new/b2c") }, "profiles"},
		{"unknown dimension", func(p *Policy) { p.Profiles["new/b2b"]["luck"] = 5 }, "profiles.new/b2b"},
		{"negative emphasis", func(p *Policy) { p.RegionEmphasis[RegionAfrica][DimCountry] = -1 }, "region_emphasis.africa"},
		{"unknown region", func(p *Policy) { p.RegionEmphasis["atlantis"] = Weights{DimCountry: 2} }, "region_emphasis"},
		{"emphasis zeroes a profile", func(p *Policy) {
			p.RegionEmphasis[RegionEurope] = Weights{DimIdentity: 0, DimTrade: 0, DimCredit: 0, DimSoft: 0, DimCountry: 0, DimVisit: 0, DimPayment: 0}
		}, "region_emphasis.europe"},
		{"bands not descending", func(p *Policy) { p.Bands[1].MinScore = 85 }, "bands.B"},
		{"band order", func(p *Policy) { p.Bands[0], p.Bands[1] = p.Bands[1], p.Bands[0] }, "bands"},
		{"band missing", func(p *Policy) { p.Bands = p.Bands[:4] }, "bands"},
		{"unknown term", func(p *Policy) { p.Bands[0].Terms.Code = "cod" }, "bands.A.terms"},
		{"open account without days", func(p *Policy) { p.Bands[1].Terms.Days = 0 }, "bands.B.terms"},
		{"deposit without a share", func(p *Policy) { p.Bands[2].Terms.DepositPct = 0 }, "bands.C.terms"},
		{"worse grade, higher limit", func(p *Policy) { p.Bands[2].MaxLimit = 300000 }, "bands.C"},
		{"E must decline", func(p *Policy) { p.Bands[4].Decline = false }, "bands.E"},
		{"review interval", func(p *Policy) { p.Bands[0].ReviewMonths = 0 }, "bands.A"},
		{"expected share zero", func(p *Policy) { p.ExpectedShare = 0 }, "expected_share"},
		{"expected share above one", func(p *Policy) { p.ExpectedShare = 1.5 }, "expected_share"},
		{"flag cap grade", func(p *Policy) { p.FlagCapGrade = "F" }, "flag_cap_grade"},
		{"segment cap", func(p *Policy) { p.SegmentCaps = map[string]string{"retail": "C"} }, "segment_caps"},
		{"completeness cap grade", func(p *Policy) { p.CompletenessCaps[0].Grade = "Z" }, "completeness_caps"},
		{"country ceiling category", func(p *Policy) {
			p.CountryCeilings = []CountryCeiling{{FromCategory: 9, Ceiling: Ceiling{Terms: Terms{Code: TermLCSight}}}}
		}, "country_ceilings"},
		{"country ceiling loosens", func(p *Policy) {
			p.CountryCeilings = []CountryCeiling{{FromCategory: 5, Ceiling: Ceiling{Terms: Terms{Code: TermLCSight}}}, {FromCategory: 6, Ceiling: Ceiling{Terms: Terms{Code: TermDP}}}}
		}, "country_ceilings.6"},
		{"band terms loosen", func(p *Policy) { p.Bands[2].Terms = Terms{Code: TermOA, Days: 90} }, "bands.C"},
		{"consumer ceiling terms", func(p *Policy) { p.Consumer = &Ceiling{Terms: Terms{Code: "cash"}} }, "consumer"},
		{"home country", func(p *Policy) { p.HomeCountry = "China" }, "home_country"},
		{"override code", func(p *Policy) {
			p.CountryOverrides, p.CountryOverridesDate = map[string]int{"Germany": 1}, "2026-01-01"
		}, "country_overrides"},
		{"override category", func(p *Policy) { p.CountryOverrides, p.CountryOverridesDate = map[string]int{"NG": 8}, "2026-01-01" }, "country_overrides"},
		{"override without date", func(p *Policy) { p.CountryOverrides = map[string]int{"NG": 7} }, "country_overrides_date"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultPolicy()
			c.edit(&p)
			err := p.Validate()
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("want an invalid error, got %v", err)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Errorf("error %q should name %s", err, c.field)
			}
		})
	}
}

func TestCountryRisk(t *testing.T) {
	p := DefaultPolicy()
	for _, c := range []struct {
		code string
		cat  int
	}{{"DE", 0}, {"us", 0}, {"CN", 2}, {"AE", 2}, {"QA", 2}, {"OM", 3}, {"VN", 4}, {"NG", 6}, {"ME", 6}, {"GE", 5}, {"AR", 7}, {"RU", 7}} {
		got, ok := CountryRisk(c.code, p)
		if !ok || got != c.cat {
			t.Errorf("%s: category %d known %v, want %d", c.code, got, ok, c.cat)
		}
	}
	if _, ok := CountryRisk("ZZ", p); ok {
		t.Error("ZZ should be unknown")
	}
	p.CountryOverrides, p.CountryOverridesDate = map[string]int{"NG": 7, "ZZ": 3}, "2026-03-01"
	if got, _ := CountryRisk("NG", p); got != 7 {
		t.Errorf("override NG: %d", got)
	}
	if got, ok := CountryRisk("zz", p); !ok || got != 3 {
		t.Errorf("override for a country the table lacks: %d %v", got, ok)
	}
	if len(countryRegion) < 120 {
		t.Errorf("region table has %d countries, want at least 120", len(countryRegion))
	}
	for cc, r := range countryRegion {
		if !slices.Contains(Regions, r) || len(cc) != 2 {
			t.Errorf("bad entry %s %s", cc, r)
		}
	}
}

// A country override changes the assessment and says so.
func TestCountryOverrideExplained(t *testing.T) {
	p := DefaultPolicy()
	p.CountryOverrides, p.CountryOverridesDate = map[string]int{"DE": 2}, "2026-01-15"
	a := Assess(solidEuropean(), p)
	var country Dimension
	for _, d := range a.Dimensions {
		if d.Key == DimCountry {
			country = d
		}
	}
	if country.Score != 100-2*countryPointsPerCategory {
		t.Errorf("country score %.1f", country.Score)
	}
	if f := country.Factors[len(country.Factors)-1]; !strings.Contains(f.EN, "firm's policy") || !strings.Contains(f.EN, "2026-01-15") || !strings.Contains(f.ZH, "本公司政策") {
		t.Errorf("override not explained: %+v", f)
	}
}

// Weights follow the customer type: an existing customer's payment record
// weighs most, a B2C buyer's identity more than a B2B buyer's, and the
// region shifts emphasis.
func TestWeightProfiles(t *testing.T) {
	p := DefaultPolicy()
	w := func(in Inputs) map[string]float64 { return Assess(in, p).Weights }
	eu := w(solidEuropean())
	for k, v := range eu {
		if k != DimPayment && v >= eu[DimPayment] {
			t.Errorf("existing customer: %s weighs %g, payment %g", k, v, eu[DimPayment])
		}
	}
	if a := Assess(solidEuropean(), p); a.Profile != "existing/b2b/europe" {
		t.Errorf("profile %s", a.Profile)
	}
	if p.Profiles["new/b2c"][DimIdentity] <= p.Profiles["new/b2b"][DimIdentity] {
		t.Error("B2C should weigh identity more than B2B")
	}
	ng := emphasise(p.Profiles["new/b2b"], p.RegionEmphasis[RegionAfrica])
	de := emphasise(p.Profiles["new/b2b"], p.RegionEmphasis[RegionEurope])
	if ng[DimCountry]/weightsSum(ng) <= de[DimCountry]/weightsSum(de) || de[DimCredit]/weightsSum(de) <= ng[DimCredit]/weightsSum(ng) {
		t.Error("Africa should weigh country risk more, Europe credit rating more")
	}
}
