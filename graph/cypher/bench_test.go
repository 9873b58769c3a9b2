package cypher

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// syntheticGraph returns a graph of docs documents of 25 paragraphs,
// entities entities, 8 mentions per paragraph and triples triples, made
// from a fixed seed.
func syntheticGraph(docs, entities, triples int) *graph.Graph {
	r := rand.New(rand.NewPCG(1, 2))
	g := &graph.Graph{}
	text := "青岛西海岸新区工委书记孙永红出席头雁工程推进会，工委组织部负责实施头雁工程。"
	for d := range docs {
		path := fmt.Sprintf("bench/%05d.txt", d)
		sha := fmt.Sprintf("%064d", d)
		g.Documents = append(g.Documents, schema.Document{Doc: path, SHA256: sha, ID: schema.DocumentID(path, sha), Paragraphs: 25})
		for i := range 25 {
			t := fmt.Sprintf("%s%d", text, i)
			g.Paragraphs = append(g.Paragraphs, schema.Paragraph{Doc: path, DocSHA256: sha, Index: i,
				ID: schema.ParagraphID(path, i, t), Text: t, SourceStart: i * 200, SourceEnd: i*200 + 199})
		}
	}
	byType := map[schema.EntityType][]int{}
	for i := range entities {
		typ := schema.EntityTypes[i%len(schema.EntityTypes)]
		name := fmt.Sprintf("实体%s%d", typ, i)
		g.Entities = append(g.Entities, schema.Entity{ID: schema.EntityID(typ, name), Type: typ, Name: name,
			Aliases: []string{name + "甲", name + "乙"}})
		byType[typ] = append(byType[typ], i)
	}
	for _, p := range g.Paragraphs {
		for k := range 8 {
			e := &g.Entities[r.IntN(len(g.Entities))]
			e.Mentions = append(e.Mentions, schema.Mention{Doc: p.Doc, Paragraph: p.Index, Start: k * 4, End: k*4 + 3, Text: "孙永红"})
		}
	}
	seen := map[[3]string]bool{}
	for len(g.Triples) < triples {
		pred := schema.Predicates[r.IntN(len(schema.Predicates))]
		var s, o *schema.Entity
		for s == nil || !pred.Allows(s.Type, o.Type) {
			s = &g.Entities[r.IntN(len(g.Entities))]
			o = &g.Entities[r.IntN(len(g.Entities))]
		}
		key := [3]string{s.ID, string(pred), o.ID}
		if seen[key] {
			continue
		}
		seen[key] = true
		p := g.Paragraphs[r.IntN(len(g.Paragraphs))]
		t := schema.Triple{Subject: s.ID, Predicate: pred, Object: o.ID, Properties: map[string]string{},
			Provenance: []schema.Provenance{{Doc: p.Doc, Paragraph: p.Index, Start: 0, End: 12, Evidence: "西海岸新区工委书记孙永红"}},
			Extractor:  "bench", Confidence: 0.8}
		if pred == schema.HoldsPosition {
			t.Properties["title"] = "书记"
		}
		g.Triples = append(g.Triples, t)
	}
	return g
}

// BenchmarkLoad loads a graph of 20,000 entities and 100,000 triples into
// an empty database with several batch sizes, and reports the write rate.
//
//	go test ./graph/cypher -run '^$' -bench Load -benchtime 1x
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	cfg := testConfig(b)
	g := syntheticGraph(200, 20000, 100000)
	for _, batch := range []int{500, 1000, 5000, 10000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			cfg.BatchSize = batch
			l, err := Open(ctx, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close(ctx)
			var stats Stats
			for b.Loop() {
				b.StopTimer()
				wipe(b, l)
				if err := l.ApplySchema(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				stats, err = l.Load(ctx, g)
				if err != nil {
					b.Fatal(err)
				}
			}
			secs := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(stats.Nodes)/secs, "nodes/s")
			b.ReportMetric(float64(stats.Relationships)/secs, "rels/s")
			b.ReportMetric(float64(stats.Nodes+stats.Relationships)/secs, "rows/s")
		})
	}
}
