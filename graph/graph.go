// Package graph holds what needs every document at once: the resolved
// graph of a build, which its subpackages write to files (jsonl, graphml)
// and to Neo4j (cypher), and resolve, which merges per-document results
// into it.
package graph

import "github.com/kg-dev/kg/schema"

// Graph is the output of a build. Every slice is sorted so that the same
// input gives the same Graph: Documents by Doc, Paragraphs by (Doc, Index),
// Entities by ID, Triples by (Subject, Predicate, Object, title).
type Graph struct {
	Documents  []schema.Document
	Paragraphs []schema.Paragraph
	Entities   []schema.Entity
	Triples    []schema.Triple
}
