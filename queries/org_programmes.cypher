// Which organisations run which programmes: every RUNS relation, with the
// evidence text of each place it was found, and the entities that take
// part in the programme (PARTICIPATES_IN).
//
// Parameters:
//   $programme  STRING or null: only the programme of this name; null for
//               every programme.
MATCH (o:Organisation)-[r:RUNS]->(p:Programme)
WHERE $programme IS NULL OR p.name = $programme
RETURN o.name AS organisation,
       p.name AS programme,
       r.evidence AS evidence,
       COLLECT { MATCH (x)-[:PARTICIPATES_IN]->(p) RETURN x.name AS name ORDER BY name } AS participants
ORDER BY organisation, programme
