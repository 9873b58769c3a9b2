package graphml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample returns a small hand-made graph: two documents with three
// paragraphs, four entities with Chinese names and aliases, and three
// triples, two of them parallel edges with different titles.
func sample() *graph.Graph {
	const (
		doc1, sha1 = "001_bda6349dde205a91.txt", "5f2b1c0e9a7d4b3c8e6f1a2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3"
		doc2, sha2 = "002_c133dcbae5c1c16f.txt", "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
		text0      = "西海岸新区工委书记、区委书记孙永红在会上指出，要推进<双招双引>&项目落地。"
		text1      = "会议由孙永红主持。"
		text2      = "西海岸新区工委位于青岛。"
	)
	sun := schema.EntityID(schema.Person, "孙永红")
	org := schema.EntityID(schema.Organisation, "西海岸新区工委")
	qd := schema.EntityID(schema.Place, "青岛")
	prog := schema.EntityID(schema.Programme, "双招双引")
	g := &graph.Graph{
		Documents: []schema.Document{
			{Doc: doc1, SHA256: sha1, ID: schema.DocumentID(doc1, sha1), Paragraphs: 2},
			{Doc: doc2, SHA256: sha2, ID: schema.DocumentID(doc2, sha2), Paragraphs: 1},
		},
		Paragraphs: []schema.Paragraph{
			{Doc: doc1, DocSHA256: sha1, Index: 0, ID: schema.ParagraphID(doc1, 0, text0), Text: text0, SourceStart: 0, SourceEnd: 112},
			{Doc: doc1, DocSHA256: sha1, Index: 1, ID: schema.ParagraphID(doc1, 1, text1), Text: text1, SourceStart: 113, SourceEnd: 140},
			{Doc: doc2, DocSHA256: sha2, Index: 0, ID: schema.ParagraphID(doc2, 0, text2), Text: text2, SourceStart: 0, SourceEnd: 36},
		},
		Entities: []schema.Entity{
			{ID: sun, Type: schema.Person, Name: "孙永红", Aliases: []string{"孙书记", "孙永红书记"}, Mentions: []schema.Mention{
				{Doc: doc1, Paragraph: 0, Start: 14, End: 17, Text: "孙永红"},
				{Doc: doc1, Paragraph: 1, Start: 3, End: 6, Text: "孙永红"},
			}},
			{ID: org, Type: schema.Organisation, Name: "西海岸新区工委", Aliases: []string{}, Mentions: []schema.Mention{
				{Doc: doc1, Paragraph: 0, Start: 0, End: 7, Text: "西海岸新区工委"},
				{Doc: doc2, Paragraph: 0, Start: 0, End: 7, Text: "西海岸新区工委"},
			}},
			{ID: qd, Type: schema.Place, Name: "青岛", Aliases: []string{}, Mentions: []schema.Mention{
				{Doc: doc2, Paragraph: 0, Start: 9, End: 11, Text: "青岛"},
			}},
			{ID: prog, Type: schema.Programme, Name: "双招双引", Aliases: []string{"<双招双引>"}, Mentions: []schema.Mention{
				{Doc: doc1, Paragraph: 0, Start: 27, End: 31, Text: "双招双引"},
			}},
		},
		Triples: []schema.Triple{
			{Subject: sun, Predicate: schema.HoldsPosition, Object: org, Properties: map[string]string{"title": "书记"},
				Provenance: []schema.Provenance{{Doc: doc1, Paragraph: 0, Start: 0, End: 17, Evidence: "西海岸新区工委书记、区委书记孙永红"}},
				Extractor:  "title-before-name", Confidence: 0.9},
			{Subject: sun, Predicate: schema.HoldsPosition, Object: org, Properties: map[string]string{"title": "区委书记"},
				Provenance: []schema.Provenance{
					{Doc: doc1, Paragraph: 0, Start: 10, End: 17, Evidence: "区委书记孙永红"},
					{Doc: doc1, Paragraph: 1, Start: 3, End: 6, Evidence: "孙永红"},
				},
				Extractor: "title-before-name", Confidence: 0.8},
			{Subject: org, Predicate: schema.LocatedIn, Object: qd, Properties: map[string]string{},
				Provenance: []schema.Provenance{{Doc: doc2, Paragraph: 0, Start: 0, End: 11, Evidence: "西海岸新区工委位于青岛"}},
				Extractor:  "located-in", Confidence: 0.75},
		},
	}
	sort.Slice(g.Entities, func(i, j int) bool { return g.Entities[i].ID < g.Entities[j].ID })
	return g
}

// write returns the GraphML of g.
func write(t *testing.T, g *graph.Graph, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, g, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		opt  Options
	}{
		{"entities.graphml", Options{}},
		{"lexical.graphml", Options{Lexical: true}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := write(t, sample(), tt.opt)
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n%s", path, got)
			}
		})
	}
}

// doc is the part of a GraphML document that the tests look at.
type doc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		ID          string `xml:"id,attr"`
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string  `xml:"id,attr"`
			Data []datum `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string  `xml:"id,attr"`
			Source string  `xml:"source,attr"`
			Target string  `xml:"target,attr"`
			Data   []datum `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type datum struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// parse parses b, failing the test if it is not well-formed or breaks the
// GraphML rules this package promises: declared keys used for the right
// kind of element, unique node ids, unique edge ids, edges between nodes.
func parse(t *testing.T, b []byte) doc {
	t.Helper()
	var d doc
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatalf("parsing the output: %v", err)
	}
	if d.Graph.ID != "kg" || d.Graph.EdgeDefault != "directed" {
		t.Errorf("graph id=%q edgedefault=%q", d.Graph.ID, d.Graph.EdgeDefault)
	}
	declared := map[string]string{}
	for _, k := range d.Keys {
		if _, dup := declared[k.ID]; dup {
			t.Errorf("key %s declared twice", k.ID)
		}
		declared[k.ID] = k.For
	}
	checkData := func(kind, id string, data []datum) {
		for _, x := range data {
			if declared[x.Key] != kind {
				t.Errorf("%s %s: data key %q is not a declared %s key", kind, id, x.Key, kind)
			}
		}
	}
	nodes := map[string]bool{}
	for _, n := range d.Graph.Nodes {
		if nodes[n.ID] {
			t.Errorf("duplicate node id %s", n.ID)
		}
		nodes[n.ID] = true
		checkData("node", n.ID, n.Data)
	}
	edges := map[string]bool{}
	for i, e := range d.Graph.Edges {
		if want := fmt.Sprintf("e%d", i); e.ID != want {
			t.Errorf("edge %d has id %q, want %q", i, e.ID, want)
		}
		if edges[e.ID] {
			t.Errorf("duplicate edge id %s", e.ID)
		}
		edges[e.ID] = true
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s joins %s and %s, not both nodes", e.ID, e.Source, e.Target)
		}
		checkData("edge", e.ID, e.Data)
	}
	return d
}

// value returns the value of key in data and whether it is present.
func value(data []datum, key string) (string, bool) {
	for _, x := range data {
		if x.Key == key {
			return x.Value, true
		}
	}
	return "", false
}

func TestParse(t *testing.T) {
	g := sample()
	mentions := 0
	for _, e := range g.Entities {
		mentions += len(e.Mentions)
	}
	tests := []struct {
		name         string
		opt          Options
		nodes, edges int
	}{
		{"entities", Options{}, len(g.Entities), len(g.Triples)},
		{"lexical", Options{Lexical: true},
			len(g.Entities) + len(g.Documents) + len(g.Paragraphs),
			len(g.Triples) + len(g.Paragraphs) + 1 + mentions}, // one NEXT edge
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(t, write(t, g, tt.opt))
			if len(d.Graph.Nodes) != tt.nodes || len(d.Graph.Edges) != tt.edges {
				t.Errorf("got %d nodes, %d edges; want %d, %d", len(d.Graph.Nodes), len(d.Graph.Edges), tt.nodes, tt.edges)
			}
			for i, e := range g.Entities {
				n := d.Graph.Nodes[i]
				name, _ := value(n.Data, "n_name")
				label, _ := value(n.Data, "n_label")
				if n.ID != e.ID || name != e.Name || label != string(e.Type) {
					t.Errorf("node %d: id %s name %q label %q; want %s %q %q", i, n.ID, name, label, e.ID, e.Name, e.Type)
				}
			}
			for i, tr := range g.Triples {
				e := d.Graph.Edges[i]
				pred, _ := value(e.Data, "e_predicate")
				title, hasTitle := value(e.Data, "e_title")
				want := tr.Properties["title"]
				if e.Source != tr.Subject || e.Target != tr.Object || pred != string(tr.Predicate) || title != want || hasTitle != (want != "") {
					t.Errorf("edge %d: %s -%s/%q-> %s; want triple %+v", i, e.Source, pred, title, e.Target, tr)
				}
			}
		})
	}
}

func TestIllegalCharacters(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"C0 controls", "a\x00b\x01c\x1fd", "a\uFFFDb\uFFFDc\uFFFDd"},
		{"allowed whitespace", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"noncharacters", "a\uFFFEb\uFFFF", "a\uFFFDb\uFFFD"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"markup", `<a href="x">&amp;</a>]]>`, `<a href="x">&amp;</a>]]>`},
		{"DEL and C1 controls", "a\x7fb\u0085c", "a\x7fb\u0085c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &graph.Graph{Entities: []schema.Entity{{ID: "id" + tt.in, Type: schema.Person, Name: tt.in, Aliases: []string{tt.in}}}}
			d := parse(t, write(t, g, Options{}))
			if len(d.Graph.Nodes) != 1 {
				t.Fatalf("got %d nodes, want 1", len(d.Graph.Nodes))
			}
			n := d.Graph.Nodes[0]
			name, _ := value(n.Data, "n_name")
			if name != tt.want {
				t.Errorf("name %q, want %q", name, tt.want)
			}
			if n.ID != "id"+tt.want {
				t.Errorf("id %q, want %q", n.ID, "id"+tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		opt    Options
		change func(g *graph.Graph)
		want   string
	}{
		{"unknown subject", Options{}, func(g *graph.Graph) { g.Triples[0].Subject = "nobody" }, `subject "nobody"`},
		{"unknown object", Options{}, func(g *graph.Graph) { g.Triples[2].Object = "nowhere" }, `object "nowhere"`},
		{"duplicate entity", Options{}, func(g *graph.Graph) { g.Entities[1].ID = g.Entities[0].ID }, "duplicate node id"},
		{"paragraph without document", Options{Lexical: true}, func(g *graph.Graph) { g.Documents = g.Documents[:1] }, "no such document"},
		{"mention without paragraph", Options{Lexical: true}, func(g *graph.Graph) { g.Entities[0].Mentions[0].Paragraph = 9 }, "no such paragraph"},
		{"paragraph with an entity's id", Options{Lexical: true}, func(g *graph.Graph) { g.Paragraphs[0].ID = g.Entities[0].ID }, "duplicate node id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := sample()
			tt.change(g)
			var b bytes.Buffer
			err := Write(&b, g, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

var errFail = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

func TestWriteError(t *testing.T) {
	if err := Write(failWriter{}, sample(), Options{Lexical: true}); !errors.Is(err, errFail) {
		t.Errorf("got %v, want %v", err, errFail)
	}
}

func TestEmpty(t *testing.T) {
	d := parse(t, write(t, &graph.Graph{}, Options{Lexical: true}))
	if len(d.Graph.Nodes) != 0 || len(d.Graph.Edges) != 0 {
		t.Errorf("got %d nodes, %d edges; want none", len(d.Graph.Nodes), len(d.Graph.Edges))
	}
}
