package rules

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/schema"
)

// occurrence is the first span of an entity in the document.
type occurrence struct {
	p  *para
	sp span
}

func (d *docState) entities() (map[extract.Ref]occurrence, []extract.Ref) {
	first := map[extract.Ref]occurrence{}
	var order []extract.Ref
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.generic {
				continue
			}
			r := d.ref(sp)
			if _, ok := first[r]; !ok {
				first[r] = occurrence{p, sp}
				order = append(order, r)
			}
		}
	}
	return first, order
}

// nameRelations reads relations from the shape of names and of the text
// around them: 青岛市委组织部 is PART_OF 青岛市委; 沙子口街道流清湾片区
// puts 流清湾片区 in 沙子口街道; 在隐珠街道建设变频控制产业园 puts the park
// in the street.
func (d *docState) nameRelations() {
	first, order := d.entities()
	byName := func(t schema.EntityType, name string) (extract.Ref, bool) {
		r := extract.Ref{Type: t, Name: name}
		if c, ok := d.canon[t][name]; ok {
			r.Name = c
		}
		_, ok := first[r]
		return r, ok
	}
	for _, e := range order {
		oc := first[e]
		r := []rune(e.Name)
		for k := len(r) - 1; k >= 2; k-- {
			prefix := string(r[:k])
			switch e.Type {
			case schema.Organisation:
				if o, ok := byName(schema.Organisation, prefix); ok && o != e {
					d.relation(schema.PartOf, e, o, "", oc.p, oc.sp.start, oc.sp.end, RuleNamePart, 0.8)
					k = 0
				} else if pl, ok := byName(schema.Place, prefix); ok && !isGovBody(string(r[k:])) {
					_, div := d.x.lex.Division(pl.Name)
					if _, short := d.x.lex.Division(prefix); !div && !short {
						d.relation(schema.LocatedIn, e, pl, "", oc.p, oc.sp.start, oc.sp.end, RuleNamePlace, 0.7)
						k = 0
					}
				}
			case schema.Place:
				if pl, ok := byName(schema.Place, prefix); ok && pl != e && d.isArea(e.Name) {
					d.relation(schema.LocatedIn, e, pl, "", oc.p, oc.sp.start, oc.sp.end, RuleNamePlace, 0.8)
					k = 0
				}
			}
		}
		// 精锐视觉智能科技(深圳)有限公司 is in 深圳.
		if e.Type == schema.Organisation {
			if o := strings.IndexAny(e.Name, "(（"); o >= 0 {
				if c := strings.IndexAny(e.Name[o:], ")）"); c > 0 {
					inner := e.Name[o+len("("):]
					if strings.HasPrefix(e.Name[o:], "（") {
						inner = e.Name[o+len("（"):]
					}
					inner = inner[:strings.IndexAny(inner, ")）")]
					if pl, ok := byName(schema.Place, inner); ok {
						d.relation(schema.LocatedIn, e, pl, "", oc.p, oc.sp.start, oc.sp.end, RuleNamePlace, 0.7)
					}
				}
			}
		}
	}
	d.adminChains()
	d.sites()
	d.areaContext(first, order)
}

// govSuffixes end the names of the bodies that govern an area, which the
// area's name begins with (西海岸新区工委) but which are not "in" it.
var govSuffixes = []string{"委", "政府", "管委会", "人大", "政协", "办事处", "法院", "检察院"}

func isGovBody(rest string) bool {
	for _, s := range govSuffixes {
		if strings.HasSuffix(rest, s) {
			return true
		}
	}
	return false
}

// isArea reports whether a place's name is that of an administrative area
// or zone (西海岸新区, 隐珠街道) rather than a site (软件园, 创新园), which
// is inside the place its name begins with only when the text says so.
func (d *docState) isArea(name string) bool {
	r := []rune(name)
	if d.x.lex.admin.suffixAt(r, len(r)) > 0 {
		return true
	}
	for _, s := range []string{"新区", "开发区", "高新区", "自贸区", "试验区", "片区"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// quotedSpan reports whether sp is written in quotation marks: “A”“B” are
// two names side by side, not one inside the other.
func quotedSpan(p *para, sp span) bool {
	_, ok := quotePairs[p.r[sp.start]]
	return ok
}

func (d *docState) adminLevel(name string) string {
	r := []rune(name)
	if n := d.x.lex.admin.suffixAt(r, len(r)); n > 0 && n < len(r) {
		return string(r[len(r)-n:])
	}
	return ""
}

// adminChains relates places written back to back, each inside the one
// before it (泗县瓦坊镇陡张村), and lists that go on at the same level
// (泗县瓦坊镇陡张村、山头镇惠庙村).
func (d *docState) adminChains() {
	for _, p := range d.paras {
		spans := append([]span(nil), p.spans...)
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		var prev []span
		for i := 0; i < len(spans); {
			if spans[i].typ != schema.Place {
				i++
				continue
			}
			chain := []span{spans[i]}
			j := i + 1
			for j < len(spans) && spans[j].typ == schema.Place && spans[j].start == spans[j-1].end && !quotedSpan(p, spans[j]) && !quotedSpan(p, spans[j-1]) {
				chain = append(chain, spans[j])
				j++
			}
			for k := 1; k < len(chain); k++ {
				d.relation(schema.LocatedIn, d.ref(chain[k]), d.ref(chain[k-1]), "", p, chain[k-1].start, chain[k].end, RuleAdminChain, 0.85)
			}
			if len(prev) > 0 && chain[0].start == prev[len(prev)-1].end+1 && p.r[chain[0].start-1] == '、' {
				lv := d.adminLevel(chain[0].name)
				for k := 1; k < len(prev) && lv != ""; k++ {
					if d.adminLevel(prev[k].name) == lv {
						d.relation(schema.LocatedIn, d.ref(chain[0]), d.ref(prev[k-1]), "", p, prev[0].start, chain[len(chain)-1].end, RuleAdminChain, 0.75)
					}
				}
			}
			prev = chain
			i = j
		}
	}
}

// siteVerbs put what follows them inside the places before them.
var siteVerbs = []string{"规划建设", "建设", "打造", "布局", "落户", "建成", "设立"}

// sites reads 在X(和Y)建设Z and 位于X的Z.
func (d *docState) sites() {
	for _, p := range d.paras {
		spans := append([]span(nil), p.spans...)
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		d.inside(p, spans)
		for i, sp := range spans {
			if sp.typ != schema.Place || sp.start == 0 {
				continue
			}
			before := p.text(max(0, sp.start-2), sp.start)
			if !strings.HasSuffix(before, "在") && !strings.HasSuffix(before, "位于") {
				continue
			}
			hosts := []span{sp}
			j := i + 1
			for j < len(spans) && spans[j].typ == schema.Place && spans[j].start == spans[j-1].end+1 && strings.ContainsRune("和、及与", p.r[spans[j].start-1]) {
				hosts = append(hosts, spans[j])
				j++
			}
			if j >= len(spans) {
				continue
			}
			site := spans[j]
			gap := p.text(hosts[len(hosts)-1].end, site.start)
			ok := gap == "的" || gap == "内" || gap == "内，"
			for _, v := range siteVerbs {
				if strings.HasSuffix(gap, v) && utf8.RuneCountInString(gap) <= 6 {
					ok = true
				}
			}
			if !ok || site.typ == schema.Programme || site.typ == schema.Person {
				continue
			}
			for _, h := range hosts {
				d.relation(schema.LocatedIn, d.ref(site), d.ref(h), "", p, sp.start-1, site.end, RuleSite, 0.75)
			}
		}
	}
}

// inside puts what a sentence lists after "<park>内," in the park, up to
// 等: 新型显示产业园内,京东方青岛基地……万达光电、融安光电科技园等.
func (d *docState) inside(p *para, spans []span) {
	for i, host := range spans {
		if host.typ != schema.Place || host.end+1 >= len(p.r) || p.r[host.end] != '内' || !strings.ContainsRune(",，", p.r[host.end+1]) {
			continue
		}
		end := host.end + 2
		for end < len(p.r) && !sentenceEnd(p.r[end]) && p.r[end] != '等' {
			end++
		}
		if end >= len(p.r) || p.r[end] != '等' {
			continue
		}
		for _, sp := range spans[i+1:] {
			if sp.start >= end {
				break
			}
			if !sp.generic && (sp.typ == schema.Place || sp.typ == schema.Organisation) {
				d.relation(schema.LocatedIn, d.ref(sp), d.ref(host), "", p, host.start, sp.end, RuleSite, 0.6)
			}
		}
	}
}

// areaContext puts the document's streets and towns that nothing else
// places into the document's district.
func (d *docState) areaContext(first map[extract.Ref]occurrence, order []extract.Ref) {
	area, ok := d.areas["区"]
	if !ok {
		area, ok = d.areas["县"]
	}
	if !ok {
		return
	}
	ar := extract.Ref{Type: schema.Place, Name: area}
	if c, ok := d.canon[schema.Place][area]; ok {
		ar.Name = c
	}
	if _, ok := first[ar]; !ok {
		return
	}
	placed := map[extract.Ref]bool{}
	for _, r := range d.res.Relations {
		if r.Predicate == schema.LocatedIn {
			placed[r.Subject] = true
		}
	}
	for _, e := range order {
		oc := first[e]
		if e.Type != schema.Place || placed[e] {
			continue
		}
		if lv := d.adminLevel(e.Name); lv == "街道" || lv == "镇" || lv == "乡" {
			d.relation(schema.LocatedIn, e, ar, "", oc.p, oc.sp.start, oc.sp.end, RuleAreaContext, 0.5)
		}
	}
}

// participateVerbs make their subject a participant rather than the runner.
var participateVerbs = []string{"参加", "参与", "入选", "获得", "荣获", "获评", "授予", "评为", "聚焦", "融入", "投身", "做好", "担当作为"}

// speaker returns the department that speaks for itself in the document,
// as the subject of what it will do (工委组织部将……), or nil when none or
// more than one does. The document's initiatives without a doer of their
// own are then its.
func (d *docState) speaker() *span {
	var found *span
	for _, p := range d.paras {
		for k, sp := range p.spans {
			if sp.typ != schema.Organisation || !strings.HasPrefix(p.text(sp.end, min(len(p.r), sp.end+1)), "将") {
				continue
			}
			name := d.ref(sp).Name
			if !strings.HasSuffix(name, "部") && !strings.HasSuffix(name, "局") && !strings.HasSuffix(name, "委") && !strings.HasSuffix(name, "办") {
				continue
			}
			if found != nil && d.ref(*found) != d.ref(sp) {
				return nil
			}
			found = &p.spans[k]
		}
	}
	return found
}

// contextEnds are the words after a programme that make 在…中 a setting:
// 在“三述”评辩会上, 在主题教育中.
var contextEnds = []string{"中", "上", "期间", "过程中", "活动中", "工作中"}

// inContext relates the doer of a sentence that opens in the setting of
// the programme in[qi] (在新一轮招才引智攻势中，…; 在“三述”评辩会上，…)
// to it as taking part: the first person named after the comma, or else
// the first named body. e is the end of the sentence. It reports whether
// the programme was such a setting.
func (d *docState) inContext(p *para, in []span, qi, e int) bool {
	q := in[qi]
	lo := max(0, q.start-12) // 在青岛市市北区“三述”…: places may come between
	for i := qi - 1; i >= 0; i-- {
		if in[i].typ != schema.Place {
			lo = max(lo, in[i].end)
			break
		}
	}
	at := strings.LastIndex(p.text(lo, q.start), "在")
	if at < 0 || strings.ContainsAny(p.text(lo, q.start)[at:], "，,、；;：:") {
		return false
	}
	k := q.end
	for k < e && strings.ContainsRune("”’》」』\"", p.r[k]) {
		k++
	}
	// The setting may be an event of the programme: “三述”评辩会上.
	comma := -1
	for j := k; j <= min(k+4, e) && comma < 0; j++ {
		if j > k && !p.isHanAt(j-1) {
			break
		}
		for _, w := range contextEnds {
			if n := j + len([]rune(w)); n < e && p.text(j, n) == w && (p.r[n] == '，' || p.r[n] == ',') {
				comma = n
			}
		}
	}
	if comma < 0 {
		return false
	}
	// The doer opens the clause: a person, or a body, or a body and the
	// title chain of a person (市北区委常委、组织部部长张雷).
	var doer *span
	for i := qi + 1; i < len(in) && doer == nil; i++ {
		sp := &in[i]
		if sp.start <= comma {
			continue
		}
		if sp.start > comma+1 || sp.typ != schema.Person && sp.typ != schema.Organisation {
			break
		}
		doer = sp
		for j := i + 1; j < len(in) && sp.typ == schema.Organisation; j++ {
			if in[j].typ == schema.Person && !strings.ContainsAny(p.text(sp.end, in[j].start), "，,；;。") {
				if in[j].rule == RuleTitleName {
					doer = &in[j]
				}
				break
			}
		}
	}
	if doer != nil {
		d.relation(schema.ParticipatesIn, d.ref(*doer), d.ref(q), "", p, q.start, doer.end, RuleInContext, 0.5)
	}
	return true
}

// clauseRelations reads who runs or takes part in a programme from the
// verb before it: 工委组织部将……实施“头雁”工程 (RUNS), 为徐圣河……授予
// “基层基础贡献奖章” (PARTICIPATES_IN). The doer must be named in the same
// sentence: carrying a subject over from earlier sentences guesses wrong
// more often than right.
func (d *docState) clauseRelations() {
	speaker := d.speaker()
	for _, p := range d.paras {
		spans := append([]span(nil), p.spans...)
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		s := 0
		for s < len(p.r) {
			e := s
			for e < len(p.r) && !sentenceEnd(p.r[e]) {
				e++
			}
			var in []span
			for _, sp := range spans {
				if sp.start >= s && sp.end <= e && !sp.generic {
					in = append(in, sp)
				}
			}
			for qi, q := range in {
				if q.typ != schema.Programme {
					continue
				}
				lo := max(s, q.start-10)
				if qi > 0 {
					lo = max(lo, in[qi-1].end)
				}
				if d.inContext(p, in, qi, e) {
					continue
				}
				before := p.text(lo, q.start)
				verb, part := "", false
				for _, v := range programmeVerbs {
					if strings.Contains(before, v) {
						verb = v
					}
				}
				for _, v := range participateVerbs {
					if strings.Contains(before, v) {
						verb, part = v, true
					}
				}
				if verb == "" {
					continue
				}
				if part {
					n := 0
					for _, a := range in[:qi] {
						if a.typ == schema.Person {
							d.relation(schema.ParticipatesIn, d.ref(a), d.ref(q), "", p, a.start, q.end, RuleParticipates, 0.6)
							n++
						}
					}
					if n > 0 {
						continue
					}
				}
				var subj *span
				for k := qi - 1; k >= 0; k-- {
					if in[k].typ == schema.Organisation {
						subj = &in[k]
						break
					}
				}
				if subj == nil && !part && speaker != nil {
					subj = speaker
				}
				if subj == nil {
					continue // the doer is not named in the sentence
				}
				pred := schema.Runs
				if part {
					pred = schema.ParticipatesIn
				}
				d.relation(pred, d.ref(*subj), d.ref(q), "", p, subj.start, q.end, RuleRunsVerb, 0.6)
			}
			s = e + 1
		}
	}
}
