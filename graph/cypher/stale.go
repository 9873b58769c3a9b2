package cypher

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kg-dev/kg/schema"
)

// removeStale removes what older versions of docs left in the database. An
// older version is a Document with the same doc path and another id. Its
// paragraphs go with their MENTIONS; relations lose the provenance entries
// of those paragraphs and go if they have none left; entities those
// paragraphs mentioned go if nothing else mentions them. Then the old
// Document goes.
//
// A relation is found through its subject or object, which the old
// paragraphs must mention: extraction only relates entities it found in
// the document.
func (l *Loader) removeStale(ctx context.Context, docs []schema.Document) error {
	// Find the old versions, then remove them in transactions of about
	// BatchSize paragraphs each.
	type stale struct{ docs, paragraphs []any }
	var chunks []stale
	var cur stale
	for start := 0; start < len(docs); start += l.cfg.BatchSize {
		var rows []map[string]any
		for _, d := range docs[start:min(start+l.cfg.BatchSize, len(docs))] {
			rows = append(rows, map[string]any{"doc": d.Doc, "id": d.ID})
		}
		recs, err := l.read(ctx, findStaleQuery, map[string]any{"rows": rows})
		if err != nil {
			return l.wrap(err, "find old versions of documents in Neo4j")
		}
		for _, rec := range recs {
			paras, _ := rec.Values[1].([]any)
			if len(cur.docs) > 0 && len(cur.paragraphs)+len(paras) > l.cfg.BatchSize {
				chunks = append(chunks, cur)
				cur = stale{}
			}
			cur.docs = append(cur.docs, rec.Values[0])
			cur.paragraphs = append(cur.paragraphs, paras...)
		}
	}
	if len(cur.docs) > 0 {
		chunks = append(chunks, cur)
	}

	strip := stripQuery()
	sess := l.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, c := range chunks {
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			params := map[string]any{"docs": c.docs, "paragraphs": c.paragraphs}
			res, err := tx.Run(ctx, mentionedQuery, params)
			if err != nil {
				return nil, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			params["entities"] = rec.Values[0]
			for _, q := range []string{strip, deleteParagraphsQuery, deleteOrphansQuery, deleteDocumentsQuery} {
				res, err := tx.Run(ctx, q, params)
				if err != nil {
					return nil, err
				}
				if _, err := res.Consume(ctx); err != nil {
					return nil, err
				}
			}
			return nil, nil
		})
		if err != nil {
			return l.wrap(err, "remove old versions of %d documents from Neo4j", len(c.docs))
		}
	}
	return nil
}

// findStaleQuery returns the id and paragraph ids of each Document whose
// doc is a row's and whose id is not.
const findStaleQuery = `UNWIND $rows AS row
MATCH (d:` + schema.LabelDocument + ` {doc: row.doc}) WHERE d.id <> row.id
OPTIONAL MATCH (d)-[:` + schema.RelHasParagraph + `]->(p:` + schema.LabelParagraph + `)
RETURN d.id AS doc, collect(p.id) AS paragraphs`

// mentionedQuery returns the element ids of the entities that $paragraphs
// mention.
const mentionedQuery = `MATCH (p:` + schema.LabelParagraph + `)-[:` + schema.RelMentions + `]->(e)
WHERE p.id IN $paragraphs
RETURN collect(DISTINCT elementId(e)) AS entities`

// stripQuery removes the provenance entries of $paragraphs from the
// relations of $entities, and relations left with none.
func stripQuery() string {
	var types []string
	for _, p := range schema.Predicates {
		if t, ok := schema.RelationshipType(p); ok {
			types = append(types, t)
		}
	}
	return `MATCH (e) WHERE elementId(e) IN $entities
MATCH (e)-[r:` + strings.Join(types, "|") + `]-()
WITH DISTINCT r
WHERE any(x IN r.paragraphs WHERE x IN $paragraphs)
WITH r, [i IN range(0, size(r.paragraphs) - 1) WHERE NOT r.paragraphs[i] IN $paragraphs] AS keep
SET r.paragraphs = [i IN keep | r.paragraphs[i]],
    r.docs = [i IN keep | r.docs[i]],
    r.evidence = [i IN keep | r.evidence[i]]
WITH r WHERE size(r.paragraphs) = 0
DELETE r`
}

const deleteParagraphsQuery = `MATCH (p:` + schema.LabelParagraph + `) WHERE p.id IN $paragraphs
DETACH DELETE p`

// deleteOrphansQuery deletes the entities of $entities that no paragraph
// mentions any more.
const deleteOrphansQuery = `MATCH (e) WHERE elementId(e) IN $entities AND NOT ()-[:` + schema.RelMentions + `]->(e)
DETACH DELETE e`

const deleteDocumentsQuery = `MATCH (d:` + schema.LabelDocument + `) WHERE d.id IN $docs
DETACH DELETE d`
