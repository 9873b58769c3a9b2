package rules

import (
	"sort"
	"strings"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/schema"
)

// Extractor runs every rule over a document. It is safe for concurrent use.
type Extractor struct {
	lex    *Lexicon
	seg    *segment.Segmenter
	follow wordSet // followWords
	speech wordSet // speechWords
}

// New returns an Extractor that cuts text with seg.
func New(seg *segment.Segmenter) (*Extractor, error) {
	lex, err := LoadLexicon()
	if err != nil {
		return nil, err
	}
	x := &Extractor{lex: lex, seg: seg}
	for _, w := range followWords {
		x.follow.add(w)
	}
	for _, w := range speechWords {
		x.speech.add(w)
	}
	return x, nil
}

// docState is what the rules know about one document.
type docState struct {
	x       *Extractor
	paras   []*para
	canon   map[schema.EntityType]map[string]string // surface name → canonical name
	areas   map[string]string                       // level char (省 市 区 县 镇 乡) → the document's area of that level
	res     extract.Result
	seen    map[string]bool // relations already emitted
	pending []pendingRel
	paren   map[string]string   // generic name → the generic name it stands in brackets after: 工委（区委）
	paper   *string             // the document's newspaper, once looked up
	bodies  map[string][]bodyAt // generic suffix → the named bodies ending with it, in reading order
}

// bodyAt is a named body and where it is mentioned.
type bodyAt struct {
	para, start int
	name        string
}

// Extract finds the entities and relations of doc.
func (x *Extractor) Extract(doc extract.Document) extract.Result {
	d := &docState{x: x, canon: map[schema.EntityType]map[string]string{}, areas: map[string]string{}, seen: map[string]bool{}, paren: map[string]string{}}
	d.res.Doc = doc
	for _, t := range schema.EntityTypes {
		d.canon[t] = map[string]string{}
	}
	for _, pg := range doc.Paragraphs {
		p := newPara(pg.Index, pg.Text, x.seg)
		x.book(p)
		x.quoted(p)
		x.persons(p)
		x.suffixed(p)
		x.launched(p)
		x.awards(p)
		x.divisions(p)
		x.villages(p)
		x.companies(p)
		d.paras = append(d.paras, p)
	}
	d.findAreas()
	d.findParens()
	d.chains()
	d.resolve()
	d.repeat()
	d.flushPending()
	d.nameRelations()
	d.clauseRelations()
	d.emitMentions()
	return d.res
}

// findAreas picks the document's area at each level: the division of that
// level it names most often. Levels it does not name stay unknown, so a
// bare 市委 in a county's story is left alone rather than guessed.
func (d *docState) findAreas() {
	count := map[string]int{}
	first := map[string]int{}
	n := 0
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.typ != schema.Place {
				continue
			}
			n++
			full := sp.name
			if dv, ok := d.x.lex.Division(sp.name); ok {
				full = dv.Name
			}
			if _, ok := first[full]; !ok {
				first[full] = n
			}
			count[full]++
		}
	}
	names := make([]string, 0, len(count))
	for k := range count {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return first[names[i]] < first[names[j]]
	})
	set := func(level, name string) {
		if _, ok := d.areas[level]; !ok {
			d.areas[level] = name
		}
	}
	for _, name := range names {
		if dv, ok := d.x.lex.Division(name); ok && dv.Name == name {
			r := []rune(name)
			last := string(r[len(r)-1])
			switch dv.Level {
			case "province":
				set("省", name)
			case "city":
				set("市", name)
			case "county":
				set(last, name)
			}
			continue
		}
		for _, s := range []string{"新区", "管理区", "开发区"} {
			if strings.HasSuffix(name, s) {
				set("区", name)
			}
		}
		for _, s := range []string{"镇", "乡"} {
			if strings.HasSuffix(name, s) {
				set(s, name)
			}
		}
	}
}

// findParens records generic bodies written in brackets after another,
// as its second name: 工委（区委） makes 区委 stand for 工委.
func (d *docState) findParens() {
	for _, p := range d.paras {
		for _, a := range p.spans {
			if !a.generic || a.end+2 >= len(p.r) || p.r[a.end] != '（' && p.r[a.end] != '(' {
				continue
			}
			for _, b := range p.spans {
				if b.generic && b.start == a.end+1 && b.end < len(p.r) && (p.r[b.end] == '）' || p.r[b.end] == ')') {
					if _, ok := d.paren[b.name]; !ok {
						d.paren[b.name] = a.name
					}
				}
			}
		}
	}
}

// complete turns a generic name that begins with a level word (区委,
// 市委组织部, 县政府) into the name of the document's body of that level.
//
// The area is the nearest one of that level named before the generic name
// in its paragraph (上饶市委常委、市委组织部 → 上饶市委组织部), else the
// document's area of that level.
func (d *docState) complete(generic string, p *para, at int) (string, bool) {
	if a, ok := d.paren[generic]; ok {
		generic = a
	}
	// 工委区委: one body under both its names; the first is enough.
	for _, b := range []string{"工委", "党工委", "管委会", "区委", "市委", "县委"} {
		if rest, ok := strings.CutPrefix(generic, b); ok && rest != "" && d.x.isGenericBase(rest) && strings.HasSuffix(rest, "委") {
			generic = b
		}
	}
	for _, b := range []string{"工委", "党工委", "管委会"} {
		if area, ok := d.areas["区"]; ok && strings.HasPrefix(generic, b) {
			return area + generic, true // 工委组织部 → 西海岸新区工委组织部
		}
	}
	// 校党委 → 合肥学院党委: the school the document is about.
	if rest, ok := strings.CutPrefix(generic, "校"); ok && rest != "" {
		if school := d.school(); school != "" {
			return school + rest, true
		}
	}
	r := []rune(generic)
	if len(r) < 2 {
		return "", false
	}
	lv := string(r[0])
	area, ok := d.nearestArea(p, at, lv)
	if !ok {
		area, ok = d.areas[lv]
	}
	if !ok {
		return "", false
	}
	ar := []rune(area)
	if string(ar[len(ar)-1]) == lv {
		return area + string(r[1:]), true
	}
	return area + generic, true
}

// school returns the university or college the document names most often
// (its first on a tie), or "".
func (d *docState) school() string {
	count := map[string]int{}
	best := ""
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.typ != schema.Organisation || sp.generic || !strings.HasSuffix(sp.name, "大学") && !strings.HasSuffix(sp.name, "学院") {
				continue
			}
			count[sp.name]++
			if best == "" || count[sp.name] > count[best] {
				best = sp.name
			}
		}
	}
	return best
}

// nearestArea returns the division of level lv (市, 区, 县, 省, 镇, 乡)
// named nearest before position at of p, by itself or at the head of a
// body's name (上饶市委 names 上饶市).
func (d *docState) nearestArea(p *para, at int, lv string) (string, bool) {
	if p == nil {
		return "", false
	}
	best, bestEnd := "", -1
	for _, sp := range p.spans {
		if sp.end > at || sp.end <= bestEnd || sp.generic || sp.typ != schema.Place && sp.typ != schema.Organisation {
			continue
		}
		r := []rune(sp.name)
		for k := len(r); k >= 2; k-- {
			if sp.typ == schema.Place && k < len(r) {
				break
			}
			dv, ok := d.x.lex.Division(string(r[:k]))
			if !ok || levelChar(dv) != lv {
				continue
			}
			best, bestEnd = dv.Name, sp.end
			break
		}
	}
	return best, best != ""
}

// levelChar is the level word of a division: 省, 市, or the last character
// of a county-level name (区, 县, 市, 旗).
func levelChar(dv Division) string {
	switch dv.Level {
	case "province":
		return "省"
	case "city":
		return "市"
	}
	r := []rune(dv.Name)
	return string(r[len(r)-1])
}

// govTitles are posts of an area's government, by the level they imply.
var govTitles = map[string]string{"省长": "省", "市长": "市", "区长": "区", "县长": "县", "镇长": "镇", "乡长": "乡"}

func govLevel(title string) (string, bool) {
	for t, lv := range govTitles {
		if strings.HasSuffix(title, t) {
			return lv, true
		}
	}
	return "", false
}

func (d *docState) addRel(rel extract.Relation) {
	if rel.Subject == rel.Object || !rel.Predicate.Allows(rel.Subject.Type, rel.Object.Type) {
		return
	}
	key := string(rel.Predicate) + "\x00" + rel.Subject.Name + "\x00" + rel.Object.Name + "\x00" + rel.Title
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	d.res.Relations = append(d.res.Relations, rel)
}

func (d *docState) relation(pr schema.Predicate, s, o extract.Ref, title string, p *para, start, end int, rule string, conf float64) {
	start, end = max(0, start), min(len(p.r), end)
	if start >= end {
		return
	}
	d.addRel(extract.Relation{Predicate: pr, Subject: s, Object: o, Title: title, Paragraph: p.index,
		Start: start, End: end, Evidence: p.text(start, end), Extractor: rule, Confidence: conf})
}

// ref returns the entity a span stands for after resolution. A generic
// name that nothing in the document completed (市委 where the city is not
// plain) is local to the document.
func (d *docState) ref(sp span) extract.Ref {
	if c, ok := d.canon[sp.typ][sp.name]; ok {
		return extract.Ref{Type: sp.typ, Name: c}
	}
	return extract.Ref{Type: sp.typ, Name: sp.name, Local: sp.generic}
}

// emitMentions writes every resolved span as a mention.
func (d *docState) emitMentions() {
	for _, p := range d.paras {
		sort.Slice(p.spans, func(i, j int) bool { return p.spans[i].start < p.spans[j].start })
		for _, sp := range p.spans {
			if sp.inPost {
				continue
			}
			if sp.generic {
				if _, ok := d.canon[sp.typ][sp.name]; !ok {
					continue
				}
			}
			d.res.Mentions = append(d.res.Mentions, extract.Mention{Ref: d.ref(sp), Paragraph: p.index,
				Start: sp.start, End: sp.end, Text: p.text(sp.start, sp.end), Extractor: sp.rule, Confidence: sp.conf})
		}
	}
	// Relations whose ends have no mention are dropped.
	has := map[extract.Ref]bool{}
	for _, m := range d.res.Mentions {
		has[m.Ref] = true
	}
	rels := d.res.Relations[:0]
	for _, r := range d.res.Relations {
		if has[r.Subject] && has[r.Object] {
			rels = append(rels, r)
		}
	}
	d.res.Relations = rels
}
