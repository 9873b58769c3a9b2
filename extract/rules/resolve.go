package rules

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kg-dev/kg/schema"
)

// resolve gives every span its canonical name in this document: generic
// bodies are completed from context (工委 → 西海岸新区工委), and short
// forms join the fullest form that the document uses (西海岸 →
// 西海岸新区 → 青岛西海岸新区).
func (d *docState) resolve() {
	// Generic bodies: the body of the document whose name ends with the
	// generic one, else the body of the document's area.
	for pi, p := range d.paras {
		for k := range p.spans {
			sp := &p.spans[k]
			if !sp.generic {
				continue
			}
			if name := d.nearestEndingWith(pi, sp.start, sp.name); name != "" {
				sp.name, sp.generic = name, false
				d.noteBody(pi, *sp)
				continue
			}
			if name, ok := d.complete(sp.name, p, sp.start); ok {
				sp.name, sp.generic = name, false
				d.noteBody(pi, *sp)
			}
		}
	}
	names := map[schema.EntityType]map[string]bool{}
	for _, t := range schema.EntityTypes {
		names[t] = map[string]bool{}
	}
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if !sp.generic {
				names[sp.typ][sp.name] = true
				if sp.alias != "" && sp.alias != sp.name {
					d.canon[sp.typ][sp.alias] = sp.name
				}
			}
		}
	}
	sorted := func(t schema.EntityType) []string {
		var out []string
		for n := range names[t] {
			out = append(out, n)
		}
		sort.Slice(out, func(i, j int) bool {
			li, lj := utf8.RuneCountInString(out[i]), utf8.RuneCountInString(out[j])
			if li != lj {
				return li > lj
			}
			return out[i] < out[j]
		})
		return out
	}
	// Places: A is short for B when B = A + a place suffix, or B = a
	// division + A; a division's short name is short for its full name.
	places := sorted(schema.Place)
	for _, a := range places {
		for _, b := range places {
			if len(b) <= len(a) {
				continue
			}
			if rest, ok := strings.CutPrefix(b, a); ok && (d.x.lex.plcSuffix.has(rest) || d.x.lex.admin.has(rest)) && d.shortFor(a, rest) {
				d.link(schema.Place, a, b)
				break
			}
			if head, ok := strings.CutSuffix(b, a); ok && utf8.RuneCountInString(a) >= 2 {
				if _, isDiv := d.x.lex.Division(head); isDiv {
					d.link(schema.Place, a, b)
					break
				}
			}
		}
	}
	// 自贸区 is short for 自贸试验区 where the document names both.
	for _, a := range places {
		for _, b := range places {
			if zoneWords[a] && zoneWords[b] && len(b) > len(a) && subsequence(a, b) {
				d.link(schema.Place, a, b)
			}
		}
	}
	// Organisations: A is short for the longer body B whose name ends with A.
	orgs := sorted(schema.Organisation)
	for _, a := range orgs {
		if utf8.RuneCountInString(a) < 3 {
			continue
		}
		for _, b := range orgs {
			if len(b) > len(a) && strings.HasSuffix(b, a) {
				d.link(schema.Organisation, a, b)
				break
			}
		}
	}
	// Programmes: 头雁 is short for 头雁工程; 基层基础贡献奖章 for
	// 崂山区基层基础建设贡献奖章 (the same suffix, its characters in order).
	prgs := sorted(schema.Programme)
	for _, a := range prgs {
		ar := []rune(a)
		na := d.x.lex.prgSuffix.suffixAt(ar, len(ar))
		for _, b := range prgs {
			if rest, ok := strings.CutPrefix(b, a); ok && rest != "" && d.x.lex.prgSuffix.has(rest) {
				d.link(schema.Programme, a, b)
				break
			}
			// 特色教学点 for 青岛市干部教育培训海洋发展特色教学点: the tail of
			// a longer name, more than its suffix.
			if na > 0 && len(ar)-na >= 2 && len(b) > len(a) && strings.HasSuffix(b, a) {
				d.link(schema.Programme, a, b)
				break
			}
			// 基层基础建设贡献奖 for 崂山区基层基础建设贡献奖章: the award and its medal.
			if ar[len(ar)-1] == '奖' && len(ar) >= 4 && (strings.HasSuffix(b, a+"章") || d.abbreviates(a+"章", b)) {
				d.link(schema.Programme, a, b)
				break
			}
			if len(b) > len(a) && len(ar) >= 4 && d.abbreviates(a, b) {
				d.link(schema.Programme, a, b)
				break
			}
		}
	}
	// Follow chains to their end.
	for _, t := range schema.EntityTypes {
		for a := range d.canon[t] {
			seen := map[string]bool{a: true}
			b := d.canon[t][a]
			for {
				c, ok := d.canon[t][b]
				if !ok || seen[c] {
					break
				}
				seen[b] = true
				b = c
			}
			d.canon[t][a] = b
		}
	}
}

// abbreviates reports whether programme a is a short form of b: both end
// in the same suffix and a's characters come in b in order.
func (d *docState) abbreviates(a, b string) bool {
	if _, la := utf8.DecodeLastRuneInString(a); la == 0 || !strings.HasSuffix(b, a[len(a)-la:]) {
		return false
	}
	ar, br := []rune(a), []rune(b)
	n := d.x.lex.prgSuffix.suffixAt(ar, len(ar))
	if n == 0 || n >= len(ar) || !strings.HasSuffix(b, string(ar[len(ar)-n:])) {
		return false
	}
	return subsequence(a, b) && (br[0] == ar[0] || d.startsWithArea(br, ar[0]))
}

// subsequence reports whether a's characters come in b in order.
func subsequence(a, b string) bool {
	ar := []rune(a)
	i := 0
	for _, r := range b {
		if i < len(ar) && ar[i] == r {
			i++
		}
	}
	return i == len(ar)
}

// startsWithArea reports whether b is an area's name followed by a
// name that begins with first: 崂山区基层基础建设贡献奖章.
func (d *docState) startsWithArea(b []rune, first rune) bool {
	for k := 2; k < len(b); k++ {
		if _, ok := d.x.lex.Division(string(b[:k])); ok && b[k] == first {
			return true
		}
	}
	return false
}

// shortFor reports whether the place a can be short for a+rest: a
// division's short name only for the division itself (青岛 for 青岛市, not
// for 青岛高新区), any other name for any place it heads (西海岸 for
// 西海岸新区).
func (d *docState) shortFor(a, rest string) bool {
	dv, ok := d.x.lex.Division(a)
	if !ok {
		return true
	}
	return dv.Name == a+rest
}

func (d *docState) link(t schema.EntityType, short, full string) {
	if short == full {
		return
	}
	if _, ok := d.canon[t][short]; !ok {
		d.canon[t][short] = full
	}
}

// nearestEndingWith returns the name of the non-generic organisation that
// ends with suffix and is mentioned nearest before (pi, at), else the
// first one after it.
func (d *docState) nearestEndingWith(pi, at int, suffix string) string {
	if d.bodies == nil {
		d.bodies = map[string][]bodyAt{}
	}
	list, ok := d.bodies[suffix]
	if !ok {
		for qi, p := range d.paras {
			for _, sp := range p.spans {
				if sp.typ == schema.Organisation && !sp.generic && sp.name != suffix && strings.HasSuffix(sp.name, suffix) {
					list = append(list, bodyAt{qi, sp.start, sp.name})
				}
			}
		}
		sort.SliceStable(list, func(i, j int) bool {
			return list[i].para < list[j].para || list[i].para == list[j].para && list[i].start < list[j].start
		})
		d.bodies[suffix] = list
	}
	// The last one before (pi, at), else the first one after it.
	k := sort.Search(len(list), func(i int) bool {
		return list[i].para > pi || list[i].para == pi && list[i].start >= at
	})
	if k > 0 {
		return list[k-1].name
	}
	if k < len(list) {
		return list[k].name
	}
	return ""
}

// noteBody adds a body just named to the lists nearestEndingWith keeps,
// so that later generic names can find it.
func (d *docState) noteBody(pi int, sp span) {
	for suffix, list := range d.bodies {
		if sp.name == suffix || !strings.HasSuffix(sp.name, suffix) {
			continue
		}
		k := sort.Search(len(list), func(i int) bool {
			return list[i].para > pi || list[i].para == pi && list[i].start > sp.start
		})
		list = append(list, bodyAt{})
		copy(list[k+1:], list[k:])
		list[k] = bodyAt{pi, sp.start, sp.name}
		d.bodies[suffix] = list
	}
}

// repeat finds the later mentions of names the document has already
// established (a person named once with a title, then alone).
func (d *docState) repeat() {
	type form struct {
		t    schema.EntityType
		text string
	}
	var forms []form
	seen := map[form]bool{}
	for _, p := range d.paras {
		for _, sp := range p.spans {
			if sp.generic {
				continue
			}
			for _, s := range []string{sp.name, d.canon[sp.typ][sp.name]} {
				f := form{sp.typ, s}
				if s != "" && utf8.RuneCountInString(s) >= 2 && !seen[f] && strings.IndexFunc(s, isPunct) < 0 {
					seen[f] = true
					forms = append(forms, f)
				}
			}
		}
	}
	for t, m := range d.canon {
		for a := range m {
			f := form{t, a}
			if utf8.RuneCountInString(a) >= 2 && !seen[f] {
				seen[f] = true
				forms = append(forms, f)
			}
		}
	}
	sort.Slice(forms, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(forms[i].text), utf8.RuneCountInString(forms[j].text)
		if li != lj {
			return li > lj
		}
		if forms[i].text != forms[j].text {
			return forms[i].text < forms[j].text
		}
		return forms[i].t < forms[j].t
	})
	// The forms by their first rune, in order, to find them all in one
	// pass over each paragraph.
	byFirst := map[rune][]int{}
	frs := make([][]rune, len(forms))
	for i, f := range forms {
		frs[i] = []rune(f.text)
		byFirst[frs[i][0]] = append(byFirst[frs[i][0]], i)
	}
	type hit struct{ form, s int }
	for _, p := range d.paras {
		var hits []hit
		for s, r := range p.r {
			for _, fi := range byFirst[r] {
				if fr := frs[fi]; s+len(fr) <= len(p.r) && slices.Equal(p.r[s:s+len(fr)], fr) {
					hits = append(hits, hit{fi, s})
				}
			}
		}
		slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.form, b.form), cmp.Compare(a.s, b.s)) })
		last, next := -1, 0
		for _, h := range hits {
			if h.form != last {
				last, next = h.form, 0
			}
			if h.s < next { // as strings.Index, no overlapping repeats of a form
				continue
			}
			f, s, e := forms[h.form], h.s, h.s+len(frs[h.form])
			next = e
			if !p.free(s, e) {
				continue
			}
			if !p.tokStart[s] && p.isHanAt(s-1) {
				continue
			}
			if f.t == schema.Person && !d.x.isFollow(p, e) && d.x.nameStartAt(p, e) == 0 {
				continue
			}
			p.add(span{start: s, end: e, typ: f.t, name: f.text, rule: RuleRepeat, conf: 0.6})
		}
	}
}
