package sanctions

import (
	"reflect"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		toks []string
		han  string
	}{
		{"ANGLO-CARIBBEAN CO., LTD.", []string{"anglo", "caribbean"}, ""},
		{"Cecoex, S.A. de C.V.", []string{"cecoex"}, ""},
		{"AL ZAWAHIRI, Dr. Ayman", []string{"zawahiri", "ayman"}, ""},
		{"Abd al-Rahman", []string{"abd", "rahman"}, ""},
		{"Abdulrahman", []string{"abd", "rahman"}, ""},
		{"Mohamed HUSSEIN", []string{"muhammad", "husayn"}, ""},
		{"FRANÇOIS BOZIZÉ", []string{"francois", "bozize"}, ""},
		{"Mus'id AL-'UBAYSI", []string{"musid", "ubaysi"}, ""},
		{"華信船務(香港)有限公司", nil, "华信船务香港"},
		{"Jin Tiesan (金铁三)", []string{"jin", "tiesan"}, "金铁三"},
		{"Limited Company", []string{"limited", "company"}, ""},
		{"Open Joint Stock Company Rosneft", []string{"rosneft"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n := normalize(tt.in)
			if !reflect.DeepEqual(n.toks, tt.toks) && !(len(n.toks) == 0 && len(tt.toks) == 0) {
				t.Errorf("toks = %q, want %q", n.toks, tt.toks)
			}
			if n.han != tt.han {
				t.Errorf("han = %q, want %q", n.han, tt.han)
			}
		})
	}
}

func TestNormalizeGeneric(t *testing.T) {
	for _, s := range []string{"General Trading Company", "Global Import Export Ltd", "INTERNATIONAL GROUP CORP"} {
		if n := normalize(s); !n.generic {
			t.Errorf("%q: generic = false, toks %q", s, n.toks)
		}
	}
	if n := normalize("Acme Trading LLC"); n.generic {
		t.Errorf("Acme Trading: generic = true")
	}
}

func TestParseDates(t *testing.T) {
	tests := map[string][]string{
		"12 Jan 1960":                {"1960-01-12"},
		"circa 1960":                 {"1960"},
		"1960 to 1962":               {"1960", "1961", "1962"},
		"Jan 1960":                   {"1960"},
		"00/00/1960":                 {"1960"},
		"12/01/1960":                 {"1960-01-12"},
		"1974; 1975":                 {"1974", "1975"},
		"1965-07-01":                 {"1965-07-01"},
		"1965-07-01T00:00:00":        {"1965-07-01"},
		"nonsense":                   nil,
		"01 Jan 1950 to 31 Dec 1951": {"1950", "1951"},
	}
	for in, want := range tests {
		if got := parseDates(in); !reflect.DeepEqual(got, want) {
			t.Errorf("parseDates(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	tests := map[string]string{
		"Iran (Islamic Republic of)": "IR", "Korea, North": "KP", "Democratic People's Republic of Korea": "KP",
		"Türkiye": "TR", "ir": "IR", "Congo, Democratic Republic of the": "CD", "Viet Nam": "VN",
		"China, Hong Kong Special Administrative Region": "HK", "Cote d Ivoire": "CI",
	}
	for in, want := range tests {
		if got, ok := CountryCode(in); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := CountryCode("Region: Crimea"); ok {
		t.Error("Region: Crimea mapped")
	}
}
