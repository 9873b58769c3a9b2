// Package schema declares kg's data model: the records of the build output
// contract (documents.jsonl, entities.jsonl, triples.jsonl, manifest.json)
// and the Neo4j graph model built from them. It does no I/O.
//
// A paragraph record, as it appears in documents.jsonl:
//
//	{"doc":"000_4aeb6eff09d05557.txt","doc_sha256":"…","paragraph":3,"id":"…",
//	 "text":"孙永红书记在会上指出…","source_start":812,"source_end":1160}
//
// Offsets have two units, named in each field's comment: byte offsets into
// the original file (SourceStart, SourceEnd) and code-point offsets into a
// paragraph's normalised Text (Start, End).
package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Format is the value of Manifest.Format for the files this version writes.
const Format = "kg-build/1"

// EntityType is the type of an entity.
type EntityType string

// The entity types of gold/GUIDELINE.md.
const (
	Person       EntityType = "Person"
	Organisation EntityType = "Organisation"
	Programme    EntityType = "Programme"
	Place        EntityType = "Place"
)

// EntityTypes lists every entity type in a fixed order.
var EntityTypes = []EntityType{Person, Organisation, Programme, Place}

// Valid reports whether t is one of EntityTypes.
func (t EntityType) Valid() bool {
	for _, u := range EntityTypes {
		if t == u {
			return true
		}
	}
	return false
}

// Predicate is the type of a relation between two entities.
type Predicate string

// The relation types of gold/GUIDELINE.md.
const (
	HoldsPosition  Predicate = "HOLDS_POSITION"  // Person → Organisation, with a title
	PartOf         Predicate = "PART_OF"         // Organisation → Organisation
	LocatedIn      Predicate = "LOCATED_IN"      // Place or Organisation → Place
	Runs           Predicate = "RUNS"            // Organisation → Programme
	ParticipatesIn Predicate = "PARTICIPATES_IN" // Person or Organisation → Programme
)

// Predicates lists every predicate in a fixed order.
var Predicates = []Predicate{HoldsPosition, PartOf, LocatedIn, Runs, ParticipatesIn}

// Valid reports whether p is one of Predicates.
func (p Predicate) Valid() bool {
	for _, q := range Predicates {
		if p == q {
			return true
		}
	}
	return false
}

// Allows reports whether the guideline permits a p relation from a subject
// of type s to an object of type o.
func (p Predicate) Allows(s, o EntityType) bool {
	switch p {
	case HoldsPosition:
		return s == Person && o == Organisation
	case PartOf:
		return s == Organisation && o == Organisation
	case LocatedIn:
		return (s == Place || s == Organisation) && o == Place
	case Runs:
		return s == Organisation && o == Programme
	case ParticipatesIn:
		return (s == Person || s == Organisation) && o == Programme
	}
	return false
}

// Paragraph is one line of documents.jsonl: a paragraph of a source
// document after normalisation.
type Paragraph struct {
	Doc         string `json:"doc"`          // path relative to the input folder, '/'-separated
	DocSHA256   string `json:"doc_sha256"`   // hex SHA-256 of the original file's bytes
	Index       int    `json:"paragraph"`    // position in reading order, from 0
	ID          string `json:"id"`           // ParagraphID(Doc, Index, Text)
	Text        string `json:"text"`         // normalised text; every Start/End refers to it
	SourceStart int    `json:"source_start"` // byte offset in the original file
	SourceEnd   int    `json:"source_end"`   // byte offset in the original file, exclusive
}

// Mention is one occurrence of an entity in a paragraph.
type Mention struct {
	Doc       string `json:"doc"`
	Paragraph int    `json:"paragraph"`
	Start     int    `json:"start"` // code points into the paragraph's Text
	End       int    `json:"end"`   // code points, exclusive
	Text      string `json:"text"`  // the span Start–End of the paragraph's Text
}

// Entity is one line of entities.jsonl: a resolved entity.
type Entity struct {
	ID       string     `json:"id"` // EntityID(Type, Name)
	Type     EntityType `json:"type"`
	Name     string     `json:"name"`    // canonical name
	Aliases  []string   `json:"aliases"` // other surface forms, sorted, never nil
	Mentions []Mention  `json:"mentions"`
}

// Provenance locates the evidence of a triple in a paragraph.
type Provenance struct {
	Doc       string `json:"doc"`
	Paragraph int    `json:"paragraph"`
	Start     int    `json:"start"`    // code points into the paragraph's Text
	End       int    `json:"end"`      // code points, exclusive
	Evidence  string `json:"evidence"` // the span Start–End of the paragraph's Text
}

// Triple is one line of triples.jsonl: a relation between two entities.
type Triple struct {
	Subject    string            `json:"subject"` // entity id
	Predicate  Predicate         `json:"predicate"`
	Object     string            `json:"object"` // entity id
	Properties map[string]string `json:"properties"`
	Provenance []Provenance      `json:"provenance"`
	Extractor  string            `json:"extractor"`  // name of the rule that found it first
	Confidence float64           `json:"confidence"` // in (0, 1]
}

// Manifest is manifest.json: what a build read and wrote.
type Manifest struct {
	Format      string `json:"format"`
	ToolVersion string `json:"tool_version"`
	Documents   int    `json:"documents"`
	Paragraphs  int    `json:"paragraphs"`
	Entities    int    `json:"entities"`
	Triples     int    `json:"triples"`
	Skipped     int    `json:"skipped"` // input files that could not be read
	Started     string `json:"started"` // RFC 3339
	Finished    string `json:"finished"`
}

// hashID returns the first 16 bytes of the SHA-256 of the parts, each
// terminated by a zero byte, in hex.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// EntityID is the id of the entity of type t with canonical name: entities
// merge across documents and across builds by this id.
func EntityID(t EntityType, name string) string { return hashID("entity", string(t), name) }

// LocalEntityID is the id of an entity of type t whose name holds only in
// the document at path doc (a 市委 whose city the document leaves open):
// the same name in another document is another entity.
func LocalEntityID(t EntityType, name, doc string) string {
	return hashID("entity", string(t), name, doc)
}

// DocumentID is the id of the document at path doc whose bytes hash to
// sha; a changed file gets a new id.
func DocumentID(doc, sha string) string { return hashID("doc", doc, sha) }

// ParagraphID is the id of the index-th paragraph of doc, with text.
func ParagraphID(doc string, index int, text string) string {
	return hashID("para", doc, fmt.Sprint(index), text)
}

// Document describes one source document of a build.
type Document struct {
	Doc        string `json:"doc"`        // path relative to the input folder
	SHA256     string `json:"doc_sha256"` // hex SHA-256 of the original bytes
	ID         string `json:"id"`         // DocumentID(Doc, SHA256)
	Paragraphs int    `json:"paragraphs"` // how many paragraphs it has
}
