// Where relations come from: for each extracted relation, one row per
// place it was found, with the evidence, the whole paragraph's text, the
// document, the paragraph's index and its byte offsets in the original
// file (source_start inclusive, source_end exclusive).
//
// Parameters:
//   $subject  STRING or null: only relations from the entity of this name.
//   $object   STRING or null: only relations to the entity of this name.
MATCH (s)-[r]->(o)
WHERE r.paragraphs IS NOT NULL
  AND ($subject IS NULL OR s.name = $subject)
  AND ($object IS NULL OR o.name = $object)
UNWIND range(0, size(r.paragraphs) - 1) AS i
MATCH (p:Paragraph {id: r.paragraphs[i]})
RETURN s.name AS subject, type(r) AS relation, r.title AS title, o.name AS object,
       r.evidence[i] AS evidence, p.doc AS doc, p.paragraph AS paragraph, p.text AS text,
       p.source_start AS source_start, p.source_end AS source_end
ORDER BY subject, relation, object, title, doc, paragraph
