package eval

import (
	"strings"
	"unicode"

	"github.com/kg-dev/kg/schema"
)

// Counts are the true positives, false positives and false negatives of
// one entity or relation type.
type Counts struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP), or 0 when there is nothing extracted.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP / (TP + FN), or 0 when there is nothing to find.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of Precision and Recall, or 0 when both are 0.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c Counts) plus(d Counts) Counts {
	return Counts{TP: c.TP + d.TP, FP: c.FP + d.FP, FN: c.FN + d.FN}
}

// Report is the result of Score, summed over the gold documents.
type Report struct {
	// Entities holds the counts per entity type, for the types that have
	// any: a false positive under the extracted entity's type ("" if it
	// has none), a false negative under the gold entity's.
	Entities map[schema.EntityType]Counts
	// Relations holds the counts per predicate, for the predicates that
	// have any; triples without a predicate count under "?".
	Relations map[schema.Predicate]Counts
	// TitlesChecked is the number of HOLDS_POSITION true positives, and
	// TitlesRight how many of them have the gold title (both normalised).
	TitlesRight, TitlesChecked int
	// Docs has one result per gold document, in the order of the gold files.
	Docs []DocResult
}

// DocResult is what Score found for one gold document.
type DocResult struct {
	Doc    string       // base name of the document
	Found  int          // gold entities matched by an extracted entity
	Gold   int          // gold entities (distinct type and name)
	Extra  int          // extracted entities of the document matching no gold entity
	Missed []GoldEntity // gold entities not matched, in gold file order
}

// EntityTotal sums the entity counts over all types.
func (r Report) EntityTotal() Counts {
	var t Counts
	for _, c := range r.Entities {
		t = t.plus(c)
	}
	return t
}

// RelationTotal sums the relation counts over all predicates.
func (r Report) RelationTotal() Counts {
	var t Counts
	for _, c := range r.Relations {
		t = t.plus(c)
	}
	return t
}

// TitleAccuracy is TitlesRight / TitlesChecked, or 0 when no title was
// checked.
func (r Report) TitleAccuracy() float64 {
	if r.TitlesChecked == 0 {
		return 0
	}
	return float64(r.TitlesRight) / float64(r.TitlesChecked)
}

// Normalize returns s without whitespace (as Python's regular expression
// \s has it, which includes U+3000 and U+001C–U+001F) and without the
// quote characters “”"'‘’《》〈〉「」『』. Names are compared in this form.
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if strip(r) {
			return -1
		}
		return r
	}, s)
}

func strip(r rune) bool {
	switch r {
	case 0x1c, 0x1d, 0x1e, 0x1f, '“', '”', '"', '\'', '‘', '’', '《', '》', '〈', '〉', '「', '」', '『', '』':
		return true
	}
	return unicode.IsSpace(r)
}

// baseName returns the part of a '/'-separated path after the last '/',
// as Python's os.path.basename does on POSIX ("" for "a/").
func baseName(p string) string {
	return p[strings.LastIndexByte(p, '/')+1:]
}

// Score compares the entities and triples of a build with the gold
// documents, by the rules in the package documentation. Gold documents
// with the same base name count once, with the annotations of the last
// one; likewise gold entities with the same type and name, and gold
// relations with the same type, subject and object.
func Score(gold []GoldDoc, ents []schema.Entity, triples []schema.Triple) Report {
	r := Report{Entities: map[schema.EntityType]Counts{}, Relations: map[schema.Predicate]Counts{}}

	// The gold documents by base name, in order of first appearance.
	var docs []GoldDoc
	at := map[string]int{}
	for _, g := range gold {
		d := baseName(g.Doc)
		if i, ok := at[d]; ok {
			docs[i] = g
			continue
		}
		at[d] = len(docs)
		docs = append(docs, g)
	}

	// The entities mentioned in each document, in file order.
	byDoc := map[string][]int{}
	for i, e := range ents {
		seen := map[string]bool{}
		for _, m := range e.Mentions {
			d := baseName(m.Doc)
			if !seen[d] {
				seen[d] = true
				byDoc[d] = append(byDoc[d], i)
			}
		}
	}

	for _, g := range docs {
		doc := baseName(g.Doc)
		r.scoreDoc(doc, g, ents, byDoc[doc], triples)
	}
	return r
}

// goldKey identifies a gold entity within a document.
type goldKey struct {
	typ  schema.EntityType
	name string
}

// relKey identifies a relation within a document: a predicate and the
// names of the gold entities its ends matched, if they did.
type relKey struct {
	pred          schema.Predicate
	subj, obj     string
	subjOK, objOK bool
}

// scoreDoc adds to r the figures of the gold document g, whose base name
// is doc; preds are the indices in ents of the entities mentioned in it.
func (r *Report) scoreDoc(doc string, g GoldDoc, ents []schema.Entity, preds []int, triples []schema.Triple) {
	// Gold entities: first position, last value, as a Python dict keeps them.
	var keys []goldKey
	var gents []GoldEntity
	var gnames []map[string]bool
	at := map[goldKey]int{}
	for _, ge := range g.Entities {
		k := goldKey{ge.Type, ge.Name}
		names := map[string]bool{Normalize(ge.Name): true}
		for _, a := range ge.Aliases {
			names[Normalize(a)] = true
		}
		if i, ok := at[k]; ok {
			gents[i], gnames[i] = ge, names
			continue
		}
		at[k] = len(keys)
		keys = append(keys, k)
		gents = append(gents, ge)
		gnames = append(gnames, names)
	}

	// Candidate gold entities of each extracted one, in gold order.
	cand := make([][]int, len(preds))
	for pi, ei := range preds {
		e := &ents[ei]
		name := Normalize(e.Name)
		if name == "" {
			continue
		}
		for gi, k := range keys {
			if k.typ == e.Type && gnames[gi][name] {
				cand[pi] = append(cand[pi], gi)
			}
		}
	}
	m := match(cand, len(keys))

	matched := make([]bool, len(preds))
	for _, gi := range m.order {
		matched[m.owner[gi]] = true
	}
	for pi, ei := range preds {
		t := ents[ei].Type
		if matched[pi] {
			r.Entities[t] = r.Entities[t].plus(Counts{TP: 1})
		} else {
			r.Entities[t] = r.Entities[t].plus(Counts{FP: 1})
		}
	}
	res := DocResult{Doc: doc, Found: len(m.order), Gold: len(keys), Extra: len(preds) - len(m.order), Missed: []GoldEntity{}}
	for gi, k := range keys {
		if m.owner[gi] < 0 {
			r.Entities[k.typ] = r.Entities[k.typ].plus(Counts{FN: 1})
			res.Missed = append(res.Missed, gents[gi])
		}
	}
	r.Docs = append(r.Docs, res)

	// Entity id → name of the matched gold entity; with duplicate ids the
	// last in matching order wins, as in kg-score.
	idmap := map[string]string{}
	for _, gi := range m.order {
		idmap[ents[preds[m.owner[gi]]].ID] = keys[gi].name
	}

	grel := map[relKey]GoldRelation{}
	for _, gr := range g.Relations {
		grel[relKey{gr.Type, gr.Subject, gr.Object, true, true}] = gr
	}
	seen := map[relKey]bool{}
	for _, t := range triples {
		if !hasDoc(t.Provenance, doc) {
			continue
		}
		s, sok := idmap[t.Subject]
		o, ook := idmap[t.Object]
		key := relKey{t.Predicate, s, o, sok, ook}
		if seen[key] {
			continue
		}
		seen[key] = true
		if gr, ok := grel[key]; ok {
			r.Relations[key.pred] = r.Relations[key.pred].plus(Counts{TP: 1})
			if key.pred == schema.HoldsPosition {
				r.TitlesChecked++
				if Normalize(gr.Title) == Normalize(t.Properties["title"]) {
					r.TitlesRight++
				}
			}
			continue
		}
		p := key.pred
		if p == "" {
			p = "?"
		}
		r.Relations[p] = r.Relations[p].plus(Counts{FP: 1})
	}
	for key := range grel {
		if !seen[key] {
			r.Relations[key.pred] = r.Relations[key.pred].plus(Counts{FN: 1})
		}
	}
}

func hasDoc(ps []schema.Provenance, doc string) bool {
	for _, p := range ps {
		if baseName(p.Doc) == doc {
			return true
		}
	}
	return false
}

// matching is a one-to-one matching of extracted entities to gold keys.
type matching struct {
	cand  [][]int // gold keys each extracted entity may match, in gold order
	owner []int   // per gold key: the extracted entity matched to it, or -1
	order []int   // gold keys in the order they were first matched
	seen  []bool  // gold keys visited in the current search
}

// match finds a maximum matching by Kuhn's algorithm, trying extracted
// entities in order and each one's candidates in order, exactly as
// kg-score's max_match does, so that ties resolve the same way.
func match(cand [][]int, ngold int) *matching {
	m := &matching{cand: cand, owner: make([]int, ngold), seen: make([]bool, ngold)}
	for i := range m.owner {
		m.owner[i] = -1
	}
	for p := range cand {
		clear(m.seen)
		m.assign(p)
	}
	return m
}

// assign looks for an augmenting path from extracted entity p.
func (m *matching) assign(p int) bool {
	for _, g := range m.cand[p] {
		if m.seen[g] {
			continue
		}
		m.seen[g] = true
		if q := m.owner[g]; q < 0 || m.assign(q) {
			if q < 0 {
				m.order = append(m.order, g)
			}
			m.owner[g] = p
			return true
		}
	}
	return false
}
