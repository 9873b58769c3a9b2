// Find entities by a fragment of their name or of an alias, using the
// full-text index entity_names. Its cjk analyzer cuts Chinese text into
// character bigrams, so any fragment of two or more characters finds the
// names that contain it ("永红" finds 孙永红); a single character finds
// nothing.
//
// Parameters:
//   $q  STRING: a Lucene query, e.g. "永红", "头雁 OR 理工", "\"西海岸\"".
CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
RETURN labels(node)[0] AS label, node.name AS name, coalesce(node.aliases, []) AS aliases, score
ORDER BY score DESC, name
LIMIT 20
