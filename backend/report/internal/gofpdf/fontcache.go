package gofpdf

import (
	"errors"
	"sync"
)

var errEmptyFont = errors.New("empty font file")

// credence: a UTF-8 font is parsed once per process. Upstream parses the
// whole file in AddUTF8FontFromBytes and again, for the subset, in Output,
// for every document; with a 4 MB CJK font that was most of a one-page
// report. What is cached is read-only once built, so documents built at
// the same time share it; each document gets its own reader and subset.

// parsedUTF8 is what parsing a font's bytes yields, shared by documents.
type parsedUTF8 struct {
	file *utf8FontFile // metrics and widths; never read from again

	idMu sync.Mutex
	ids  map[string]string // font id by font key (a hash of the definition)

	cutOnce sync.Once
	cut     *cutBase
}

// cutBase is the font-wide part of building a subset: the table
// directory, the character → glyph map and the glyph offsets.
type cutBase struct {
	tables         map[string]*tableDescription
	charSymbol     map[int]int
	symbolPosition []int
	locaFormat     int
	metricsCount   int
	numSymbols     int
}

type fontCacheKey struct {
	data *byte
	n    int
}

var fontCache struct {
	sync.Mutex
	m map[fontCacheKey]*parsedUTF8
}

// parseUTF8Cached parses b, or returns the parse of the same bytes made
// earlier in the process. The bytes must not change afterwards (the
// callers pass embedded, read-only fonts).
func parseUTF8Cached(b []byte) (*parsedUTF8, error) {
	if len(b) == 0 {
		return nil, errEmptyFont
	}
	key := fontCacheKey{&b[0], len(b)}
	fontCache.Lock()
	defer fontCache.Unlock()
	if p, ok := fontCache.m[key]; ok {
		return p, nil
	}
	utf := newUTF8Font(&fileReader{array: b})
	if err := utf.parseFile(); err != nil {
		return nil, err
	}
	p := &parsedUTF8{file: utf, ids: map[string]string{}}
	if fontCache.m == nil {
		fontCache.m = map[fontCacheKey]*parsedUTF8{}
	}
	fontCache.m[key] = p
	return p, nil
}

// fileFor is a document's own font file: the shared parse with a reader of
// its own (subsetting moves the read position).
func (p *parsedUTF8) fileFor(b []byte) *utf8FontFile {
	c := *p.file
	c.fileReader = &fileReader{array: b}
	return &c
}

// id returns the font id of def, computed once per font key.
func (p *parsedUTF8) id(def fontDefType) string {
	p.idMu.Lock()
	defer p.idMu.Unlock()
	if id, ok := p.ids[def.Name]; ok {
		return id
	}
	id, _ := generateFontID(def)
	p.ids[def.Name] = id
	return id
}

// cutBaseOf returns the cached font-wide subset data of the font in b,
// nil when the font has no Unicode cmap.
func cutBaseOf(b []byte) *cutBase {
	if len(b) == 0 {
		return nil
	}
	key := fontCacheKey{&b[0], len(b)}
	fontCache.Lock()
	p, ok := fontCache.m[key]
	fontCache.Unlock()
	if !ok { // a font not registered through the cache: build, do not keep
		return buildCutBase(b)
	}
	p.cutOnce.Do(func() { p.cut = buildCutBase(b) })
	return p.cut
}

// buildCutBase is the start of upstream GenerateCutFont, less the widths
// it computed and never used.
func buildCutBase(b []byte) *cutBase {
	utf := newUTF8Font(&fileReader{array: b})
	utf.skip(4)
	utf.generateTableDescriptions()
	utf.SeekTable("head")
	utf.skip(50)
	locaFormat := utf.readUint16()
	utf.SeekTable("hhea")
	utf.skip(34)
	metricsCount := utf.readUint16()
	utf.SeekTable("maxp")
	utf.skip(4)
	numSymbols := utf.readUint16()
	if utf.generateCMAP() == nil {
		return nil
	}
	utf.parseLOCATable(locaFormat, numSymbols)
	return &cutBase{tables: utf.tableDescriptions, charSymbol: utf.charSymbolDictionary,
		symbolPosition: utf.symbolPosition, locaFormat: locaFormat,
		metricsCount: metricsCount, numSymbols: numSymbols}
}
