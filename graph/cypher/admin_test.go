package cypher

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/graph/neo4jadmin"
	"github.com/kg-dev/kg/schema"
)

// neo4jScript is scripts/neo4j.sh, which runs the test servers and
// neo4j-admin.
const neo4jScript = "../../scripts/neo4j.sh"

// importServer is a second Neo4j of scripts/neo4j.sh, which tests fill
// with neo4j-admin database import full.
type importServer struct {
	port     int
	password string
}

// newImportServer returns the import server of the test binary: on
// KG_NEO4J_IMPORT_PORT, or on the port after NEO4J_URI's. It needs the
// server at NEO4J_URI to compare with, and Java and Maven for
// scripts/neo4j.sh: without them the test is skipped, or fails under CI.
// The server is stopped when the test ends.
func newImportServer(t testing.TB) *importServer {
	t.Helper()
	cfg := testConfig(t)
	for _, tool := range []string{"bash", "java", "mvn"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not found: scripts/neo4j.sh needs it to run neo4j-admin", tool)
			}
			t.Skipf("SKIPPING: %s not found, so neo4j-admin import is NOT tested", tool)
		}
	}
	port := 7688
	if s := os.Getenv("KG_NEO4J_IMPORT_PORT"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("KG_NEO4J_IMPORT_PORT=%q: %v", s, err)
		}
		port = n
	} else if u, err := url.Parse(cfg.URI); err == nil && u.Port() != "" {
		n, _ := strconv.Atoi(u.Port())
		port = n + 1
	}
	s := &importServer{port: port, password: "kgtestpassword"}
	t.Cleanup(func() {
		if out, err := s.script(context.Background(), "stop"); err != nil {
			t.Errorf("stop the import server: %v\n%s", err, out)
		}
	})
	return s
}

// script runs scripts/neo4j.sh on the import server's port, in its own
// home whatever the environment says. Its start keeps the data there
// (KG_NEO4J_KEEP_DATA=1); admin-import starts from an empty database.
func (s *importServer) script(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "bash", append([]string{neo4jScript}, args...)...)
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "KG_NEO4J_PORT", "KG_NEO4J_HOME", "KG_NEO4J_KEEP_DATA", "KG_NEO4J_TLS", "NEO4J_PASSWORD":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, fmt.Sprintf("KG_NEO4J_PORT=%d", s.port), "NEO4J_PASSWORD="+s.password)
	if args[0] == "start" {
		cmd.Env = append(cmd.Env, "KG_NEO4J_KEEP_DATA=1")
	}
	return cmd.CombinedOutput()
}

// importFiles stops the server and imports with neo4j-admin args into an
// empty database.
func (s *importServer) importFiles(t testing.TB, args []string) {
	t.Helper()
	ctx := context.Background()
	for _, step := range [][]string{{"stop"}, append([]string{"admin-import"}, args...)} {
		if out, err := s.script(ctx, step...); err != nil {
			t.Fatalf("scripts/neo4j.sh %s: %v\n%s", step[0], err, out)
		}
	}
}

// start starts the server on the data there and returns a Loader on it.
func (s *importServer) start(t testing.TB) *Loader {
	t.Helper()
	ctx := context.Background()
	if out, err := s.script(ctx, "start"); err != nil {
		t.Fatalf("scripts/neo4j.sh start: %v\n%s", err, out)
	}
	l, err := Open(ctx, Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", s.port), Username: "neo4j", Password: s.password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close(ctx) })
	return l
}

// TestAdminImport exports builds with package neo4jadmin, imports the
// files with neo4j-admin, and checks that the database has the same
// nodes and relationships, with the same properties, as Load writes into
// an empty database; that the schema can then be applied; and that Load
// then changes nothing.
func TestAdminImport(t *testing.T) {
	imp := newImportServer(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		build func(t *testing.T, dir string) *graph.Graph
	}{
		{"seeds", buildSeeds},
		{"awkward text", writeAwkward},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			g := tt.build(t, out)
			to := t.TempDir()
			res, err := neo4jadmin.Export(ctx, out, to)
			if err != nil {
				t.Fatal(err)
			}
			imp.importFiles(t, res.Args(to))
			imported := imp.start(t)
			if err := imported.ApplySchema(ctx); err != nil {
				t.Fatalf("apply the schema after the import: %v", err)
			}

			bolt := openTest(t)
			stats, err := bolt.Load(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			if res.Nodes != stats.Nodes || res.Relationships != stats.Relationships {
				t.Errorf("exported %d nodes, %d relationships; Load wrote %d, %d",
					res.Nodes, res.Relationships, stats.Nodes, stats.Relationships)
			}
			wantLabels, wantTypes := wantCounts(g)
			labels, types, err := imported.counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := formatCounts(labels), formatCounts(wantLabels); got != want {
				t.Errorf("imported nodes: %s\nwant            %s", got, want)
			}
			if got, want := formatCounts(types), formatCounts(wantTypes); got != want {
				t.Errorf("imported relationships: %s\nwant                    %s", got, want)
			}
			want := fingerprint(t, bolt)
			if got := fingerprint(t, imported); got != want {
				t.Errorf("fingerprint of the import: %s\nof the Bolt load:          %s", got, want)
			}
			compareDumps(t, "import", dump(t, imported), "Bolt load", dump(t, bolt))
			if got, want := schemaState(t, imported), schemaState(t, bolt); got != want {
				t.Errorf("constraints and indexes after the import: %s\nafter the Bolt load: %s", got, want)
			}

			// The loader finds what the import wrote, by id.
			before := dump(t, imported)
			if _, err := imported.Load(ctx, g); err != nil {
				t.Fatal(err)
			}
			compareDumps(t, "import, then Load", dump(t, imported), "import", before)
		})
	}
}

// buildSeeds builds the seed corpus into dir as kg build does ("" writes
// no files) and returns its graph.
func buildSeeds(t *testing.T, dir string) *graph.Graph {
	t.Helper()
	res, err := seedPipeline(t).Run(context.Background(), build.Config{Inputs: []string{seedsDir}, Out: dir,
		ToolVersion: "test", KeepGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Graph
}

// writeAwkward writes into dir, as a build does, a graph whose text has
// what CSV files must quote or keep: commas, quotes, line breaks, the
// separators of other tools, spaces at the ends, backslashes; an entity
// without aliases; a relation from two documents; a float that has no
// short decimal form.
func writeAwkward(t *testing.T, dir string) *graph.Graph {
	t.Helper()
	b := newBuilder()
	p0 := `他说："孙永红, 书记"，又说 \"好\"。` + "\n第二行\r\n第三行\t制表"
	p1 := ` 前后有空格的段落；分号;和|竖线 `
	p2 := `"整段在引号里"`
	b.doc("a,b/\"引号\".txt", p0, p1)
	b.doc("b.txt", p2, "青岛理工大学位于西海岸新区。")
	sun := b.entity(schema.Person, `孙永红, 书记`, `"老孙"`, `孙;永红`, `孙\永红`, "孙\n永红")
	org := b.entity(schema.Organisation, "分号;和|竖线")
	place := b.entity(schema.Place, "西海岸新区")
	qut := b.entity(schema.Organisation, "青岛理工大学", " 理工大 ")
	const a, bb = "a,b/\"引号\".txt", "b.txt"
	b.mention(t, sun, a, 0, `孙永红, 书记`, 0)
	b.mention(t, org, a, 1, "分号;和|竖线", 0)
	b.mention(t, org, bb, 0, `"整段在引号里"`, 0)
	b.mention(t, qut, bb, 1, "青岛理工大学", 0)
	b.mention(t, place, bb, 1, "西海岸新区", 0)
	b.triple(t, sun, schema.HoldsPosition, org, `"书记",副`, source{a, 0, `\"好\"。` + "\n第二行"})
	b.triple(t, org, schema.PartOf, qut, "", source{a, 1, "分号;和|竖线"}, source{bb, 0, `"整段在引号里"`})
	b.triple(t, qut, schema.LocatedIn, place, "", source{bb, 1, "青岛理工大学位于西海岸新区"})
	g := b.graph()
	for i := range g.Triples {
		g.Triples[i].Confidence = 0.30000000000000004 // 0.1 + 0.2 in float64
	}
	writeBuild(t, dir, g)
	return g
}

// writeBuild writes g into dir as build.Write does, without GraphML.
func writeBuild(t testing.TB, dir string, g *graph.Graph) {
	t.Helper()
	m := schema.Manifest{Format: schema.Format, ToolVersion: "test", Documents: len(g.Documents),
		Paragraphs: len(g.Paragraphs), Entities: len(g.Entities), Triples: len(g.Triples)}
	for name, write := range map[string]func(f *os.File) error{
		"documents.jsonl": func(f *os.File) error { return jsonl.WriteParagraphs(f, g.Paragraphs) },
		"entities.jsonl":  func(f *os.File) error { return jsonl.WriteEntities(f, g.Entities) },
		"triples.jsonl":   func(f *os.File) error { return jsonl.WriteTriples(f, g.Triples) },
		"manifest.json":   func(f *os.File) error { return jsonl.WriteManifest(f, m) },
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func fingerprint(t *testing.T, l *Loader) string {
	t.Helper()
	fp, err := l.Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// dump returns every node, with its labels and properties, and every
// relationship, with its ends' ids, type and properties, one line each,
// sorted. Values keep their Go types (%#v), so that an integer read back
// as a float, or a list as a string, shows.
func dump(t *testing.T, l *Loader) []string {
	t.Helper()
	props := func(m any) string {
		pm, _ := m.(map[string]any)
		keys := make([]string, 0, len(pm))
		for k := range pm {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%#v", k, pm[k]))
		}
		return strings.Join(parts, " ")
	}
	var lines []string
	for _, r := range query(t, l, "MATCH (n) RETURN labels(n), properties(n)", nil) {
		lines = append(lines, fmt.Sprintf("(%v %s)", r[0], props(r[1])))
	}
	for _, r := range query(t, l, "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)", nil) {
		lines = append(lines, fmt.Sprintf("(%v)-[%v %s]->(%v)", r[0], r[1], props(r[3]), r[2]))
	}
	slices.Sort(lines)
	return lines
}

// compareDumps reports the lines that are in one dump only, up to ten.
func compareDumps(t *testing.T, gotName string, got []string, wantName string, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	in := func(lines []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range lines {
			m[s] = true
		}
		return m
	}
	gotSet, wantSet := in(got), in(want)
	shown := 0
	for _, s := range got {
		if !wantSet[s] && shown < 10 {
			t.Errorf("only in the %s: %s", gotName, s)
			shown++
		}
	}
	for _, s := range want {
		if !gotSet[s] && shown < 10 {
			t.Errorf("only in the %s: %s", wantName, s)
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("the %s has %d lines, the %s %d", gotName, len(got), wantName, len(want))
	}
}

// schemaState returns the constraints and indexes and their states.
func schemaState(t *testing.T, l *Loader) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		rows := query(t, l, "SHOW INDEXES YIELD name, type, state, owningConstraint RETURN name, type, state, owningConstraint ORDER BY name", nil)
		s := fmt.Sprint(rows)
		if !strings.Contains(s, "POPULATING") || time.Now().After(deadline) {
			return s
		}
		time.Sleep(time.Second)
	}
}
