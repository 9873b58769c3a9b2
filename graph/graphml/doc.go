// Package graphml writes a graph.Graph as GraphML
// (http://graphml.graphdrawing.org/), the graph.graphml file of the build
// output contract, for Gephi, yEd, Cytoscape and NetworkX.
//
// Entities are nodes whose id is the entity id; triples are directed edges
// from subject to object, with ids e0, e1, … in output order, so the i-th
// triple is edge "ei". With Options.Lexical, documents and paragraphs are
// nodes too, linked by HAS_PARAGRAPH, NEXT and MENTIONS edges that follow
// the triples.
//
// Every attribute is declared by a typed <key> element; node keys have ids
// starting "n_" and edge keys "e_". Only scalar GraphML types are used:
// lists are joined with ";" into one string. Text is escaped with
// encoding/xml, and characters that XML 1.0 does not allow (most control
// characters, U+FFFE, U+FFFF, invalid UTF-8) are replaced by U+FFFD, so the
// file always parses. The same Graph always gives the same bytes.
//
// Writing a graph to a file:
//
//	f, err := os.Create("out/graph.graphml")
//	if err != nil {
//		return err
//	}
//	if err := graphml.Write(f, g, graphml.Options{Lexical: true}); err != nil {
//		f.Close()
//		return err
//	}
//	return f.Close()
//
// Reading it with NetworkX:
//
//	G = networkx.read_graphml("out/graph.graphml")
package graphml
