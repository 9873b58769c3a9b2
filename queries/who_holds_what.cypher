// Who holds which post where: every HOLDS_POSITION relation, with the
// person, the post as written (title), the organisation, and the evidence
// text of each place the relation was found.
//
// Parameters:
//   $organisation  STRING or null: only posts in the organisation of this
//                  name; null for every organisation.
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organisation)
WHERE $organisation IS NULL OR o.name = $organisation
RETURN p.name AS person, r.title AS title, o.name AS organisation, r.evidence AS evidence
ORDER BY person, organisation, title
