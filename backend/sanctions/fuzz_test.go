package sanctions

import (
	"bytes"
	"strings"
	"testing"
)

// The fuzz targets check that no input panics and that a parsed list always
// has entries with an ID and a name. Seed corpora: testdata/fuzz/<Name>/.

func checkList(t *testing.T, l *List, err error) {
	if err != nil {
		if l != nil {
			t.Fatalf("list and error both returned: %v", err)
		}
		return
	}
	if len(l.Entries) == 0 {
		t.Fatal("no error and no entries")
	}
	for _, e := range l.Entries {
		if e.ID == "" || e.Name == "" {
			t.Fatalf("entry without ID or name: %+v", e)
		}
		for _, x := range append([]string{e.ID, e.Name, e.Remarks}, e.Aliases...) {
			if strings.IndexFunc(x, unsafeText) >= 0 {
				t.Fatalf("control or bidi character left in %q", x)
			}
		}
	}
	// Whatever parses must also index and screen.
	ix := NewIndex(l)
	ix.Screen(Query{Name: l.Entries[0].Name, Aliases: l.Entries[0].Aliases, Country: "IR", BirthDate: "1960"}, 0, 3)
}

func FuzzParseOFAC(f *testing.F) {
	f.Fuzz(func(t *testing.T, sdn, alt, add []byte) {
		l, err := ParseOFAC(bytes.NewReader(sdn), bytes.NewReader(alt), bytes.NewReader(add))
		checkList(t, l, err)
	})
}

func FuzzParseUN(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseUN(bytes.NewReader(b))
		checkList(t, l, err)
	})
}

func FuzzParseEU(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseEU(bytes.NewReader(b))
		checkList(t, l, err)
	})
}

func FuzzParseUK(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseUK(bytes.NewReader(b))
		checkList(t, l, err)
	})
}

func FuzzParseCSL(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseCSL(bytes.NewReader(b))
		checkList(t, l, err)
	})
}

// FuzzNormalize checks the name normaliser and the scorer on arbitrary text.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ANGLO-CARIBBEAN CO., LTD.", "華信船務(香港)有限公司", "Abd al-Rahman", "S.A. de C.V.", "Ü.ß'ø"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		normalize(s)
		parseDates(s)
		l := &List{Source: "test", Entries: []Entry{{List: "test", ID: "1", Name: s, Aliases: []string{s + " ltd"}}}}
		for _, h := range NewIndex(l).Screen(Query{Name: s, BirthDate: s, Country: s}, 0, 0) {
			if h.Score < 0 || h.Score > 1 {
				t.Fatalf("score %v", h.Score)
			}
		}
	})
}
