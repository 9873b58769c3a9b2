// Package neo4jadmin turns the output folder of a build into the CSV files
// of `neo4j-admin database import full`, the fastest way to fill a new
// Neo4j database: the import writes the store files directly, with no
// transactions.
//
// The files hold the graph that cypher.Loader.Load writes into an empty
// database, following schema.GraphModel: one node file per label and one
// relationship file per relationship type and pair of end labels, with the
// same properties. A build whose documents.jsonl holds
//
//	{"doc":"a.txt","doc_sha256":"9f86…","paragraph":0,"id":"p0","text":"孙永红说，\"头雁\"工程…","source_start":0,"source_end":120}
//
// gives, among others, Paragraph.csv:
//
//	id:ID(Paragraph),:LABEL,doc:string,paragraph:long,text:string,source_start:long,source_end:long
//	p0,Paragraph,a.txt,0,"孙永红说，""头雁""工程…",0,120
//
// and HAS_PARAGRAPH-Document-Paragraph.csv:
//
//	:START_ID(Document),:END_ID(Paragraph),:TYPE
//	d0,p0,HAS_PARAGRAPH
//
// Each label is its own ID space, named after it. Fields are written by
// encoding/csv, so any text is safe: commas, quotes and line breaks are
// quoted, and the import reads fields across lines (--multiline-fields).
// Lists (aliases, and the provenance lists of relations) are one field
// with the elements separated by U+001F (the ASCII unit separator,
// --array-delimiter), which text never holds: Export fails on an element
// that does. neo4j-admin reads an empty field as no value, so a property
// the loader would set to an empty string or to a list of one empty string
// cannot be written: Export fails on it too. An entity with no aliases has
// neither aliases nor aliases_text, as with the loader.
//
// Result.Args gives the import command's arguments; Export also writes
// them, as a script, to import.sh. After the import, start Neo4j and create
// the constraints and indexes with `kg schema apply`.
package neo4jadmin
