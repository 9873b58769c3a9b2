package cypher

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/neo4jadmin"
	"github.com/kg-dev/kg/schema"
)

// syntheticGraph returns a graph of docs documents of 25 paragraphs,
// entities entities, 8 mentions per paragraph and triples triples, made
// from a fixed seed, sorted as a build sorts it.
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
	// In the order of a build (see graph.Graph), which package neo4jadmin
	// requires of its files.
	slices.SortFunc(g.Entities, func(a, b schema.Entity) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Triples, func(a, b schema.Triple) int {
		return cmp.Or(strings.Compare(a.Subject, b.Subject), strings.Compare(string(a.Predicate), string(b.Predicate)),
			strings.Compare(a.Object, b.Object), strings.Compare(a.Properties["title"], b.Properties["title"]))
	})
	return g
}

// Graphs of the benchmarks. benchGraph is some 25,000 nodes and 150,000
// relationships (100,000 of them relations, 40,000 MENTIONS); naiveGraph
// is a sample of the same shape, small enough to load one row per
// transaction.
func benchGraph() *graph.Graph { return syntheticGraph(200, 20000, 100000) }
func naiveGraph() *graph.Graph { return syntheticGraph(1, 100, 400) }

// openBench opens a Loader on the test server with batches of batch rows,
// after loading a graph once so that the server has compiled and planned
// its queries before anything is timed.
func openBench(b *testing.B, batch int) *Loader {
	b.Helper()
	ctx := context.Background()
	cfg := testConfig(b)
	cfg.BatchSize = batch
	l, err := Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close(ctx) })
	empty(b, l)
	if _, err := l.Load(ctx, syntheticGraph(20, 2000, 10000)); err != nil {
		b.Fatal(err)
	}
	return l
}

// empty empties the database and applies the schema.
func empty(b *testing.B, l *Loader) {
	b.Helper()
	wipe(b, l)
	if err := l.ApplySchema(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// serverCPU returns a function that gives the CPU time that the process of
// the test server has used so far, when the server is one that
// scripts/neo4j.sh runs on this machine and /proc is there; nil if not.
func serverCPU(b *testing.B) func() time.Duration {
	u, err := url.Parse(testConfig(b).URI)
	if err != nil || u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" {
		return nil
	}
	cmd := exec.Command("bash", neo4jScript, "status")
	cmd.Env = append(os.Environ(), "KG_NEO4J_PORT="+u.Port())
	out, _ := cmd.Output() // "running: pid 123, Neo4j …"
	var pid int
	if _, err := fmt.Sscanf(string(out), "running: pid %d,", &pid); err != nil {
		return nil
	}
	stat := fmt.Sprintf("/proc/%d/stat", pid)
	cpu := func() time.Duration {
		data, err := os.ReadFile(stat)
		if err != nil {
			return -1
		}
		// After the command's name in parentheses: state is field 3,
		// utime and stime fields 14 and 15, in ticks of 1/100 s.
		f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
		if len(f) < 13 {
			return -1
		}
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		return time.Duration(utime+stime) * 10 * time.Millisecond
	}
	if cpu() < 0 {
		return nil
	}
	return cpu
}

// BenchmarkLoad compares batch sizes. Each iteration loads naiveGraph one
// row per transaction (batch size 1: the naive load), then benchGraph in
// batches of 250, 500, 1000, 2000 and 5000 rows in turn (starting with
// another at each iteration), each into an empty database, so that the
// load of the machine weighs on each alike.
// For each batch size B it reports the relationships written per second
// (rels/s-B), that rate as a multiple of the naive load's (x-naive-B) and,
// when the server runs on this machine, the relationships written per
// second of the server's CPU time (rels/cpu-s-B), which depends less on
// what else runs there.
//
//	go test ./graph/cypher -run '^$' -bench 'Load$' -benchtime 3x
func BenchmarkLoad(b *testing.B) {
	l := openBench(b, 1)
	ctx := context.Background()
	g, sample := benchGraph(), naiveGraph()
	batchSizes := []int{250, 500, 1000, 2000, 5000}
	cpu := serverCPU(b)
	var naive time.Duration
	naiveRels, rels := 0, 0
	secs := make([]time.Duration, len(batchSizes))
	cpus := make([]time.Duration, len(batchSizes))
	for iter := 0; b.Loop(); iter++ {
		empty(b, l)
		l.cfg.BatchSize = 1
		t0 := time.Now()
		st, err := l.Load(ctx, sample)
		if err != nil {
			b.Fatal(err)
		}
		naive += time.Since(t0)
		naiveRels += st.Relationships
		for k := range batchSizes {
			// Each iteration starts with another size, so that none
			// is always the first after the naive load.
			i := (k + iter) % len(batchSizes)
			batch := batchSizes[i]
			b.StopTimer()
			empty(b, l)
			b.StartTimer()
			l.cfg.BatchSize = batch
			var cpu0 time.Duration
			if cpu != nil {
				cpu0 = cpu()
			}
			t0 := time.Now()
			st, err := l.Load(ctx, g)
			if err != nil {
				b.Fatal(err)
			}
			secs[i] += time.Since(t0)
			if cpu != nil {
				cpus[i] += cpu() - cpu0
			}
			if k == 0 {
				rels += st.Relationships
			}
		}
	}
	naiveRate := float64(naiveRels) / naive.Seconds()
	b.ReportMetric(naiveRate, "rels/s-naive")
	for i, batch := range batchSizes {
		rate := float64(rels) / secs[i].Seconds()
		b.ReportMetric(rate, fmt.Sprintf("rels/s-%d", batch))
		b.ReportMetric(rate/naiveRate, fmt.Sprintf("x-naive-%d", batch))
		if cpus[i] > 0 {
			b.ReportMetric(float64(rels)/cpus[i].Seconds(), fmt.Sprintf("rels/cpu-s-%d", batch))
		}
	}
}

// BenchmarkLoadWriters loads a graph of 80,000 entities, few mentions
// and few relations (nodeGraph) with DefaultBatchSize and 1, 2 and 4
// transactions at once for the disjoint steps (document and entity
// nodes), one after the other at each iteration, so that the load of the
// machine weighs on each alike. It reports the seconds of each and their
// ratios to 1 writer's (x1-2writers: below 1 means that 2 writers are
// faster).
//
//	go test ./graph/cypher -run '^$' -bench LoadWriters -benchtime 3x
func BenchmarkLoadWriters(b *testing.B) {
	l := openBench(b, DefaultBatchSize)
	ctx := context.Background()
	g := syntheticGraph(20, 80000, 1000)
	counts := []int{1, 2, 4}
	secs := make([]float64, len(counts))
	for b.Loop() {
		for i, writers := range counts {
			b.StopTimer()
			empty(b, l)
			b.StartTimer()
			t0 := time.Now()
			if _, err := l.load(ctx, g, writers); err != nil {
				b.Fatal(err)
			}
			secs[i] += time.Since(t0).Seconds()
		}
	}
	for i, writers := range counts {
		b.ReportMetric(secs[i]/float64(b.N), fmt.Sprintf("s-%dwriters", writers))
		if i > 0 {
			b.ReportMetric(secs[i]/secs[0], fmt.Sprintf("x1-%dwriters", writers))
		}
	}
}

// BenchmarkAdminImport writes a synthetic graph as a build's files, then,
// at each iteration, exports them as CSV with package neo4jadmin, imports
// the CSV files with neo4j-admin into the import server's empty database
// (server stopped, as the import needs), and loads the same graph into the
// test server with Load. It reports the seconds of each (export-s,
// import-s, bolt-s; import-s includes neo4j-admin's start-up, a JVM) and
// the time of export and import as a multiple of the Bolt load's (x-bolt,
// below 1 means that the import is faster). It does so for benchGraph
// (rels=150k) and for a graph five times as large (rels=750k).
//
//	go test ./graph/cypher -run '^$' -bench AdminImport -benchtime 1x
func BenchmarkAdminImport(b *testing.B) {
	imp := newImportServer(b)
	l := openBench(b, DefaultBatchSize)
	ctx := context.Background()
	for _, size := range []struct {
		name  string
		graph func() *graph.Graph
	}{
		{"rels=150k", benchGraph},
		{"rels=750k", func() *graph.Graph { return syntheticGraph(1000, 100000, 500000) }},
	} {
		b.Run(size.name, func(b *testing.B) {
			g := size.graph()
			out := b.TempDir()
			writeBuild(b, out, g)
			var export, load, imports time.Duration
			for b.Loop() { // timed: export and import
				b.StopTimer()
				to := b.TempDir()
				b.StartTimer()
				t0 := time.Now()
				res, err := neo4jadmin.Export(ctx, out, to)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				imp.importFiles(b, res.Args(to))
				export, imports = export+t1.Sub(t0), imports+time.Since(t1)

				b.StopTimer()
				empty(b, l)
				t0 = time.Now()
				if _, err := l.Load(ctx, g); err != nil {
					b.Fatal(err)
				}
				load += time.Since(t0)
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(export.Seconds()/n, "export-s")
			b.ReportMetric(imports.Seconds()/n, "import-s")
			b.ReportMetric(load.Seconds()/n, "bolt-s")
			b.ReportMetric((export+imports).Seconds()/load.Seconds(), "x-bolt")
		})
	}
}
