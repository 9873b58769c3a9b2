package rules

import (
	"strings"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/schema"
)

// post is one link of a title chain: a title and the body it is held in.
type post struct {
	title string
	org   int // index of the organisation span in the paragraph, -1 if none
	start int // where the link starts in the paragraph
}

// deptTitles are contracted department-head titles: 组织部长 = 组织部 + 部长.
var deptTitles = map[string]bool{"组织部长": true, "宣传部长": true, "统战部长": true}

// chains reads the titles written before people's names, one relation per
// post: 市委常委，西海岸新区工委书记、区委书记孙永红.
func (d *docState) chains() {
	for _, p := range d.paras {
		n := len(p.spans)
		for i := 0; i < n; i++ {
			if p.spans[i].typ != schema.Person {
				continue
			}
			d.chain(p, i)
			d.glued(p, i)
		}
	}
}

// glued relates a person named before a bare 书记 (孙永红书记在会上指出)
// to the document's leading party committee, which the title then means.
func (d *docState) glued(p *para, i int) {
	sp := p.spans[i]
	if sp.rule != RuleNameTitle || !strings.HasPrefix(p.text(sp.end, min(len(p.r), sp.end+3)), "书记") ||
		strings.HasPrefix(p.text(sp.end, min(len(p.r), sp.end+3)), "书记处") {
		return
	}
	d.pending = append(d.pending, pendingRel{pred: schema.HoldsPosition, p: p, subj: i, leading: true,
		title: "书记", start: sp.start, end: sp.end + 2, rule: RuleNameTitle, conf: 0.6})
}

// leadingCommittee returns the party committee the document names most
// often (its first on a tie), or "".
func (d *docState) leadingCommittee() string {
	count := map[string]int{}
	best := ""
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.typ != schema.Organisation || sp.generic {
				continue
			}
			name := d.ref(sp).Name
			if !strings.HasSuffix(name, "委") || strings.HasSuffix(name, "管委") || strings.HasSuffix(name, "纪委") {
				continue
			}
			count[name]++
			if best == "" || count[name] > count[best] {
				best = name
			}
		}
	}
	return best
}

func (d *docState) chain(p *para, pi int) {
	person := p.spans[pi]
	pos := person.start
	for pos > 0 && (p.r[pos-1] == ' ' || p.r[pos-1] == '：' || p.r[pos-1] == ':') {
		pos--
	}
	var posts []post
	for pos > 0 {
		t := d.x.lex.titles.suffixIn(p, pos)
		if t == 0 {
			break
		}
		ts := pos - t
		// 校党委副书记: the body's name takes 党委 from the title 党委副书记,
		// unless the body is named without it and is not an area's: the
		// post in 山东女子学院党委书记 is the college's 党委书记, and
		// 山东女子学院党委 is then no mention of a body of its own.
		for k, sp := range p.spans {
			if sp.typ != schema.Organisation || sp.start >= ts || sp.end <= ts || sp.end > pos {
				continue
			}
			if party := p.text(ts, sp.end); (party == "党委" || party == "党组") && d.namedBody(p, sp.start, ts) {
				p.spans[k].inPost = true
			} else if sp.end < pos && d.x.lex.titles.has(p.text(sp.end, pos)) {
				ts = sp.end
			}
		}
		title := p.text(ts, pos)
		pt := post{title: title, org: -1, start: ts}
		if deptTitles[title] {
			dept := p.text(ts, ts+3)
			if p.free(ts, ts+3) {
				p.spans = append(p.spans, span{start: ts, end: ts + 3, typ: schema.Organisation, name: dept, rule: RuleTitleChain, conf: 0.8, generic: true})
			}
			for k, sp := range p.spans {
				if sp.start == ts && sp.end == ts+3 && sp.typ == schema.Organisation {
					pt.org = k
				}
			}
			pt.title = "部长"
		} else {
			for k, sp := range p.spans {
				if sp.end == ts && sp.typ == schema.Organisation {
					pt.org, pt.start = k, sp.start
				}
			}
		}
		posts = append(posts, pt)
		if s := pt.start; s > 0 && strings.ContainsRune("、，,兼", p.r[s-1]) {
			pos = s - 1
			continue
		}
		break
	}
	if len(posts) == 0 {
		return
	}
	// Left to right, each link without a body takes the one before it.
	for i, j := 0, len(posts)-1; i < j; i, j = i+1, j-1 {
		posts[i], posts[j] = posts[j], posts[i]
	}
	prev := ""
	for _, pt := range posts {
		var org string
		if pt.org >= 0 {
			sp := &p.spans[pt.org]
			if sp.generic {
				d.completeInChain(p, sp, prev)
			}
			if !sp.generic {
				org = sp.name
			}
		} else if lv, ok := govLevel(pt.title); ok {
			if name, ok := d.complete(lv+"政府", p, pt.start); ok {
				ts := pt.start
				if p.free(ts, ts+len([]rune(pt.title))) {
					p.spans = append(p.spans, span{start: ts, end: ts + len([]rune(pt.title)), typ: schema.Organisation, name: name, rule: RuleTitleChain, conf: 0.6})
				}
				org = name
			}
		} else if prev != "" {
			org = prev
		} else if pt.title == "记者" || pt.title == "通讯员" || pt.title == "采访人员" {
			org = d.newspaper()
		}
		if org == "" {
			continue
		}
		prev = org
		d.pending = append(d.pending, pendingRel{pred: schema.HoldsPosition, p: p, subj: pi, obj: org,
			title: pt.title, start: posts[0].start, end: person.end, rule: RuleTitleChain, conf: 0.85})
	}
}

// namedBody reports whether [s, e) is a named organisation that is not an
// area's body (山东女子学院, not 丁戈庄村).
func (d *docState) namedBody(p *para, s, e int) bool {
	for _, sp := range p.spans {
		if sp.start == s && sp.end == e && sp.typ == schema.Organisation && !sp.generic {
			return !d.x.isAreaWord(sp.name)
		}
	}
	return false
}

// completeInChain names a generic body in a title chain: by its level
// (区委 → 市北区委), or as a department of the body before it
// (市北区委常委、组织部部长 → 市北区委组织部).
func (d *docState) completeInChain(p *para, sp *span, prev string) {
	if name, ok := d.complete(sp.name, p, sp.start); ok && !strings.HasPrefix(sp.name, "党") {
		sp.name, sp.generic = name, false
		return
	}
	if prev != "" {
		sp.name, sp.generic = prev+sp.name, false
	}
}

// newspaper returns the name of the newspaper the document names, or "";
// it is looked up once per document.
func (d *docState) newspaper() string {
	if d.paper != nil {
		return *d.paper
	}
	d.paper = new(string)
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.typ == schema.Organisation && (strings.HasSuffix(sp.name, "日报") || strings.HasSuffix(sp.name, "晚报")) {
				*d.paper = sp.name
				return sp.name
			}
		}
	}
	return ""
}

// pendingRel is a relation whose subject is a span and whose object is
// known by name, emitted once names are resolved.
type pendingRel struct {
	pred       schema.Predicate
	p          *para
	subj       int
	obj        string
	title      string
	start, end int
	rule       string
	conf       float64
	leading    bool // obj is the document's leading party committee
}

func (d *docState) flushPending() {
	lead := ""
	for _, pr := range d.pending {
		if pr.leading && lead == "" {
			lead = d.leadingCommittee()
		}
	}
	for _, pr := range d.pending {
		if pr.leading {
			if pr.obj = lead; lead == "" {
				continue
			}
		}
		s := d.ref(pr.p.spans[pr.subj])
		o := extract.Ref{Type: schema.Organisation, Name: pr.obj}
		if c, ok := d.canon[schema.Organisation][pr.obj]; ok {
			o.Name = c
		}
		d.relation(pr.pred, s, o, pr.title, pr.p, pr.start, pr.end, pr.rule, pr.conf)
	}
}
