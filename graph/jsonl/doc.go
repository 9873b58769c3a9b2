// Package jsonl reads and writes the JSONL files of the build output
// contract (documents.jsonl, entities.jsonl, triples.jsonl) and
// manifest.json.
//
// Each JSONL file holds one JSON object per line, in UTF-8, with no ASCII
// or HTML escaping, so Chinese text and characters such as '<' and '&'
// appear as themselves. Writers never emit null for a list or a map: a nil
// Entity.Aliases, Entity.Mentions, Triple.Provenance or Triple.Properties
// is written as [] or {}. Readers skip blank lines and report the line
// number of a malformed one.
//
// Writing entities to a file:
//
//	f, err := os.Create("out/entities.jsonl")
//	if err != nil {
//		return err
//	}
//	if err := jsonl.WriteEntities(f, g.Entities); err != nil {
//		f.Close()
//		return err
//	}
//	return f.Close()
//
// Reading them back:
//
//	f, err := os.Open("out/entities.jsonl")
//	if err != nil {
//		return err
//	}
//	defer f.Close()
//	es, err := jsonl.ReadEntities(f)
package jsonl
