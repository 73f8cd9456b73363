package sanctions

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// dataDir is the shared folder of real list files (see its README.md).
const dataDir = "../../testdata/sanctions"

// mustData returns the path of a real list file, skipping the test when absent.
func mustData(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(dataDir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("list data missing from the repository: %v", err)
	}
	return p
}

// mustLoad loads a real list file, skipping when absent and failing on error.
func mustLoad(tb testing.TB, name string) *List {
	tb.Helper()
	l, err := Load(mustData(tb, name), "")
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func findEntry(l *List, id string) *Entry {
	for i := range l.Entries {
		if l.Entries[i].ID == id {
			return &l.Entries[i]
		}
	}
	return nil
}

func TestLoadOFAC(t *testing.T) {
	l := mustLoad(t, "ofac-sdn")
	if l.Source != SourceOFAC || len(l.Entries) != 8976 {
		t.Fatalf("source %q, %d entries; want ofac_sdn, 8976", l.Source, len(l.Entries))
	}
	e := findEntry(l, "306")
	if e == nil || e.Name != "BANCO NACIONAL DE CUBA" || !slices.Contains(e.Aliases, "NATIONAL BANK OF CUBA") ||
		!slices.Contains(e.Programs, "CUBA") || !slices.Contains(e.Countries, "CH") || e.Kind != KindEntity {
		t.Errorf("306 = %+v", e)
	}
	e = findEntry(l, "2676")
	if e == nil || e.Kind != KindIndividual || !slices.Contains(e.BirthDates, "1951-06-19") {
		t.Errorf("2676 = %+v", e)
	}
	e = findEntry(l, "7944")
	if e == nil || !reflect.DeepEqual(e.BirthDates, []string{"1973-09-28", "1979-12-31", "1973-08-22"}) || !slices.Contains(e.Countries, "DZ") {
		t.Errorf("7944 = %+v", e)
	}
	multi := 0
	for _, e := range l.Entries {
		if len(e.Programs) > 1 {
			multi++
		}
		for _, p := range e.Programs {
			if strings.ContainsAny(p, "[]") {
				t.Fatalf("%s: program %q", e.ID, p)
			}
		}
	}
	if multi == 0 {
		t.Error("no entry with several programs")
	}
}

func TestLoadUN(t *testing.T) {
	l := mustLoad(t, "un-consolidated.xml")
	if l.Source != SourceUN || len(l.Entries) != 1003 {
		t.Fatalf("source %q, %d entries; want un, 1003", l.Source, len(l.Entries))
	}
	if want := time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC); !l.Date.Equal(want) {
		t.Errorf("date %v, want %v", l.Date, want)
	}
	e := findEntry(l, "6907993")
	if e == nil || e.Name != "ERIC BADEGE" || e.Kind != KindIndividual || !slices.Contains(e.Countries, "CD") ||
		!slices.Contains(e.Countries, "RW") || !slices.Contains(e.BirthDates, "1971") || e.Programs[0] != "DRC" {
		t.Errorf("6907993 = %+v", e)
	}
	e = findEntry(l, "6908691")
	if e == nil || e.Kind != KindEntity || !slices.Contains(e.Aliases, "長安海連技術有限公司") {
		t.Errorf("6908691 = %+v", e)
	}
}

func TestLoadCSL(t *testing.T) {
	l := mustLoad(t, "us-csl-sample.csv")
	if l.Source != SourceCSL || len(l.Entries) != 115 {
		t.Fatalf("source %q, %d entries; want us_csl, 115", l.Source, len(l.Entries))
	}
	var got *Entry
	for i := range l.Entries {
		if l.Entries[i].Name == "2904977 CANADA, INC." {
			got = &l.Entries[i]
		}
	}
	if got == nil || got.ID != "SDN-8124" || !reflect.DeepEqual(got.Aliases, []string{"CARIBE SOL", "HAVANTUR CANADA INC."}) ||
		!reflect.DeepEqual(got.Countries, []string{"CA"}) || got.Kind != KindEntity {
		t.Errorf("2904977 CANADA = %+v", got)
	}
	seen := map[string]bool{}
	for _, e := range l.Entries {
		if e.ID == "" || seen[e.ID] {
			t.Errorf("bad or duplicate id %q", e.ID)
		}
		seen[e.ID] = true
	}
}

func TestLoadEUSample(t *testing.T) {
	l, err := Load("testdata/eu-sample.xml", "")
	if err != nil {
		t.Fatal(err)
	}
	if l.Source != SourceEU || len(l.Entries) != 3 || l.Date.Year() != 2024 {
		t.Fatalf("got %q, %d entries, %v", l.Source, len(l.Entries), l.Date)
	}
	e := l.Entries[0]
	want := Entry{List: "eu", ID: "13", Name: "Saddam Hussein Al-Tikriti", Aliases: []string{"Abu Ali"}, Kind: KindIndividual,
		Programs: []string{"IRQ"}, Countries: []string{"IQ"}, BirthDates: []string{"1937-04-28"}}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got  %+v\nwant %+v", e, want)
	}
	if c := l.Entries[2].Countries; !reflect.DeepEqual(c, []string{"CN"}) {
		t.Errorf("countries %q", c)
	}
}

func TestLoadUKSample(t *testing.T) {
	l, err := Load("testdata/uk-conlist-sample.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	if l.Source != SourceUK || len(l.Entries) != 4 || l.Date != time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("got %q, %d entries, %v", l.Source, len(l.Entries), l.Date)
	}
	e := l.Entries[0]
	if e.ID != "14001" || e.Name != "Ivan Petrovich SAMPLEOV" || !reflect.DeepEqual(e.Aliases, []string{"ИВАН ПЕТРОВИЧ САМПЛЕОВ", "Ivan SAMPLOV"}) ||
		!reflect.DeepEqual(e.BirthDates, []string{"1965-03-14"}) || !reflect.DeepEqual(e.Countries, []string{"RU"}) || e.Kind != KindIndividual {
		t.Errorf("14001 = %+v", e)
	}
	if e := l.Entries[2]; e.Kind != KindVessel || e.Programs[0] != "Democratic People's Republic of Korea" {
		t.Errorf("14003 = %+v", e)
	}
	if e := l.Entries[3]; !reflect.DeepEqual(e.Countries, []string{"IQ", "SY"}) || !reflect.DeepEqual(e.BirthDates, []string{"1970"}) {
		t.Errorf("14004 = %+v", e)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := map[string]string{
		"testdata/eu-sample.xml":         SourceEU,
		"testdata/uk-conlist-sample.csv": SourceUK,
	}
	if _, err := os.Stat(dataDir); err == nil {
		tests[filepath.Join(dataDir, "ofac-sdn")] = SourceOFAC
		tests[filepath.Join(dataDir, "ofac-sdn", "sdn.csv")] = SourceOFAC
		tests[filepath.Join(dataDir, "un-consolidated.xml")] = SourceUN
		tests[filepath.Join(dataDir, "us-csl-sample.csv")] = SourceCSL
	}
	for path, want := range tests {
		if got, err := DetectFormat(path); err != nil || got != want {
			t.Errorf("DetectFormat(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := DetectFormat("parse_test.go"); err == nil {
		t.Error("DetectFormat(parse_test.go): no error")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (*List, error)
		in    string
		want  string // substring of the error
	}{
		{"ofac bad id", parseSDNString, sdnRow("36", "A") + sdnRow("xx", "B") + "\x1a", "sdn.csv line 2: ent_num \"xx\""},
		{"ofac no name", parseSDNString, sdnRow("36", "-0- ") + "\x1a", "sdn.csv line 1: ent_num 36 has no name"},
		{"ofac empty", parseSDNString, "\x1a", "no entries"},
		{"ofac no end mark", parseSDNString, sdnRow("36", "A") + sdnRow("37", "B"), "sdn.csv: the file is cut short: OFAC's end-of-file mark (Ctrl-Z) is missing after line 2"},
		{"ofac short last row", parseSDNString, sdnRow("36", "A") + "37,\"B\",-0-\r\n\x1a", "sdn.csv line 2: the file is cut short: the last row has 3 fields, want 12"},
		{"ofac alt bad", func(s string) (*List, error) {
			return ParseOFAC(strings.NewReader(sdnRow("36", "A")+"\x1a"), strings.NewReader(s), nil)
		}, "36,12,\"aka\",\"B\",-0-\n36,13\n", "alt.csv line 2: 2 fields"},
		{"ofac alt no end mark", func(s string) (*List, error) {
			return ParseOFAC(strings.NewReader(sdnRow("36", "A")+"\x1a"), strings.NewReader(s), nil)
		}, "36,12,\"aka\",\"B\",-0-\n", "alt.csv: the file is cut short"},
		{"uk no line break at end", parseUKString, "Name 6,Name 1,Group ID\nX,Y,1\nZ,W,2", "uk csv line 3: the file is cut short: the last row does not end with a line break"},
		{"uk short last row", parseUKString, "Group ID,Name 6,Name 1\n1,X,Y\n2,Z\n", "uk csv line 3: the file is cut short: the last row has 2 columns, the header 3"},
		{"csl inside quotes", parseCSLString, "source,name,remarks\nx,y,z\nx,w,\"a\n", "csl csv line 3: the file is cut short: the last row ends inside a quoted field"},
		{"un wrong root", parseUNString, "<html><body/></html>", "root element is <html>"},
		{"un syntax", parseUNString, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATA", "line 1"},
		{"un no name", parseUNString, "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><DATAID>7</DATAID></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", "INDIVIDUAL #1 (line 2): DATAID 7 has no name"},
		{"un bad date", parseUNString, `<CONSOLIDATED_LIST dateGenerated="yesterday"/>`, "dateGenerated \"yesterday\""},
		{"eu wrong root", parseEUString, "<CONSOLIDATED_LIST/>", "want <export>"},
		{"eu no id", parseEUString, "<export>\n<sanctionEntity><nameAlias wholeName=\"X\"/></sanctionEntity></export>", "sanctionEntity #1 (line 2): no logicalId"},
		{"uk no header", parseUKString, "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n", "no header row"},
		{"uk empty id", parseUKString, "Name 6,Name 1,Group ID\nX,Y,\n", "uk csv line 2: empty Group ID"},
		{"csl no name col", parseCSLString, "source,title\nx,y\n", "no \"name\" column"},
		{"csl empty name", parseCSLString, "source,name\nx,y\nz,\n", "csl csv line 3: empty name"},
		{"csl bare quote", parseCSLString, "source,name\n\"x,y\n", "csl csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

// sdnRow is one sdn.csv row with OFAC's twelve fields.
func sdnRow(id, name string) string {
	if name != "-0- " {
		name = `"` + name + `"`
	}
	return id + "," + name + ",-0- ,\"CUBA\"" + strings.Repeat(",-0- ", 8) + "\r\n"
}

func parseSDNString(s string) (*List, error) { return ParseOFAC(strings.NewReader(s), nil, nil) }
func parseUNString(s string) (*List, error)  { return ParseUN(strings.NewReader(s)) }
func parseEUString(s string) (*List, error)  { return ParseEU(strings.NewReader(s)) }
func parseUKString(s string) (*List, error)  { return ParseUK(strings.NewReader(s)) }
func parseCSLString(s string) (*List, error) { return ParseCSL(strings.NewReader(s)) }

// Names from a list file lose terminal escapes, line breaks and bidi
// overrides before anyone prints them.
func TestParsedTextCleaned(t *testing.T) {
	in := "Group ID,Name 6,Name 1,Other Information\n1,\"EVIL\x1b[2J\u202eCORP\",\"Ivan\r\nX\",\"note\x00\"\n"
	l, err := ParseUK(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if e := l.Entries[0]; e.Name != "Ivan X EVIL[2JCORP" || e.Remarks != "note" {
		t.Fatalf("entry %+v", e)
	}
	if _, err := ParseUK(strings.NewReader("Group ID,Name 6\n1,\x1b\n")); err == nil || !strings.Contains(err.Error(), "only control characters") {
		t.Fatalf("name of control characters only: %v", err)
	}
}

// The UN writes some entities as two names in one field, joined by " ; ":
// each must be a name of its own, found on its own.
func TestUNJoinedNamesSplit(t *testing.T) {
	l := mustLoad(t, "un-consolidated.xml")
	e := findEntry(l, "6908026")
	if e == nil || e.Name != "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)" || !slices.Contains(e.Aliases, "GREAT LAKES BUSINESS COMPANY (GLBC)") {
		t.Fatalf("6908026 = %+v", e)
	}
	for _, en := range l.Entries {
		for _, n := range append([]string{en.Name}, en.Aliases...) {
			if strings.Contains(n, ";") {
				t.Errorf("%s keeps a joined name %q", en.ID, n)
			}
		}
	}
	ix := NewIndex(l)
	for _, q := range []string{"Compagnie Aerienne des Grands Lacs", "Great Lakes Business Company"} {
		hits := ix.Screen(Query{Name: q}, 0.85, 5)
		if len(hits) == 0 || hits[0].EntryID != "6908026" {
			t.Errorf("%q: hits %+v, want 6908026 first", q, hits)
		}
	}
}

// Every format keeps the addresses the list gives, so the person deciding a
// hit sees them beside the customer's.
func TestAddressesKept(t *testing.T) {
	eu, err := Load("testdata/eu-sample.xml", "")
	if err != nil {
		t.Fatal(err)
	}
	if e := findEntry(eu, "153241"); e == nil || !slices.Contains(e.Addresses, "Prospekt Obraztsa 1, Saint Petersburg, 190000, RUSSIAN FEDERATION") {
		t.Errorf("eu 153241 addresses = %+v", e)
	}
	uk, err := Load("testdata/uk-conlist-sample.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	withAddr := 0
	for _, e := range uk.Entries {
		withAddr += min(len(e.Addresses), 1)
	}
	csl := mustLoad(t, "us-csl-sample.csv")
	var dpl *Entry
	for i := range csl.Entries {
		if strings.Contains(csl.Entries[i].Name, "ADRIAN MANUEL HERNANDEZ") {
			dpl = &csl.Entries[i]
		}
	}
	if dpl == nil || !slices.Contains(dpl.Addresses, "3037 S. 69TH DRIVE, PHONEIX, AZ, 85043") {
		t.Errorf("csl address = %+v", dpl)
	}
	if withAddr == 0 {
		t.Errorf("uk: no entry kept an address")
	}
}
