package sanctions

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldString lower-cases s, decomposes it (NFKD) and drops combining marks,
// so "Bozizé" and "BOZIZE" compare equal. Letters without a decomposition
// (ß, ø, æ, ł, ...) are spelled out.
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		case 'ß':
			b.WriteString("ss")
		case 'ø':
			b.WriteByte('o')
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ł':
			b.WriteByte('l')
		case 'đ', 'ð':
			b.WriteByte('d')
		case 'ı':
			b.WriteByte('i')
		case 'þ':
			b.WriteString("th")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Token classes. Legal forms and stop words are dropped; generic words keep a
// small weight; titles and particles are dropped.
var (
	legalForms = setOf(`co ltd limited company companies llc l.l.c inc incorporated corp corporation gmbh mbh ag kg ohg gbr ug
		sa sas sarl srl spa sl sau bv nv plc jsc ojsc cjsc pjsc oao zao ooo pao ao tov pp
		llp lp pte pvt pty kft zrt nyrt sro as asa oy oyj ab kk bhd tbk fze fzco fzc fzllc fzd dmcc wll bsc saog saoc
		sal sae cv spzoo sp zoo ltda eireli cia ste sti limitada anonim sirketi`)
	// Multi-word legal forms, removed before single words.
	legalPhrases = [][]string{
		{"joint", "stock", "company"}, {"closed", "joint", "stock", "company"}, {"open", "joint", "stock", "company"},
		{"public", "joint", "stock", "company"}, {"limited", "liability", "company"}, {"limited", "liability", "partnership"},
		{"public", "limited", "company"}, {"private", "limited"}, {"sdn", "bhd"}, {"sa", "de", "cv"}, {"s", "de", "rl"},
		{"de", "rl"}, {"de", "cv"}, {"societe", "anonyme"}, {"sociedad", "anonima"}, {"aktiengesellschaft"},
		{"ltd", "sti"}, {"ve", "tic"}, {"sanayi", "ve", "ticaret"}, {"free", "zone", "establishment"}, {"joint", "stock"},
	}
	genericWords = setOf(`trading trade traders trader international intl group general import export imports exports importers
		exporters impex imp exp industrial industries industry enterprise enterprises holding holdings services service
		technology technologies tech commercial commerce investment investments development global world worldwide
		national united universal logistics manufacturing products solutions systems supply supplies equipment
		engineering consulting partners associates agency center centre factory firm ventures venture resources
		establishment est corporate business`)
	stopWords = setOf(`and of the for de del della der die la le les los las y et und du des da do dos e`)
	titles    = setOf(`dr mr mrs ms miss prof sir sheikh shaykh shaikh sheik haji hajji mullah mulla maulana maulvi mawlawi`)
	particles = setOf(`al el ul bin ibn bint`)
)

// translit maps transliteration variants to one canonical spelling.
var translit = func() map[string]string {
	groups := []string{
		"muhammad mohammed mohammad mohamed mohamad muhammed mohamud muhamad mohd mohammod muhamed mehmet mehmed",
		"ahmad ahmed ahmet ahmd",
		"husayn hussein hussain husain hosein hossein husein hussien hüseyin huseyin",
		"hasan hassan hasen",
		"yusuf yousef yousif youssef yusif yousuf yosef yussuf",
		"umar omar omer",
		"usama osama ousama",
		"ibrahim ebrahim ibraheem",
		"mahmud mahmoud mahmood mahmut",
		"mustafa mostafa moustafa mustapha mostapha",
		"khalid khaled",
		"said saeed saied saeid sayed sayid",
		"abdallah abdullah abdulla abdalla",
		"jamal gamal djamal",
		"qasim qassim qasem qassem kasim kassem ghasem",
		"rahman rehman",
		"rahim raheem",
		"karim kareem",
		"salim salem saleem",
		"muhsin mohsen mohsin",
		"mahdi mehdi",
		"yasin yassin yaseen yassine",
		"jafar jaafar jafaar",
		"qaida qaeda kaida qaidah",
		"ali aly",
		"abu abou",
		"nasser nasir naser nassir",
		"zawahiri zawahri",
	}
	m := map[string]string{}
	for _, g := range groups {
		f := strings.Fields(g)
		for _, v := range f[1:] {
			m[v] = f[0]
		}
	}
	return m
}()

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// normName is a name prepared for matching.
type normName struct {
	toks     []string // canonical tokens, legal forms/stop words/titles/particles removed
	translit bool     // a token was rewritten by the transliteration table
	legal    bool     // a legal form was removed
	han      string   // Han characters, traditional folded to simplified, legal forms removed
	hanLegal bool     // a Han legal form was removed
	generic  bool     // the name has tokens but none is distinctive
}

type rawTok struct {
	s   string
	dot bool // followed by '.'
}

// isApostrophe reports characters that join rather than split words ("Mus'id").
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´', 'ʼ', 'ʻ', 'ʿ', 'ʾ':
		return true
	}
	return false
}

func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// normalize prepares a name: fold, split, merge dotted initials ("S.A." ->
// "sa"), drop legal forms, stop words, titles and particles, split "Abdul"
// compounds and canonicalise transliteration variants. Han characters go to
// han, separately.
func normalize(s string) normName {
	s = dropAcronym(s)
	var n normName
	var raw []rawTok
	var cur strings.Builder
	var han []rune
	flush := func(dot bool) {
		if cur.Len() > 0 {
			raw = append(raw, rawTok{s: cur.String(), dot: dot})
			cur.Reset()
		} else if dot && len(raw) > 0 {
			raw[len(raw)-1].dot = true
		}
	}
	for _, r := range s {
		if isHan(r) {
			flush(false)
			han = append(han, toSimplified(r))
			continue
		}
		if r > 0x7f {
			// fold per rune only when needed; most list text is ASCII.
			for _, fr := range foldString(string(r)) {
				switch {
				case unicode.IsLetter(fr) || unicode.IsDigit(fr):
					cur.WriteRune(fr)
				case isApostrophe(fr) || unicode.Is(unicode.Mn, fr):
				default:
					flush(false)
				}
			}
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			cur.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			cur.WriteRune(r + 'a' - 'A')
		case r == '\'' || r == '`':
		case r == '.':
			flush(true)
		default:
			flush(false)
		}
	}
	flush(false)

	// Merge runs of dotted single letters: "s.a." -> "sa", "u.s.a." -> "usa".
	toks := make([]string, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if len(t.s) == 1 && t.dot && i+1 < len(raw) && len(raw[i+1].s) == 1 {
			var b strings.Builder
			b.WriteString(t.s)
			for i+1 < len(raw) && len(raw[i+1].s) == 1 && raw[i].dot {
				i++
				b.WriteString(raw[i].s)
			}
			toks = append(toks, b.String())
			continue
		}
		toks = append(toks, t.s)
	}

	// Legal phrases, then single legal words (only if something else remains).
	toks, n.legal = removeLegal(toks)

	out := toks[:0:0]
	for _, t := range toks {
		if stopWords[t] || titles[t] || particles[t] {
			continue
		}
		// "abdulrahman" -> "abd" "rahman"; "abdel", "abdol" likewise.
		for _, p := range []string{"abdul", "abdel", "abdol", "abdal"} {
			if strings.HasPrefix(t, p) && len(t) > len(p)+2 && t != "abdallah" {
				out = append(out, "abd")
				t = t[len(p):]
				n.translit = true
				break
			}
		}
		if t == "abdul" || t == "abdel" || t == "abdol" {
			t, n.translit = "abd", true
		}
		if c, ok := translit[t]; ok {
			t, n.translit = c, true
		}
		out = append(out, t)
	}
	// "abd al rahman": particles are already gone, so "abd rahman" remains.
	if len(out) == 0 && len(toks) > 0 {
		out = toks // a name made only of stop words or titles: keep it as written
	}
	n.toks = out
	n.generic = len(out) > 0
	for _, t := range out {
		if !genericWords[t] && !legalForms[t] {
			n.generic = false
			break
		}
	}
	n.han, n.hanLegal = stripHanLegal(string(han))
	return n
}

// reAcronym is a parenthetical of one short Latin word: "(KOMID)", "(GTI)".
var reAcronym = regexp.MustCompile(`\s*\(\s*[A-Za-z0-9][A-Za-z0-9.&\-]{0,9}\s*\)`)

// dropAcronym removes a parenthetical acronym from a name of at least two
// other words: lists write "ATLAS OCEAN AND PETROCHEMICAL (AOPC)", buyers'
// records the name without it, and the acronym, a rare word, would
// otherwise weigh the match below the threshold. (Lists give the acronym
// as an alias of its own when it is used alone.)
func dropAcronym(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	out := reAcronym.ReplaceAllString(s, " ")
	if out == s || len(strings.Fields(out)) < 2 {
		return s
	}
	return out
}

// removeLegal drops legal forms unless that would leave nothing.
func removeLegal(toks []string) ([]string, bool) {
	out := make([]string, 0, len(toks))
	removed := false
	for i := 0; i < len(toks); {
		matched := 0
		for _, ph := range legalPhrases {
			if len(ph) > matched && i+len(ph) <= len(toks) && equalSlice(toks[i:i+len(ph)], ph) {
				matched = len(ph)
			}
		}
		if matched == 0 && legalForms[toks[i]] {
			matched = 1
		}
		if matched > 0 {
			removed = true
			i += matched
			continue
		}
		out = append(out, toks[i])
		i++
	}
	if len(out) == 0 {
		return toks, false
	}
	return out, removed
}

func equalSlice(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hanLegal are Chinese/Japanese legal forms, longest first.
var hanLegal = func() []string {
	l := []string{"股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "株式会社", "公司", "会社", "集团", "控股"}
	sort.SliceStable(l, func(i, j int) bool { return len([]rune(l[i])) > len([]rune(l[j])) })
	return l
}()

func stripHanLegal(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	out := h
	for _, l := range hanLegal {
		out = strings.ReplaceAll(out, l, "")
	}
	if len([]rune(out)) < 2 {
		return h, false
	}
	return out, out != h
}
