package cypher

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// Stats counts what Load wrote: one per row sent, whether the server
// created the node or relationship or found it there already.
type Stats struct {
	Nodes         int
	Relationships int
}

// nodeWriters is the number of transactions that Load runs at once for
// the batches of steps whose rows are disjoint (see step.disjoint); other
// steps are written by one transaction at a time. BenchmarkLoadWriters
// measures it.
const nodeWriters = 2

// step is one query of Load with its rows, which it sends in batches.
type step struct {
	what        string // for errors: "Person nodes"
	query       string // UNWIND $rows AS row …
	rows        []map[string]any
	nodes, rels int // written per row

	// disjoint means that each row writes one node that no other row of
	// any step writes or reads, and no relationship: such batches take
	// no lock that another one needs, so they can run concurrently
	// without deadlocks, and the result does not depend on their order.
	disjoint bool
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
//
// Document and entity nodes are written by up to nodeWriters transactions
// at once; paragraphs and relationships by one at a time, since batches
// that create relationships lock their end nodes, which other batches
// share.
func (l *Loader) Load(ctx context.Context, g *graph.Graph) (Stats, error) {
	return l.load(ctx, g, nodeWriters)
}

// load is Load with writers transactions at once for disjoint steps.
func (l *Loader) load(ctx context.Context, g *graph.Graph, writers int) (Stats, error) {
	steps, err := l.steps(g)
	if err != nil {
		return Stats{}, fmt.Errorf("load graph into Neo4j: %w", err)
	}
	if err := l.removeStale(ctx, g.Documents); err != nil {
		return Stats{}, err
	}
	return l.write(ctx, steps, writers)
}

type paraKey struct {
	doc   string
	index int
}

// steps turns g into the queries and rows that write it, in an order in
// which every relationship's nodes are written before it.
func (l *Loader) steps(g *graph.Graph) ([]step, error) {
	docs := step{what: "documents", query: nodeQuery(schema.LabelDocument), nodes: 1, disjoint: true}
	docIDs := make(map[string]string, len(g.Documents))
	for _, d := range g.Documents {
		if _, dup := docIDs[d.Doc]; dup {
			return nil, fmt.Errorf("document %s: given twice", d.Doc)
		}
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
		entities[label] = &step{what: label + " nodes", query: nodeQuery(label), nodes: 1, disjoint: true}
		mentions[label] = &step{what: "MENTIONS of " + label, query: mentionQuery(label), rels: 1}
	}
	entityLabels := make(map[string]string, len(g.Entities))
	for _, e := range g.Entities {
		label, ok := schema.EntityLabel(e.Type)
		if !ok {
			return nil, fmt.Errorf("entity %s (%s): unknown type %q", e.ID, e.Name, e.Type)
		}
		if _, dup := entityLabels[e.ID]; dup {
			return nil, fmt.Errorf("entity %s (%s): id given twice", e.ID, e.Name)
		}
		entityLabels[e.ID] = label
		// No aliases is no property, as neo4j-admin import writes it: an
		// empty field of its CSV is no value. A nil value removes what an
		// older load set.
		var aliases, aliasesText any
		if len(e.Aliases) > 0 {
			aliases, aliasesText = e.Aliases, strings.Join(e.Aliases, " ")
		}
		entities[label].rows = append(entities[label].rows, map[string]any{"id": e.ID, "props": map[string]any{
			"name": e.Name, "type": string(e.Type), "aliases": aliases, "aliases_text": aliasesText,
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
// for HOLDS_POSITION. A new relation takes the row's provenance lists; one
// that exists keeps the entries of documents other than the row's and takes
// the row's for the rest. Each SET item of ON MATCH reads r.docs before the
// last one changes it. Unlike a query that computes the kept entries in a
// WITH before one SET, this one has no Eager operator in its plan (see
// PROFILE), which would hold every row of the batch between the MERGE and
// the SETs, and a new relation costs no list work.
func relationQuery(typ, from, to string) string {
	key := ""
	if typ == string(schema.HoldsPosition) {
		key = " {title: row.title}"
	}
	keep := func(list string) string {
		return `[i IN range(0, size(coalesce(r.docs, [])) - 1) WHERE NOT r.docs[i] IN row.docs | r.` + list + `[i]] + row.` + list
	}
	return `UNWIND $rows AS row
MATCH (s:` + from + ` {id: row.subject}), (o:` + to + ` {id: row.object})
MERGE (s)-[r:` + typ + key + `]->(o)
ON CREATE SET r += row.props, r.paragraphs = row.paragraphs, r.docs = row.docs, r.evidence = row.evidence,
    r.extractor = row.extractor, r.confidence = row.confidence
ON MATCH SET r += row.props, r.paragraphs = ` + keep("paragraphs") + `, r.evidence = ` + keep("evidence") + `,
    r.docs = ` + keep("docs") + `, r.extractor = row.extractor, r.confidence = row.confidence`
}

// write runs the steps in order, in batches of Config.BatchSize rows, each
// in one managed transaction. The batches of a run of disjoint steps go to
// up to writers transactions at once; the others one at a time, in order.
func (l *Loader) write(ctx context.Context, steps []step, writers int) (Stats, error) {
	w := &writeState{progress: l.cfg.Progress}
	for _, s := range steps {
		w.total += len(s.rows)
	}
	for i := 0; i < len(steps); {
		j, n := i+1, 1
		if steps[i].disjoint {
			for j < len(steps) && steps[j].disjoint {
				j++
			}
			n = writers
		}
		var batches []batch
		for k := range steps[i:j] {
			s := &steps[i+k]
			for start := 0; start < len(s.rows); start += l.cfg.BatchSize {
				batches = append(batches, batch{s, s.rows[start:min(start+l.cfg.BatchSize, len(s.rows))]})
			}
		}
		if err := l.writeBatches(ctx, batches, n, w); err != nil {
			return w.stats, err
		}
		i = j
	}
	return w.stats, nil
}

// batch is some rows of a step, written in one transaction.
type batch struct {
	step *step
	rows []map[string]any
}

// writeState is what write has done so far, shared by its writers.
type writeState struct {
	mu          sync.Mutex
	stats       Stats
	done, total int // rows
	progress    func(done, total int)
}

// add counts b as written and reports progress.
func (w *writeState) add(b batch) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stats.Nodes += len(b.rows) * b.step.nodes
	w.stats.Relationships += len(b.rows) * b.step.rels
	w.done += len(b.rows)
	if w.progress != nil {
		w.progress(w.done, w.total)
	}
}

// writeBatches writes batches with up to writers sessions at once, each
// taking the next batch when it is done with one. It returns the first
// error and cancels the batches not yet written.
func (l *Loader) writeBatches(ctx context.Context, batches []batch, writers int, w *writeState) error {
	writers = max(1, min(writers, len(batches)))
	next := make(chan batch)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(next)
		for _, b := range batches {
			select {
			case next <- b:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for range writers {
		g.Go(func() error {
			sess := l.session(gctx, neo4j.AccessModeWrite)
			defer sess.Close(context.WithoutCancel(gctx))
			for b := range next {
				if err := execute(gctx, sess, b.step.query, map[string]any{"rows": b.rows}); err != nil {
					return l.wrap(err, "load %s into Neo4j", b.step.what)
				}
				w.add(b)
			}
			return nil
		})
	}
	return g.Wait()
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
