package fpdf

// rueckgabe: what fpdf computes from a UTF-8 font file that is the same for
// every document — the parsed metrics, the font id and the tables the
// subsetting reads — is kept per process, keyed by the address and length
// of the font bytes. The bytes must not change after they were first given
// to AddUTF8FontFromBytes (the project passes embedded fonts only). Each
// document gets its own copy of the parsed file (the subsetting sets fields
// of it); the cached tables are only read.

import (
	"encoding/binary"
	"sort"
	"sync"
	"unsafe"
)

type utf8FontKey struct {
	p *byte
	n int
}

type utf8FontCached struct {
	parsed *utf8FontFile // after parseFile; copied, never used directly
	err    error

	ids sync.Map // font key → id (generateFontID)

	cutOnce              sync.Once
	symbolCharDictionary map[int][]int // generateCMAP; nil: no Unicode cmap
	charSymbolDictionary map[int]int
	cutCharWidths        []int   // parseHMTXTable at scale 1
	cutDefaultWidth      float64 // parseHMTXTable at scale 1
	symbolPosition       []int   // parseLOCATable

	cutMu sync.Mutex
	cuts  map[string]*cutFont // by the set of used characters
}

// utf8FontCacheMax bounds the cache for a caller that reads fonts afresh
// each time: past it, fonts are parsed per document as upstream does.
const utf8FontCacheMax = 32

var (
	utf8FontMu    sync.Mutex
	utf8FontCache = map[utf8FontKey]*utf8FontCached{}
)

// cachedUTF8Font parses b once.
func cachedUTF8Font(b []byte) *utf8FontCached {
	key := utf8FontKey{unsafe.SliceData(b), len(b)}
	utf8FontMu.Lock()
	c, ok := utf8FontCache[key]
	if !ok {
		c = &utf8FontCached{}
		c.parsed = newUTF8Font(&fileReader{array: b})
		c.err = c.parsed.parseFile()
		if len(utf8FontCache) < utf8FontCacheMax {
			utf8FontCache[key] = c
		}
	}
	utf8FontMu.Unlock()
	return c
}

// file is a document's own copy of the parsed font.
func (c *utf8FontCached) file() *utf8FontFile {
	cp := *c.parsed
	cp.fileReader = &fileReader{array: c.parsed.fileReader.array}
	cp.cache = c
	return &cp
}

// id is generateFontID(def) for a font definition made from this file.
func (c *utf8FontCached) id(def fontDefType) string {
	if v, ok := c.ids.Load(def.Name); ok {
		return v.(string)
	}
	id, _ := generateFontID(def)
	c.ids.Store(def.Name, id)
	return id
}

// cutTables sets on utf what GenerateCutFont reads of the whole font
// (generateCMAP, parseHMTXTable, parseLOCATable), computed once per font.
func (c *utf8FontCached) cutTables(utf *utf8FontFile, metricsCount, numSymbols, locaFormat int) map[int][]int {
	c.cutOnce.Do(func() {
		w := c.file()
		w.symbolCharDictionary(c, metricsCount, numSymbols, locaFormat)
	})
	utf.charSymbolDictionary = c.charSymbolDictionary
	if c.symbolCharDictionary == nil {
		return nil
	}
	utf.CharWidths = c.cutCharWidths
	utf.DefaultWidth = c.cutDefaultWidth
	utf.symbolPosition = c.symbolPosition
	return c.symbolCharDictionary
}

func (w *utf8FontFile) symbolCharDictionary(c *utf8FontCached, metricsCount, numSymbols, locaFormat int) {
	scd := w.generateCMAP()
	c.charSymbolDictionary = w.charSymbolDictionary
	if scd == nil {
		return
	}
	w.parseHMTXTable(metricsCount, numSymbols, scd, 1.0)
	w.parseLOCATable(locaFormat, numSymbols)
	c.symbolCharDictionary = scd
	c.cutCharWidths = w.CharWidths
	c.cutDefaultWidth = w.DefaultWidth
	c.symbolPosition = w.symbolPosition
}

// cutFont is what the output writes of a UTF-8 font in a document: the
// subset made from the characters the document used, compressed, and the
// CID-to-glyph map, compressed. It depends only on the font and that set of
// characters, so it is kept per font for the last sets seen (documents made
// from the same kind of text use the same characters).
type cutFont struct {
	fontStream []byte // compressed subset
	fontSize   int    // its length uncompressed
	cidToGid   []byte // compressed
	lastRune   int
}

const cutFontCacheMax = 64

// cutFont is the subset of utf for the used characters (0 deleted).
func (utf *utf8FontFile) cutFont(usedRunes map[int]int) *cutFont {
	c := utf.cache
	if c == nil {
		return utf.makeCutFont(usedRunes)
	}
	keys := make([]int, 0, len(usedRunes))
	for k := range usedRunes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	key := make([]byte, 0, 6*len(keys))
	for _, k := range keys {
		key = binary.AppendUvarint(key, uint64(k))
		key = binary.AppendUvarint(key, uint64(usedRunes[k]))
	}
	c.cutMu.Lock()
	cf, ok := c.cuts[string(key)]
	c.cutMu.Unlock()
	if ok {
		return cf
	}
	cf = utf.makeCutFont(usedRunes)
	c.cutMu.Lock()
	if c.cuts == nil || len(c.cuts) >= cutFontCacheMax {
		c.cuts = map[string]*cutFont{}
	}
	c.cuts[string(key)] = cf
	c.cutMu.Unlock()
	return cf
}

// makeCutFont is what putfonts did inline.
func (utf *utf8FontFile) makeCutFont(usedRunes map[int]int) *cutFont {
	stream := utf.GenerateCutFont(usedRunes)
	cf := &cutFont{fontSize: len(stream), lastRune: utf.LastRune}
	codeSignDictionary := utf.CodeSymbolDictionary
	delete(codeSignDictionary, 0)
	cidToGidMap := make([]byte, 256*256*2)
	for cc, glyph := range codeSignDictionary {
		cidToGidMap[cc*2] = byte(glyph >> 8)
		cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
	}
	mem := xmem.compress(cidToGidMap)
	cf.cidToGid = mem.copy()
	mem.release()
	mem = xmem.compress(stream)
	cf.fontStream = mem.copy()
	mem.release()
	return cf
}
