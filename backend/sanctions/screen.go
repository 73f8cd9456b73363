package sanctions

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Score adjustments from the secondary facts of a query.
const (
	countryBoost   = 0.05
	countryPenalty = 0.05
	dobBoost       = 0.07
	dobYearBoost   = 0.03
	dobPenalty     = 0.08
	maxBoost       = countryBoost + dobBoost
	genericOnlyCap = 0.5 // best score when only generic words match
	// weakOnlyCap is the best score when only place and trade words (and
	// generic ones) match and the names differ: below any threshold.
	weakOnlyCap = 0.5
	// singleAliasCap is the best score of a one-word alias against a
	// query of several words (a vessel called ORIENT against "Orient Star
	// Trading"): a one-word alias alone cannot make a hit.
	singleAliasCap = 0.7
	typo1Sim       = 0.9
	typo2Sim       = 0.8
)

// Query is a party to screen: its name, other names it goes by, and what is
// known of its country (ISO code or name) and date of birth.
type Query struct {
	Name      string
	Aliases   []string
	Country   string
	BirthDate string
}

// Hit is one listed entry that matched a query.
type Hit struct {
	List, EntryID, Name, MatchedName string  // MatchedName: which name/alias of the entry matched
	QueryName                        string  // which of the query's names matched
	Score                            float64 // 0..1
	Reasons                          []string
}

// nbr is a vocabulary token close to a query token.
type nbr struct {
	v    int32
	sim  float32
	typo uint8
}

type qtok struct {
	s       string
	w       float32
	generic bool
	nb      []nbr
	join    int32 // vocabulary id of this token joined with the next one, or -1
}

type qname struct {
	text  string
	n     normName
	toks  []qtok
	total float32
	han   []rune
}

// Screen returns the entries whose names match q with a score of at least
// threshold, best first, one hit per entry (its best-matching name). limit
// <= 0 means no limit.
func (ix *Index) Screen(q Query, threshold float64, limit int) []Hit {
	type best struct {
		name  int32
		qi    int
		score float64
		m     match
	}
	var qs []*qname
	for _, s := range append([]string{q.Name}, q.Aliases...) {
		if strings.TrimSpace(s) != "" {
			qs = append(qs, ix.prepare(s))
		}
	}
	bests := map[int32]*best{}
	floor := threshold - maxBoost
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	for qi, qn := range qs {
		for _, ni := range ix.candidates(qn, sc, floor) {
			m := ix.scoreName(qn, &ix.names[ni])
			if m.score <= 0 || m.score < floor {
				continue
			}
			ei := ix.names[ni].entry
			if b := bests[ei]; b == nil || m.score > b.score {
				bests[ei] = &best{ni, qi, m.score, m}
			}
		}
	}
	qc := ""
	if q.Country != "" {
		qc = normCountry(q.Country)
	}
	var qdob string
	if d := parseDates(q.BirthDate); len(d) > 0 {
		qdob = d[0]
	}
	hits := make([]Hit, 0, len(bests))
	for ei, b := range bests {
		e := &ix.entries[ei]
		nr := &ix.names[b.name]
		reasons := ix.reasons(qs[b.qi], nr, b.m)
		score := b.score
		if qc != "" && len(e.Countries) > 0 {
			if slices.ContainsFunc(e.Countries, func(c string) bool { return strings.EqualFold(c, qc) }) {
				score += countryBoost
				reasons = append(reasons, "country_match:"+qc)
			} else if slices.ContainsFunc(e.Countries, func(c string) bool { return sameCountryArea(c, qc) }) {
				reasons = append(reasons, "country_area:"+qc+"/"+strings.Join(e.Countries, ","))
			} else {
				score -= countryPenalty
				reasons = append(reasons, "country_mismatch:"+qc+"/"+strings.Join(e.Countries, ","))
			}
		}
		if qdob != "" && len(e.BirthDates) > 0 {
			adj, r := dobAdjust(qdob, e.BirthDates)
			score += adj
			reasons = append(reasons, r)
		}
		score = math.Max(0, math.Min(1, score))
		if score < threshold {
			continue
		}
		hits = append(hits, Hit{List: e.List, EntryID: e.ID, Name: e.Name, MatchedName: nr.text,
			QueryName: qs[b.qi].text, Score: math.Round(score*1000) / 1000, Reasons: reasons})
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.List != b.List {
			return a.List < b.List
		}
		return a.EntryID < b.EntryID
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// dobAdjust compares a query birth date with an entry's.
func dobAdjust(q string, ds []string) (float64, string) {
	year := false
	for _, d := range ds {
		if d == q {
			if len(d) == 10 {
				return dobBoost, "dob_match:" + d
			}
			return dobYearBoost, "dob_year_match:" + d
		}
		if d[:4] == q[:4] {
			year = true
		}
	}
	if year {
		return dobYearBoost, "dob_year_match:" + q[:4]
	}
	return -dobPenalty, "dob_mismatch:" + q
}

// prepare normalises a query name and finds, for each token, the vocabulary
// tokens it may match (itself, transliteration folded, and typos).
func (ix *Index) prepare(s string) *qname {
	qn := &qname{text: s, n: normalize(s)}
	if len(qn.n.toks) > maxTokens {
		qn.n.toks = qn.n.toks[:maxTokens]
	}
	if qn.n.han != "" {
		qn.han = capRunes([]rune(qn.n.han))
	}
	for _, t := range qn.n.toks {
		qt := qtok{s: t, join: -1, generic: genericWords[t] || legalForms[t]}
		if v, ok := ix.vocab[t]; ok {
			qt.w = ix.weight[v]
			qt.nb = append(qt.nb, nbr{v: v, sim: 1})
		} else {
			qt.w = ix.maxW * tokenFactor(t)
		}
		if n := utf8.RuneCountInString(t); n >= 4 && n <= maxTypoLen && !isDigits(t) {
			maxEd := 1
			if n >= 8 {
				maxEd = 2
			}
			for _, k := range deletions(t) {
				for _, v := range ix.dels[k] {
					if containsNbr(qt.nb, v) {
						continue
					}
					w := ix.words[v]
					wl := utf8.RuneCountInString(w)
					ed := maxEd
					if wl < 8 {
						ed = 1
					}
					if d := osaDistance(t, w, ed); d <= ed {
						qt.nb = append(qt.nb, nbr{v: v, sim: typoSim(d, min(n, wl)), typo: uint8(d)})
					}
				}
			}
		}
		qn.toks = append(qn.toks, qt)
		qn.total += qt.w
	}
	for i := 0; i+1 < len(qn.toks); i++ {
		if v, ok := ix.vocab[qn.toks[i].s+qn.toks[i+1].s]; ok {
			qn.toks[i].join = v
		}
	}
	return qn
}

// typoSim is the similarity credited to tokens d edits apart, the shorter
// being n runes long: one edit in "acme"/"acex" counts for less than one in
// "nacional"/"nacinal".
func typoSim(d, n int) float32 {
	return 1 - float32(d)/float32(n+1)
}

func containsNbr(nb []nbr, v int32) bool {
	for _, x := range nb {
		if x.v == v {
			return true
		}
	}
	return false
}

// candidates returns the names sharing at least one (near) token or Han
// bigram with qn whose upper-bound score reaches floor.
func (ix *Index) candidates(qn *qname, sc *scratch, floor float64) []int32 {
	sc.touched = sc.touched[:0]
	add := func(ni int32, gain, gainQ float32) {
		if sc.acc[ni] == 0 && sc.accQ[ni] == 0 {
			sc.touched = append(sc.touched, ni)
		}
		sc.acc[ni] += gain
		sc.accQ[ni] += gainQ
	}
	for i := range qn.toks {
		qt := &qn.toks[i]
		for _, nb := range qt.nb {
			g := nb.sim * (qt.w + ix.weight[nb.v])
			gq := nb.sim * qt.w
			for _, ni := range ix.post[nb.v] {
				add(ni, g, gq)
			}
		}
		if qt.join >= 0 {
			nx := &qn.toks[i+1]
			for _, ni := range ix.post[qt.join] {
				add(ni, qt.w+nx.w+ix.weight[qt.join], qt.w+nx.w)
			}
		}
		for _, jp := range ix.joins[qt.s] {
			add(jp.name, qt.w+jp.w, qt.w)
		}
	}
	var out []int32
	for _, ni := range sc.touched {
		nr := &ix.names[ni]
		ub := float64(sc.acc[ni]) / float64(qn.total+nr.total)
		if qn.total > 0 {
			ub = math.Max(ub, math.Min(1, float64(sc.accQ[ni]/qn.total)))
		}
		if ub >= floor || floor <= 0 {
			out = append(out, ni)
		}
		sc.acc[ni], sc.accQ[ni] = 0, 0
	}
	if len(qn.han) > 0 {
		for _, g := range hanGrams(qn.han) {
			for _, ni := range ix.hanPost[g] {
				if !slices.Contains(out, ni) {
					out = append(out, ni)
				}
			}
		}
	}
	return out
}

// match is the outcome of comparing one query name with one indexed name.
type match struct {
	score       float64
	matched     int  // query tokens matched
	typos       int  // tokens matched with a typo
	joined      bool // a token matched two adjacent tokens written apart
	reordered   bool
	genericOnly bool
	weakOnly    bool // only place, trade and generic words matched
	singleAlias bool // a one-word alias against a longer query
	han         bool
	hanExact    bool
}

type pair struct {
	qi, qj, ci, cj int // qj, cj: second token of a join, or -1
	sim            float32
	gain           float32
	typo           uint8
}

// scoreName compares a prepared query name with an indexed name: an
// IDF-weighted Dice coefficient over one-to-one token matches, or, when the
// query is contained in the name, its weighted coverage; Han names are
// compared by edit distance.
func (ix *Index) scoreName(qn *qname, nr *nameRec) match {
	var m match
	if len(qn.toks) > 0 && len(nr.toks) > 0 {
		m = ix.scoreTokens(qn, nr)
	}
	if len(qn.han) > 0 && len(nr.han) > 0 {
		d := levRunes(qn.han, nr.han)
		s := 1 - float64(d)/float64(max(len(qn.han), len(nr.han)))
		if s > m.score {
			m = match{score: s, han: true, hanExact: d == 0}
		}
	}
	return m
}

func (ix *Index) scoreTokens(qn *qname, nr *nameRec) match {
	var buf [64]pair
	pairs := buf[:0]
	for i := range qn.toks {
		qt := &qn.toks[i]
		for j, v := range nr.toks {
			for _, nb := range qt.nb {
				if nb.v == v {
					pairs = append(pairs, pair{i, -1, j, -1, nb.sim, nb.sim * (qt.w + nr.w[j]), nb.typo})
					break
				}
			}
			if qt.join >= 0 && qt.join == v {
				pairs = append(pairs, pair{i, i + 1, j, -1, 1, qt.w + qn.toks[i+1].w + nr.w[j], 0})
			}
			if j+1 < len(nr.toks) && ix.isJoin(qt.s, v, nr.toks[j+1]) {
				pairs = append(pairs, pair{i, -1, j, j + 1, 1, qt.w + nr.w[j] + nr.w[j+1], 0})
			}
		}
	}
	if len(pairs) == 0 {
		return match{}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].gain > pairs[b].gain })
	var usedQ, usedC uint64
	var m match
	var gain, gainQ, gainC float32
	distinct, strong := false, false
	lastC := -1
	for _, p := range pairs {
		mq := uint64(1) << p.qi
		if p.qj >= 0 {
			mq |= 1 << p.qj
		}
		mc := uint64(1) << p.ci
		if p.cj >= 0 {
			mc |= 1 << p.cj
		}
		if usedQ&mq != 0 || usedC&mc != 0 {
			continue
		}
		usedQ |= mq
		usedC |= mc
		gain += p.gain
		gainQ += p.sim * qn.toks[p.qi].w
		gainC += p.sim * nr.w[p.ci]
		if p.qj >= 0 {
			gainQ += qn.toks[p.qj].w
			m.joined = true
			m.matched++
		}
		if p.cj >= 0 {
			gainC += nr.w[p.cj]
			m.joined = true
		}
		m.matched++
		if p.typo > 0 {
			m.typos++
		}
		if !qn.toks[p.qi].generic {
			distinct = true
		}
		if !isWeak(qn.toks[p.qi].s) {
			strong = true
		}
	}
	// Word order: matched candidate positions taken in query order.
	for i := range qn.toks {
		if usedQ&(1<<i) == 0 {
			continue
		}
		for _, p := range pairs {
			if p.qi == i && usedC&(1<<p.ci) != 0 {
				if p.ci < lastC {
					m.reordered = true
				}
				lastC = p.ci
				break
			}
		}
	}
	dice := float64(gain) / float64(qn.total+nr.total)
	covQ := math.Min(1, float64(gainQ/qn.total))
	covC := math.Min(1, float64(gainC/nr.total))
	m.score = math.Min(1, math.Max(dice, covQ*math.Sqrt(covC)))
	if !distinct {
		m.genericOnly = true
		m.score = math.Min(m.score, genericOnlyCap)
	}
	if distinct && !strong && (covQ < 0.999 || covC < 0.999) {
		m.weakOnly = true
		m.score = math.Min(m.score, weakOnlyCap)
	}
	if nr.alias && len(nr.toks) == 1 && len(qn.toks) > 1 && !m.joined {
		m.singleAlias = true
		m.score = math.Min(m.score, singleAliasCap)
	}
	return m
}

// isJoin reports whether s equals the words a and b written together.
func (ix *Index) isJoin(s string, a, b int32) bool {
	wa, wb := ix.words[a], ix.words[b]
	return len(s) == len(wa)+len(wb) && strings.HasPrefix(s, wa) && strings.HasSuffix(s, wb)
}

// reasons explains a match in short codes.
func (ix *Index) reasons(qn *qname, nr *nameRec, m match) []string {
	var r []string
	if m.han {
		if m.hanExact {
			r = append(r, "han_exact")
		} else {
			r = append(r, "han")
		}
		if qn.n.hanLegal || nr.hanLegal {
			r = append(r, "legal_form_ignored")
		}
	} else {
		r = append(r, fmt.Sprintf("token_overlap:%d/%d", m.matched, max(len(qn.toks), len(nr.toks))))
		if m.typos > 0 {
			r = append(r, fmt.Sprintf("typo:%d", m.typos))
		}
		if m.reordered {
			r = append(r, "word_order")
		}
		if m.joined {
			r = append(r, "joined_tokens")
		}
		if qn.n.legal || nr.legal {
			r = append(r, "legal_form_ignored")
		}
		if qn.n.translit || nr.translit {
			r = append(r, "translit")
		}
		if m.genericOnly {
			r = append(r, "generic_only")
		}
		if m.weakOnly {
			r = append(r, "place_trade_words_only")
		}
		if m.singleAlias {
			r = append(r, "one_word_alias")
		}
	}
	if nr.alias {
		r = append(r, "alias")
	}
	return r
}

// osaDistance is the optimal-string-alignment (restricted Damerau-
// Levenshtein) distance between a and b, or max+1 once it exceeds max.
func osaDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la-lb > max || lb-la > max {
		return max + 1
	}
	var bufs [3][40]int
	var p2, p1, cur []int
	if lb+1 <= 40 {
		p2, p1, cur = bufs[0][:lb+1], bufs[1][:lb+1], bufs[2][:lb+1]
	} else {
		p2, p1, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range p1 {
		p1[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= lb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(p1[j]+1, cur[j-1]+1, p1[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, p2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		p2, p1, cur = p1, cur, p2
	}
	if p1[lb] > max {
		return max + 1
	}
	return p1[lb]
}

// levRunes is the Levenshtein distance between two rune slices.
func levRunes(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
