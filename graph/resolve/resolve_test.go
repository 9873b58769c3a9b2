package resolve

import (
	"reflect"
	"sort"
	"testing"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// doc is a document under construction: its paragraphs, and the mentions
// and relations found in them, with texts cut from the paragraphs.
type doc struct {
	res extract.Result
}

func newDoc(path string, paras ...string) *doc {
	d := &doc{res: extract.Result{Doc: extract.Document{Path: path, SHA256: "sha-of-" + path}}}
	for i, p := range paras {
		d.res.Doc.Paragraphs = append(d.res.Doc.Paragraphs, schema.Paragraph{Doc: path, DocSHA256: "sha-of-" + path,
			Index: i, ID: schema.ParagraphID(path, i, p), Text: p, SourceStart: 0, SourceEnd: len(p)})
	}
	return d
}

func (d *doc) cut(para, start, end int) string {
	return string([]rune(d.res.Doc.Paragraphs[para].Text)[start:end])
}

// mention adds a mention of (t, name) at [start, end) of paragraph para.
func (d *doc) mention(t schema.EntityType, name string, para, start, end int) *doc {
	d.res.Mentions = append(d.res.Mentions, extract.Mention{Ref: extract.Ref{Type: t, Name: name}, Paragraph: para,
		Start: start, End: end, Text: d.cut(para, start, end), Extractor: "test", Confidence: 0.9})
	return d
}

// relation adds a relation with evidence [start, end) of paragraph para.
func (d *doc) relation(p schema.Predicate, s, o extract.Ref, title string, para, start, end int, extractor string, conf float64) *doc {
	d.res.Relations = append(d.res.Relations, extract.Relation{Predicate: p, Subject: s, Object: o, Title: title,
		Paragraph: para, Start: start, End: end, Evidence: d.cut(para, start, end), Extractor: extractor, Confidence: conf})
	return d
}

var (
	sun  = extract.Ref{Type: schema.Person, Name: "孙永红"}
	org  = extract.Ref{Type: schema.Organisation, Name: "西海岸新区工委"}
	qdP  = extract.Ref{Type: schema.Place, Name: "青岛"}
	qdO  = extract.Ref{Type: schema.Organisation, Name: "青岛"}
	prog = extract.Ref{Type: schema.Programme, Name: "双招双引"}
)

func id(r extract.Ref) string { return schema.EntityID(r.Type, r.Name) }

const (
	textA = "西海岸新区工委书记孙永红在青岛讲话。"          // 西海岸新区工委 0-7, 书记 7-9, 孙永红 9-12, 青岛 13-15
	textB = "会议由西海岸新区工委书记孙永红主持，推进“双招双引”。" // 西海岸新区工委 3-10, 孙永红 12-15, “双招双引” 20-26
)

// docA and docB each mention 孙永红 and 西海岸新区工委 and hold that he is
// its 书记.
func docA() *doc {
	return newDoc("a.txt", textA).
		mention(schema.Organisation, org.Name, 0, 0, 7).
		mention(schema.Person, sun.Name, 0, 9, 12).
		mention(schema.Place, qdP.Name, 0, 13, 15).
		relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "title-before-name", 0.9)
}

func docB() *doc {
	return newDoc("b.txt", textB).
		mention(schema.Organisation, org.Name, 0, 3, 10).
		mention(schema.Person, sun.Name, 0, 12, 15).
		mention(schema.Programme, prog.Name, 0, 20, 26).
		relation(schema.HoldsPosition, sun, org, "书记", 0, 3, 15, "title-before-name", 0.9)
}

func resolveAll(docs ...*doc) *graph.Graph {
	var r Resolver
	for _, d := range docs {
		r.Add(d.res)
	}
	return r.Graph()
}

func entity(g *graph.Graph, r extract.Ref) *schema.Entity {
	for i := range g.Entities {
		if g.Entities[i].ID == id(r) {
			return &g.Entities[i]
		}
	}
	return nil
}

// checkSorted checks the order graph.Graph documents.
func checkSorted(t *testing.T, g *graph.Graph) {
	t.Helper()
	if !sort.SliceIsSorted(g.Documents, func(i, j int) bool { return g.Documents[i].Doc < g.Documents[j].Doc }) {
		t.Error("documents not sorted")
	}
	if !sort.SliceIsSorted(g.Paragraphs, func(i, j int) bool {
		a, b := g.Paragraphs[i], g.Paragraphs[j]
		return a.Doc < b.Doc || a.Doc == b.Doc && a.Index < b.Index
	}) {
		t.Error("paragraphs not sorted")
	}
	for i := 1; i < len(g.Entities); i++ {
		if g.Entities[i-1].ID >= g.Entities[i].ID {
			t.Errorf("entities not sorted by unique id at %d", i)
		}
	}
	for i := 1; i < len(g.Triples); i++ {
		a, b := g.Triples[i-1], g.Triples[i]
		ka := []string{a.Subject, string(a.Predicate), a.Object, a.Properties["title"]}
		kb := []string{b.Subject, string(b.Predicate), b.Object, b.Properties["title"]}
		less := false
		for k := range ka {
			if ka[k] != kb[k] {
				less = ka[k] < kb[k]
				break
			}
		}
		if !less {
			t.Errorf("triples not sorted by unique key at %d", i)
		}
	}
	for _, e := range g.Entities {
		if e.Aliases == nil {
			t.Errorf("%s: nil aliases", e.Name)
		}
		if !sort.SliceIsSorted(e.Mentions, func(i, j int) bool { return mentionLess(e.Mentions[i], e.Mentions[j]) }) {
			t.Errorf("%s: mentions not sorted", e.Name)
		}
	}
}

func TestResolver(t *testing.T) {
	for _, tc := range []struct {
		name  string
		docs  []*doc
		check func(t *testing.T, g *graph.Graph)
	}{
		{
			name: "same entity in two documents merges, mentions sorted",
			docs: []*doc{docB(), docA()}, // out of order on purpose
			check: func(t *testing.T, g *graph.Graph) {
				if len(g.Entities) != 4 {
					t.Errorf("%d entities, want 4 (孙永红, 西海岸新区工委, 青岛, 双招双引)", len(g.Entities))
				}
				e := entity(g, sun)
				if e == nil {
					t.Fatal("no entity 孙永红")
				}
				want := []schema.Mention{
					{Doc: "a.txt", Paragraph: 0, Start: 9, End: 12, Text: "孙永红"},
					{Doc: "b.txt", Paragraph: 0, Start: 12, End: 15, Text: "孙永红"},
				}
				if e.Type != schema.Person || e.Name != "孙永红" || !reflect.DeepEqual(e.Mentions, want) {
					t.Errorf("entity %+v, want Person 孙永红 with mentions %+v", *e, want)
				}
				if len(g.Documents) != 2 || g.Documents[0].Doc != "a.txt" || g.Documents[0].ID != schema.DocumentID("a.txt", "sha-of-a.txt") || g.Documents[0].Paragraphs != 1 {
					t.Errorf("documents %+v", g.Documents)
				}
				if len(g.Paragraphs) != 2 || g.Paragraphs[0].Text != textA || g.Paragraphs[1].Text != textB {
					t.Errorf("paragraphs %+v", g.Paragraphs)
				}
			},
		},
		{
			name: "mentions within a document sorted by paragraph and offset",
			docs: []*doc{newDoc("c.txt", "孙永红讲话。", "孙永红、孙永红主持。").
				mention(schema.Person, sun.Name, 1, 4, 7).
				mention(schema.Person, sun.Name, 1, 0, 3).
				mention(schema.Person, sun.Name, 0, 0, 3)},
			check: func(t *testing.T, g *graph.Graph) {
				e := entity(g, sun)
				want := []schema.Mention{
					{Doc: "c.txt", Paragraph: 0, Start: 0, End: 3, Text: "孙永红"},
					{Doc: "c.txt", Paragraph: 1, Start: 0, End: 3, Text: "孙永红"},
					{Doc: "c.txt", Paragraph: 1, Start: 4, End: 7, Text: "孙永红"},
				}
				if e == nil || !reflect.DeepEqual(e.Mentions, want) {
					t.Errorf("entity %+v, want mentions %+v", e, want)
				}
			},
		},
		{
			name: "a local name is one entity per document, a global one merges",
			docs: localDocs(),
			check: func(t *testing.T, g *graph.Graph) {
				var local []schema.Entity
				for _, e := range g.Entities {
					if e.Name == "市委" {
						local = append(local, e)
					}
				}
				if len(local) != 2 || local[0].ID == local[1].ID {
					t.Fatalf("entities named 市委: %+v, want two, one per document", local)
				}
				for _, e := range local {
					if len(e.Mentions) != 1 || e.ID != schema.LocalEntityID(schema.Organisation, "市委", e.Mentions[0].Doc) {
						t.Errorf("市委 %+v: want one mention and the id local to its document", e)
					}
				}
				if e := entity(g, sun); e == nil || len(e.Mentions) != 2 {
					t.Errorf("孙永红 %+v: want one entity with a mention in each document", e)
				}
				if len(g.Triples) != 2 || g.Triples[0].Object == g.Triples[1].Object {
					t.Errorf("triples %+v: want 孙永红 in each document's own 市委", g.Triples)
				}
			},
		},
		{
			name: "same name with different types stays apart",
			docs: []*doc{newDoc("a.txt", "青岛市委在青岛开会。").
				mention(schema.Organisation, qdO.Name, 0, 0, 2).
				mention(schema.Place, qdP.Name, 0, 5, 7)},
			check: func(t *testing.T, g *graph.Graph) {
				p, o := entity(g, qdP), entity(g, qdO)
				if len(g.Entities) != 2 || p == nil || o == nil || p.ID == o.ID {
					t.Fatalf("entities %+v, want Place 青岛 and Organisation 青岛 apart", g.Entities)
				}
				if len(p.Mentions) != 1 || p.Mentions[0].Start != 5 || len(o.Mentions) != 1 || o.Mentions[0].Start != 0 {
					t.Errorf("mentions mixed up: Place %+v, Organisation %+v", p.Mentions, o.Mentions)
				}
			},
		},
		{
			name: "same relation in two documents is one triple with two provenance entries",
			docs: []*doc{docB(), docA()},
			check: func(t *testing.T, g *graph.Graph) {
				want := []schema.Triple{{Subject: id(sun), Predicate: schema.HoldsPosition, Object: id(org),
					Properties: map[string]string{"title": "书记"},
					Provenance: []schema.Provenance{
						{Doc: "a.txt", Paragraph: 0, Start: 0, End: 12, Evidence: "西海岸新区工委书记孙永红"},
						{Doc: "b.txt", Paragraph: 0, Start: 3, End: 15, Evidence: "西海岸新区工委书记孙永红"},
					},
					Extractor: "title-before-name", Confidence: 0.9}}
				if !reflect.DeepEqual(g.Triples, want) {
					t.Errorf("triples\n got %+v\nwant %+v", g.Triples, want)
				}
			},
		},
		{
			name: "different titles are different triples",
			docs: []*doc{docA(), newDoc("d.txt", "西海岸新区工委副书记孙永红").
				mention(schema.Organisation, org.Name, 0, 0, 7).
				mention(schema.Person, sun.Name, 0, 10, 13).
				relation(schema.HoldsPosition, sun, org, "副书记", 0, 0, 13, "title-before-name", 0.9)},
			check: func(t *testing.T, g *graph.Graph) {
				if len(g.Triples) != 2 {
					t.Fatalf("%d triples, want 2", len(g.Triples))
				}
				if g.Triples[0].Properties["title"] != "书记" || g.Triples[1].Properties["title"] != "副书记" {
					t.Errorf("titles %q and %q", g.Triples[0].Properties["title"], g.Triples[1].Properties["title"])
				}
			},
		},
		{
			name: "the most confident extractor names a merged triple",
			docs: []*doc{
				newDoc("a.txt", textA).mention(schema.Organisation, org.Name, 0, 0, 7).mention(schema.Person, sun.Name, 0, 9, 12).
					relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "weak", 0.5),
				newDoc("b.txt", textB).mention(schema.Organisation, org.Name, 0, 3, 10).mention(schema.Person, sun.Name, 0, 12, 15).
					relation(schema.HoldsPosition, sun, org, "书记", 0, 3, 15, "strong", 0.8),
			},
			check: func(t *testing.T, g *graph.Graph) {
				if len(g.Triples) != 1 || g.Triples[0].Extractor != "strong" || g.Triples[0].Confidence != 0.8 || len(g.Triples[0].Provenance) != 2 {
					t.Errorf("triples %+v, want one by strong at 0.8 with two provenance entries", g.Triples)
				}
			},
		},
		{
			name: "aliases are the distinct cleaned forms other than the name",
			docs: []*doc{
				newDoc("a.txt", "“孙永红”说，孙永红书记和孙 永红、孙永红书记都到了。").
					mention(schema.Person, sun.Name, 0, 0, 5).   // “孙永红”: the name once cleaned
					mention(schema.Person, sun.Name, 0, 7, 12).  // 孙永红书记
					mention(schema.Person, sun.Name, 0, 13, 17). // 孙 永红: the name once cleaned
					mention(schema.Person, sun.Name, 0, 18, 23), // 孙永红书记 again
				newDoc("b.txt", "孙书记到了《双招双引》现场，“双招双引”。").
					mention(schema.Person, sun.Name, 0, 0, 3). // 孙书记
					mention(schema.Programme, prog.Name, 0, 5, 11).
					mention(schema.Programme, prog.Name, 0, 14, 20),
			},
			check: func(t *testing.T, g *graph.Graph) {
				for _, tc := range []struct {
					ref  extract.Ref
					want []string
				}{
					{sun, []string{"孙书记", "孙永红书记"}},
					{prog, []string{}},
				} {
					e := entity(g, tc.ref)
					if e == nil {
						t.Fatalf("no entity %s", tc.ref.Name)
					}
					if e.Aliases == nil || !reflect.DeepEqual(e.Aliases, tc.want) {
						t.Errorf("%s: aliases %#v, want %#v", tc.ref.Name, e.Aliases, tc.want)
					}
				}
				if e := entity(g, sun); e != nil && len(e.Mentions) != 5 {
					t.Errorf("%d mentions of 孙永红, want 5", len(e.Mentions))
				}
			},
		},
		{
			name: "entities without mentions and their triples are dropped",
			docs: []*doc{newDoc("a.txt", textA).
				mention(schema.Person, sun.Name, 0, 9, 12).
				mention(schema.Place, qdP.Name, 0, 13, 15).
				relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "title-before-name", 0.9). // org never mentioned
				relation(schema.LocatedIn, org, qdP, "", 0, 0, 15, "located", 0.7).                 // nor here
				relation(schema.ParticipatesIn, sun, prog, "", 0, 9, 15, "participates", 0.6)},     // nor prog
			check: func(t *testing.T, g *graph.Graph) {
				if entity(g, org) != nil || entity(g, prog) != nil || len(g.Entities) != 2 {
					t.Errorf("entities %+v, want only 孙永红 and 青岛", g.Entities)
				}
				if len(g.Triples) != 0 {
					t.Errorf("triples %+v, want none", g.Triples)
				}
			},
		},
		{
			name: "relations without a title have empty properties",
			docs: []*doc{newDoc("a.txt", "西海岸新区工委位于青岛。").
				mention(schema.Organisation, org.Name, 0, 0, 7).
				mention(schema.Place, qdP.Name, 0, 9, 11).
				relation(schema.LocatedIn, org, qdP, "", 0, 0, 11, "located", 0.7)},
			check: func(t *testing.T, g *graph.Graph) {
				if len(g.Triples) != 1 || g.Triples[0].Properties == nil || len(g.Triples[0].Properties) != 0 {
					t.Errorf("triples %+v, want one with {} properties", g.Triples)
				}
			},
		},
		{
			name: "nothing added",
			check: func(t *testing.T, g *graph.Graph) {
				if len(g.Documents)+len(g.Paragraphs)+len(g.Entities)+len(g.Triples) != 0 {
					t.Errorf("graph %+v, want empty", g)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := resolveAll(tc.docs...)
			checkSorted(t, g)
			tc.check(t, g)
		})
	}
}

// TestOrderWithinDocument checks that the graph does not depend on the
// order in which the extractors reported mentions and relations.
func TestOrderWithinDocument(t *testing.T) {
	base := func() *doc {
		return newDoc("a.txt", textA, textB).
			mention(schema.Organisation, org.Name, 0, 0, 7).
			mention(schema.Person, sun.Name, 0, 9, 12).
			mention(schema.Place, qdP.Name, 0, 13, 15).
			mention(schema.Organisation, org.Name, 1, 3, 10).
			mention(schema.Person, sun.Name, 1, 12, 15).
			mention(schema.Programme, prog.Name, 1, 20, 26).
			relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "title-before-name", 0.9).
			relation(schema.HoldsPosition, sun, org, "书记", 1, 3, 15, "b-rule", 0.9).
			relation(schema.HoldsPosition, sun, org, "书记", 1, 3, 15, "a-rule", 0.9).
			relation(schema.LocatedIn, org, qdP, "", 0, 0, 15, "located", 0.7).
			relation(schema.ParticipatesIn, org, prog, "", 1, 3, 26, "participates", 0.6)
	}
	want := resolveAll(base())
	if len(want.Triples) != 3 || len(want.Entities) != 4 {
		t.Fatalf("reference graph has %d entities and %d triples, want 4 and 3", len(want.Entities), len(want.Triples))
	}
	for _, tr := range want.Triples {
		if tr.Predicate == schema.HoldsPosition && tr.Extractor != "a-rule" {
			t.Errorf("HOLDS_POSITION by %q, want a-rule, the least name among the most confident", tr.Extractor)
		}
	}
	for _, tc := range []struct {
		name    string
		permute func(d *doc)
	}{
		{"relations reversed", func(d *doc) { reverse(d.res.Relations) }},
		{"mentions reversed", func(d *doc) { reverse(d.res.Mentions) }},
		{"both reversed", func(d *doc) { reverse(d.res.Relations); reverse(d.res.Mentions) }},
		{"relations rotated", func(d *doc) {
			rs := d.res.Relations
			d.res.Relations = append(append([]extract.Relation(nil), rs[2:]...), rs[:2]...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := base()
			tc.permute(d)
			if got := resolveAll(d); !reflect.DeepEqual(got, want) {
				t.Errorf("graph differs:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func reverse[T any](xs []T) {
	for i, j := 0, len(xs)-1; i < j; i, j = i+1, j-1 {
		xs[i], xs[j] = xs[j], xs[i]
	}
}

func TestCleanForm(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"孙永红", "孙永红"},
		{"“双招双引”", "双招双引"},
		{"《双招双引》", "双招双引"},
		{"孙 永红", "孙永红"},
		{"孙\u3000永红", "孙永红"},
		{"'A' \"B\"", "AB"},
		{"", ""},
		{"孙\xff永红", "孙\ufffd永红"}, // invalid UTF-8 as ranging over the string gives it
	} {
		if got := cleanForm(tc.in); got != tc.want {
			t.Errorf("cleanForm(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// localDocs are two documents that each name a 市委 without its city, and
// the same person holding a post in it.
func localDocs() []*doc {
	sw := extract.Ref{Type: schema.Organisation, Name: "市委", Local: true}
	var docs []*doc
	for _, path := range []string{"a.txt", "b.txt"} {
		docs = append(docs, newDoc(path, "市委书记孙永红讲话。").
			mention(schema.Organisation, sw.Name, 0, 0, 2).
			mention(schema.Person, sun.Name, 0, 4, 7).
			relation(schema.HoldsPosition, sun, sw, "书记", 0, 0, 7, "test", 0.9))
	}
	for _, d := range docs {
		d.res.Mentions[0].Local = true
	}
	return docs
}
