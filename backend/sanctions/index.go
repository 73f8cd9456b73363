package sanctions

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// Weight factors applied on top of a token's IDF.
const (
	genericFactor = 0.15 // "trading", "international", ...
	initialFactor = 0.3  // one-letter tokens
	numberFactor  = 0.5  // digits only
	maxTokens     = 48   // tokens per name considered; the rest are ignored
	maxTypoLen    = 32   // longer tokens are matched exactly only
	maxHan        = 64   // Han characters per name considered
)

// nameRec is one indexed name (a primary name or an alias) of an entry.
type nameRec struct {
	entry    int32
	text     string
	alias    bool
	toks     []int32   // vocabulary ids, in name order
	w        []float32 // weight per token
	total    float32
	legal    bool
	translit bool
	han      []rune
	hanLegal bool
}

type joinPost struct {
	name int32
	w    float32 // weight of the two joined tokens
}

// Index screens names against a set of lists. Build it once with NewIndex;
// it is immutable and safe for concurrent use.
type Index struct {
	entries []Entry
	names   []nameRec
	vocab   map[string]int32
	words   []string
	weight  []float32
	generic []bool
	post    [][]int32             // vocabulary id -> names containing it
	dels    map[string][]int32    // token or token minus one letter -> vocabulary ids (typo blocking)
	joins   map[string][]joinPost // two adjacent tokens written together ("hua"+"xin") -> names
	hanPost map[string][]int32    // Han bigram -> names
	maxW    float32               // weight of a token never seen in the lists
	scratch sync.Pool
}

// NewIndex builds a screening index over the entries of the given lists.
// Nil lists are skipped.
func NewIndex(lists ...*List) *Index {
	ix := &Index{vocab: map[string]int32{}, dels: map[string][]int32{}, joins: map[string][]joinPost{}, hanPost: map[string][]int32{}}
	for _, l := range lists {
		if l != nil {
			ix.entries = append(ix.entries, l.Entries...)
		}
	}
	var df []int32
	seen := map[string]bool{}
	for ei := range ix.entries {
		e := &ix.entries[ei]
		clear(seen)
		for k, text := range append([]string{e.Name}, e.Aliases...) {
			n := normalize(text)
			if len(n.toks) > maxTokens {
				n.toks = n.toks[:maxTokens]
			}
			key := strings.Join(n.toks, " ") + "|" + n.han
			if key == "|" || seen[key] {
				continue
			}
			seen[key] = true
			rec := nameRec{entry: int32(ei), text: text, alias: k > 0, legal: n.legal, translit: n.translit, hanLegal: n.hanLegal}
			if n.han != "" {
				rec.han = capRunes([]rune(n.han))
			}
			dup := map[int32]bool{}
			for _, t := range n.toks {
				id, ok := ix.vocab[t]
				if !ok {
					id = int32(len(ix.words))
					ix.vocab[t] = id
					ix.words = append(ix.words, t)
					df = append(df, 0)
					ix.post = append(ix.post, nil)
				}
				rec.toks = append(rec.toks, id)
				if !dup[id] {
					dup[id] = true
					df[id]++
					ix.post[id] = append(ix.post[id], int32(len(ix.names)))
				}
			}
			ix.names = append(ix.names, rec)
		}
	}
	// IDF-like weights: ln(1 + N/df), scaled down for generic words, initials, numbers.
	N := float64(len(ix.names)) + 1
	ix.maxW = float32(math.Log(1 + N))
	ix.weight = make([]float32, len(ix.words))
	ix.generic = make([]bool, len(ix.words))
	for id, w := range ix.words {
		ix.generic[id] = genericWords[w]
		ix.weight[id] = float32(math.Log(1+N/float64(df[id]))) * tokenFactor(w)
	}
	for i := range ix.names {
		rec := &ix.names[i]
		rec.w = make([]float32, len(rec.toks))
		for j, id := range rec.toks {
			rec.w[j] = ix.weight[id]
			rec.total += rec.w[j]
		}
		for j := 0; j+1 < len(rec.toks); j++ {
			k := ix.words[rec.toks[j]] + ix.words[rec.toks[j+1]]
			ix.joins[k] = append(ix.joins[k], joinPost{int32(i), rec.w[j] + rec.w[j+1]})
		}
		for _, bg := range hanGrams(rec.han) {
			p := ix.hanPost[bg]
			if len(p) == 0 || p[len(p)-1] != int32(i) {
				ix.hanPost[bg] = append(p, int32(i))
			}
		}
	}
	for id, w := range ix.words {
		if n := utf8.RuneCountInString(w); n < 4 || n > maxTypoLen {
			continue
		}
		for _, k := range deletions(w) {
			ix.dels[k] = append(ix.dels[k], int32(id))
		}
	}
	ix.scratch.New = func() any {
		return &scratch{acc: make([]float32, len(ix.names)), accQ: make([]float32, len(ix.names))}
	}
	return ix
}

// Len returns the number of entries in the index.
func (ix *Index) Len() int { return len(ix.entries) }

func tokenFactor(t string) float32 {
	switch {
	case genericWords[t] || legalForms[t]:
		return genericFactor
	case utf8.RuneCountInString(t) == 1:
		return initialFactor
	case isDigits(t):
		return numberFactor
	}
	return 1
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func capRunes(r []rune) []rune {
	if len(r) > maxHan {
		return r[:maxHan]
	}
	return r
}

// deletions returns w and every string made by deleting one rune of w.
func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs)+1)
	out = append(out, w)
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// hanGrams returns the character bigrams of h (the single character when h has one).
func hanGrams(h []rune) []string {
	if len(h) == 1 {
		return []string{string(h)}
	}
	out := make([]string, 0, len(h))
	for i := 0; i+1 < len(h); i++ {
		out = append(out, string(h[i:i+2]))
	}
	return out
}

// scratch is per-call working memory, pooled.
type scratch struct {
	acc, accQ []float32
	touched   []int32
}
