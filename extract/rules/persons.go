package rules

import (
	"strings"

	"github.com/kg-dev/kg/schema"
)

// followWords may follow a person's name directly.
var followWords = []string{"同志", "等", "在", "说", "表示", "一行", "出席", "参加", "主持", "介绍", "指出", "强调", "带领",
	"是", "和", "与", "及", "为", "对", "向", "将", "也", "还", "就", "的", "作", "代表", "宣读", "致辞", "现场", "发言",
	"讲话", "率", "到", "赴", "来", "深入", "先后", "同", "分别", "牵头", "要求", "认为", "告诉", "坦言", "感慨", "报道",
	"被", "把", "从", "已", "曾", "又", "都", "则", "便", "带", "看", "听", "问", "答", "笑", "拿", "每", "正", "接",
	"获", "荣获", "当选", "担任", "任", "兼", "等人", "们", "陪同", "调研", "考察", "走访", "看望", "慰问", "一起", "一同", "整理", "摄影", "摄", "供图", "制图", "撰文", "编辑", "通讯员", "报道"}

func (x *Extractor) isFollow(p *para, i int) bool {
	if i >= len(p.r) || !p.isHanAt(i) {
		return true
	}
	rest := p.text(i, min(len(p.r), i+4))
	for _, w := range followWords {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return x.lex.titles.prefixAt(p.r, i) > 0
}

// nameAt returns the length of a person's name starting at i (surname and
// a given name of one or two characters), or 0.
func (x *Extractor) nameAt(p *para, i int) int {
	sn := 0
	for _, n := range []int{2, 1} {
		if i+n <= len(p.r) && x.lex.surnames.has(p.text(i, i+n)) {
			sn = n
			break
		}
	}
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
		if x.functionWord(name) || x.lex.titles.prefixAt(p.r, i+sn) > 0 || x.lex.stop.prefixAt(p.r, i+sn) > 0 && g == 1 {
			continue
		}
		if g == 2 && x.isFollow(p, i+sn+1) && (!x.isFollow(p, e) || p.r[i+sn+1] == '等' || p.r[i+sn+1] == '们') {
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
	for i := 0; i < len(p.r); i++ {
		n := x.lex.titles.prefixAt(p.r, i)
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
		if i > 0 && p.isHanAt(i-1) && x.lex.stop.suffixAt(p.r, i) == 0 && !p.tokStart[i] {
			continue
		}
		ln := x.nameAt(p, i)
		if ln == 0 || !p.free(i, i+ln) {
			continue
		}
		t := x.lex.titles.prefixAt(p.r, i+ln)
		if t == 0 && !strings.HasPrefix(p.text(i+ln, min(len(p.r), i+ln+3)), "总书记") {
			continue
		}
		if w := p.text(i, i+ln); x.lex.orgSuffix.suffixAt([]rune(w), ln) > 0 {
			continue
		}
		p.add(span{start: i, end: i + ln, typ: schema.Person, name: p.text(i, i+ln), rule: RuleNameTitle, conf: 0.7})
	}
	x.nameLists(p)
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
