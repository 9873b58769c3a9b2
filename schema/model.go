package schema

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Node labels and relationship types of the Neo4j graph model that are not
// entity types or predicates. Entity nodes are labelled with their
// EntityType and extracted relations are typed with their Predicate (see
// EntityLabel and RelationshipType); nothing else becomes a label or a type.
const (
	LabelDocument  = "Document"  // a source file
	LabelParagraph = "Paragraph" // a paragraph of a Document

	RelHasParagraph = "HAS_PARAGRAPH" // Document → Paragraph
	RelNext         = "NEXT"          // Paragraph → the next Paragraph of its Document
	RelMentions     = "MENTIONS"      // Paragraph → entity
)

// FulltextIndex is the name of the full-text index over the names and
// aliases of every entity label, for db.index.fulltext.queryNodes.
const FulltextIndex = "entity_names"

// EntityLabel returns the node label of entities of type t, and false if t
// is not one of EntityTypes.
func EntityLabel(t EntityType) (string, bool) {
	if !t.Valid() {
		return "", false
	}
	return string(t), true
}

// RelationshipType returns the relationship type of relations with
// predicate p, and false if p is not one of Predicates.
func RelationshipType(p Predicate) (string, bool) {
	if !p.Valid() {
		return "", false
	}
	return string(p), true
}

// Property is a property of the nodes of one label or the relationships of
// one type.
type Property struct {
	Name string // property key
	Type string // Cypher type: STRING, INTEGER, FLOAT, LIST<STRING>
	Doc  string // what it holds
}

// NodeModel describes the nodes of one label. Every node has a unique id.
type NodeModel struct {
	Label      string
	Doc        string
	Properties []Property
}

// RelModel describes the relationships of one type.
type RelModel struct {
	Type       string
	Ends       [][2]string // the (start label, end label) pairs it may join
	Doc        string
	Properties []Property
}

// Model is the Neo4j graph model: what the cypher loader writes and what
// the queries in queries/ read.
type Model struct {
	Nodes         []NodeModel
	Relationships []RelModel
}

// GraphModel returns the graph model. Each call returns a new value, which
// the caller may change.
func GraphModel() Model {
	id := func(doc string) Property { return Property{"id", "STRING", doc + "; unique"} }
	var m Model
	m.Nodes = append(m.Nodes,
		NodeModel{LabelDocument, "a source file of a build", []Property{
			id("DocumentID(doc, sha256); a changed file gets a new id"),
			{"doc", "STRING", "path relative to the input folder, '/'-separated"},
			{"sha256", "STRING", "hex SHA-256 of the original bytes"},
			{"paragraphs", "INTEGER", "how many paragraphs it has"},
		}},
		NodeModel{LabelParagraph, "a paragraph after normalisation", []Property{
			id("ParagraphID(doc, paragraph, text)"),
			{"doc", "STRING", "path of its Document"},
			{"paragraph", "INTEGER", "position in reading order, from 0"},
			{"text", "STRING", "normalised text; MENTIONS offsets refer to it"},
			{"source_start", "INTEGER", "byte offset in the original file"},
			{"source_end", "INTEGER", "byte offset in the original file, exclusive"},
		}},
	)
	for _, t := range EntityTypes {
		m.Nodes = append(m.Nodes, NodeModel{string(t), "an entity of type " + string(t), []Property{
			id("EntityID(type, name)"),
			{"name", "STRING", "canonical name"},
			{"aliases", "LIST<STRING>", "other surface forms, sorted"},
			{"aliases_text", "STRING", "aliases joined with spaces, for the full-text index"},
			{"type", "STRING", "the entity type, equal to the label"},
		}})
	}

	m.Relationships = append(m.Relationships,
		RelModel{RelHasParagraph, [][2]string{{LabelDocument, LabelParagraph}}, "a document has the paragraph", nil},
		RelModel{RelNext, [][2]string{{LabelParagraph, LabelParagraph}}, "the next paragraph in reading order", nil},
	)
	var entities [][2]string
	for _, t := range EntityTypes {
		entities = append(entities, [2]string{LabelParagraph, string(t)})
	}
	m.Relationships = append(m.Relationships, RelModel{RelMentions, entities, "the paragraph mentions the entity", []Property{
		{"start", "INTEGER", "code points into the paragraph's text"},
		{"end", "INTEGER", "code points into the paragraph's text, exclusive"},
		{"text", "STRING", "the span start–end of the paragraph's text"},
	}})
	for _, p := range Predicates {
		var ends [][2]string
		for _, s := range EntityTypes {
			for _, o := range EntityTypes {
				if p.Allows(s, o) {
					ends = append(ends, [2]string{string(s), string(o)})
				}
			}
		}
		var props []Property
		if p == HoldsPosition {
			props = append(props, Property{"title", "STRING", "the post, without the organisation's name; part of the key"})
		}
		props = append(props,
			Property{"paragraphs", "LIST<STRING>", "ids of the paragraphs holding the evidence, one per provenance"},
			Property{"docs", "LIST<STRING>", "doc of each provenance, parallel to paragraphs"},
			Property{"evidence", "LIST<STRING>", "evidence text of each provenance, parallel to paragraphs"},
			Property{"extractor", "STRING", "name of the rule that found it first"},
			Property{"confidence", "FLOAT", "in (0, 1]"},
		)
		m.Relationships = append(m.Relationships, RelModel{string(p), ends, "an extracted relation", props})
	}
	return m
}

// EntityLabels returns the labels of entity nodes, in the order of
// EntityTypes.
func (m Model) EntityLabels() []string {
	var labels []string
	for _, n := range m.Nodes {
		if EntityType(n.Label).Valid() {
			labels = append(labels, n.Label)
		}
	}
	return labels
}

// Statements returns the Cypher statements that create the model's
// constraints and indexes. Each is idempotent (IF NOT EXISTS):
//
//   - a uniqueness constraint <label>_id on id for every label,
//   - a range index document_doc on Document.doc, to find a file's nodes,
//   - a range index <label>_name on name for every entity label,
//   - the full-text index FulltextIndex on name and aliases_text of every
//     entity label, with the cjk analyzer (bigrams of Chinese characters).
func (m Model) Statements() []string {
	var stmts []string
	for _, n := range m.Nodes {
		stmts = append(stmts, fmt.Sprintf(
			"CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE",
			strings.ToLower(n.Label), n.Label))
	}
	stmts = append(stmts, fmt.Sprintf(
		"CREATE INDEX document_doc IF NOT EXISTS FOR (n:%s) ON (n.doc)", LabelDocument))
	labels := m.EntityLabels()
	for _, l := range labels {
		stmts = append(stmts, fmt.Sprintf(
			"CREATE INDEX %s_name IF NOT EXISTS FOR (n:%s) ON (n.name)", strings.ToLower(l), l))
	}
	stmts = append(stmts, fmt.Sprintf(
		"CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.name, n.aliases_text] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
		FulltextIndex, strings.Join(labels, "|")))
	return stmts
}

// Describe writes the model in a human-readable form: nodes, relationships
// and their properties, then the statements of Statements.
func (m Model) Describe(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Nodes")
	for _, n := range m.Nodes {
		fmt.Fprintf(tw, "\n(:%s)\t%s\n", n.Label, n.Doc)
		for _, p := range n.Properties {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Name, p.Type, p.Doc)
		}
	}
	fmt.Fprintln(tw, "\nRelationships")
	for _, r := range m.Relationships {
		fmt.Fprintf(tw, "\n[:%s]\t%s\n", r.Type, r.Doc)
		for _, e := range r.Ends {
			fmt.Fprintf(tw, "  (:%s)-[:%s]->(:%s)\n", e[0], r.Type, e[1])
		}
		for _, p := range r.Properties {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Name, p.Type, p.Doc)
		}
	}
	fmt.Fprintln(tw, "\nConstraints and indexes")
	for _, s := range m.Statements() {
		fmt.Fprintf(tw, "\n%s;\n", s)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("describe graph model: %w", err)
	}
	return nil
}
