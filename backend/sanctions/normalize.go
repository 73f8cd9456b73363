package sanctions

import (
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

// tradSimp folds common traditional characters (as found in Hong Kong and
// Taiwan company names) to simplified ones. Pairs: traditional, simplified.
const tradSimp = "國国際际華华務务連连術术長长運运門门東东貿贸機机會会進进廣广興兴發发電电業业實实團团聯联鐵铁銀银產产" +
	"氣气網网學学體体藥药醫医圖图書书與与葉叶萬万億亿個个們们來来時时現现開开關关間间問问對对導导島岛嶺岭灣湾臺台" +
	"龍龙鳳凤貨货資资財财賓宾貴贵買买賣卖質质車车軍军輪轮輸输達达遠远選选邊边鄭郑陳陈陸陆陽阳隊队雙双雲云順顺頭头" +
	"題题風风飛飞館馆馬马騰腾魯鲁鳥鸟麗丽齊齐碼码礦矿紡纺織织組组經经結结統统絲丝線线綠绿維维總总繼继續续義义聖圣" +
	"腦脑蘇苏處处號号衛卫裝装製制複复規规視视計计訊讯設设許许證证評评認认語语說说調调論论護护讀读豐丰貝贝負负費费" +
	"賽赛趙赵軟软農农邁迈鄉乡鋼钢錦锦鎮镇閃闪陝陕險险隨随雜杂靈灵韓韩項项領领養养魚鱼鮮鲜鹽盐麥麦黃黄廠厂廳厅強强" +
	"從从復复應应戰战擇择擁拥據据攝摄晉晋條条極极樂乐標标檢检權权歐欧歲岁滬沪漢汉濟济無无熱热燈灯營营環环瑪玛畫画" +
	"當当盤盘盧卢眾众礎础祿禄禮礼種种穩稳積积筆笔節节範范簡简糧粮紀纪約约紅红納纳紙纸級级細细終终給给絡络絕绝綜综" +
	"編编練练縣县績绩羅罗習习聞闻聲声職职脈脉舊旧艦舰莊庄蘭兰補补見见親亲觀观訂订記记話话詢询試试誠诚誼谊諾诺謝谢" +
	"譯译變变貞贞責责貸贷賀贺購购贏赢軌轨較较載载輕轻輝辉轉转辦办遊游過过遞递適适鄰邻釋释針针鈞钧鋁铝錢钱錫锡鍋锅" +
	"鏈链鑽钻閣阁閩闽隱隐雞鸡離离靜静響响頂顶預预頓顿頻频顧顾顯显飲饮飾饰驗验鬥斗鴻鸿鵬鹏齡龄龜龟滙汇匯汇澤泽濱滨" +
	"潔洁瀋沈藝艺創创傳传備备億亿價价僑侨優优勞劳務务勝胜區区協协廈厦參参雙双啟启單单圓圆園园場场塊块壓压壽寿夢梦" +
	"奧奥婦妇寧宁寶宝尋寻屬属岡冈巖岩幣币師师帶带幫帮廬庐彈弹徑径徵征愛爱態态慶庆懷怀搶抢數数斷断暉晖曉晓書书會会" +
	"東东業业榮荣樓楼橋桥歸归氣气決决況况測测湯汤滿满漁渔潤润澳澳災灾爭争爾尔獎奖現现瑞瑞畢毕療疗發发盜盗県县碩硕" +
	"磚砖禪禅稅税稱称窩窝競竞築筑簽签籌筹紐纽純纯紹绍絨绒綱纲緊紧線线緣缘縮缩繡绣罰罚習习翹翘聯联肅肃脅胁膠胶興兴" +
	"舉举艙舱華华萊莱蒼苍蓮莲蔣蒋薦荐蘆芦虛虚蝦虾衝冲訴诉詩诗詳详誌志諮咨豪豪貓猫賢贤賴赖贊赞趨趋跡迹蹤踪軒轩輔辅" +
	"輯辑遜逊遷迁郵邮醬酱鈺钰鉅巨銳锐錄录鍊炼鎖锁鐘钟鑄铸閥阀闊阔阿阿陣阵雖虽雕雕雞鸡霧雾韻韵頌颂頒颁顏颜飯饭饒饶" +
	"駐驻騎骑驅驱驚惊鬆松魂魂鴨鸭鷹鹰麒麒黨党齒齿"

var tradSimpMap = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(tradSimp)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

func toSimplified(r rune) rune {
	if s, ok := tradSimpMap[r]; ok {
		return s
	}
	return r
}
