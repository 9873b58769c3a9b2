package cypher

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// Stats counts what Load wrote: one per row sent, whether the server
// created the node or relationship or found it there already.
type Stats struct {
	Nodes         int
	Relationships int
}

// step is one query of Load with its rows, which it sends in batches.
type step struct {
	what        string // for errors: "Person nodes"
	query       string // UNWIND $rows AS row …
	rows        []map[string]any
	nodes, rels int // written per row
}

// Load writes g: its documents, paragraphs, entities, mentions and
// triples. It first removes what an older version of each of g's
// documents left in the database (see the package documentation), then
// MERGEs everything by id, so loading the same graph twice changes
// nothing. Each batch of rows is one managed transaction, retried on
// transient errors; if Load fails part way, loading g again completes it.
//
// Load checks g before writing: every paragraph's document, every
// mention's and provenance's paragraph and every triple's entities must be
// in g, and types and predicates must be those of package schema.
func (l *Loader) Load(ctx context.Context, g *graph.Graph) (Stats, error) {
	steps, err := l.steps(g)
	if err != nil {
		return Stats{}, fmt.Errorf("load graph into Neo4j: %w", err)
	}
	if err := l.removeStale(ctx, g.Documents); err != nil {
		return Stats{}, err
	}
	return l.write(ctx, steps)
}

type paraKey struct {
	doc   string
	index int
}

// steps turns g into the queries and rows that write it, in an order in
// which every relationship's nodes are written before it.
func (l *Loader) steps(g *graph.Graph) ([]step, error) {
	docs := step{what: "documents", query: nodeQuery(schema.LabelDocument), nodes: 1}
	docIDs := make(map[string]string, len(g.Documents))
	for _, d := range g.Documents {
		docIDs[d.Doc] = d.ID
		docs.rows = append(docs.rows, map[string]any{"id": d.ID, "props": map[string]any{
			"doc": d.Doc, "sha256": d.SHA256, "paragraphs": d.Paragraphs,
		}})
	}

	paras := step{what: "paragraphs", query: paragraphQuery, nodes: 1, rels: 1}
	next := step{what: "NEXT relationships", query: nextQuery, rels: 1}
	paraIDs := make(map[paraKey]string, len(g.Paragraphs))
	for i, p := range g.Paragraphs {
		docID, ok := docIDs[p.Doc]
		if !ok {
			return nil, fmt.Errorf("paragraph %s: document %q is not in the graph", p.ID, p.Doc)
		}
		paraIDs[paraKey{p.Doc, p.Index}] = p.ID
		paras.rows = append(paras.rows, map[string]any{"id": p.ID, "document": docID, "props": map[string]any{
			"doc": p.Doc, "paragraph": p.Index, "text": p.Text,
			"source_start": p.SourceStart, "source_end": p.SourceEnd,
		}})
		if i > 0 && g.Paragraphs[i-1].Doc == p.Doc {
			next.rows = append(next.rows, map[string]any{"from": g.Paragraphs[i-1].ID, "to": p.ID})
		}
	}
	steps := []step{docs, paras, next}

	labels := l.model.EntityLabels()
	entities := make(map[string]*step, len(labels))
	mentions := make(map[string]*step, len(labels))
	for _, label := range labels {
		entities[label] = &step{what: label + " nodes", query: nodeQuery(label), nodes: 1}
		mentions[label] = &step{what: "MENTIONS of " + label, query: mentionQuery(label), rels: 1}
	}
	entityLabels := make(map[string]string, len(g.Entities))
	for _, e := range g.Entities {
		label, ok := schema.EntityLabel(e.Type)
		if !ok {
			return nil, fmt.Errorf("entity %s (%s): unknown type %q", e.ID, e.Name, e.Type)
		}
		entityLabels[e.ID] = label
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		entities[label].rows = append(entities[label].rows, map[string]any{"id": e.ID, "props": map[string]any{
			"name": e.Name, "type": string(e.Type), "aliases": aliases, "aliases_text": strings.Join(aliases, " "),
		}})
		for _, m := range e.Mentions {
			pid, ok := paraIDs[paraKey{m.Doc, m.Paragraph}]
			if !ok {
				return nil, fmt.Errorf("entity %s (%s): mention in %s paragraph %d, which is not in the graph",
					e.ID, e.Name, m.Doc, m.Paragraph)
			}
			mentions[label].rows = append(mentions[label].rows, map[string]any{
				"paragraph": pid, "entity": e.ID, "start": m.Start, "end": m.End, "text": m.Text,
			})
		}
	}
	for _, label := range labels {
		steps = append(steps, *entities[label])
	}
	for _, label := range labels {
		steps = append(steps, *mentions[label])
	}

	relations := make(map[[3]string]*step)
	for _, t := range g.Triples {
		typ, ok := schema.RelationshipType(t.Predicate)
		if !ok {
			return nil, fmt.Errorf("triple %s %s %s: unknown predicate", t.Subject, t.Predicate, t.Object)
		}
		key := [3]string{typ, entityLabels[t.Subject], entityLabels[t.Object]}
		if key[1] == "" || key[2] == "" {
			return nil, fmt.Errorf("triple %s %s %s: entity not in the graph", t.Subject, t.Predicate, t.Object)
		}
		row, err := tripleRow(t, paraIDs)
		if err != nil {
			return nil, err
		}
		s := relations[key]
		if s == nil {
			s = &step{what: fmt.Sprintf("%s relationships from %s to %s", key[0], key[1], key[2]),
				query: relationQuery(key[0], key[1], key[2]), rels: 1}
			relations[key] = s
		}
		s.rows = append(s.rows, row)
	}
	keys := make([][3]string, 0, len(relations))
	for k := range relations {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Join(keys[i][:], " ") < strings.Join(keys[j][:], " ") })
	for _, k := range keys {
		steps = append(steps, *relations[k])
	}
	return steps, nil
}

// reserved reports whether Load sets the relationship property k itself,
// so that a triple's property of that name is not written.
func reserved(k string) bool {
	switch k {
	case "paragraphs", "docs", "evidence", "extractor", "confidence":
		return true
	}
	return false
}

// tripleRow returns the row of relationQuery for t.
func tripleRow(t schema.Triple, paraIDs map[paraKey]string) (map[string]any, error) {
	var paras, docs, evidence []string
	for _, p := range t.Provenance {
		pid, ok := paraIDs[paraKey{p.Doc, p.Paragraph}]
		if !ok {
			return nil, fmt.Errorf("triple %s %s %s: provenance in %s paragraph %d, which is not in the graph",
				t.Subject, t.Predicate, t.Object, p.Doc, p.Paragraph)
		}
		paras = append(paras, pid)
		docs = append(docs, p.Doc)
		evidence = append(evidence, p.Evidence)
	}
	if len(paras) == 0 {
		return nil, fmt.Errorf("triple %s %s %s: no provenance", t.Subject, t.Predicate, t.Object)
	}
	props := make(map[string]any, len(t.Properties))
	for k, v := range t.Properties {
		if !reserved(k) {
			props[k] = v
		}
	}
	return map[string]any{
		"subject": t.Subject, "object": t.Object, "title": t.Properties["title"], "props": props,
		"paragraphs": paras, "docs": docs, "evidence": evidence,
		"extractor": t.Extractor, "confidence": t.Confidence,
	}, nil
}

// The queries of Load. Labels and types come from schema.GraphModel only;
// every value is a parameter. Each label or type has one query string, so
// that the server plans it once.

func nodeQuery(label string) string {
	return "UNWIND $rows AS row MERGE (n:" + label + " {id: row.id}) SET n += row.props"
}

const paragraphQuery = `UNWIND $rows AS row
MERGE (n:` + schema.LabelParagraph + ` {id: row.id}) SET n += row.props
WITH n, row
MATCH (d:` + schema.LabelDocument + ` {id: row.document})
MERGE (d)-[:` + schema.RelHasParagraph + `]->(n)`

const nextQuery = `UNWIND $rows AS row
MATCH (a:` + schema.LabelParagraph + ` {id: row.from}), (b:` + schema.LabelParagraph + ` {id: row.to})
MERGE (a)-[:` + schema.RelNext + `]->(b)`

func mentionQuery(label string) string {
	return `UNWIND $rows AS row
MATCH (p:` + schema.LabelParagraph + ` {id: row.paragraph}), (e:` + label + ` {id: row.entity})
MERGE (p)-[m:` + schema.RelMentions + ` {start: row.start}]->(e)
SET m.end = row.end, m.text = row.text`
}

// relationQuery MERGEs a relation on (subject, type, object), and title
// for HOLDS_POSITION. Its provenance lists keep the entries of documents
// other than the row's and take the row's for the rest.
func relationQuery(typ, from, to string) string {
	key := ""
	if typ == string(schema.HoldsPosition) {
		key = " {title: row.title}"
	}
	return `UNWIND $rows AS row
MATCH (s:` + from + ` {id: row.subject}), (o:` + to + ` {id: row.object})
MERGE (s)-[r:` + typ + key + `]->(o)
WITH r, row, [i IN range(0, size(coalesce(r.docs, [])) - 1) WHERE NOT r.docs[i] IN row.docs] AS keep
SET r += row.props,
    r.paragraphs = [i IN keep | r.paragraphs[i]] + row.paragraphs,
    r.docs = [i IN keep | r.docs[i]] + row.docs,
    r.evidence = [i IN keep | r.evidence[i]] + row.evidence,
    r.extractor = row.extractor,
    r.confidence = row.confidence`
}

// write runs the steps in batches of Config.BatchSize rows.
func (l *Loader) write(ctx context.Context, steps []step) (Stats, error) {
	total, done := 0, 0
	for _, s := range steps {
		total += len(s.rows)
	}
	sess := l.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	var stats Stats
	for _, s := range steps {
		for start := 0; start < len(s.rows); start += l.cfg.BatchSize {
			rows := s.rows[start:min(start+l.cfg.BatchSize, len(s.rows))]
			if err := execute(ctx, sess, s.query, map[string]any{"rows": rows}); err != nil {
				return stats, l.wrap(err, "load %s into Neo4j", s.what)
			}
			stats.Nodes += len(rows) * s.nodes
			stats.Relationships += len(rows) * s.rels
			done += len(rows)
			if l.cfg.Progress != nil {
				l.cfg.Progress(done, total)
			}
		}
	}
	return stats, nil
}

// execute runs query in one managed write transaction.
func execute(ctx context.Context, sess neo4j.SessionWithContext, query string, params map[string]any) error {
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	return err
}
