// Package resolve merges the per-document results of extraction into one
// graph: mentions of the same type and canonical name become one entity,
// whatever document they come from, and the same relation found twice
// becomes one triple with two provenance entries.
//
//	doc A: Person 张雷 (mention at 3:10-12)   ┐
//	doc B: Person 张雷 (mention at 0:4-6)     ┴→ one entity, id EntityID(Person, 张雷), two mentions
//
// Ids depend only on content, so builds of separate shards merge by id. A
// name that holds in its document alone (extract.Ref's Local: a 市委 whose
// city the document leaves open) gives an entity of that document only,
// id LocalEntityID(type, name, doc).
//
// A Resolver holds the whole graph in memory. A Spool gives the same
// entities and triples holding only 16 bytes per entity and two buckets of
// records in memory: it spools mentions and provenance to files, bucketed
// by entity id, and merges each bucket at the end.
package resolve

import (
	"cmp"
	"sort"
	"strings"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// Resolver accumulates results. The zero value is ready to use; it is not
// safe for concurrent use. Add documents in a fixed order (by path) so that
// the graph is the same on every run.
type Resolver struct {
	docs     []schema.Document
	paras    []schema.Paragraph
	entities map[string]*schema.Entity
	aliases  map[string]map[string]bool
	triples  map[tripleKey]*schema.Triple
}

type tripleKey struct {
	s, p, o, title string
}

// Add merges the result of one document.
func (r *Resolver) Add(res extract.Result) {
	if r.entities == nil {
		r.entities = map[string]*schema.Entity{}
		r.aliases = map[string]map[string]bool{}
		r.triples = map[tripleKey]*schema.Triple{}
	}
	doc := res.Doc
	r.docs = append(r.docs, schema.Document{Doc: doc.Path, SHA256: doc.SHA256,
		ID: schema.DocumentID(doc.Path, doc.SHA256), Paragraphs: len(doc.Paragraphs)})
	r.paras = append(r.paras, doc.Paragraphs...)
	for _, m := range res.Mentions {
		e := r.entity(m.Ref, doc.Path)
		e.Mentions = append(e.Mentions, schema.Mention{Doc: doc.Path, Paragraph: m.Paragraph, Start: m.Start, End: m.End, Text: m.Text})
		if a := cleanForm(m.Text); a != e.Name && a != "" {
			r.aliases[e.ID][a] = true
		}
	}
	for _, rel := range res.Relations {
		s, o := r.entity(rel.Subject, doc.Path), r.entity(rel.Object, doc.Path)
		k := tripleKey{s.ID, string(rel.Predicate), o.ID, rel.Title}
		t, ok := r.triples[k]
		if !ok {
			t = newTriple(k, rel.Extractor, rel.Confidence)
			r.triples[k] = t
		} else {
			credit(t, rel.Extractor, rel.Confidence)
		}
		t.Provenance = append(t.Provenance, schema.Provenance{Doc: doc.Path, Paragraph: rel.Paragraph,
			Start: rel.Start, End: rel.End, Evidence: rel.Evidence})
	}
}

// entityID is the id of the entity ref names in the document at path doc.
func entityID(ref extract.Ref, doc string) string {
	if ref.Local {
		return schema.LocalEntityID(ref.Type, ref.Name, doc)
	}
	return schema.EntityID(ref.Type, ref.Name)
}

func (r *Resolver) entity(ref extract.Ref, doc string) *schema.Entity {
	id := entityID(ref, doc)
	e, ok := r.entities[id]
	if !ok {
		e = &schema.Entity{ID: id, Type: ref.Type, Name: ref.Name}
		r.entities[id] = e
		r.aliases[id] = map[string]bool{}
	}
	return e
}

// formMarks are the characters cleanForm removes.
const formMarks = "“”‘’\"'《》「」『』 \u3000"

// cleanForm is a surface form without quotation marks and spaces. A form
// without them is returned as it is, without allocating; each byte of
// invalid UTF-8 becomes U+FFFD.
func cleanForm(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(formMarks, r) {
			return -1
		}
		return r
	}, s)
}

// Graph returns the merged graph, sorted as graph.Graph documents. Entities
// without mentions (ends of relations that no rule saw in the text) are
// left out, and so are the triples that need them.
func (r *Resolver) Graph() *graph.Graph {
	g := &graph.Graph{Documents: append([]schema.Document(nil), r.docs...), Paragraphs: append([]schema.Paragraph(nil), r.paras...)}
	sort.Slice(g.Documents, func(i, j int) bool { return g.Documents[i].Doc < g.Documents[j].Doc })
	sort.SliceStable(g.Paragraphs, func(i, j int) bool {
		a, b := g.Paragraphs[i], g.Paragraphs[j]
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		return a.Index < b.Index
	})
	kept := map[string]bool{}
	for id, e := range r.entities {
		if len(e.Mentions) == 0 {
			continue
		}
		kept[id] = true
		out := *e
		out.Aliases = []string{}
		for a := range r.aliases[id] {
			out.Aliases = append(out.Aliases, a)
		}
		sort.Strings(out.Aliases)
		out.Mentions = append([]schema.Mention(nil), e.Mentions...)
		sort.Slice(out.Mentions, func(i, j int) bool { return mentionLess(out.Mentions[i], out.Mentions[j]) })
		g.Entities = append(g.Entities, out)
	}
	sort.Slice(g.Entities, func(i, j int) bool { return g.Entities[i].ID < g.Entities[j].ID })
	keys := make([]tripleKey, 0, len(r.triples))
	for k := range r.triples {
		if kept[k.s] && kept[k.o] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return tripleLess(keys[i], keys[j]) })
	for _, k := range keys {
		t := r.triples[k]
		out := *t
		out.Provenance = append([]schema.Provenance(nil), t.Provenance...)
		sortProvenance(out.Provenance)
		g.Triples = append(g.Triples, out)
	}
	return g
}

// newTriple starts the triple of k, found first by extractor with conf.
func newTriple(k tripleKey, extractor string, conf float64) *schema.Triple {
	t := &schema.Triple{Subject: k.s, Predicate: schema.Predicate(k.p), Object: k.o, Properties: map[string]string{},
		Extractor: extractor, Confidence: conf}
	if k.title != "" {
		t.Properties["title"] = k.title
	}
	return t
}

// credit notes that extractor found t again with conf: a triple is
// credited to the most confident extractor that found it, and of equals
// to the first by name.
func credit(t *schema.Triple, extractor string, conf float64) {
	if conf > t.Confidence || conf == t.Confidence && extractor < t.Extractor {
		t.Extractor, t.Confidence = extractor, conf
	}
}

// sortProvenance sorts ps by document, paragraph, start and end.
func sortProvenance(ps []schema.Provenance) {
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		return spanLess(a.Doc, a.Paragraph, a.Start, a.End, b.Doc, b.Paragraph, b.Start, b.End)
	})
}

func mentionLess(a, b schema.Mention) bool {
	return spanLess(a.Doc, a.Paragraph, a.Start, a.End, b.Doc, b.Paragraph, b.Start, b.End)
}

// spanLess orders spans of text by document, paragraph, start and end.
func spanLess(ad string, ap, as, ae int, bd string, bp, bs, be int) bool {
	return cmp.Or(strings.Compare(ad, bd), cmp.Compare(ap, bp), cmp.Compare(as, bs), cmp.Compare(ae, be)) < 0
}
