package sanctions

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// typicalThreshold is the score above which the product flags a buyer.
const typicalThreshold = 0.85

var (
	realIndexOnce sync.Once
	realIndex     *Index
	realIndexErr  error
)

// mustRealIndex builds (once) an index over the real OFAC SDN and UN lists.
func mustRealIndex(tb testing.TB) *Index {
	tb.Helper()
	mustData(tb, "ofac-sdn")
	mustData(tb, "un-consolidated.xml")
	realIndexOnce.Do(func() {
		var ofac, un *List
		if ofac, realIndexErr = Load(dataDir+"/ofac-sdn", ""); realIndexErr != nil {
			return
		}
		if un, realIndexErr = Load(dataDir+"/un-consolidated.xml", ""); realIndexErr != nil {
			return
		}
		realIndex = NewIndex(ofac, un)
	})
	if realIndexErr != nil {
		tb.Fatal(realIndexErr)
	}
	return realIndex
}

func TestScreenFinds(t *testing.T) {
	ix := mustRealIndex(t)
	tests := []struct {
		name   string
		q      Query
		list   string
		id     string
		reason string // a reason code prefix the hit must carry
	}{
		{"reordered individual", Query{Name: "Ayman al-Zawahiri"}, "ofac_sdn", "2676", "word_order"},
		{"typo in individual", Query{Name: "Ayman al-Zawahri"}, "ofac_sdn", "2676", ""},
		{"typo in entity", Query{Name: "Banco Nacinal de Cuba"}, "ofac_sdn", "306", "typo:1"},
		{"typo transposition", Query{Name: "Islamic Revolutoinary Guard Corps"}, "ofac_sdn", "10391", "typo:1"},
		{"lowercase, accents removed", Query{Name: "francois yangouvonda bozize"}, "un", "690727", ""},
		{"accents added", Query{Name: "Fránçois Bozizé"}, "ofac_sdn", "16723", ""},
		{"legal form changed", Query{Name: "Anglo Caribbean Company Limited"}, "ofac_sdn", "173", "legal_form_ignored"},
		{"legal form S.A. de C.V.", Query{Name: "Cecoex S.A. de C.V."}, "ofac_sdn", "480", "legal_form_ignored"},
		{"legal form dropped", Query{Name: "Tidewater Middle East"}, "ofac_sdn", "12803", ""},
		{"alias", Query{Name: "National Bank of Cuba"}, "ofac_sdn", "306", "alias"},
		{"alias UN", Query{Name: "Korea Ryonha Machinery JV"}, "un", "690767", "alias"},
		{"transliteration", Query{Name: "Osama bin Laden"}, "ofac_sdn", "6365", "translit"},
		{"abdul/abd al", Query{Name: "Abd al-Rahman Yasin"}, "un", "113328", "translit"},
		{"joined pinyin", Query{Name: "Hua Xin Shipping Hong Kong Ltd"}, "un", "6908693", "joined_tokens"},
		{"Han original script", Query{Name: "長安海連技術有限公司"}, "un", "6908691", "han_exact"},
		{"Han simplified, legal form changed", Query{Name: "沈忠国际海运股份有限公司"}, "un", "6908696", "han_exact"},
		{"Han in query alias", Query{Name: "Chang An Shipping Technology", Aliases: []string{"长安海连技术有限公司"}}, "un", "6908691", ""},
		{"country and date of birth", Query{Name: "Ayman Zawahiri", Country: "Egypt", BirthDate: "19 Jun 1951"}, "un", "111923", "dob_match:1951-06-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Screen(tt.q, typicalThreshold, 10)
			i := slices.IndexFunc(hits, func(h Hit) bool { return h.List == tt.list && h.EntryID == tt.id })
			if i < 0 {
				t.Fatalf("%s %s not found; hits %+v; below threshold: %+v", tt.list, tt.id, hits, ix.Screen(tt.q, 0.3, 5))
			}
			h := hits[i]
			if tt.reason != "" && !slices.ContainsFunc(h.Reasons, func(r string) bool { return strings.HasPrefix(r, tt.reason) }) {
				t.Errorf("reasons %q lack %q", h.Reasons, tt.reason)
			}
			if h.Score < typicalThreshold || h.Score > 1 {
				t.Errorf("score %v", h.Score)
			}
		})
	}
}

func TestScreenIgnores(t *testing.T) {
	ix := mustRealIndex(t)
	for _, name := range []string{
		"Shenzhen Bright Lighting Co., Ltd",
		"Acme Trading LLC",
		"General Trading Company",
		"Hamburg Maschinenbau GmbH",
		"Global Import Export Ltd",
		"International Trading Group Limited",
		"General Import Export Trading Corp",
		"Shanghai Golden Sun Import and Export Co., Ltd",
		"Nordic Timber AB",
		"Istanbul Tekstil Sanayi ve Ticaret A.S.",
		"Mumbai Pharma Private Limited",
		"Bangkok Food Products Public Company Limited",
		"深圳市光明照明有限公司",
		"Rotterdam Logistics B.V.",
	} {
		t.Run(name, func(t *testing.T) {
			if hits := ix.Screen(Query{Name: name}, typicalThreshold, 5); len(hits) > 0 {
				t.Errorf("unexpected hits: %+v", hits)
			}
		})
	}
}

func TestScreenGenericOnly(t *testing.T) {
	ix := mustRealIndex(t)
	for _, name := range []string{"TRADING", "General Trading Company", "International Group Corp", "Global Import Export Limited"} {
		for _, h := range ix.Screen(Query{Name: name}, 0, 0) {
			if h.Score > genericOnlyCap+maxBoost {
				t.Errorf("%q: %+v", name, h)
			}
		}
	}
}

func TestScreenCountryAndBirthDate(t *testing.T) {
	ix := mustRealIndex(t)
	base := ix.Screen(Query{Name: "Ayman Zawahiri"}, 0.5, 0)
	find := func(hs []Hit) Hit {
		for _, h := range hs {
			if h.List == "un" && h.EntryID == "111923" {
				return h
			}
		}
		t.Fatalf("UN 111923 not in %+v", hs)
		return Hit{}
	}
	b := find(base)
	match := find(ix.Screen(Query{Name: "Ayman Zawahiri", Country: "EG", BirthDate: "1951-06-19"}, 0.5, 0))
	miss := find(ix.Screen(Query{Name: "Ayman Zawahiri", Country: "Norway", BirthDate: "1980"}, 0.5, 0))
	if !(match.Score >= b.Score && miss.Score < b.Score) {
		t.Errorf("scores: base %v, match %v %q, mismatch %v %q", b.Score, match.Score, match.Reasons, miss.Score, miss.Reasons)
	}
	if !slices.Contains(miss.Reasons, "dob_mismatch:1980") {
		t.Errorf("mismatch reasons %q", miss.Reasons)
	}
}

func TestScreenOrderAndLimit(t *testing.T) {
	ix := mustRealIndex(t)
	hits := ix.Screen(Query{Name: "Bank Sepah"}, 0.3, 3)
	if len(hits) != 3 {
		t.Fatalf("%d hits, want 3", len(hits))
	}
	seen := map[string]bool{}
	for i, h := range hits {
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("not sorted: %+v", hits)
		}
		if seen[h.List+h.EntryID] {
			t.Errorf("entry twice: %+v", h)
		}
		seen[h.List+h.EntryID] = true
	}
	if len(ix.Screen(Query{}, 0, 0)) != 0 || len(ix.Screen(Query{Name: " ,.- "}, 0, 0)) != 0 {
		t.Error("empty query gave hits")
	}
}

func TestScreenConcurrent(t *testing.T) {
	ix := mustRealIndex(t)
	want := ix.Screen(Query{Name: "Banco Nacional de Cuba"}, 0.5, 0)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				got := ix.Screen(Query{Name: "Banco Nacional de Cuba"}, 0.5, 0)
				if len(got) != len(want) || got[0].EntryID != want[0].EntryID {
					t.Errorf("concurrent result differs")
					return
				}
				ix.Screen(Query{Name: "Islamic Revolutionary Guard Corps"}, 0.5, 0)
			}
		}()
	}
	wg.Wait()
}

func TestIndexSmallLists(t *testing.T) {
	eu, err := Load("testdata/eu-sample.xml", "")
	if err != nil {
		t.Fatal(err)
	}
	uk, err := Load("testdata/uk-conlist-sample.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(eu, nil, uk)
	if ix.Len() != 7 {
		t.Fatalf("Len = %d", ix.Len())
	}
	tests := []struct{ q, list, id string }{
		{"Sample Shipbuilding Plant JSC", "eu", "153241"},
		{"样例电子(深圳)股份有限公司", "eu", "160001"},
		{"Ivan Sampleov", "uk", "14001"},
		{"Example General Trading L.L.C.", "uk", "14002"},
	}
	for _, tt := range tests {
		hits := ix.Screen(Query{Name: tt.q}, typicalThreshold, 1)
		if len(hits) == 0 || hits[0].List != tt.list || hits[0].EntryID != tt.id {
			t.Errorf("%q: hits %+v, want %s %s", tt.q, hits, tt.list, tt.id)
		}
	}
	if NewIndex().Len() != 0 || len(NewIndex().Screen(Query{Name: "x"}, 0, 0)) != 0 {
		t.Error("empty index")
	}
}
