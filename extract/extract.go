// Package extract turns one normalised document into candidate mentions and
// relations. Its subpackages do the stages: source reads files, normalize
// splits text into paragraphs with byte provenance, segment cuts Chinese
// text into tokens and rules holds the extractors.
//
// Everything here works on one document at a time; identity across
// documents is the graph package's job.
package extract

import "github.com/kg-dev/kg/schema"

// Document is a source document after reading and normalisation.
type Document struct {
	Path       string             // relative to the input folder, '/'-separated
	SHA256     string             // hex SHA-256 of the original bytes
	Paragraphs []schema.Paragraph // in reading order; Index counts from 0
}

// Ref names an entity within a document: its type and canonical name.
// A Local entity is named in a way that holds in its document alone, such
// as a body written without its area (市委, 省科技厅) where the document
// does not make the area plain: the 市委 of two documents need not be the
// same body, so they are not merged.
type Ref struct {
	Type  schema.EntityType
	Name  string
	Local bool
}

// Mention is an occurrence of an entity that an extractor found.
type Mention struct {
	Ref                // the entity, with its canonical name in this document
	Paragraph  int     // index of the paragraph
	Start, End int     // code points into the paragraph's Text
	Text       string  // the span Start–End of the paragraph's Text
	Extractor  string  // name of the rule that found it
	Confidence float64 // in (0, 1]
}

// Relation is a relation that an extractor found.
type Relation struct {
	Predicate       schema.Predicate
	Subject, Object Ref
	Title           string  // HOLDS_POSITION only: the post, without the body's name
	Paragraph       int     // index of the paragraph holding the evidence
	Start, End      int     // code points into the paragraph's Text
	Evidence        string  // the span Start–End of the paragraph's Text
	Extractor       string  // name of the rule that found it
	Confidence      float64 // in (0, 1]
}

// Result is what extraction found in one document. Every Relation's
// Subject and Object has at least one Mention.
type Result struct {
	Doc       Document
	Mentions  []Mention
	Relations []Relation
}
