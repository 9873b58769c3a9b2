package graphml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// Options controls what Write writes. The zero value writes entities and
// triples only.
type Options struct {
	// Lexical adds the lexical layer: a node per document and per
	// paragraph, HAS_PARAGRAPH edges from a document to its paragraphs,
	// NEXT edges from each paragraph to the next one of the same document,
	// and a MENTIONS edge from a paragraph to an entity for each mention.
	Lexical bool
}

// The predicates of the lexical layer's edges.
const (
	hasParagraph = "HAS_PARAGRAPH"
	next         = "NEXT"
	mentions     = "MENTIONS"
)

// A key is the declaration of a GraphML attribute.
type key struct {
	id, of, name, typ string // of is "node" or "edge"
	lexical           bool   // used only by the lexical layer
}

// keys lists every attribute in the order it is declared. It is read only.
var keys = []key{
	{"n_label", "node", "label", "string", false},
	{"n_name", "node", "name", "string", false},
	{"n_aliases", "node", "aliases", "string", false},
	{"n_mentions", "node", "mentions", "int", false},
	{"n_doc", "node", "doc", "string", true},
	{"n_doc_sha256", "node", "doc_sha256", "string", true},
	{"n_paragraph", "node", "paragraph", "int", true},
	{"n_text", "node", "text", "string", true},
	{"n_source_start", "node", "source_start", "int", true},
	{"n_source_end", "node", "source_end", "int", true},
	{"e_predicate", "edge", "predicate", "string", false},
	{"e_title", "edge", "title", "string", false},
	{"e_confidence", "edge", "confidence", "double", false},
	{"e_extractor", "edge", "extractor", "string", false},
	{"e_evidence", "edge", "evidence", "string", false},
	{"e_provenance", "edge", "provenance", "string", false},
	{"e_start", "edge", "start", "int", true},
	{"e_end", "edge", "end", "int", true},
	{"e_text", "edge", "text", "string", true},
}

// Write writes g to w as GraphML. It follows the order of g's slices, so
// the same Graph always gives the same output. It returns an error, before
// writing anything, if a triple names an entity that g does not hold, if
// two nodes share an id or, with opt.Lexical, if a paragraph or a mention
// refers to a document or paragraph that g does not hold.
func Write(w io.Writer, g *graph.Graph, opt Options) error {
	docIDs, paraIDs, err := check(g, opt)
	if err != nil {
		return fmt.Errorf("graphml: %w", err)
	}
	enc := NewEncoder(w, opt)
	for _, e := range g.Entities {
		enc.Entity(e)
	}
	if opt.Lexical {
		for _, d := range g.Documents {
			enc.Document(d)
		}
		for _, p := range g.Paragraphs {
			enc.Paragraph(p)
		}
	}
	for _, t := range g.Triples {
		enc.Triple(t)
	}
	if opt.Lexical {
		for _, p := range g.Paragraphs {
			enc.HasParagraph(docIDs[p.Doc], p.ID)
		}
		for i := 1; i < len(g.Paragraphs); i++ {
			p, q := g.Paragraphs[i-1], g.Paragraphs[i]
			if p.Doc == q.Doc && p.Index+1 == q.Index {
				enc.Next(p.ID, q.ID)
			}
		}
		for _, e := range g.Entities {
			for _, m := range e.Mentions {
				enc.Mention(paraIDs[paraKey{m.Doc, m.Paragraph}], e.ID, m)
			}
		}
	}
	return enc.Close()
}

// An Encoder writes GraphML one element at a time, for graphs too large to
// hold in memory; Write uses it. The file has sections, which must come in
// this order: the nodes of the entities (Entity), then with
// Options.Lexical the nodes of the documents (Document) and of the
// paragraphs (Paragraph); the edges of the triples (Triple), then with
// Options.Lexical the HasParagraph, Next and Mention edges, each kind
// together. Close ends the file. Unlike Write, an Encoder checks nothing:
// node ids must be unique and every edge must join two nodes of the file.
// Writes are buffered, and the first error is returned by Close.
type Encoder struct {
	x *xmlWriter
}

// NewEncoder returns an Encoder writing to w and writes the start of the
// file: the declarations of the attributes.
func NewEncoder(w io.Writer, opt Options) *Encoder {
	// A bufio.Writer keeps its first error and returns it from Flush, so
	// the writes need not be checked one by one.
	x := &xmlWriter{w: bufio.NewWriterSize(w, 64<<10)}
	x.raw(xml.Header)
	x.raw(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns` +
		` http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range keys {
		if !k.lexical || opt.Lexical {
			x.raw(fmt.Sprintf("  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k.id, k.of, k.name, k.typ))
		}
	}
	x.raw(`  <graph id="kg" edgedefault="directed">` + "\n")
	return &Encoder{x: x}
}

// Entity writes the node of e, with the number of its mentions.
func (enc *Encoder) Entity(e schema.Entity) {
	x := enc.x
	x.startNode(e.ID)
	x.data("n_label", string(e.Type))
	x.data("n_name", e.Name)
	if len(e.Aliases) > 0 {
		x.data("n_aliases", strings.Join(e.Aliases, ";"))
	}
	x.data("n_mentions", strconv.Itoa(len(e.Mentions)))
	x.raw("    </node>\n")
}

// Document writes the node of d (lexical layer).
func (enc *Encoder) Document(d schema.Document) {
	x := enc.x
	x.startNode(d.ID)
	x.data("n_label", "Document")
	x.data("n_doc", d.Doc)
	x.data("n_doc_sha256", d.SHA256)
	x.raw("    </node>\n")
}

// Paragraph writes the node of p (lexical layer).
func (enc *Encoder) Paragraph(p schema.Paragraph) {
	x := enc.x
	x.startNode(p.ID)
	x.data("n_label", "Paragraph")
	x.data("n_doc", p.Doc)
	x.data("n_paragraph", strconv.Itoa(p.Index))
	x.data("n_text", p.Text)
	x.data("n_source_start", strconv.Itoa(p.SourceStart))
	x.data("n_source_end", strconv.Itoa(p.SourceEnd))
	x.raw("    </node>\n")
}

// Triple writes the edge of t, from its subject to its object.
func (enc *Encoder) Triple(t schema.Triple) {
	x := enc.x
	x.startEdge(t.Subject, t.Object)
	x.data("e_predicate", string(t.Predicate))
	if title := t.Properties["title"]; title != "" {
		x.data("e_title", title)
	}
	x.data("e_confidence", strconv.FormatFloat(t.Confidence, 'g', -1, 64))
	x.data("e_extractor", t.Extractor)
	if len(t.Provenance) > 0 {
		x.data("e_evidence", t.Provenance[0].Evidence)
	}
	x.data("e_provenance", provenance(t.Provenance))
	x.raw("    </edge>\n")
}

// HasParagraph writes a HAS_PARAGRAPH edge from the document docID to the
// paragraph paraID (lexical layer).
func (enc *Encoder) HasParagraph(docID, paraID string) {
	enc.x.startEdge(docID, paraID)
	enc.x.data("e_predicate", hasParagraph)
	enc.x.raw("    </edge>\n")
}

// Next writes a NEXT edge from the paragraph from to the paragraph to, the
// next one of its document (lexical layer).
func (enc *Encoder) Next(from, to string) {
	enc.x.startEdge(from, to)
	enc.x.data("e_predicate", next)
	enc.x.raw("    </edge>\n")
}

// Mention writes a MENTIONS edge from the paragraph paraID to the entity
// entityID for the mention m (lexical layer).
func (enc *Encoder) Mention(paraID, entityID string, m schema.Mention) {
	x := enc.x
	x.startEdge(paraID, entityID)
	x.data("e_predicate", mentions)
	x.data("e_start", strconv.Itoa(m.Start))
	x.data("e_end", strconv.Itoa(m.End))
	x.data("e_text", m.Text)
	x.raw("    </edge>\n")
}

// Close writes the end of the file and flushes the buffer. It does not
// close the underlying writer. It returns the first error of any write.
func (enc *Encoder) Close() error {
	enc.x.raw("  </graph>\n</graphml>\n")
	if err := enc.x.w.Flush(); err != nil {
		return fmt.Errorf("graphml: writing: %w", err)
	}
	return nil
}

// paraKey identifies a paragraph as mentions and provenance do.
type paraKey struct {
	doc   string
	index int
}

// check reports whether g can be written as a well-formed graph: node ids
// are unique and every edge joins two nodes. It returns the ids of the
// documents by path and of the paragraphs by paraKey.
func check(g *graph.Graph, opt Options) (map[string]string, map[paraKey]string, error) {
	nodes := map[string]bool{}
	addNode := func(what, id string) error {
		if nodes[id] {
			return fmt.Errorf("%s: duplicate node id %q", what, id)
		}
		nodes[id] = true
		return nil
	}
	for _, e := range g.Entities {
		if err := addNode("entity "+e.Name, e.ID); err != nil {
			return nil, nil, err
		}
	}
	for i, t := range g.Triples {
		if !nodes[t.Subject] {
			return nil, nil, fmt.Errorf("triple %d: subject %q is not an entity", i, t.Subject)
		}
		if !nodes[t.Object] {
			return nil, nil, fmt.Errorf("triple %d: object %q is not an entity", i, t.Object)
		}
	}
	if !opt.Lexical {
		return nil, nil, nil
	}
	docIDs := map[string]string{}
	for _, d := range g.Documents {
		if err := addNode("document "+d.Doc, d.ID); err != nil {
			return nil, nil, err
		}
		docIDs[d.Doc] = d.ID
	}
	paraIDs := map[paraKey]string{}
	for _, p := range g.Paragraphs {
		what := fmt.Sprintf("paragraph %d of %s", p.Index, p.Doc)
		if err := addNode(what, p.ID); err != nil {
			return nil, nil, err
		}
		if _, ok := docIDs[p.Doc]; !ok {
			return nil, nil, fmt.Errorf("%s: no such document", what)
		}
		paraIDs[paraKey{p.Doc, p.Index}] = p.ID
	}
	for _, e := range g.Entities {
		for _, m := range e.Mentions {
			if _, ok := paraIDs[paraKey{m.Doc, m.Paragraph}]; !ok {
				return nil, nil, fmt.Errorf("entity %s: mention in paragraph %d of %s: no such paragraph", e.Name, m.Paragraph, m.Doc)
			}
		}
	}
	return docIDs, paraIDs, nil
}

// provenance returns ps as "doc#paragraph:start-end" entries joined by ";".
func provenance(ps []schema.Provenance) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprintf("%s#%d:%d-%d", p.Doc, p.Paragraph, p.Start, p.End)
	}
	return strings.Join(s, ";")
}

// xmlWriter writes GraphML elements to w and counts edges to number them.
type xmlWriter struct {
	w     *bufio.Writer
	edges int
}

// raw writes s as is.
func (x *xmlWriter) raw(s string) { x.w.WriteString(s) }

// text writes s escaped for use in character data or a quoted attribute.
// xml.EscapeText also replaces invalid UTF-8 and characters outside XML
// 1.0's Char production by U+FFFD.
func (x *xmlWriter) text(s string) { xml.EscapeText(x.w, []byte(s)) }

// startNode writes the start tag of the node id.
func (x *xmlWriter) startNode(id string) {
	x.raw(`    <node id="`)
	x.text(id)
	x.raw(`">` + "\n")
}

// startEdge writes the start tag of the next edge, from source to target.
func (x *xmlWriter) startEdge(source, target string) {
	x.raw(`    <edge id="e` + strconv.Itoa(x.edges) + `" source="`)
	x.text(source)
	x.raw(`" target="`)
	x.text(target)
	x.raw(`">` + "\n")
	x.edges++
}

// data writes a data element of key with value.
func (x *xmlWriter) data(key, value string) {
	x.raw(`      <data key="` + key + `">`)
	x.text(value)
	x.raw("</data>\n")
}
