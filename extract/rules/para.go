package rules

import (
	"strings"
	"unicode"

	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/schema"
)

// Rule names, written to the output as the extractor of each finding.
const (
	RuleQuoted       = "quoted-name"
	RuleBook         = "book-title"
	RuleSuffix       = "name-suffix"
	RuleCompanyList  = "company-list"
	RuleLaunched     = "launched-name"
	RuleAwardList    = "award-list"
	RuleDivision     = "admin-division"
	RuleLexPlace     = "lexicon-place"
	RuleLexBody      = "lexicon-body"
	RuleTitleName    = "title-before-name"
	RuleNameTitle    = "name-before-title"
	RuleNameList     = "name-list"
	RuleSpeaker      = "name-before-speech"
	RuleRepeat       = "repeated-name"
	RuleTitleChain   = "title-chain"
	RuleByline       = "byline"
	RuleNamePart     = "name-part-of"
	RuleNamePlace    = "name-located-in"
	RuleAdminChain   = "admin-chain"
	RuleSite         = "site-located-in"
	RuleAreaContext  = "area-context"
	RuleRunsVerb     = "runs-verb"
	RuleParticipates = "participates-verb"
	RuleInContext    = "participates-in-setting"
)

// span is a candidate mention in one paragraph.
type span struct {
	start, end int // code points into the paragraph text
	typ        schema.EntityType
	name       string // surface name with quotes removed
	alias      string // a second surface form (the quoted part of “头雁”工程)
	rule       string
	conf       float64
	generic    bool // a generic reference (区委, 组织部) to complete from context
	inPost     bool // part of a post's title (the 党委 of 学院党委书记), not a mention
}

// para is one paragraph prepared for the rules.
type para struct {
	index    int
	r        []rune
	s        string // the text
	off      []int  // off[i]: byte offset in s of rune i; len(r)+1 entries
	toks     []segment.Token
	tokStart []bool // tokStart[i]: a token starts at code point i (len(r)+1 entries)
	tokOf    []int  // index of the token covering code point i
	spans    []span
}

func newPara(index int, text string, seg *segment.Segmenter) *para {
	p := &para{index: index, r: []rune(text), s: text}
	p.off = make([]int, 0, len(p.r)+1)
	for i := range text {
		p.off = append(p.off, i)
	}
	p.off = append(p.off, len(text))
	p.toks = seg.Cut(text)
	p.tokStart = make([]bool, len(p.r)+1)
	p.tokOf = make([]int, len(p.r))
	for i, t := range p.toks {
		p.tokStart[t.Start] = true
		for j := t.Start; j < t.End; j++ {
			p.tokOf[j] = i
		}
	}
	p.tokStart[len(p.r)] = true
	return p
}

func (p *para) text(s, e int) string { return p.s[p.off[s]:p.off[e]] }

func isHan(r rune) bool {
	return r >= 0x4e00 && r <= 0x9fff || r >= 0x2e80 && unicode.Is(unicode.Han, r)
}

// isHanAt reports whether position i of p holds a Han character.
func (p *para) isHanAt(i int) bool { return i >= 0 && i < len(p.r) && isHan(p.r[i]) }

// free reports whether [s,e) overlaps none of p's spans.
func (p *para) free(s, e int) bool {
	for _, sp := range p.spans {
		if s < sp.end && sp.start < e {
			return false
		}
	}
	return true
}

// freeBut reports whether [s, e) is free once the spans of rule that lie
// inside it are dropped, and drops them if so: 青岛 in 青岛蓝鲸科技.
func (p *para) freeBut(s, e int, rule string) bool {
	for _, sp := range p.spans {
		if s < sp.end && sp.start < e && (sp.rule != rule || sp.start < s || sp.end > e) {
			return false
		}
	}
	kept := p.spans[:0]
	for _, sp := range p.spans {
		if sp.end <= s || sp.start >= e {
			kept = append(kept, sp)
		}
	}
	p.spans = kept
	return true
}

// add keeps sp unless it overlaps a span already kept; longer spans are
// found first by the callers that compete for the same text.
func (p *para) add(sp span) bool {
	if sp.start >= sp.end || !p.free(sp.start, sp.end) || sp.typ == schema.Person && !plausiblePerson(sp.name) {
		return false
	}
	p.spans = append(p.spans, sp)
	return true
}

// plausiblePerson rejects person names that hold a word no given name
// holds: a body, a post, a place or a pronoun (党组织, 党委副, 来我县).
func plausiblePerson(name string) bool {
	r := []rune(name)
	if len(r) < 2 || len(r) > 4 {
		return false
	}
	if strings.ContainsAny(name, "我你他她们") || strings.Contains(name, "组织") || strings.Contains(name, "党委") {
		return false
	}
	return !strings.ContainsRune("副村区县乡镇省市委部处局厅行驻", r[len(r)-1])
}

// spanAt returns the span that starts at s, if any.
func (p *para) spanAt(s int) (span, bool) {
	for _, sp := range p.spans {
		if sp.start == s {
			return sp, true
		}
	}
	return span{}, false
}

// spanEnding returns the span that ends at e, if any.
func (p *para) spanEnding(e int) (span, bool) {
	for _, sp := range p.spans {
		if sp.end == e {
			return sp, true
		}
	}
	return span{}, false
}

// isPunct reports whether r ends a name: anything but Han, letters, digits
// and the few symbols that names contain.
func isPunct(r rune) bool {
	if isHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
		return false
	}
	switch r {
	case '+', '-', '·', '（', '）', '(', ')':
		return false
	}
	return true
}

// sentenceEnd reports whether r ends a sentence.
func sentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';':
		return true
	}
	return false
}
