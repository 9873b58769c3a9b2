package cypher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// testConfig returns the Config of the server at NEO4J_URI. Without one
// the test is skipped, or fails under CI, where it must never skip.
func testConfig(t testing.TB) Config {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("NEO4J_URI is not set: run the tests through scripts/test.sh which starts Neo4j")
		}
		t.Skip("SKIPPING: NEO4J_URI is not set, so the Neo4j loader is NOT tested; " +
			"start Neo4j with `bash scripts/neo4j.sh start` and export what it prints")
	}
	user := os.Getenv("NEO4J_USERNAME")
	if user == "" {
		user = "neo4j"
	}
	return Config{URI: uri, Username: user, Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}
}

// openTest opens a Loader on the test server, empties the database and
// applies the schema. Tests that use it must not run in parallel.
func openTest(t *testing.T) *Loader {
	t.Helper()
	ctx := context.Background()
	l, err := Open(ctx, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close(ctx) })
	wipe(t, l)
	if err := l.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	return l
}

// wipe deletes every node and relationship.
func wipe(t testing.TB, l *Loader) {
	t.Helper()
	ctx := context.Background()
	sess := l.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("wipe database: %v", err)
	}
}

// query runs a read query and returns its rows.
func query(t *testing.T, l *Loader, q string, params map[string]any) [][]any {
	t.Helper()
	recs, err := l.read(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var rows [][]any
	for _, r := range recs {
		rows = append(rows, r.Values)
	}
	return rows
}

// builder makes a graph.Graph by hand, computing ids, hashes and offsets
// the way a build does.
type builder struct {
	g        graph.Graph
	entities map[string]*schema.Entity
}

func newBuilder() *builder { return &builder{entities: map[string]*schema.Entity{}} }

// doc adds a document of paragraphs, separated by newlines in the file.
func (b *builder) doc(path string, paras ...string) {
	sum := sha256.Sum256([]byte(strings.Join(paras, "\n")))
	sha := hex.EncodeToString(sum[:])
	b.g.Documents = append(b.g.Documents, schema.Document{
		Doc: path, SHA256: sha, ID: schema.DocumentID(path, sha), Paragraphs: len(paras),
	})
	offset := 0
	for i, text := range paras {
		b.g.Paragraphs = append(b.g.Paragraphs, schema.Paragraph{
			Doc: path, DocSHA256: sha, Index: i, ID: schema.ParagraphID(path, i, text), Text: text,
			SourceStart: offset, SourceEnd: offset + len(text),
		})
		offset += len(text) + 1
	}
}

// entity adds an entity and returns its id.
func (b *builder) entity(typ schema.EntityType, name string, aliases ...string) string {
	id := schema.EntityID(typ, name)
	sort.Strings(aliases)
	if aliases == nil {
		aliases = []string{}
	}
	b.entities[id] = &schema.Entity{ID: id, Type: typ, Name: name, Aliases: aliases}
	return id
}

// span returns the code-point offsets of the first text in paragraph i of
// doc, at or after code point from.
func (b *builder) span(t *testing.T, doc string, i int, text string, from int) (int, int) {
	t.Helper()
	for _, p := range b.g.Paragraphs {
		if p.Doc == doc && p.Index == i {
			r := []rune(p.Text)
			k := strings.Index(string(r[from:]), text)
			if k < 0 {
				t.Fatalf("%q is not in %s paragraph %d after %d", text, doc, i, from)
			}
			start := from + len([]rune(string(r[from:])[:k]))
			return start, start + len([]rune(text))
		}
	}
	t.Fatalf("no paragraph %d in %s", i, doc)
	return 0, 0
}

// mention adds a mention of entity id: text at or after code point from
// in paragraph i of doc.
func (b *builder) mention(t *testing.T, id, doc string, i int, text string, from int) {
	t.Helper()
	start, end := b.span(t, doc, i, text, from)
	e := b.entities[id]
	e.Mentions = append(e.Mentions, schema.Mention{Doc: doc, Paragraph: i, Start: start, End: end, Text: text})
}

// source is where a triple's evidence is: a paragraph and the evidence
// text in it.
type source struct {
	doc      string
	para     int
	evidence string
}

// triple adds a relation with one provenance per source.
func (b *builder) triple(t *testing.T, s string, p schema.Predicate, o, title string, sources ...source) {
	t.Helper()
	tr := schema.Triple{Subject: s, Predicate: p, Object: o, Properties: map[string]string{},
		Extractor: "test", Confidence: 0.9}
	if title != "" {
		tr.Properties["title"] = title
	}
	for _, src := range sources {
		start, end := b.span(t, src.doc, src.para, src.evidence, 0)
		tr.Provenance = append(tr.Provenance, schema.Provenance{
			Doc: src.doc, Paragraph: src.para, Start: start, End: end, Evidence: src.evidence,
		})
	}
	b.g.Triples = append(b.g.Triples, tr)
}

// graph returns the graph, sorted as a build sorts it.
func (b *builder) graph() *graph.Graph {
	g := b.g
	for _, e := range b.entities {
		g.Entities = append(g.Entities, *e)
	}
	sort.Slice(g.Documents, func(i, j int) bool { return g.Documents[i].Doc < g.Documents[j].Doc })
	sort.Slice(g.Paragraphs, func(i, j int) bool {
		a, b := g.Paragraphs[i], g.Paragraphs[j]
		return a.Doc < b.Doc || a.Doc == b.Doc && a.Index < b.Index
	})
	sort.Slice(g.Entities, func(i, j int) bool { return g.Entities[i].ID < g.Entities[j].ID })
	sort.Slice(g.Triples, func(i, j int) bool {
		a, b := g.Triples[i], g.Triples[j]
		ka := []string{a.Subject, string(a.Predicate), a.Object, a.Properties["title"]}
		kb := []string{b.Subject, string(b.Predicate), b.Object, b.Properties["title"]}
		return strings.Join(ka, "\x00") < strings.Join(kb, "\x00")
	})
	return &g
}

// Paragraph texts of the test documents.
const (
	a0    = "青岛西海岸新区工委书记孙永红出席头雁工程推进会。"
	a1    = "工委组织部部长王刚介绍，工委组织部负责实施头雁工程。"
	a2    = "隐珠街道位于西海岸新区，青岛理工大学在此举办头雁工程。"
	a2New = "会议强调要持续推进头雁工程。"
	b0    = "孙永红与青岛理工大学师生一起参加头雁工程。"
	b1    = "青岛理工大学位于西海岸新区。记者宋迎迎"
)

// testGraph returns two documents about 孙永红 and 头雁工程 with entities
// of every type and triples of every predicate. Version 2 changes the last
// paragraph of a.txt, so that 隐珠街道 and its LOCATED_IN go, and so does
// a RUNS between entities that b.txt mentions.
func testGraph(t *testing.T, version int) *graph.Graph {
	t.Helper()
	b := newBuilder()
	if version == 1 {
		b.doc("news/a.txt", a0, a1, a2)
	} else {
		b.doc("news/a.txt", a0, a1, a2New)
	}
	b.doc("news/b.txt", b0, b1)
	const a, bb = "news/a.txt", "news/b.txt"

	sun := b.entity(schema.Person, "孙永红", "孙永红书记")
	wang := b.entity(schema.Person, "王刚")
	song := b.entity(schema.Person, "宋迎迎")
	gw := b.entity(schema.Organisation, "西海岸新区工委", "工委", "青岛西海岸新区工委")
	zzb := b.entity(schema.Organisation, "工委组织部", "组织部")
	qut := b.entity(schema.Organisation, "青岛理工大学", "理工大")
	ty := b.entity(schema.Programme, "头雁工程")
	xhy := b.entity(schema.Place, "西海岸新区", "黄岛区")

	b.mention(t, gw, a, 0, "青岛西海岸新区工委", 0)
	b.mention(t, sun, a, 0, "孙永红", 0)
	b.mention(t, ty, a, 0, "头雁工程", 0)
	b.mention(t, zzb, a, 1, "工委组织部", 0)
	b.mention(t, wang, a, 1, "王刚", 0)
	b.mention(t, zzb, a, 1, "工委组织部", 5)
	b.mention(t, ty, a, 1, "头雁工程", 0)
	b.mention(t, sun, bb, 0, "孙永红", 0)
	b.mention(t, qut, bb, 0, "青岛理工大学", 0)
	b.mention(t, ty, bb, 0, "头雁工程", 0)
	b.mention(t, qut, bb, 1, "青岛理工大学", 0)
	b.mention(t, xhy, bb, 1, "西海岸新区", 0)
	b.mention(t, song, bb, 1, "宋迎迎", 0)

	b.triple(t, sun, schema.HoldsPosition, gw, "书记", source{a, 0, "西海岸新区工委书记孙永红"})
	b.triple(t, wang, schema.HoldsPosition, zzb, "部长", source{a, 1, "工委组织部部长王刚"})
	b.triple(t, zzb, schema.PartOf, gw, "", source{a, 1, "工委组织部"})
	b.triple(t, zzb, schema.Runs, ty, "", source{a, 1, "工委组织部负责实施头雁工程"})
	b.triple(t, sun, schema.ParticipatesIn, ty, "",
		source{a, 0, "孙永红出席头雁工程推进会"}, source{bb, 0, "孙永红与青岛理工大学师生一起参加头雁工程"})
	b.triple(t, qut, schema.ParticipatesIn, ty, "", source{bb, 0, "青岛理工大学师生一起参加头雁工程"})
	b.triple(t, qut, schema.LocatedIn, xhy, "", source{bb, 1, "青岛理工大学位于西海岸新区"})

	if version == 1 {
		yz := b.entity(schema.Place, "隐珠街道")
		b.mention(t, yz, a, 2, "隐珠街道", 0)
		b.mention(t, xhy, a, 2, "西海岸新区", 0)
		b.mention(t, qut, a, 2, "青岛理工大学", 0)
		b.mention(t, ty, a, 2, "头雁工程", 0)
		b.triple(t, yz, schema.LocatedIn, xhy, "", source{a, 2, "隐珠街道位于西海岸新区"})
		// Gone in version 2, though b.txt still mentions both entities.
		b.triple(t, qut, schema.Runs, ty, "", source{a, 2, "青岛理工大学在此举办头雁工程"})
	} else {
		b.mention(t, ty, a, 2, "头雁工程", 0)
	}
	return b.graph()
}
