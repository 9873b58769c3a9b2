package cypher

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// injections are texts that would change a query built by pasting them
// into Cypher: quotes and backticks that close a literal or a name, then
// a clause that deletes everything.
var injections = []string{
	`'}) DETACH DELETE n //`,
	`"}) DETACH DELETE n //`,
	"`}) MATCH (n) DETACH DELETE n //",
	`\'}) DETACH DELETE n //`,
	"x` {id: 'y'})-[:NEXT]->(m) DETACH DELETE m //",
	`$rows }]->() WITH 1 AS x MATCH (n) DETACH DELETE n //`,
	"换行\n/* 注释 */; MATCH (n) DETACH DELETE n",
}

// injectionGraph returns a graph whose paths, texts, names, aliases,
// titles, evidence and relation property names and values are the
// injections.
func injectionGraph(t *testing.T) *graph.Graph {
	t.Helper()
	b := newBuilder()
	var paras []string
	for i, s := range injections {
		paras = append(paras, fmt.Sprintf("注入%d号人物%s担任注入%d号机构%s书记。", i, s, i, s))
	}
	doc := "evil/" + injections[0] + ".txt"
	b.doc(doc, paras...)
	for i, s := range injections {
		p := b.entity(schema.Person, fmt.Sprintf("注入%d号人物%s", i, s), s, "`"+s+"`")
		o := b.entity(schema.Organisation, fmt.Sprintf("注入%d号机构%s", i, s), s)
		b.mention(t, p, doc, i, fmt.Sprintf("注入%d号人物%s", i, s), 0)
		b.mention(t, o, doc, i, fmt.Sprintf("注入%d号机构%s", i, s), 0)
		b.triple(t, p, schema.HoldsPosition, o, s, source{doc, i, fmt.Sprintf("人物%s担任", s)})
	}
	g := b.graph()
	for i := range g.Triples {
		g.Triples[i].Properties[injections[i%len(injections)]] = injections[(i+1)%len(injections)]
	}
	return g
}

// TestInjection loads a graph made of Cypher injections next to the test
// graph: every text comes back as it was, the database has the nodes and
// relationships of both graphs and nothing else, whatever the order of the
// loads; and a graph whose entity type is an injection is refused before
// anything is written.
func TestInjection(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	evil, plain := injectionGraph(t), testGraph(t, 1)
	for _, g := range []*graph.Graph{plain, evil} {
		if _, err := l.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
	}

	labels, types, err := l.counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantLabels, wantTypes := wantCounts(plain)
	evilLabels, evilTypes := wantCounts(evil)
	for k, n := range evilLabels {
		wantLabels[k] += n
	}
	for k, n := range evilTypes {
		wantTypes[k] += n
	}
	if got, want := formatCounts(labels)+"; "+formatCounts(types),
		formatCounts(wantLabels)+"; "+formatCounts(wantTypes); got != want {
		t.Errorf("database: %s\nwant      %s", got, want)
	}

	// verbatim checks that query, with params, returns want.
	verbatim := func(what, q string, params map[string]any, want ...any) {
		t.Helper()
		rows := query(t, l, q, params)
		if len(rows) != 1 || fmt.Sprintf("%q", rows[0]) != fmt.Sprintf("%q", want) {
			t.Errorf("%s: got %q, want %q", what, rows, want)
		}
	}
	d := evil.Documents[0]
	verbatim("document", `MATCH (d:Document {id: $id}) RETURN d.doc`, map[string]any{"id": d.ID}, d.Doc)
	for _, p := range evil.Paragraphs {
		verbatim("paragraph", `MATCH (p:Paragraph {id: $id}) RETURN p.doc, p.text`, map[string]any{"id": p.ID}, p.Doc, p.Text)
	}
	for _, e := range evil.Entities {
		verbatim("entity", `MATCH (e {id: $id}) RETURN labels(e), e.name, e.aliases, e.aliases_text`, map[string]any{"id": e.ID},
			[]any{string(e.Type)}, e.Name, e.Aliases, strings.Join(e.Aliases, " "))
		for _, m := range e.Mentions {
			verbatim("mention", `MATCH (:Paragraph)-[m:MENTIONS {start: $start}]->({id: $id}) RETURN m.text`,
				map[string]any{"id": e.ID, "start": m.Start}, m.Text)
		}
	}
	for _, tr := range evil.Triples {
		var key, value string
		for k, v := range tr.Properties {
			if k != "title" {
				key, value = k, v
			}
		}
		verbatim("relation", `MATCH ({id: $s})-[r]->({id: $o}) RETURN type(r), r.title, r.evidence, r[$key]`,
			map[string]any{"s": tr.Subject, "o": tr.Object, "key": key},
			string(tr.Predicate), tr.Properties["title"], []any{tr.Provenance[0].Evidence}, value)
	}

	both, err := l.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wipe(t, l)
	for _, g := range []*graph.Graph{evil, plain} {
		if _, err := l.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := l.Fingerprint(ctx); err != nil || got != both {
		t.Errorf("loaded in the other order: %s (%v)\nwant %s", got, err, both)
	}

	// Labels come from the schema only.
	bad := injectionGraph(t)
	i := slices.IndexFunc(bad.Entities, func(e schema.Entity) bool { return e.Type == schema.Person })
	bad.Entities[i].Type = schema.EntityType("Person`) DETACH DELETE n //")
	_, err = l.Load(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "unknown type") {
		t.Errorf("Load of an entity of type %q = %v, want an unknown type error", bad.Entities[i].Type, err)
	}
	if got, err := l.Fingerprint(ctx); err != nil || got != both {
		t.Errorf("after the refused load: %s (%v)\nwant %s", got, err, both)
	}
}
