package cypher

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// wantCounts returns the nodes per label and relationships per type that
// g should give in an empty database.
func wantCounts(g *graph.Graph) (labels, types map[string]int) {
	labels = map[string]int{
		schema.LabelDocument:  len(g.Documents),
		schema.LabelParagraph: len(g.Paragraphs),
	}
	types = map[string]int{
		schema.RelHasParagraph: len(g.Paragraphs),
		schema.RelNext:         len(g.Paragraphs) - len(g.Documents),
	}
	for _, e := range g.Entities {
		labels[string(e.Type)]++
		types[schema.RelMentions] += len(e.Mentions)
	}
	for _, t := range g.Triples {
		types[string(t.Predicate)]++
	}
	return labels, types
}

func TestLoad(t *testing.T) {
	for _, batch := range []int{1, 3, DefaultBatchSize} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			l := openTest(t)
			l.cfg.BatchSize = batch
			var calls, done, total int
			l.cfg.Progress = func(d, n int) { calls, done, total = calls+1, d, n }
			ctx := context.Background()
			g := testGraph(t, 1)

			stats, err := l.Load(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			wantLabels, wantTypes := wantCounts(g)
			var nodes, rels int
			for _, n := range wantLabels {
				nodes += n
			}
			for _, n := range wantTypes {
				rels += n
			}
			if want := (Stats{nodes, rels}); stats != want {
				t.Errorf("Load stats = %+v, want %+v", stats, want)
			}
			if done != total || calls == 0 {
				t.Errorf("last progress = %d of %d after %d calls, want all", done, total, calls)
			}
			labels, types, err := l.counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := formatCounts(labels), formatCounts(wantLabels); got != want {
				t.Errorf("nodes: %s\nwant   %s", got, want)
			}
			if got, want := formatCounts(types), formatCounts(wantTypes); got != want {
				t.Errorf("relationships: %s\nwant           %s", got, want)
			}

			first, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.Load(ctx, g); err != nil {
				t.Fatal(err)
			}
			second, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if first != second {
				t.Errorf("second Load changed the database:\n%s\n%s", first, second)
			}
		})
	}
}

// TestLoadProperties checks what the nodes and relationships carry.
func TestLoadProperties(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	g := testGraph(t, 1)
	for range 2 {
		if _, err := l.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"document", `MATCH (d:Document {doc: 'news/b.txt'}) RETURN d.paragraphs, size(d.sha256)`, "[[2 64]]"},
		{"paragraph", `MATCH (:Document {doc: 'news/b.txt'})-[:HAS_PARAGRAPH]->(p)
			RETURN p.paragraph, p.text, p.source_start, p.source_end ORDER BY p.paragraph`,
			fmt.Sprintf("[[0 %s 0 %d] [1 %s %d %d]]", b0, len(b0), b1, len(b0)+1, len(b0)+1+len(b1))},
		{"next", `MATCH (a:Paragraph)-[:NEXT]->(b) RETURN a.doc, a.paragraph, b.paragraph ORDER BY a.doc, a.paragraph`,
			"[[news/a.txt 0 1] [news/a.txt 1 2] [news/b.txt 0 1]]"},
		{"entity", `MATCH (e:Organisation {name: '西海岸新区工委'}) RETURN e.type, e.aliases, e.aliases_text`,
			"[[Organisation [工委 青岛西海岸新区工委] 工委 青岛西海岸新区工委]]"},
		{"mentions", `MATCH (p:Paragraph)-[m:MENTIONS]->(:Organisation {name: '工委组织部'})
			RETURN p.paragraph, m.start, m.end, m.text ORDER BY m.start`,
			"[[1 0 5 工委组织部] [1 12 17 工委组织部]]"},
		{"holds position", `MATCH (:Person {name: '孙永红'})-[r:HOLDS_POSITION]->(o)
			RETURN o.name, r.title, r.evidence, r.docs, r.extractor, r.confidence`,
			"[[西海岸新区工委 书记 [西海岸新区工委书记孙永红] [news/a.txt] test 0.9]]"},
		{"two documents", `MATCH (:Person {name: '孙永红'})-[r:PARTICIPATES_IN]->(:Programme)
			RETURN r.docs, r.evidence, size(r.paragraphs)`,
			"[[[news/a.txt news/b.txt] [孙永红出席头雁工程推进会 孙永红与青岛理工大学师生一起参加头雁工程] 2]]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(query(t, l, tt.query, nil)); got != tt.want {
			t.Errorf("%s: got  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// TestReload loads versions of the test graph one after the other and
// checks that the database ends up as if only the last had been loaded
// into an empty one.
func TestReload(t *testing.T) {
	tests := []struct {
		name     string
		versions []int
		batch    int
	}{
		{"changed", []int{1, 2}, DefaultBatchSize},
		{"changed, batches of 1", []int{1, 2}, 1},
		{"changed back", []int{1, 2, 1}, DefaultBatchSize},
		{"changed, then loaded again", []int{1, 2, 2}, 2},
	}
	l := openTest(t)
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l.cfg.BatchSize = tt.batch
			last := testGraph(t, tt.versions[len(tt.versions)-1])
			wipe(t, l)
			if _, err := l.Load(ctx, last); err != nil {
				t.Fatal(err)
			}
			want, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}

			wipe(t, l)
			for _, v := range tt.versions {
				if _, err := l.Load(ctx, testGraph(t, v)); err != nil {
					t.Fatalf("load version %d: %v", v, err)
				}
			}
			got, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("after loading versions %v:\n got %s\nwant %s", tt.versions, got, want)
			}
			ids := map[string]bool{}
			for _, d := range last.Documents {
				ids[d.ID] = true
			}
			for _, r := range query(t, l, "MATCH (d:Document) RETURN d.id", nil) {
				if !ids[r[0].(string)] {
					t.Errorf("stale Document %s", r[0])
				}
			}
		})
	}
}

// TestReloadKeepsOtherDocuments loads a graph of one document over one of
// two: the other document and everything it supports stay.
func TestReloadKeepsOtherDocuments(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	if _, err := l.Load(ctx, testGraph(t, 1)); err != nil {
		t.Fatal(err)
	}
	// Version 2 of a.txt alone, with the entities it mentions.
	g := testGraph(t, 2)
	only := &graph.Graph{Documents: g.Documents[:1], Paragraphs: g.Paragraphs[:3]}
	keep := map[string]bool{}
	for _, e := range g.Entities {
		var ms []schema.Mention
		for _, m := range e.Mentions {
			if m.Doc == "news/a.txt" {
				ms = append(ms, m)
			}
		}
		if ms != nil {
			e.Mentions = ms
			only.Entities = append(only.Entities, e)
			keep[e.ID] = true
		}
	}
	for _, tr := range g.Triples {
		var ps []schema.Provenance
		for _, p := range tr.Provenance {
			if p.Doc == "news/a.txt" {
				ps = append(ps, p)
			}
		}
		if ps != nil {
			tr.Provenance = ps
			only.Triples = append(only.Triples, tr)
		}
	}
	if _, err := l.Load(ctx, only); err != nil {
		t.Fatal(err)
	}
	got, err := l.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wipe(t, l)
	if _, err := l.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	want, err := l.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("a.txt v2 over v1 of both:\n got %s\nwant %s", got, want)
	}
}

// TestLoadInvalid checks that Load refuses a graph that refers to what it
// lacks, or gives a document or an entity twice, before writing anything.
func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(g *graph.Graph)
		want   string
	}{
		{"unknown type", func(g *graph.Graph) { g.Entities[0].Type = "Thing" }, `unknown type "Thing"`},
		{"paragraph without document", func(g *graph.Graph) { g.Documents = g.Documents[1:] },
			`document "news/a.txt" is not in the graph`},
		{"mention without paragraph", func(g *graph.Graph) { g.Entities[0].Mentions[0].Paragraph = 9 },
			"paragraph 9, which is not in the graph"},
		{"unknown predicate", func(g *graph.Graph) { g.Triples[0].Predicate = "KNOWS" }, "unknown predicate"},
		{"unknown entity", func(g *graph.Graph) { g.Triples[0].Object = "nobody" }, "entity not in the graph"},
		{"no provenance", func(g *graph.Graph) { g.Triples[0].Provenance = nil }, "no provenance"},
		{"provenance without paragraph", func(g *graph.Graph) { g.Triples[0].Provenance[0].Doc = "x.txt" },
			"provenance in x.txt paragraph"},
		// Given twice, the result would depend on the order of concurrent writes.
		{"document given twice", func(g *graph.Graph) { g.Documents = append(g.Documents, g.Documents[0]) },
			"document news/a.txt: given twice"},
		{"entity given twice", func(g *graph.Graph) { g.Entities = append(g.Entities, g.Entities[0]) }, "id given twice"},
	}
	l := &Loader{model: schema.GraphModel()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := testGraph(t, 1)
			tt.change(g)
			_, err := l.steps(g)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("steps() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
