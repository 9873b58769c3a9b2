// Package eval scores the output of kg build against gold annotations,
// with the matching rules and figures of the project's Python scorer
// (shared/tools/kg-score), so that both print the same text.
//
// Scoring is per document and summed over documents (a micro average):
//
//   - an extracted entity counts for a document when it has a mention in it;
//     it is known there by its canonical name alone (its aliases and the
//     texts of its mentions do not count); a gold entity's names are its
//     name and aliases;
//   - names are compared after removing whitespace and the quote characters
//     “”"'‘’《》〈〉「」『』 (see Normalize);
//   - an extracted entity may match a gold entity of the same type when its
//     name is one of the gold entity's names; matching is one-to-one and maximum (Kuhn's algorithm,
//     trying extracted entities in file order and gold entities in gold file
//     order), so a second node for the same gold entity is a false positive;
//   - an extracted triple counts for each document of its provenance, once
//     per (predicate, matched subject, matched object); it is right when a
//     gold relation of the document has that type, subject and object;
//     for HOLDS_POSITION the title is checked too.
//
// Given the gold file 000.json
//
//	{"doc": "000.txt",
//	 "entities": [{"type": "Person", "name": "孙永红", "aliases": ["孙永红书记"]},
//	              {"type": "Organisation", "name": "西海岸新区工委"}],
//	 "relations": [{"type": "HOLDS_POSITION", "subject": "孙永红",
//	                "object": "西海岸新区工委", "title": "书记"}]}
//
// and an output folder whose entities.jsonl has a Person 孙永红 and an
// Organisation 西海岸新区工委 mentioned in 000.txt, and whose triples.jsonl
// links them by HOLDS_POSITION with the title 书记 and provenance in 000.txt,
// every entity and relation is a true positive:
//
//	gold, err := eval.LoadGold("gold")
//	if err != nil {
//		return err
//	}
//	ents, triples, err := eval.LoadOutput(ctx, "out")
//	if err != nil {
//		return err
//	}
//	return eval.Score(gold, ents, triples).WriteText(os.Stdout)
//
// prints a table of precision, recall and F1 per entity type and per
// relation type, the title accuracy, one line per document, and a JSON
// summary:
//
//	entities           P      R      F1     tp   fp   fn
//	  Person          1.000  1.000  1.000    1    0    0
//	  …
//	{"entity_p": 1.0, "entity_r": 1.0, "entity_f1": 1.0, …}
package eval
