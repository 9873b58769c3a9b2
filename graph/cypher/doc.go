// Package cypher writes a graph.Graph into Neo4j, following the graph model
// of schema.GraphModel. It is the only package that imports the Neo4j
// driver.
//
// A build of two paragraphs, one mentioning 孙永红 and one stating that he
// is 书记 of 西海岸新区工委, becomes
//
//	(:Document {doc: "a.txt"})-[:HAS_PARAGRAPH]->(:Paragraph {paragraph: 0})-[:NEXT]->(:Paragraph {paragraph: 1})
//	(:Paragraph)-[:MENTIONS {start: 10, end: 13, text: "孙永红"}]->(:Person {name: "孙永红"})
//	(:Person)-[:HOLDS_POSITION {title: "书记", paragraphs: [...], evidence: [...]}]->(:Organisation)
//
// Typical use:
//
//	l, err := cypher.Open(ctx, cypher.Config{
//		URI:      "bolt://127.0.0.1:7687", // or neo4j://, bolt+s://, neo4j+s://
//		Username: "neo4j",
//		Password: password,
//	})
//	if errors.Is(err, cypher.ErrUnavailable) {
//		// tell the user to start Neo4j
//	}
//	if err != nil {
//		return err
//	}
//	defer l.Close(ctx)
//	if err := l.ApplySchema(ctx); err != nil {
//		return err
//	}
//	stats, err := l.Load(ctx, g)
//
// The URI goes to the driver unchanged: bolt:// talks to one server,
// neo4j:// asks the server for a routing table (clusters and Aura), and the
// +s variants use TLS and check the server's certificate against the
// certificate authorities of Config.CAFile, or else of the system (+ssc
// accepts any certificate, which does not tell the server from an
// impostor). Each transaction gives up after Config.Timeout, so a server
// that stops answering fails a load instead of hanging it.
//
// Load is idempotent and replaces changed documents: a file whose contents
// changed has a new document id, and loading it removes the old Document,
// its paragraphs, their MENTIONS, the provenance they gave to relations
// (and relations left with none) and entities no longer mentioned anywhere.
// Documents that are not in the loaded graph are left alone, so separate
// builds can be loaded into one database. Replacement is keyed on the
// document id: loading an unchanged file's graph again, from a build whose
// extractors changed, replaces the provenance of the relations it still
// finds but leaves those it no longer finds. An entity's name and aliases
// are those of the last graph loaded that has it; an entity without
// aliases has no aliases and aliases_text properties, as after
// neo4j-admin import of the files of package neo4jadmin.
//
// Load writes in managed transactions of Config.BatchSize rows, one query
// string per label and per relationship type and pair of end labels, the
// batches of document and entity nodes two at a time. On a shared 2-core
// machine batches of 1000 rows wrote some 21,500 relationships a second,
// 58 times as many as one row per transaction (BenchmarkLoad); a larger
// batch needs a larger server heap (dbms.memory.transaction.total.max).
//
// Every value goes to the server as a query parameter. Labels and
// relationship types are the only parts of a query built from data, and
// they are taken from the fixed set in schema.GraphModel.
package cypher
