package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kg-dev/kg/schema"
)

// followWords may follow a person's name directly.
var followWords = []string{"同志", "等", "在", "说", "表示", "一行", "出席", "参加", "主持", "介绍", "指出", "强调", "带领",
	"是", "和", "与", "及", "为", "对", "向", "将", "也", "还", "就", "的", "作", "代表", "宣读", "致辞", "现场", "发言",
	"讲话", "率", "到", "赴", "来", "深入", "先后", "同", "分别", "牵头", "要求", "认为", "告诉", "坦言", "感慨", "报道",
	"被", "把", "从", "已", "曾", "又", "都", "则", "便", "带", "看", "听", "问", "答", "笑", "拿", "每", "正", "接",
	"获", "荣获", "当选", "以", "总书记", "担任", "任", "兼", "等人", "们", "陪同", "调研", "考察", "走访", "看望", "慰问", "一起", "一同", "整理", "摄影", "摄", "供图", "制图", "撰文", "编辑", "通讯员", "报道",
	"汇报", "会见", "听取", "宣布", "提出", "部署", "视察", "主讲", "讲解", "分享", "发表", "带队", "前往", "回答", "希望", "寄语"}

// notLastGiven are characters that, after a surname and one given
// character, begin what follows the name rather than end it (李伟说).
const notLastGiven = "等们说称讲道问答笑在是的被把将"

// speechWords follow a person named without a title at the start of a
// clause: “……”潘进锐说, 汤凤兰被派到.
var speechWords = []string{"说", "表示", "介绍", "指出", "认为", "坦言", "告诉", "感慨", "回忆", "笑着说", "被派", "被选", "被评", "被授予"}

// listEnd closes a list of people: 唐会友等5名同志, 等人.
var listEnd = []string{"等同志", "等人", "同志"}

func (x *Extractor) isFollow(p *para, i int) bool {
	if i >= len(p.r) || !p.isHanAt(i) {
		return true
	}
	if x.follow.prefixIn(p, i) > 0 {
		return true
	}
	return x.lex.titles.prefixIn(p, i) > 0
}

// nameAt returns the length of a person's name starting at i (surname and
// a given name of one or two characters), or 0.
func (x *Extractor) nameAt(p *para, i int) int {
	sn := x.lex.surnames.prefixIn(p, i) // surnames have one or two characters
	if sn == 0 {
		return 0
	}
	best := 0
	for _, g := range []int{2, 1} {
		e := i + sn + g
		if e > len(p.r) || !allHan(p.text(i+sn, e)) {
			continue
		}
		if !x.isFollow(p, e) && x.nameStartAt(p, e) == 0 {
			continue
		}
		name := p.text(i, e)
		if x.functionWord(name) || x.lex.titles.prefixIn(p, i+sn) > 0 || x.lex.stop.prefixIn(p, i+sn) > 0 && g == 1 {
			continue
		}
		if g == 2 && x.isFollow(p, i+sn+1) && (!x.isFollow(p, e) || strings.ContainsRune(notLastGiven, p.r[i+sn+1])) {
			continue
		}
		best = sn + g
		break
	}
	return best
}

// nameStartAt is nameAt without looking further than one name: for names
// written back to back (段青英郭翠芬).
func (x *Extractor) nameStartAt(p *para, i int) int {
	if x.lex.surnames.prefixIn(p, i) == 0 {
		return 0
	}
	for _, n := range []int{2, 1} {
		if i+n <= len(p.r) && x.lex.surnames.has(p.text(i, i+n)) {
			for _, g := range []int{2, 1} {
				e := i + n + g
				if e <= len(p.r) && allHan(p.text(i+n, e)) && x.isFollow(p, e) && !x.commonWord(p.text(i, e)) {
					return n + g
				}
			}
		}
	}
	return 0
}

// functionWord reports whether w is a dictionary word that cannot be a
// name even after a title: a verb, adjective, adverb or particle.
func (x *Extractor) functionWord(w string) bool {
	_, pos, ok := x.seg.Freq(w)
	return ok && !strings.HasPrefix(pos, "nr") && !strings.HasPrefix(pos, "n")
}

// commonWord reports whether w is a dictionary word other than a name.
func (x *Extractor) commonWord(w string) bool {
	_, pos, ok := x.seg.Freq(w)
	return ok && !strings.HasPrefix(pos, "nr")
}

// persons finds people named after a title (组织部部长逯鹰, 记者宋迎迎),
// before a title (孙永红书记), and in lists with them (李绍亮、苏朋世和唐会友等).
func (x *Extractor) persons(p *para) {
	titleAt := make([]int, len(p.r)) // length of the title starting at each position
	for i := range p.r {
		titleAt[i] = x.lex.titles.prefixIn(p, i)
	}
	for i := 0; i < len(p.r); i++ {
		n := titleAt[i]
		if n == 0 {
			continue
		}
		j := i + n
		for j < len(p.r) && (p.r[j] == ' ' || p.r[j] == '：' || p.r[j] == ':') {
			j++
		}
		for {
			ln := x.nameAt(p, j)
			if ln == 0 || !p.free(j, j+ln) {
				break
			}
			rule := RuleTitleName
			if t := p.text(i, i+n); t == "记者" || t == "通讯员" || t == "采访人员" {
				rule = RuleByline
			}
			p.add(span{start: j, end: j + ln, typ: schema.Person, name: p.text(j, j+ln), rule: rule, conf: 0.85})
			j += ln
			if x.nameStartAt(p, j) == 0 { // 申红张鹏程: a second name glued on
				break
			}
		}
	}
	// Name before title: 孙永红书记, 习近平总书记.
	for i := 0; i < len(p.r); i++ {
		if i > 0 && !p.tokStart[i] && p.isHanAt(i-1) && x.lex.stop.suffixIn(p, i) == 0 {
			continue
		}
		// A title must follow a name of two to four characters.
		if !titleWithin(titleAt, p, i+2, i+4) {
			continue
		}
		ln := x.nameAt(p, i)
		if ln == 0 || !p.free(i, i+ln) {
			continue
		}
		t := 0
		if i+ln < len(titleAt) {
			t = titleAt[i+ln]
		}
		if t == 0 && !strings.HasPrefix(p.text(i+ln, min(len(p.r), i+ln+3)), "总书记") {
			continue
		}
		if w := p.text(i, i+ln); x.lex.orgSuffix.suffixAt([]rune(w), ln) > 0 {
			continue
		}
		p.add(span{start: i, end: i + ln, typ: schema.Person, name: p.text(i, i+ln), rule: RuleNameTitle, conf: 0.7})
	}
	x.speakers(p)
	x.listTails(p)
	x.gluedNames(p)
	x.nameLists(p)
}

// titleWithin reports whether a title (or 总书记) starts at a position
// from s to e.
func titleWithin(titleAt []int, p *para, s, e int) bool {
	for k := s; k <= e && k < len(p.r); k++ {
		if titleAt[k] > 0 || p.r[k] == '总' {
			return true
		}
	}
	return false
}

// speakers finds a name without a title at the start of a clause when a
// verb of saying follows it: 。”潘进锐说, ，汤凤兰被派到.
func (x *Extractor) speakers(p *para) {
	for i := 0; i < len(p.r); i++ {
		if i > 0 && !isPunct(p.r[i-1]) {
			continue
		}
		for _, ln := range []int{3, 2} {
			e := i + ln
			if e > len(p.r) {
				continue
			}
			if x.speech.prefixIn(p, e) == 0 || x.nameStartAt(p, i) == 0 && x.nameAt(p, i) != ln || !p.free(i, e) {
				continue
			}
			if !x.surnameAt(p, i, ln) || x.commonWord(p.text(i, e)) || strings.ContainsRune(notLastGiven, p.r[i+1]) {
				continue
			}
			if ln == 2 || !strings.ContainsRune(notLastGiven, p.r[e-1]) {
				p.add(span{start: i, end: e, typ: schema.Person, name: p.text(i, e), rule: RuleSpeaker, conf: 0.6})
				break
			}
		}
	}
}

// surnameAt reports whether the name [i,i+ln) begins with a surname and
// leaves one or two characters for the given name.
func (x *Extractor) surnameAt(p *para, i, ln int) bool {
	for _, n := range []int{1, 2} {
		if g := ln - n; g >= 1 && g <= 2 && x.lex.surnames.has(p.text(i, i+n)) {
			return true
		}
	}
	return false
}

// listTails finds the last name of a list of people closed by 等N名同志
// or 等人, from which nameLists reaches the others.
func (x *Extractor) listTails(p *para) {
	for i := 2; i < len(p.r); i++ {
		if p.r[i] != '等' {
			continue
		}
		j := i + 1
		for j < len(p.r) && (unicode.IsDigit(p.r[j]) || strings.ContainsRune("一二三四五六七八九十两多", p.r[j])) {
			j++
		}
		if j < len(p.r) && (p.r[j] == '名' || p.r[j] == '位') {
			j++
		}
		rest := p.text(j, min(len(p.r), j+2))
		if rest != "同志" && rest != "人" && !strings.HasPrefix(rest, "人") && j == i+1 {
			continue
		}
		if rest != "同志" && !strings.HasPrefix(rest, "人") && rest != "党员" && rest != "干部" {
			continue
		}
		for _, ln := range []int{3, 2} {
			k := i - ln
			if k < 0 || k > 0 && p.isHanAt(k-1) && !isListSep(p.r, k-1) || !x.surnameAt(p, k, ln) || !p.free(k, i) {
				continue
			}
			if x.commonWord(p.text(k, i)) {
				continue
			}
			p.add(span{start: k, end: i, typ: schema.Person, name: p.text(k, i), rule: RuleNameList, conf: 0.6})
			break
		}
	}
}

// gluedNames reads a parenthesis that holds only names written back to
// back, as photo credits do: (衣涛于昱张绪霞).
func (x *Extractor) gluedNames(p *para) {
	for i := 0; i < len(p.r); i++ {
		if p.r[i] != '(' && p.r[i] != '（' {
			continue
		}
		j := i + 1
		for j < len(p.r) && isHan(p.r[j]) {
			j++
		}
		if j >= len(p.r) || p.r[j] != ')' && p.r[j] != '）' || j-i-1 < 4 || j-i-1 > 30 {
			continue
		}
		x.credits(p, i+1, j)
		i = j
	}
}

// credits reads the names in a credit line [s,e): names back to back,
// titles between them and an optional place and 报道 at the end
// (吕勇进崔启昌通讯员韩晓晴青岛报道).
func (x *Extractor) credits(p *para, s, e int) {
	for _, tail := range []string{"报道", "摄影", "摄", "供图", "整理"} {
		if strings.HasSuffix(p.text(s, e), tail) {
			e -= utf8.RuneCountInString(tail)
			for n := 4; n >= 2; n-- { // the place the report is from
				if e-n > s {
					if _, ok := x.lex.Division(p.text(e-n, e)); ok {
						e -= n
						break
					}
				}
			}
			break
		}
	}
	type part struct{ s, e int }
	var parts []part
	for k, start := s, s; k <= e; {
		if k == e {
			parts = append(parts, part{start, k})
			break
		}
		if n := x.lex.titles.prefixIn(p, k); n > 0 {
			parts = append(parts, part{start, k})
			k += n
			start = k
			continue
		}
		k++
	}
	var all [][2]int
	for _, pt := range parts {
		if pt.s == pt.e {
			continue
		}
		cuts := x.splitNames(p, pt.s, pt.e)
		if cuts == nil {
			return
		}
		for st, c := pt.s, 0; c < len(cuts); c++ {
			all = append(all, [2]int{st, cuts[c]})
			st = cuts[c]
		}
	}
	if len(all) < 2 && len(parts) < 2 {
		return // one name alone in brackets may be anything
	}
	for _, n := range all {
		p.add(span{start: n[0], end: n[1], typ: schema.Person, name: p.text(n[0], n[1]), rule: RuleNameList, conf: 0.5})
	}
}

// splitNames splits [s,e) into names of a surname and one or two given
// characters, preferring names of three; nil if it cannot.
func (x *Extractor) splitNames(p *para, s, e int) []int {
	if s == e {
		return []int{}
	}
	for _, ln := range []int{3, 2} {
		if s+ln <= e && x.surnameAt(p, s, ln) && !x.commonWord(p.text(s, s+ln)) {
			if rest := x.splitNames(p, s+ln, e); rest != nil {
				return append([]int{s + ln}, rest...)
			}
		}
	}
	return nil
}

// nameLists extends known people to the names listed with them:
// 为徐圣河、李绍亮、苏朋世、孙明爽和唐会友等5名同志.
func (x *Extractor) nameLists(p *para) {
	changed := true
	for changed {
		changed = false
		for _, sp := range p.spans {
			if sp.typ != schema.Person {
				continue
			}
			// to the right
			if j := sp.end; j < len(p.r) && isListSep(p.r, j) {
				k := j + 1
				if ln := x.nameStartAt(p, k); ln > 0 && p.free(k, k+ln) {
					changed = p.add(span{start: k, end: k + ln, typ: schema.Person, name: p.text(k, k+ln), rule: RuleNameList, conf: 0.7}) || changed
				}
			}
			// to the left
			if j := sp.start - 1; j > 0 && (p.r[j] == '、' || p.r[j] == '和' || p.r[j] == '及') {
				for ln := 3; ln >= 2; ln-- {
					k := j - ln
					if k >= 0 && x.nameStartAt(p, k) == ln && p.free(k, j) {
						changed = p.add(span{start: k, end: j, typ: schema.Person, name: p.text(k, j), rule: RuleNameList, conf: 0.7}) || changed
						break
					}
				}
			}
		}
	}
}

func isListSep(r []rune, j int) bool { return r[j] == '、' || r[j] == '和' || r[j] == '及' }
