package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kg-dev/kg/extract/segment"

	"github.com/kg-dev/kg/schema"
)

// Longest names each rule accepts, in code points.
const (
	maxOrg       = 22
	maxPlace     = 12
	maxProgramme = 24
	maxQuoted    = 28
	maxRoute     = 40 // a route's stops in quotes: “A-B-C”教学路线
	maxTail      = 18
)

var quotePairs = map[rune]rune{'“': '”', '‘': '’', '「': '」', '『': '』', '"': '"', '\'': '\''}

// quoted finds names in quotation marks, with the suffix that may follow
// the closing mark: “头雁”工程 → Programme 头雁工程 (alias 头雁),
// “事必求成”专业团队 → Organisation 事必求成专业团队.
func (x *Extractor) quoted(p *para) {
	for i := 0; i < len(p.r); i++ {
		cl, ok := quotePairs[p.r[i]]
		if !ok {
			continue
		}
		j := i + 1
		for j < len(p.r) && p.r[j] != cl && j-i <= maxRoute && !sentenceEnd(p.r[j]) && !clauseBreak(p.r[j]) {
			j++
		}
		if j >= len(p.r) || p.r[j] != cl || j-i-1 < 2 || j-i-1 > maxQuoted && !strings.ContainsAny(p.text(i+1, j), "-—－") {
			continue
		}
		inner := cleanName(p.text(i+1, j))
		best, typ := x.quoteTail(p, j+1)
		// “1+4”教学体系: a formula names an initiative only with its kind.
		if inner == "" || !strings.ContainsFunc(inner, isHan) && (typ != schema.Programme || !isFormula(inner)) {
			continue
		}
		name := inner
		end := j + 1
		if best > 0 {
			name = inner + p.text(j+1, j+1+best)
			end = j + 1 + best
		} else {
			typ = x.bareQuotedType(p, i, inner)
			if typ == "" {
				continue
			}
		}
		sp := span{start: i, end: end, typ: typ, name: name, rule: RuleQuoted, conf: 0.8}
		if typ == schema.Organisation && !x.plausibleOrg(p, sp) {
			continue
		}
		if best > 0 {
			sp.alias = inner
		}
		if p.add(sp) {
			i = end - 1
			x.routeStops(p, sp.start+1, j)
		}
	}
}

// isFormula reports whether s is a formula of numbers and letters such as
// 1+4 or 1+1+N+X.
func isFormula(s string) bool {
	return strings.ContainsAny(s, "+＋") && strings.Trim(s, "0123456789+＋ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == ""
}

// routeStops adds the stops of a route written in quotes, “A-B-C”教学路线,
// as places (or bodies, by their suffix) of their own.
func (x *Extractor) routeStops(p *para, s, e int) {
	if !strings.ContainsAny(p.text(s, e), "-—－") {
		return
	}
	start := s
	for k := s; k <= e; k++ {
		if k < e && !strings.ContainsRune("-—－", p.r[k]) {
			continue
		}
		if name := cleanName(p.text(start, k)); k-start >= 2 && k-start <= maxOrg && len([]rune(name)) >= 2 && allHan(name) {
			typ := schema.Place
			if x.lex.orgSuffix.suffixIn(p, k) > 0 {
				typ = schema.Organisation
			}
			p.spans = append(p.spans, span{start: start, end: k, typ: typ, name: name, rule: RuleQuoted, conf: 0.6})
		}
		start = k + 1
	}
}

// quoteTail returns the length of the Han text starting at s that ends in
// a programme or organisation suffix at a token boundary, and its type;
// the longest such run within maxTail, without crossing punctuation.
func (x *Extractor) quoteTail(p *para, s int) (int, schema.EntityType) {
	best, typ := 0, schema.EntityType("")
	for k := 1; k <= maxTail && s+k <= len(p.r); k++ {
		if !isHan(p.r[s+k-1]) {
			break
		}
		if x.lex.stop.has(p.text(s, s+k)) || (k <= 2 && x.lex.stop.prefixIn(p, s) == k) {
			break
		}
		// A verb or function word starting a later token ends the tail:
		// ”活动深入包括山东大学 stops before 深入.
		if i := s + k - 1; k > 1 && p.tokStart[i] {
			if t := p.toks[p.tokOf[i]]; x.lex.stop.has(t.Text) || x.stopTok(t) {
				break
			}
		}
		e := s + k
		if !p.tokStart[e] && x.lex.titles.prefixIn(p, e) == 0 {
			continue
		}
		if n := x.lex.orgSuffix.suffixIn(p, e); n > 0 && n <= k && !x.lex.generic.has(p.text(s, e-n)) {
			best, typ = k, schema.Organisation
		}
		if n := max(x.lex.prgSuffix.suffixIn(p, e), x.lex.prgWeak.suffixIn(p, e)); n > 0 && n <= k {
			best, typ = k, schema.Programme
		}
	}
	return best, typ
}

// programmeVerbs precede the name of an initiative.
var programmeVerbs = []string{"实施", "开展", "打造", "开设", "推出", "启动", "举办", "实行", "推行", "创建", "建立", "构建",
	"落实", "打响", "搭建", "组建", "推进", "深化", "发起", "设立", "开通", "上线", "建成", "做好", "出台", "制定", "印发",
	"开办", "参加", "参与", "入选", "获得", "荣获", "获评", "授予", "评为", "用好", "擦亮", "叫响", "创新",
	"培育", "树立", "争创", "创树", "实施好", "开展好", "组织"}

// closeAfter returns the position of the quotation mark that closes the
// one at open, or len(p.r).
func (x *Extractor) closeAfter(p *para, open int) int {
	cl := quotePairs[p.r[open]]
	for j := open + 1; j < len(p.r); j++ {
		if p.r[j] == cl {
			return j
		}
	}
	return len(p.r)
}

// afterProgrammeVerb reports whether the text before position i ends with
// a verb that introduces an initiative: 实施头雁计划.
func (x *Extractor) afterProgrammeVerb(p *para, i int) bool {
	before := strings.TrimRight(p.text(max(0, i-4), i), "了过着")
	for _, v := range programmeVerbs {
		if strings.HasSuffix(before, v) {
			return true
		}
	}
	return false
}

// quotedListOfProgrammes reports whether the quoted name opening at open
// belongs to a run of quoted names followed by 等 and an initiative's kind
// (荣誉称号, 活动, 工程).
func (x *Extractor) quotedListOfProgrammes(p *para, open int) bool {
	i := open
	for i < len(p.r) {
		cl, ok := quotePairs[p.r[i]]
		if !ok {
			break
		}
		j := i + 1
		for j < len(p.r) && p.r[j] != cl && j-i <= maxQuoted {
			j++
		}
		if j >= len(p.r) || p.r[j] != cl {
			return false
		}
		i = j + 1
		if i < len(p.r) && p.r[i] == '、' {
			i++
		}
	}
	if i == open || i >= len(p.r) || p.r[i] != '等' {
		return false
	}
	for k := i + 2; k <= min(len(p.r), i+8); k++ {
		if x.lex.prgSuffix.suffixIn(p, k) > 0 || x.lex.prgWeak.suffixIn(p, k) > 0 {
			return true
		}
	}
	return false
}

// clauseBreak reports whether r separates clauses, which no quoted name spans.
func clauseBreak(r rune) bool {
	switch r {
	case '，', ',', '：', ':', '…', '—':
		return true
	}
	return false
}

// bareQuotedType decides the type of a quoted name with no suffix after it:
// a Programme when it names an initiative by its form or its context.
func (x *Extractor) bareQuotedType(p *para, open int, inner string) schema.EntityType {
	r := []rune(inner)
	if n := x.lex.orgSuffix.suffixAt(r, len(r)); n > 0 && n < len(r) && !x.lex.generic.has(string(r[:len(r)-n])) && len(r) >= 4 {
		if builds(p, open) {
			return schema.Programme // 打造干部教育培训的“某某大学”: a university in name only
		}
		return schema.Organisation
	}
	// “百企进百村”, “千人帮千户”: a campaign named by a pair of counts.
	for _, c := range "百千万" {
		if strings.Count(inner, string(c)) >= 2 && len(r) >= 5 && !strings.ContainsAny(inner, "、，,") {
			return schema.Programme
		}
	}
	// “青屏乐园”, “青年人才活力街区”: a site named by a place suffix.
	if n := x.lex.plcSuffix.suffixAt(r, len(r)); n >= 2 && len(r)-n >= 2 && !x.lex.admin.has(string(r[len(r)-n:])) && !commonPlaceWords[inner] &&
		!strings.ContainsAny(inner, "、，,") && x.lex.stop.prefixAt(r, 0) == 0 && x.lex.verbs.prefixAt(r, 0) == 0 {
		return schema.Place
	}
	if len(r) < 3 || x.isAreaWord(inner) && !strings.ContainsAny(inner, "、，,") {
		return "" // “金融”, “崂山区”: a word or a place, not an initiative
	}
	before := strings.TrimRight(p.text(max(0, open-5), open), "了过着")
	// 组建“青年尖兵营”: what is formed is a body.
	if strings.HasSuffix(before, "组建") || strings.HasSuffix(before, "成立") {
		return schema.Organisation
	}
	// “法律、纪检、金融”三个专家库: quoted words that describe the noun after
	// them name nothing.
	if c := x.closeAfter(p, open); strings.ContainsRune(inner, '、') && c+1 < len(p.r) && p.isHanAt(c+1) && x.lex.stop.prefixIn(p, c+1) == 0 {
		return ""
	}
	if n := max(x.lex.prgSuffix.suffixAt(r, len(r)), x.lex.prgWeak.suffixAt(r, len(r))); n > 0 && n < len(r) {
		return schema.Programme
	}
	// “担当作为好科长”“公务员职业道德标兵”等荣誉称号: a list of quoted names
	// closed by 等 and the kind of initiative.
	if x.quotedListOfProgrammes(p, open) {
		return schema.Programme
	}
	for _, v := range programmeVerbs {
		if strings.HasSuffix(before, v) {
			return schema.Programme
		}
	}
	// 推出“A”“B”等7门案例: B is launched with A.
	if k := runStart(p, open); k < open && x.afterProgrammeVerb(p, k) {
		return schema.Programme
	}
	return ""
}

// builds reports whether the clause before the quotation mark at open says
// that what is quoted is being built: 打造“…”, 打造干部培训的“…”.
func builds(p *para, open int) bool {
	for k := open - 1; k >= 1 && open-k <= 12 && !isPunct(p.r[k]); k-- {
		if w := string(p.r[k-1 : k+1]); w == "打造" || w == "创建" {
			return k+1 == open || p.r[open-1] == '的'
		}
	}
	return false
}

// runStart returns where the run of quoted names that the one opening at
// open belongs to starts: “A”“B”、“C”.
func runStart(p *para, open int) int {
	k := open
	for {
		c := k - 1
		if c > 0 && p.r[c] == '、' {
			c--
		}
		if c < 1 || !strings.ContainsRune("”’」』\"'", p.r[c]) {
			return k
		}
		o := c - 1
		for o >= 0 && c-o <= maxQuoted && quotePairs[p.r[o]] != p.r[c] {
			o--
		}
		if o < 0 || quotePairs[p.r[o]] != p.r[c] {
			return k
		}
		k = o
	}
}

// book finds 《…》 titles: policy documents and plans are Programmes,
// newspapers and journals Organisations.
func (x *Extractor) book(p *para) {
	for i := 0; i < len(p.r); i++ {
		if p.r[i] != '《' {
			continue
		}
		j := i + 1
		for j < len(p.r) && p.r[j] != '》' && j-i <= 60 && !sentenceEnd(p.r[j]) && !clauseBreak(p.r[j]) {
			j++
		}
		if j >= len(p.r) || p.r[j] != '》' || j == i+1 {
			continue
		}
		name := cleanName(p.text(i+1, j))
		if !strings.ContainsFunc(name, isHan) {
			i = j
			continue // 《”》
		}
		typ := schema.Programme
		for _, s := range []string{"日报", "晚报", "报", "杂志", "周刊", "时报", "电视台", "网", "杂志社", "出版社", "新闻社"} {
			if strings.HasSuffix(name, s) {
				typ = schema.Organisation
			}
		}
		p.add(span{start: i, end: j + 1, typ: typ, name: name, rule: RuleBook, conf: 0.85})
		i = j
	}
}

// cleanName removes quotation marks and spaces from a surface form.
func cleanName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '‘', '’', '"', '\'', '《', '》', '「', '」', '『', '』', ' ', '\u3000', '\t', '\n':
			return -1
		}
		return r
	}, s)
}

// suffixed finds names that end in an organisation, place or programme
// suffix, extending left over the words of the name (崂山区委组织部,
// 青岛国际创新园, 十二大攻坚战).
func (x *Extractor) suffixed(p *para) {
	type cand struct {
		s, e int
		typ  schema.EntityType
		n    int // suffix length
	}
	var cands []cand
	for e := 1; e <= len(p.r); e++ {
		if !p.isHanAt(e - 1) {
			continue
		}
		no := x.lex.orgSuffix.suffixIn(p, e)
		np := x.lex.plcSuffix.suffixIn(p, e)
		ng := x.lex.prgSuffix.suffixIn(p, e)
		if no == 0 && np == 0 && ng == 0 {
			continue
		}
		if !p.tokStart[e] && x.lex.titles.prefixIn(p, e) == 0 && !x.isSuffixBreak(p, e) {
			continue
		}
		var typ schema.EntityType
		n := 0
		switch {
		case no > 0 && no >= np && no >= ng:
			typ, n = schema.Organisation, no
		case ng > 0 && ng >= np:
			typ, n = schema.Programme, ng
		case np > 0:
			typ, n = schema.Place, np
		default:
			continue
		}
		if tk := p.toks[p.tokOf[e-1]]; typ == schema.Place && (tk.Start == e-n && !x.properBefore(p, tk.Start) || tk.Start < e-n && tk.End == e) && commonPlaceWords[tk.Text] {
			continue // 城市社区, 楼宇园区: a kind of place, not one
		}
		if tk := p.toks[p.tokOf[e-1]]; typ == schema.Place && tk.Start < e-n {
			if _, isDiv := x.lex.Division(tk.Text); isDiv && tk.End == e || commonPlaceWords[p.text(tk.Start, e)] {
				continue
			}
		}
		if x.insideWord(p, e-n, e) || typ == schema.Organisation && x.lex.titles.suffixIn(p, e) > n {
			continue
		}
		s := x.extendLeft(p, e-n, e, typ)
		if s < 0 {
			continue
		}
		cands = append(cands, cand{s, e, typ, n})
	}
	// Longer names first, so that 青岛市委组织部 beats 青岛市委 and 青岛.
	for len(cands) > 0 {
		bi := 0
		for i, c := range cands {
			if c.e-c.s > cands[bi].e-cands[bi].s {
				bi = i
			}
		}
		c := cands[bi]
		cands = append(cands[:bi], cands[bi+1:]...)
		name := p.text(c.s, c.e)
		base := p.text(c.s, c.e-c.n)
		if c.typ == schema.Place && notPlaces[name] {
			continue // 老城区: any old town
		}
		if c.typ == schema.Organisation && x.isMedia(name) {
			c.s = x.mediaStart(p, c.s, c.e)
			name = p.text(c.s, c.e)
		}
		sp := span{start: c.s, end: c.e, typ: c.typ, name: cleanName(name), rule: RuleSuffix, conf: 0.7}
		if base == "" || x.lex.generic.has(base) || x.isGenericBase(base) {
			if base == "" && zoneWords[name] {
				p.add(span{start: c.s, end: c.e, typ: schema.Place, name: name, rule: RuleSuffix, conf: 0.6})
				continue
			}
			if c.typ != schema.Organisation {
				continue
			}
			sp.generic = true
		}
		if !x.plausible(p, sp) {
			continue
		}
		x.campus(p, &sp)
		if p.add(sp) && sp.typ == schema.Organisation && !sp.generic {
			x.nested(p, sp)
		}
	}
}

// launchPairs are the verbs that start an initiative (实施, 启动, 发起, 打响,
// 推出, 实行, 推行); the words up to the next initiative
// suffix are its name: 实施赋能计划, 发起先进制造业赋能攻坚战.
var launchPairs = [][2]rune{{'实', '施'}, {'启', '动'}, {'发', '起'}, {'打', '响'}, {'推', '出'}, {'实', '行'}, {'推', '行'}}

// launched finds the initiatives named, without quotes, right after a verb
// that launches them. It takes the words gse cut into pieces (赋/v 能/v 计划)
// that the suffix rule cannot join.
func (x *Extractor) launched(p *para) {
	for v := 0; v+2 < len(p.r); v++ {
		ve := 0
		for _, w := range launchPairs {
			if p.r[v] == w[0] && p.r[v+1] == w[1] {
				ve = v + 2
			}
		}
		if ve == 0 || !p.tokStart[ve] {
			continue
		}
		for e := ve + 3; e <= min(len(p.r), ve+maxProgramme) && p.isHanAt(e-1); e++ {
			if strings.ContainsRune("的和及与、在对", p.r[e-1]) {
				break // 实施更高水平的计划: a description
			}
			n := x.lex.prgSuffix.suffixIn(p, e)
			if n == 0 || e-ve-n < 2 || e < len(p.r) && p.isHanAt(e) && !p.tokStart[e] {
				continue
			}
			if p.freeBut(ve, e, RuleSuffix) {
				p.add(span{start: ve, end: e, typ: schema.Programme, name: p.text(ve, e), rule: RuleLaunched, conf: 0.6})
			}
			break
		}
	}
}

// awardKinds close a list of awards: 甲奖、乙奖3个奖项, 甲奖和乙奖等荣誉.
var awardKinds = []string{"奖项", "荣誉称号", "荣誉"}

// awards finds the awards listed before a count or 等 and their kind,
// whose names need no quotes: 乡村振兴奋进奖、农业产业发展突出贡献奖3个奖项.
func (x *Extractor) awards(p *para) {
	for k := 1; k < len(p.r); k++ {
		kind := false
		if p.r[k] == '奖' || p.r[k] == '荣' {
			for _, w := range awardKinds {
				kind = kind || strings.HasPrefix(p.text(k, min(len(p.r), k+4)), w)
			}
		}
		if !kind {
			continue
		}
		e := k
		for e > 0 && (isNumeral(p.r[e-1]) || strings.ContainsRune(measureWords+"等类", p.r[e-1])) {
			e--
		}
		for e > 0 && e < k && p.r[e-1] == '奖' {
			s := e - 1
			for s > 0 && isHan(p.r[s-1]) && !strings.ContainsRune("、和及", p.r[s-1]) && e-s < maxProgramme {
				s--
			}
			// The first award starts after the verb that sets it up: 设置了.
			if s == 0 || !strings.ContainsRune("、和及", p.r[s-1]) {
				for i := e - 2; i > s; i-- {
					if t := p.toks[p.tokOf[i]]; t.Start == i && (x.lex.stop.has(t.Text) || x.stopTok(t)) {
						s = t.End
						break
					}
				}
			}
			if e-s >= 4 && p.freeBut(s, e, RuleSuffix) {
				p.add(span{start: s, end: e, typ: schema.Programme, name: p.text(s, e), rule: RuleAwardList, conf: 0.6})
			}
			if s == 0 || !strings.ContainsRune("、和及", p.r[s-1]) {
				break
			}
			e = s - 1
		}
	}
}

// isMedia reports whether name is a newspaper's or broadcaster's.
func (x *Extractor) isMedia(name string) bool {
	for _, m := range []string{"日报", "晚报", "电视台", "报社"} {
		if strings.HasSuffix(name, m) {
			return true
		}
	}
	return false
}

// mediaStart moves the start of a newspaper's name to the place it is
// named after: 活动济南日报 → 济南日报.
func (x *Extractor) mediaStart(p *para, s, e int) int {
	for k := s; k < e-2; k++ {
		for n := 2; n <= 4 && k+n < e; n++ {
			if _, ok := x.lex.Division(p.text(k, k+n)); ok {
				return k
			}
		}
	}
	return s
}

// nestedSuffixes end the names of bodies that other bodies' names begin
// with: 青岛理工大学人文与外国语学院社会工作教研室 holds 青岛理工大学 and
// 青岛理工大学人文与外国语学院.
var nestedSuffixes = []string{"大学", "学院", "集团", "研究院", "医院", "组织部", "宣传部", "统战部"}

// nested adds the bodies named at the head of sp's name as mentions of
// their own, overlapping sp, so that PART_OF can join them.
func (x *Extractor) nested(p *para, sp span) {
	if strings.ContainsAny(sp.name, "(（") {
		return // 中国地质大学(武汉) is one university
	}
	for e := sp.end - 1; e-sp.start >= 4; e-- {
		head := p.text(sp.start, e)
		for _, suf := range nestedSuffixes {
			if strings.HasSuffix(head, suf) && !x.lex.generic.has(strings.TrimSuffix(head, suf)) {
				p.spans = append(p.spans, span{start: sp.start, end: e, typ: schema.Organisation, name: cleanName(head), rule: RuleSuffix, conf: 0.6})
				break
			}
		}
	}
}

// campus takes in the parenthesis that follows a university's name, which
// is part of it: 中国地质大学(武汉), 齐鲁工业大学(省科学院).
func (x *Extractor) campus(p *para, sp *span) {
	if sp.typ != schema.Organisation || !strings.HasSuffix(sp.name, "大学") && !strings.HasSuffix(sp.name, "学院") {
		return
	}
	e := sp.end
	if e >= len(p.r) || p.r[e] != '(' && p.r[e] != '（' {
		return
	}
	j := e + 1
	for j < len(p.r) && j-e <= 8 && isHan(p.r[j]) {
		j++
	}
	if j == e+1 || j >= len(p.r) || p.r[j] != ')' && p.r[j] != '）' || !p.free(e, j+1) {
		return
	}
	sp.end = j + 1
	sp.name = cleanName(p.text(sp.start, sp.end))
}

// insideWord reports whether the suffix [ss,e) is the tail of an ordinary
// word (干部, 布局, 地区) rather than the end of a name: the word that holds
// it begins before it with something other than a level word (区委 is fine).
func (x *Extractor) insideWord(p *para, ss, e int) bool {
	t := p.toks[p.tokOf[ss]]
	if t.Start >= ss || properPos(t.Pos) {
		return false
	}
	// gse tags unknown village and town names as people: 龙井村/nr.
	if strings.HasPrefix(t.Pos, "nr") && t.End == e && x.lex.admin.suffixIn(p, e) > 0 {
		return false
	}
	head := p.text(t.Start, ss)
	if strings.IndexFunc(head, func(r rune) bool { return !isNumeral(r) }) < 0 {
		return false // 干部一处
	}
	if x.lex.generic.has(head) || x.lex.orgSuffix.has(t.Text) || x.lex.plcSuffix.has(t.Text) || x.lex.prgSuffix.has(t.Text) {
		return false
	}
	return true
}

// isSuffixBreak reports whether a name may end at e inside a token: when
// the token goes on with a title or a second name part (区委书记).
func (x *Extractor) isSuffixBreak(p *para, e int) bool {
	if e >= len(p.r) {
		return true
	}
	if x.lex.orgSuffix.suffixIn(p, e) == 0 {
		return false
	}
	// 组织/部将: the token goes on with a function word.
	if t := p.toks[p.tokOf[e]]; t.Start < e && x.lex.stop.has(p.text(e, t.End)) {
		return true
	}
	return x.lex.orgSuffix.prefixIn(p, e) > 1
}

// isGenericBase reports whether base is only a level word and generic
// words (市委, 区委, 党委) so that the name needs its context.
func (x *Extractor) isGenericBase(base string) bool {
	r := []rune(base)
	for i := 0; i < len(r); {
		n := x.lex.generic.prefixAt(r, i)
		if n == 0 {
			n = x.lex.orgSuffix.prefixAt(r, i)
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// plausible rejects candidates that are ordinary words rather than names.
func (x *Extractor) plausible(p *para, sp span) bool {
	n := sp.end - sp.start
	if n < 2 {
		return false
	}
	// A single dictionary word that is not a proper noun (格局, 城市, 布局).
	ti := p.tokOf[sp.start]
	if t := p.toks[ti]; t.Start == sp.start && t.End == sp.end && !properPos(t.Pos) && !sp.generic {
		if sp.typ != schema.Organisation || n <= 3 {
			return false
		}
	}
	// A place or programme whose name is an ordinary word plus a suffix
	// (城市社区, 样板区, 专业产业园区) is a description, not a name.
	located := sp.start > 0 && strings.ContainsRune("在于", p.r[sp.start-1]) || sp.typ == schema.Programme && x.afterProgrammeVerb(p, sp.start) ||
		strings.HasSuffix(sp.name, "镇") || strings.HasSuffix(sp.name, "乡") || strings.HasSuffix(sp.name, "县")
	if sp.typ != schema.Organisation && !sp.generic && sp.rule == RuleSuffix && !located {
		for _, t := range p.toks {
			if t.Start == sp.start && t.End < sp.end && x.suffixStart(p, sp) == t.End && !properPos(t.Pos) && t.Pos != "s" &&
				utf8.RuneCountInString(t.Text) >= 2 && !strings.HasPrefix(t.Pos, "nr") {
				if _, ok := x.lex.Division(t.Text); !ok {
					return false
				}
			}
		}
	}
	if sp.typ == schema.Organisation && !x.plausibleOrg(p, sp) {
		return false
	}
	if sp.typ == schema.Place && n > maxPlace || sp.typ == schema.Place && n <= 3 && isNumeral([]rune(sp.name)[0]) {
		return false // 三区, 八山
	}
	if r := []rune(sp.name); sp.typ == schema.Place && strings.ContainsRune("三四五六七八九十两", r[0]) == false {
		for i := 0; i+1 < len(r); i++ {
			if isNumeral(r[i]) && r[i+1] == '大' {
				return false // 创智谷三大片区
			}
		}
	}
	if sp.typ == schema.Programme && n < 4 {
		return false
	}
	if sp.typ == schema.Place && x.figurative(p, sp) {
		return false
	}
	return !counted(p, sp.start) // 8个特色教学点, 3个基地
}

// figurativeZones end the titles that a plan gives an area (打造共同富裕
// 先行区, 国际大都市的示范窗口区), which are no places of their own.
var figurativeZones = []string{"先行区", "示范区", "样板区", "窗口区", "引领区", "标杆区", "大都市", "都市"}

// figurative reports whether the place sp is such a title, or a count of
// areas (青岛十区市): its name neither starts with a proper name nor names
// one area.
func (x *Extractor) figurative(p *para, sp span) bool {
	r := []rune(sp.name)
	k := len(r)
	for k > 0 && strings.ContainsRune("省市区县镇乡村", r[k-1]) {
		k--
	}
	if k > 0 && k <= len(r)-2 && isNumeral(r[k-1]) {
		return true // 十区市
	}
	for _, z := range figurativeZones {
		if !strings.HasSuffix(sp.name, z) {
			continue
		}
		t := p.toks[p.tokOf[sp.start]]
		if !x.divisionTok(t) && t.Pos != "ns" && t.Pos != "nt" {
			return true
		}
	}
	return false
}

// commonOrgTails are ordinary words that end in an organisation suffix.
var commonOrgTails = []string{"干部", "部署", "格局", "局面", "大局", "全局", "布局", "当局", "场所", "住所", "处所", "办法", "中心工作"}

// teamSuffixes name groups that are descriptions unless a proper name or an
// area comes before them (社区治理工作队 is any such team).
var teamSuffixes = []string{"工作队", "服务队", "突击队", "突击营", "团队", "专家团队", "工作专班", "专班", "党支部", "支部"}

// plausibleOrg rejects organisation candidates that are descriptions:
// ordinary words (干部, 新格局), counts (五大中心), slogans (小管委+大公司)
// and teams named only by their task.
func (x *Extractor) plausibleOrg(p *para, sp span) bool {
	name := cleanName(p.text(sp.start, sp.end))
	for _, w := range commonOrgTails {
		if strings.HasSuffix(name, w) {
			return false
		}
	}
	r := []rune(name)
	if strings.ContainsAny(name, "+＋") || len(r) > 2 && isNumeral(r[0]) && (r[1] == '大' || isNumeral(r[1]) || len(r) <= 3) {
		return false
	}
	if counted(p, sp.start) {
		return false
	}
	if sp.generic || sp.rule != RuleSuffix {
		return true
	}
	for _, ts := range teamSuffixes {
		if !strings.HasSuffix(name, ts) {
			continue
		}
		for _, t := range p.toks {
			if t.Start >= sp.start && t.End <= sp.end-utf8.RuneCountInString(ts) && (t.Pos == "ns" || t.Pos == "nt" || strings.HasPrefix(t.Pos, "nr")) {
				return true
			}
			if t.Start >= sp.start && t.End <= sp.end-utf8.RuneCountInString(ts) {
				if x.divisionTok(t) {
					return true
				}
				if commonPlaceWords[t.Text] || x.lex.plcSuffix.has(t.Text) || x.lex.orgSuffix.has(t.Text) {
					continue // 乡村振兴工作队, 社区治理工作队: kinds of work
				}
				if x.lex.orgSuffix.suffixAt([]rune(t.Text), utf8.RuneCountInString(t.Text)) > 0 || x.lex.plcSuffix.suffixAt([]rune(t.Text), utf8.RuneCountInString(t.Text)) > 0 {
					return true
				}
			}
		}
		return false
	}
	return true
}

// divisionTok reports whether token t names a division: by its full name,
// or by a short one that gse tags as a place (not 振兴, the short form of
// 振兴区, in 乡村振兴工作队).
func (x *Extractor) divisionTok(t segment.Token) bool {
	d, ok := x.lex.Division(t.Text)
	return ok && (d.Name == t.Text || t.Pos == "ns")
}

// suffixStart returns where the suffix of sp's name starts.
func (x *Extractor) suffixStart(p *para, sp span) int {
	n := max(x.lex.orgSuffix.suffixIn(p, sp.end), x.lex.plcSuffix.suffixIn(p, sp.end), x.lex.prgSuffix.suffixIn(p, sp.end))
	return sp.end - n
}

func properPos(pos string) bool {
	switch pos {
	case "ns", "nt", "nz", "nrt", "j":
		return true
	}
	return false
}

// stopPos are the gse tags of words that never begin or continue a name
// leftwards: prepositions, conjunctions, particles, pronouns, adverbs,
// time words, numerals, interjections and punctuation.
func stopPos(pos string) bool {
	switch pos {
	case "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "ad", "i", "z", "y", "e", "o", "x", "mq", "q", "f":
		return true
	}
	return false
}

// isAreaWord reports whether w names an administrative area: a division
// (青岛, 信阳市) or a name ending in an area's suffix (鸡公山管理区).
func (x *Extractor) isAreaWord(w string) bool {
	if _, ok := x.lex.Division(w); ok {
		return true
	}
	r := []rune(w)
	n := x.lex.admin.suffixAt(r, len(r))
	return n > 0 && n < len(r) && n != len(r)-0 && len(r) >= 3
}

// singleVerbs are one-character verbs that begin a clause, not a name:
// 在X街道建Y产业园.
const singleVerbs = "建搞抓促助推做用使引育兴改创设办"

// isParkSuffix reports whether suf ends the names of industrial parks,
// which are named after their industry: 装备制造产业园.
func (x *Extractor) isParkSuffix(suf string) bool {
	switch suf {
	case "产业园", "园区", "科技园", "工业园", "产业基地", "基地":
		return true
	}
	return false
}

// stopTok reports whether token t never belongs to a name, by its tag;
// idioms that are names' heads (攻坚战/i) do.
func (x *Extractor) stopTok(t segment.Token) bool {
	if t.Pos == "i" {
		r := []rune(t.Text)
		return x.lex.prgSuffix.suffixAt(r, len(r)) == 0 && x.lex.orgSuffix.suffixAt(r, len(r)) == 0
	}
	if t.Pos == "f" && utf8.RuneCountInString(t.Text) >= 2 {
		return false // 南方科技大学, 西部片区
	}
	return stopPos(t.Pos)
}

// extendLeft returns where the name whose suffix is [ss,e) starts, or -1.
// It moves left token by token over the words of the name and stops at
// punctuation, a function word, a clause verb, a title or a person.
func (x *Extractor) extendLeft(p *para, ss, e int, typ schema.EntityType) int {
	limit := map[schema.EntityType]int{schema.Organisation: maxOrg, schema.Place: maxPlace, schema.Programme: maxProgramme}[typ]
	s := ss
	verbAt := -1
	areaSeen := false
	// The suffix may sit inside a token (张村): take the token's head too.
	if ti := p.tokOf[min(ss, len(p.r)-1)]; ss < len(p.r) && p.toks[ti].Start < ss {
		head := p.text(p.toks[ti].Start, ss)
		if !x.lex.stop.has(head) && allHan(head) {
			s = p.toks[ti].Start
		}
	}
	for s > 0 {
		// (深圳) inside a company name.
		if c := p.r[s-1]; c == '）' || c == ')' {
			o := s - 2
			for o >= 0 && o > s-10 && p.r[o] != '（' && p.r[o] != '(' {
				o--
			}
			if o > 0 && (p.r[o] == '（' || p.r[o] == '(') && p.isHanAt(o-1) && typ == schema.Organisation {
				s = o
				continue
			}
			break
		}
		if !p.isHanAt(s - 1) {
			break
		}
		ti := p.tokOf[s-1]
		t := p.toks[ti]
		w := t.Text
		if t.Start < 0 || t.End != s {
			// a token that straddles s: only its tail is ours; stop unless it is a name piece
			w = p.text(t.Start, s)
		}
		// gse cuts a name it does not know into single characters (辛/nr 安/v
		// 街道, 张/q 村/zg 河): a character next to another such piece is
		// taken whatever its tag.
		single := utf8.RuneCountInString(w) == 1 && t.End == s && !x.lex.stop.has(w) && !strings.Contains(singleVerbs, w) &&
			(s < len(p.r) && p.tokOf[s] < len(p.toks) && p.toks[p.tokOf[s]].End-p.toks[p.tokOf[s]].Start == 1 && s < ss ||
				s == ss && typ == schema.Place && s-1 > 0 && e-ss >= 2 && p.toks[p.tokOf[s-2]].End-p.toks[p.tokOf[s-2]].Start == 1 &&
					p.toks[p.tokOf[s-2]].Pos != "v" && !x.lex.stop.has(p.toks[p.tokOf[s-2]].Text))
		// 人文与外国语学院, 公共事务与国有资产管理处: two fields joined by 与.
		if w == "与" && typ == schema.Organisation && s < ss && s-1 > 0 && p.isHanAt(s-2) {
			if l := p.toks[p.tokOf[s-2]]; l.End == s-1 && l.End-l.Start >= 2 && strings.HasPrefix(l.Pos, "n") && !x.lex.stop.has(l.Text) &&
				x.lex.orgSuffix.suffixAt([]rune(l.Text), l.End-l.Start) == 0 && x.lex.plcSuffix.suffixAt([]rune(l.Text), l.End-l.Start) == 0 && !x.isAreaWord(l.Text) {
				s = t.Start
				continue
			}
		}
		// 推进计划, 提升工程: a verb may end an initiative's name.
		if typ == schema.Programme && s == ss && (t.Pos == "v" || t.Pos == "vn") && utf8.RuneCountInString(w) == 2 && !x.lex.titles.has(w) {
			s = t.Start
			continue
		}
		if typ == schema.Programme && w == "系列" && s == ss {
			s = t.Start // 泰山系列工程
			continue
		}
		if !single && (x.lex.stop.has(w) || x.stopTok(t) || t.Pos == "m" && !allHan(w) || x.lex.titles.has(w) || isCount(w) ||
			t.Pos == "a" && utf8.RuneCountInString(w) == 1 && (typ != schema.Organisation || x.lex.orgSuffix.suffixIn(p, t.Start) < 2)) {
			break // but 学院新时代…服务队: a unit named after its parent body
		}
		if _, isDiv := x.lex.Division(w); single || isDiv && allHan(w) && utf8.RuneCountInString(w) >= 2 {
			// 即墨/v is a place whatever gse says.
		} else if x.lex.verbs.has(w) || t.Pos == "v" {
			if s != ss || typ == schema.Place && !x.isParkSuffix(p.text(ss, e)) {
				break
			}
			verbAt = t.Start // 养殖公司 needs a name before the verb
		}
		// 美丽海湾灵山湾: a place word on the left is another place.
		if typ == schema.Place && s < ss && utf8.RuneCountInString(w) >= 2 && x.lex.plcSuffix.suffixAt([]rune(w), utf8.RuneCountInString(w)) > 0 {
			if _, isDiv := x.lex.Division(w); !isDiv && !properPos(t.Pos) || strings.HasSuffix(w, "海湾") {
				break
			}
		}
		if _, ok := p.spanEnding(s); ok && typ != schema.Organisation {
			break
		}
		if typ == schema.Place && s < ss && x.endsHigherAdmin(p, s) {
			break
		}
		if e-t.Start > limit {
			break
		}
		// A body is named after its own area only: 河南省信阳市鸡公山管理区党工委
		// is 鸡公山管理区党工委.
		area := x.isAreaWord(w) && !x.lex.plcSuffix.has(w) &&
			(x.lex.admin.suffixAt([]rune(w), utf8.RuneCountInString(w)) > 0 || x.lex.admin.prefixIn(p, t.End) > 0)
		if typ == schema.Organisation && areaSeen && area {
			break
		}
		areaSeen = areaSeen || area
		s = t.Start
	}
	// Trim a leading stop word glued into the first token.
	for s < ss {
		if t := p.toks[p.tokOf[s]]; t.Start == s {
			if _, isDiv := x.lex.Division(t.Text); isDiv || properPos(t.Pos) {
				break
			}
		}
		n := x.lex.stop.prefixIn(p, s)
		if n == 0 || n >= ss-s {
			break
		}
		s += n
	}
	if s == ss && ss == e || s == verbAt && typ != schema.Programme {
		return -1
	}
	// A count before the name is not part of it: 401支党员突击队, 3期突击营.
	if s < ss && strings.ContainsRune(measureWords, p.r[s]) && (s == 0 || isNumeral(p.r[s-1])) {
		s++
	}
	return s
}

// measureWords count bodies and events: 一支队伍, 3期, 首批.
const measureWords = "支个家批期名项条届位所座处"

// isCount reports whether w is a number with a measure word: 首个, 三家.
func isCount(w string) bool {
	num := false
	for _, r := range w {
		switch {
		case isNumeral(r):
			num = true
		case !strings.ContainsRune(measureWords, r):
			return false
		}
	}
	return num && utf8.RuneCountInString(w) > 1
}

// isNumeral reports whether r writes a number.
// counted reports whether a number and a measure word end just before s or
// at s: what follows is a number of bodies, not one named body (23支工作队,
// 23处中心).
func counted(p *para, s int) bool {
	for _, k := range []int{s, s + 1} {
		if k >= 2 && k < len(p.r) && strings.ContainsRune(measureWords, p.r[k-1]) && isNumeral(p.r[k-2]) {
			return true
		}
	}
	return false
}

func isNumeral(r rune) bool {
	return unicode.IsDigit(r) || strings.ContainsRune("零一二三四五六七八九十百千万两几多首每", r)
}

// endsHigherAdmin reports whether the text before position s ends with a
// division (泗县, 信阳市, 瓦坊镇), which then starts no part of a lower one.
func (x *Extractor) endsHigherAdmin(p *para, s int) bool {
	n := x.lex.admin.suffixIn(p, s)
	if n == 0 || s-n < 1 || !p.isHanAt(s-n-1) {
		return false
	}
	return true
}

func allHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}

// companyKinds close a list of companies: 科大讯飞、商汤科技等人工智能头部企业.
var companyKinds = []string{"企业", "公司", "服务商", "厂商", "供应商", "集团", "银行"}

// companies finds the bodies listed before 等 and a kind of company,
// whose names need no suffix: 科大讯飞、商汤科技等人工智能头部企业.
func (x *Extractor) companies(p *para) {
	for i := 1; i < len(p.r); i++ {
		if p.r[i] != '等' {
			continue
		}
		tail := p.text(i+1, min(len(p.r), i+21))
		if k := strings.IndexFunc(tail, func(r rune) bool { return isPunct(r) }); k >= 0 {
			tail = tail[:k]
		}
		ok := false
		for _, kind := range companyKinds {
			ok = ok || strings.Contains(tail, kind)
		}
		if !ok || strings.Contains(tail, "行业") || strings.Contains(tail, "领域") {
			continue // 跨境电子商务、物联网等新兴行业企业: industries
		}
		e := i
		for n := 0; n < 8 && e > 0; n++ {
			s := e
			for s > 0 && (isHan(p.r[s-1]) || unicode.IsLetter(p.r[s-1])) && !strings.ContainsRune("和及与", p.r[s-1]) && e-s < 12 {
				s--
			}
			if s > 0 && isHan(p.r[s-1]) && !strings.ContainsRune("和及与", p.r[s-1]) || e-s < 2 {
				break // too long to be one name
			}
			for n := x.lex.stop.prefixIn(p, s); n > 0 && e-s-n >= 2 && (s == 0 || !strings.ContainsRune("、和及与", p.r[s-1])); n = x.lex.stop.prefixIn(p, s) {
				s += n // 依托西门子青岛创新中心
			}
			name := p.text(s, e)
			industry := strings.HasSuffix(name, "业") || strings.HasSuffix(name, "产业") || strings.HasSuffix(name, "商务") || strings.HasSuffix(name, "技术")
			if !x.commonWord(name) && !industry && p.freeBut(s, e, RuleDivision) {
				p.add(span{start: s, end: e, typ: schema.Organisation, name: p.text(s, e), rule: RuleCompanyList, conf: 0.5})
			}
			if s == 0 || !strings.ContainsRune("、和及与", p.r[s-1]) {
				break
			}
			e = s - 1
		}
	}
}

// villages finds the village or community named right after its town:
// 城关镇刘家山村, 瓦坊镇陡张村, 柳林乡讲约台村, whose names gse rarely
// knows.
func (x *Extractor) villages(p *para) {
	for _, sp := range p.spans {
		if sp.typ != schema.Place || !strings.HasSuffix(sp.name, "镇") && !strings.HasSuffix(sp.name, "乡") && !strings.HasSuffix(sp.name, "街道") {
			continue
		}
		if t := p.toks[p.tokOf[min(sp.end, len(p.r)-1)]]; sp.end < len(p.r) && t.Start == sp.end && t.End-t.Start >= 2 && (t.Pos == "v" || t.Pos == "vn" || t.Pos == "p") {
			continue
		}
		for k := 2; k <= 5 && sp.end+k <= len(p.r); k++ {
			e := sp.end + k
			if !p.isHanAt(e-1) || !p.isHanAt(sp.end) {
				break
			}
			n := 0
			for _, suf := range []string{"村", "社区", "居委会"} {
				if strings.HasSuffix(p.text(sp.end, e), suf) {
					n = utf8.RuneCountInString(suf)
				}
			}
			if n == 0 || k-n < 1 {
				continue
			}
			if x.lex.stop.prefixIn(p, sp.end) > 0 || !p.free(sp.end, e) && !x.replaceShorter(p, sp.end, e) {
				break
			}
			p.add(span{start: sp.end, end: e, typ: schema.Place, name: p.text(sp.end, e), rule: RuleSuffix, conf: 0.7})
			break
		}
	}
}

// replaceShorter drops the place spans inside [s,e) that end at e (台村
// inside 讲约台村) and reports whether [s,e) is then free.
func (x *Extractor) replaceShorter(p *para, s, e int) bool {
	kept := p.spans[:0]
	for _, sp := range p.spans {
		if sp.typ == schema.Place && sp.start >= s && sp.end == e {
			continue
		}
		kept = append(kept, sp)
	}
	p.spans = kept
	return p.free(s, e)
}

// divisions finds China's administrative divisions by their full or short
// names (青岛市, 青岛, 崂山区) and other place words in gse's dictionary.
func (x *Extractor) divisions(p *para) {
	for _, t := range p.toks {
		n := utf8.RuneCountInString(t.Text)
		if n < 2 || !allHan(t.Text) {
			continue
		}
		d, ok := x.lex.Division(t.Text)
		switch {
		case ok && (d.Name == t.Text || d.Level != "county" || t.Pos == "ns"):
			p.add(span{start: t.Start, end: t.End, typ: schema.Place, name: t.Text, rule: RuleDivision, conf: 0.9})
		case x.lex.bodies.has(t.Text):
			p.add(span{start: t.Start, end: t.End, typ: schema.Organisation, name: t.Text, rule: RuleLexBody, conf: 0.9})
		case t.Pos == "ns" && !notPlaces[t.Text] && strings.ContainsRune("江河湖山岛湾峡", []rune(t.Text)[n-1]):
			p.add(span{start: t.Start, end: t.End, typ: schema.Place, name: t.Text, rule: RuleLexPlace, conf: 0.6})
		}
	}
}

// zoneWords are zones that the text names by their kind alone, there
// being one of them in the area: 自贸区, 自贸试验区.
var zoneWords = map[string]bool{"自贸区": true, "自贸试验区": true, "保税区": true, "综合保税区": true, "自由贸易试验区": true}

// properBefore reports whether the token ending at i is a proper name or
// a piece of one that gse did not know (汉/j 河/ns 社区), but not a
// division alone (青岛园区).
func (x *Extractor) properBefore(p *para, i int) bool {
	if i == 0 || !p.isHanAt(i-1) {
		return false
	}
	t := p.toks[p.tokOf[i-1]]
	if _, isDiv := x.lex.Division(t.Text); isDiv || commonPlaceWords[t.Text] || notPlaces[t.Text] {
		return false
	}
	if _, _, known := x.seg.Freq(t.Text); known && t.End-t.Start >= 2 && strings.HasPrefix(t.Pos, "nr") {
		return false // 楼宇/nr: a word gse mistakes for a name
	}
	return properPos(t.Pos) || strings.HasPrefix(t.Pos, "nr") || t.End-t.Start == 1 && !x.lex.stop.has(t.Text)
}

// commonPlaceWords are ordinary words that end in a place suffix (乡村
// is the countryside, not a village).
var commonPlaceWords = map[string]bool{"城市社区": true, "城乡社区": true, "农村社区": true, "新型农村": true, "乡村": true, "农村": true, "城乡": true, "山村": true, "渔村": true,
	"城市": true, "城镇": true, "乡镇": true, "镇街": true, "社区": true, "小区": true, "街区": true, "园区": true,
	"景区": true, "港湾": true, "江湖": true, "山河": true, "江山": true}

// notPlaces are place-tagged dictionary words that name no particular place.
var notPlaces = map[string]bool{"中国": true, "全国": true, "国内": true, "国外": true, "海外": true, "新区": true,
	"城区": true, "市区": true, "地区": true, "山区": true, "郊区": true, "沿海": true, "内地": true, "北方": true,
	"南方": true, "西部": true, "东部": true, "中部": true, "基层": true, "农村": true, "城乡": true, "全省": true,
	"全市": true, "全区": true, "各地": true, "当地": true, "本地": true, "外地": true, "老城区": true, "中华": true,
	"亚洲": false}
