package sanctions

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A list file cut short must never parse as a shorter list. The real files
// are cut at many offsets: evenly spread, every line end of the last lines
// and every one of the last bytes. Only two outcomes are allowed: an error,
// or — for CSV formats without any end structure (UK, CSL) and a cut exactly
// at a line end — a list that screening's shrink check must then catch, which
// TestImportShrink in package screening covers. The counts are logged.

// cutOffsets returns the offsets at which to cut a file of n bytes with
// content b: spread evenly, every line start among the last lines, and each
// of the last tail bytes; all below the end of the meaningful content.
func cutOffsets(b []byte, spread, lines, tail int) []int {
	end := len(bytes.TrimRight(b, " \t\r\n"))
	seen := map[int]bool{}
	var out []int
	add := func(o int) {
		if o > 0 && o < end && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	for i := 1; i <= spread; i++ {
		add(end * i / (spread + 1))
	}
	for i, n := end-1, 0; i > 0 && n < lines; i-- {
		if b[i] == '\n' {
			add(i + 1)
			add(i) // before the line break
			n++
		}
	}
	for i := 1; i <= tail; i++ {
		add(end - i)
	}
	return out
}

type cutCase struct {
	name  string
	file  string
	every bool // cut at every offset (small files), else at a sample
	parse func(b []byte) (*List, error)
	csv   bool // a cut at a line end may parse (no end structure in the format)
}

func readFile(tb testing.TB, p string) []byte {
	tb.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestCutListsRefused(t *testing.T) {
	ofacDir := mustData(t, "ofac-sdn")
	sdn := readFile(t, filepath.Join(ofacDir, "sdn.csv"))
	alt := readFile(t, filepath.Join(ofacDir, "alt.csv"))
	add := readFile(t, filepath.Join(ofacDir, "add.csv"))
	ofac := func(s, a, d []byte) (*List, error) {
		return ParseOFAC(bytes.NewReader(s), bytes.NewReader(a), bytes.NewReader(d))
	}
	cases := []cutCase{
		{name: "ofac sdn.csv", file: filepath.Join(ofacDir, "sdn.csv"), parse: func(b []byte) (*List, error) { return ofac(b, alt, add) }},
		{name: "ofac alt.csv", file: filepath.Join(ofacDir, "alt.csv"), parse: func(b []byte) (*List, error) { return ofac(sdn, b, add) }},
		{name: "ofac add.csv", file: filepath.Join(ofacDir, "add.csv"), parse: func(b []byte) (*List, error) { return ofac(sdn, alt, b) }},
		{name: "un xml", file: mustData(t, "un-consolidated.xml"), parse: func(b []byte) (*List, error) { return ParseUN(bytes.NewReader(b)) }},
		{name: "eu xml", file: "testdata/eu-sample.xml", every: true, parse: func(b []byte) (*List, error) { return ParseEU(bytes.NewReader(b)) }},
		{name: "uk csv", file: "testdata/uk-conlist-sample.csv", every: true, csv: true, parse: func(b []byte) (*List, error) { return ParseUK(bytes.NewReader(b)) }},
		{name: "csl csv", file: mustData(t, "us-csl-sample.csv"), csv: true, parse: func(b []byte) (*List, error) { return ParseCSL(bytes.NewReader(b)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := readFile(t, c.file)
			full, err := c.parse(b)
			if err != nil {
				t.Fatalf("whole file: %v", err)
			}
			var offs []int
			switch {
			case c.every:
				offs = cutOffsets(b, len(b), 0, 0)
			case c.csv:
				offs = cutOffsets(b, 400, 30, 200)
			default:
				offs = cutOffsets(b, 6, 2, 12)
			}
			refused, lineEnd := 0, 0
			for _, o := range offs {
				l, err := c.parse(b[:o])
				if err != nil {
					refused++
					continue
				}
				if c.csv && b[o-1] == '\n' {
					if len(l.Entries) > len(full.Entries) {
						t.Errorf("cut at %d: %d entries, more than the whole file's %d", o, len(l.Entries), len(full.Entries))
					}
					lineEnd++
					continue
				}
				t.Errorf("cut at byte %d of %d: parsed without error, %d entries of %d", o, len(b), len(l.Entries), len(full.Entries))
			}
			t.Logf("%s: %d cuts, %d refused, %d at a line end left to the shrink check", c.name, len(offs), refused, lineEnd)
		})
	}
}

// The refusal of a cut file names the cause, so people know to download it again.
func TestCutOFACSaysCutShort(t *testing.T) {
	ofacDir := mustData(t, "ofac-sdn")
	sdn := readFile(t, filepath.Join(ofacDir, "sdn.csv"))
	i := bytes.LastIndexByte(sdn[:len(sdn)-10], '\n')
	_, err := ParseOFAC(bytes.NewReader(sdn[:i+1]), nil, nil)
	if !errors.Is(err, ErrCutShort) {
		t.Fatalf("sdn.csv cut at a line end: err = %v, want ErrCutShort", err)
	}
}
