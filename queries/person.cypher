// Everything about one person: names, the documents that mention the
// person, and one row per relation to or from another entity with its
// direction, title and evidence. A person with no relation gives one row
// whose relation columns are null.
//
// Parameters:
//   $name  STRING: the person's canonical name or one of its aliases,
//          e.g. "孙永红" or "孙永红书记".
MATCH (p:Person)
WHERE p.name = $name OR $name IN p.aliases
OPTIONAL MATCH (p)-[r]-(other)
WHERE NOT other:Paragraph
RETURN p.name AS person,
       coalesce(p.aliases, []) AS aliases,
       COLLECT { MATCH (par:Paragraph)-[:MENTIONS]->(p) RETURN DISTINCT par.doc AS doc ORDER BY doc } AS mentioned_in,
       type(r) AS relation,
       CASE WHEN r IS NULL THEN null WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       r.title AS title,
       labels(other)[0] AS other_label,
       other.name AS other,
       r.evidence AS evidence
ORDER BY person, relation, other, title
