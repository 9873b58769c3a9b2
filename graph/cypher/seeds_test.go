package cypher

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

// The tests of this file build the seed corpus with the real pipeline,
// load it as `kg build --neo4j-uri` does, and check the server against
// the files of the build: every expected count and row is derived from
// documents.jsonl, entities.jsonl, triples.jsonl and manifest.json.

// seedsDir is the default corpus at the root of the module.
const seedsDir = "../../seeds"

var (
	pipelineOnce   sync.Once
	pipelineShared *build.Pipeline
	pipelineErr    error
)

// seedPipeline returns the Pipeline shared by the tests of the binary:
// loading the segmenter's dictionary takes over a second.
func seedPipeline(t *testing.T) *build.Pipeline {
	t.Helper()
	pipelineOnce.Do(func() { pipelineShared, pipelineErr = build.NewPipeline() })
	if pipelineErr != nil {
		t.Fatal(pipelineErr)
	}
	return pipelineShared
}

// output is one build: the graph that Load writes and the files the
// build wrote, read back.
type output struct {
	graph      *graph.Graph
	manifest   schema.Manifest
	paragraphs []schema.Paragraph
	entities   []schema.Entity
	triples    []schema.Triple

	entity map[string]schema.Entity     // by id
	para   map[paraKey]schema.Paragraph // by doc and index
}

// buildCorpus builds the folder in into a temporary folder, as `kg build`
// does, and reads the files back.
func buildCorpus(t *testing.T, in string) *output {
	t.Helper()
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC) }
	res, err := seedPipeline(t).Run(context.Background(), build.Config{Inputs: []string{in}, Out: dir,
		ToolVersion: "test", Now: now, KeepGraph: true})
	if err != nil {
		t.Fatalf("build %s: %v", in, err)
	}
	files, err := jsonl.ReadDir(dir) // which checks the manifest's counts against the files
	if err != nil {
		t.Fatal(err)
	}
	o := &output{graph: res.Graph, manifest: files.Manifest, paragraphs: files.Paragraphs, entities: files.Entities,
		triples: files.Triples, entity: map[string]schema.Entity{}, para: map[paraKey]schema.Paragraph{}}
	for _, p := range o.paragraphs {
		o.para[paraKey{p.Doc, p.Index}] = p
	}
	for _, e := range o.entities {
		o.entity[e.ID] = e
	}
	return o
}

// fileCounts returns the nodes per label and relationships per type that
// o's files say a load into an empty database gives, as the graph model
// maps them: a Document per document and a Paragraph per line of
// documents.jsonl, joined by HAS_PARAGRAPH and, in reading order, NEXT; a
// node labelled with its type per line of entities.jsonl; a MENTIONS per
// mention, merged on (paragraph, entity, start); a relationship typed with
// its predicate per line of triples.jsonl, merged on (subject, predicate,
// object) and the title of HOLDS_POSITION. It also returns the rows Load
// sends, which it reports as Stats.
func fileCounts(o *output) (labels, types map[string]int, rows Stats) {
	labels, types = map[string]int{}, map[string]int{}
	labels[schema.LabelDocument] = o.manifest.Documents
	labels[schema.LabelParagraph] = len(o.paragraphs)
	types[schema.RelHasParagraph] = len(o.paragraphs)
	for _, p := range o.paragraphs {
		if _, ok := o.para[paraKey{p.Doc, p.Index - 1}]; ok {
			types[schema.RelNext]++
		}
	}
	rows.Nodes = o.manifest.Documents + len(o.paragraphs) + len(o.entities)
	rows.Relationships = 2*len(o.paragraphs) - o.manifest.Documents + len(o.triples)

	mentions := map[string]bool{}
	for _, e := range o.entities {
		labels[string(e.Type)]++
		for _, m := range e.Mentions {
			mentions[fmt.Sprint(m.Doc, "\x00", m.Paragraph, "\x00", e.ID, "\x00", m.Start)] = true
			rows.Relationships++
		}
	}
	types[schema.RelMentions] = len(mentions)
	relations := map[string]bool{}
	for _, t := range o.triples {
		key := []string{t.Subject, string(t.Predicate), t.Object}
		if t.Predicate == schema.HoldsPosition {
			key = append(key, t.Properties["title"])
		}
		relations[strings.Join(key, "\x00")] = true
	}
	for k := range relations {
		types[strings.Split(k, "\x00")[1]]++
	}
	for _, m := range []map[string]int{labels, types} {
		for k, n := range m {
			if n == 0 {
				delete(m, k) // the server counts only what is there
			}
		}
	}
	return labels, types, rows
}

// checkCounts compares the server's counts with those of fileCounts.
func checkCounts(t *testing.T, l *Loader, o *output, when string) {
	t.Helper()
	labels, types, err := l.counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantLabels, wantTypes, _ := fileCounts(o)
	if got, want := formatCounts(labels), formatCounts(wantLabels); got != want {
		t.Errorf("%s, nodes: %s\nfiles say          %s", when, got, want)
	}
	if got, want := formatCounts(types), formatCounts(wantTypes); got != want {
		t.Errorf("%s, relationships: %s\nfiles say                  %s", when, got, want)
	}
}

// TestSeedsLoad loads the seeds twice, as `kg build --neo4j-uri` does, and
// checks the schema, the counts against the build's files, and that the
// second load changes nothing.
func TestSeedsLoad(t *testing.T) {
	l := openTest(t)
	seeds := buildCorpus(t, seedsDir)
	ctx := context.Background()
	_, _, wantStats := fileCounts(seeds)
	var prints []string
	for i := range 2 {
		when := fmt.Sprintf("load %d", i+1)
		if err := l.ApplySchema(ctx); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		stats, err := l.Load(ctx, seeds.graph)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if stats != wantStats {
			t.Errorf("%s: Load wrote %+v rows, files give %+v", when, stats, wantStats)
		}
		checkCounts(t, l, seeds, when)
		fp, err := l.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		prints = append(prints, fp)
	}
	if prints[0] != prints[1] {
		t.Errorf("the second load changed the database:\nfirst  %s\nsecond %s", prints[0], prints[1])
	}
	t.Logf("seeds: %s", prints[1])

	// Every constraint and index of the model exists and is online.
	constraints := map[string]bool{}
	for _, r := range query(t, l, "SHOW CONSTRAINTS YIELD name", nil) {
		constraints[r[0].(string)] = true
	}
	indexes := map[string]string{}
	// The server's own token lookup indexes are not the model's.
	for _, r := range query(t, l, "SHOW INDEXES YIELD name, state, type WHERE type <> 'LOOKUP'", nil) {
		indexes[r[0].(string)] = r[1].(string)
	}
	stmt := regexp.MustCompile(`^CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS`)
	stmts := schema.GraphModel().Statements()
	wantConstraints := 0
	for _, s := range stmts {
		m := stmt.FindStringSubmatch(s)
		if m == nil {
			t.Errorf("cannot tell the name of %q", s)
			continue
		}
		if m[1] == "CONSTRAINT" {
			wantConstraints++
			if !constraints[m[2]] {
				t.Errorf("no constraint %s after loading the seeds", m[2])
			}
		}
		// A uniqueness constraint comes with an index of its name.
		if state := indexes[m[2]]; state != "ONLINE" {
			t.Errorf("index %s is %q, want ONLINE", m[2], state)
		}
	}
	if len(constraints) != wantConstraints || len(indexes) != len(stmts) {
		t.Errorf("%d constraints and %d indexes, want %d and %d, those of the model: %v %v",
			len(constraints), len(indexes), wantConstraints, len(stmts), constraints, indexes)
	}
}

// TestSeedsChangedDocument builds the seeds, then a copy of them with one
// document edited, loads one build after the other and checks that the
// database is as if only the edited build had been loaded into an empty
// one.
func TestSeedsChangedDocument(t *testing.T) {
	l := openTest(t)
	seeds := buildCorpus(t, seedsDir)
	target := richestParagraph(t, seeds)
	t.Logf("editing %s paragraph %d", target.Doc, target.Index)
	tests := []struct {
		name string
		edit func(src []byte) []byte // src: the file; its paragraph is src[target.SourceStart:target.SourceEnd]
	}{
		{"paragraph removed", func(src []byte) []byte {
			return slices.Concat(src[:target.SourceStart], src[target.SourceEnd:])
		}},
		{"paragraph rewritten", func(src []byte) []byte {
			return slices.Concat(src[:target.SourceStart], []byte("会议结束。"), src[target.SourceEnd:])
		}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(seedsDir)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.FromSlash(target.Doc))
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.edit(src), 0o644); err != nil {
				t.Fatal(err)
			}
			changed := buildCorpus(t, dir)
			if lost := lostByEdit(seeds, changed); len(lost) == 0 {
				t.Fatal("the edit removes no entity and no relation, so the test could not see stale ones")
			} else {
				t.Logf("the edit removes %d entities and relations, e.g. %s", len(lost), lost[0])
			}

			wipe(t, l)
			if _, err := l.Load(ctx, changed.graph); err != nil {
				t.Fatal(err)
			}
			want, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}

			wipe(t, l)
			for _, b := range []*output{seeds, changed} {
				if _, err := l.Load(ctx, b.graph); err != nil {
					t.Fatal(err)
				}
			}
			got, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("the edited build over the seeds:\n got %s\nwant %s (the edited build alone)", got, want)
			}
			checkCounts(t, l, changed, "edited build over the seeds")
		})
	}
}

// richestParagraph returns the paragraph of o that supports the most
// entities and relations that nothing else supports: removing it from its
// document makes them go.
func richestParagraph(t *testing.T, o *output) schema.Paragraph {
	t.Helper()
	only := map[paraKey]int{}
	for _, e := range o.entities {
		if k, ok := single(e.Mentions, func(m schema.Mention) paraKey { return paraKey{m.Doc, m.Paragraph} }); ok {
			only[k]++
		}
	}
	for _, tr := range o.triples {
		if k, ok := single(tr.Provenance, func(p schema.Provenance) paraKey { return paraKey{p.Doc, p.Paragraph} }); ok {
			only[k]++
		}
	}
	var best schema.Paragraph
	n := 0
	for _, p := range o.paragraphs { // in (doc, index) order, so the first of equals wins
		if c := only[paraKey{p.Doc, p.Index}]; c > n {
			best, n = p, c
		}
	}
	if n == 0 {
		t.Fatal("no paragraph of the seeds is the only support of an entity or a relation")
	}
	return best
}

// single returns the one key of xs, and false if xs have none or several.
func single[T any](xs []T, key func(T) paraKey) (paraKey, bool) {
	if len(xs) == 0 {
		return paraKey{}, false
	}
	k := key(xs[0])
	for _, x := range xs[1:] {
		if key(x) != k {
			return paraKey{}, false
		}
	}
	return k, true
}

// lostByEdit returns the entities and relations of before that after lacks.
func lostByEdit(before, after *output) []string {
	var lost []string
	for id, e := range before.entity {
		if _, ok := after.entity[id]; !ok {
			lost = append(lost, fmt.Sprintf("%s %s", e.Type, e.Name))
		}
	}
	have := map[string]bool{}
	key := func(t schema.Triple) string {
		return strings.Join([]string{t.Subject, string(t.Predicate), t.Object, t.Properties["title"]}, " ")
	}
	for _, t := range after.triples {
		have[key(t)] = true
	}
	for _, t := range before.triples {
		if !have[key(t)] {
			lost = append(lost, fmt.Sprintf("%s %s %s", before.entity[t.Subject].Name, t.Predicate, before.entity[t.Object].Name))
		}
	}
	slices.Sort(lost)
	return lost
}

// cookbookCase is a run of a cookbook query on the loaded seeds.
type cookbookCase struct {
	file   string
	params map[string]any
	want   [][]any // derived from the build's files
	order  []int   // the columns of the query's ORDER BY; nil: ordered by score
	cols   int     // compare the first cols columns; 0 means all
}

// TestSeedsQueries runs every query of the cookbook on the loaded seeds
// and compares its rows with those the build's files give.
func TestSeedsQueries(t *testing.T) {
	l := openTest(t)
	seeds := buildCorpus(t, seedsDir)
	tests := cookbookCases(t, seeds)

	files, err := filepath.Glob(filepath.Join(queriesDir, "*.cypher"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in %s: %v", queriesDir, err)
	}
	rows := map[string]int{}
	for _, tt := range tests {
		rows[tt.file] += len(tt.want)
	}
	for _, f := range files {
		if rows[filepath.Base(f)] == 0 {
			t.Errorf("%s has no test case on the seeds that returns rows", f)
		}
	}

	if _, err := l.Load(context.Background(), seeds.graph); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(queriesDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got [][]any
			last := 0.0
			for i, row := range query(t, l, string(src), tt.params) {
				if tt.cols > 0 {
					// ORDER BY score DESC: positive scores, none above the last.
					score, ok := row[len(row)-1].(float64)
					if !ok || score <= 0 || i > 0 && score > last {
						t.Errorf("row %d %v: want a positive score last, at most %v", i, row, last)
					}
					last = score
					row = row[:tt.cols]
				}
				got = append(got, row)
			}
			t.Logf("%v: %d rows", tt.params, len(got))
			checkRows(t, tt, got)
		})
	}
}

// checkRows compares the rows of a query with those of tt: the same
// multiset of rows, in the order of tt.order. Rows equal in the order's
// columns may come in any order; so may all rows of a query ordered by
// score, of which checkRows checks the score (the column after tt.cols)
// and that a LIMIT cut off only rows of tt.want.
func checkRows(t *testing.T, tt cookbookCase, got [][]any) {
	t.Helper()
	name := fmt.Sprintf("%s with %v", tt.file, tt.params)
	var gotRows, wantRows []string
	for i, row := range got {
		if i > 0 && compareRows(got[i-1], row, tt.order) > 0 {
			t.Errorf("%s: row %d %v comes after %v", name, i, row, got[i-1])
		}
		gotRows = append(gotRows, fmt.Sprint(row))
	}
	for _, row := range tt.want {
		wantRows = append(wantRows, fmt.Sprint(row))
	}
	slices.Sort(gotRows)
	slices.Sort(wantRows)
	if limit := len(gotRows); tt.order == nil && limit == 20 && len(wantRows) > limit {
		// LIMIT 20 of more matches: each row must be one of them.
		for _, r := range gotRows {
			if _, ok := slices.BinarySearch(wantRows, r); !ok {
				t.Errorf("%s: row %s is not one of the %d the files give", name, r, len(wantRows))
			}
		}
		return
	}
	if strings.Join(gotRows, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("%s:\n got %s\nwant %s", name, strings.Join(gotRows, "\n     "), strings.Join(wantRows, "\n     "))
	}
}

// compareRows compares rows a and b by the columns cols, as ORDER BY does:
// nulls last, numbers as numbers.
func compareRows(a, b []any, cols []int) int {
	for _, c := range cols {
		if n := compareValues(a[c], b[c]); n != 0 {
			return n
		}
	}
	return 0
}

func compareValues(x, y any) int {
	switch {
	case x == nil && y == nil:
		return 0
	case x == nil:
		return 1
	case y == nil:
		return -1
	}
	xi, xok := x.(int64)
	yi, yok := y.(int64)
	if xok && yok {
		return cmp.Compare(xi, yi)
	}
	return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
}

// cookbookCases returns the cases of TestSeedsQueries, with parameters
// picked from the build's files (the person with the most relations, …)
// and the rows the files say each returns.
func cookbookCases(t *testing.T, o *output) []cookbookCase {
	t.Helper()
	relations := map[string]int{} // per entity id
	holds := map[string]int{}     // HOLDS_POSITION per organisation id
	runs := map[string]int{}      // RUNS and PARTICIPATES_IN per programme id
	placed := map[string]int{}    // LOCATED_IN per place id
	for _, tr := range o.triples {
		relations[tr.Subject]++
		relations[tr.Object]++
		switch tr.Predicate {
		case schema.HoldsPosition:
			holds[tr.Object]++
		case schema.Runs, schema.ParticipatesIn:
			runs[tr.Object]++
		case schema.LocatedIn:
			placed[tr.Object]++
		}
	}
	// most returns the name of the entity of type typ with the highest
	// count, the first by name of equals.
	most := func(typ schema.EntityType, count map[string]int) string {
		var name string
		n := 0
		for _, e := range o.entities {
			if c := count[e.ID]; e.Type == typ && (c > n || c == n && c > 0 && e.Name < name) {
				name, n = e.Name, c
			}
		}
		if n == 0 {
			t.Fatalf("the seeds have no %s with a relation", typ)
		}
		return name
	}
	person := most(schema.Person, relations)
	if lastBigram(person) == "" {
		t.Fatalf("the name %q does not end in two Chinese characters to search for", person)
	}
	org := most(schema.Organisation, holds)
	programme := most(schema.Programme, runs)
	place := most(schema.Place, placed)

	tests := []cookbookCase{
		{file: "who_holds_what.cypher", params: map[string]any{"organisation": nil}},
		{file: "who_holds_what.cypher", params: map[string]any{"organisation": org}},
		{file: "who_holds_what.cypher", params: map[string]any{"organisation": "不存在的机构"}},
		{file: "person.cypher", params: map[string]any{"name": person}},
		{file: "person.cypher", params: map[string]any{"name": "不存在的人"}},
		{file: "org_programmes.cypher", params: map[string]any{"programme": nil}},
		{file: "org_programmes.cypher", params: map[string]any{"programme": programme}},
		{file: "relation_source.cypher", params: map[string]any{"subject": nil, "object": nil}},
		{file: "relation_source.cypher", params: map[string]any{"subject": person, "object": nil}},
		{file: "relation_source.cypher", params: map[string]any{"subject": nil, "object": place}},
		{file: "fulltext.cypher", params: map[string]any{"q": lastBigram(person)}},
		{file: "fulltext.cypher", params: map[string]any{"q": "北京"}},
	}
	// A person found by an alias, and one without relations, if the
	// seeds have them.
	var alias, loner string
	for _, e := range o.entities {
		if e.Type == schema.Person && alias == "" && len(e.Aliases) > 0 {
			alias = e.Aliases[0]
		}
		if e.Type == schema.Person && loner == "" && relations[e.ID] == 0 {
			loner = e.Name
		}
	}
	for _, name := range []string{alias, loner} {
		if name != "" {
			tests = append(tests, cookbookCase{file: "person.cypher", params: map[string]any{"name": name}})
		}
	}
	// An entity found by a fragment of an alias that is not in its name,
	// if the seeds have one.
	for _, e := range o.entities {
		if q := aliasBigram(e); q != "" {
			tests = append(tests, cookbookCase{file: "fulltext.cypher", params: map[string]any{"q": q}})
			break
		}
	}
	// The fragment in the most names, up to the query's LIMIT of 20.
	bigrams := map[string]int{}
	for _, e := range o.entities {
		seen := map[string]bool{}
		for _, s := range append([]string{e.Name}, e.Aliases...) {
			for _, q := range hanBigrams(s) {
				if !seen[q] {
					seen[q] = true
					bigrams[q]++
				}
			}
		}
	}
	common := ""
	for q, n := range bigrams {
		if m := bigrams[common]; n <= 20 && (n > m || n == m && q < common) {
			common = q
		}
	}
	tests = append(tests, cookbookCase{file: "fulltext.cypher", params: map[string]any{"q": common}})

	for i := range tests {
		tt := &tests[i]
		switch tt.file {
		case "who_holds_what.cypher":
			tt.want, tt.order = wantHolds(o, tt.params["organisation"]), []int{0, 2, 1}
		case "person.cypher":
			tt.want, tt.order = wantPerson(o, tt.params["name"].(string)), []int{0, 3, 7, 5}
		case "org_programmes.cypher":
			tt.want, tt.order = wantRuns(o, tt.params["programme"]), []int{0, 1}
		case "relation_source.cypher":
			tt.want, tt.order = wantSources(o, tt.params["subject"], tt.params["object"]), []int{0, 1, 3, 2, 5, 6}
		case "fulltext.cypher":
			tt.want, tt.cols = wantFulltext(o, tt.params["q"].(string)), 3
		}
	}
	return tests
}

// title returns the title of tr, or nil if it has none.
func title(tr schema.Triple) any {
	if v, ok := tr.Properties["title"]; ok {
		return v
	}
	return nil
}

// evidence returns the evidence of each provenance of tr.
func evidence(tr schema.Triple) []string {
	var ev []string
	for _, p := range tr.Provenance {
		ev = append(ev, p.Evidence)
	}
	return ev
}

// wantHolds returns the rows of who_holds_what.cypher: person, title,
// organisation, evidence.
func wantHolds(o *output, org any) [][]any {
	var rows [][]any
	for _, tr := range o.triples {
		s, ob := o.entity[tr.Subject], o.entity[tr.Object]
		if tr.Predicate != schema.HoldsPosition || s.Type != schema.Person || ob.Type != schema.Organisation ||
			org != nil && ob.Name != org {
			continue
		}
		rows = append(rows, []any{s.Name, title(tr), ob.Name, evidence(tr)})
	}
	return rows
}

// wantPerson returns the rows of person.cypher: person, aliases,
// mentioned_in, relation, direction, title, other_label, other, evidence.
func wantPerson(o *output, name string) [][]any {
	var rows [][]any
	for _, p := range o.entities {
		if p.Type != schema.Person || p.Name != name && !slices.Contains(p.Aliases, name) {
			continue
		}
		var docs []string
		for _, m := range p.Mentions {
			docs = append(docs, m.Doc)
		}
		slices.Sort(docs)
		docs = slices.Compact(docs)
		n := len(rows)
		for _, tr := range o.triples {
			other, dir := o.entity[tr.Object], "out"
			if tr.Subject != p.ID {
				other, dir = o.entity[tr.Subject], "in"
			}
			if tr.Subject == p.ID || tr.Object == p.ID {
				rows = append(rows, []any{p.Name, p.Aliases, docs, string(tr.Predicate), dir, title(tr),
					string(other.Type), other.Name, evidence(tr)})
			}
		}
		if len(rows) == n {
			rows = append(rows, []any{p.Name, p.Aliases, docs, nil, nil, nil, nil, nil, nil})
		}
	}
	return rows
}

// wantRuns returns the rows of org_programmes.cypher: organisation,
// programme, evidence, participants.
func wantRuns(o *output, programme any) [][]any {
	var rows [][]any
	for _, tr := range o.triples {
		s, ob := o.entity[tr.Subject], o.entity[tr.Object]
		if tr.Predicate != schema.Runs || s.Type != schema.Organisation || ob.Type != schema.Programme ||
			programme != nil && ob.Name != programme {
			continue
		}
		var who []string
		for _, u := range o.triples {
			if u.Predicate == schema.ParticipatesIn && u.Object == tr.Object {
				who = append(who, o.entity[u.Subject].Name)
			}
		}
		slices.Sort(who)
		rows = append(rows, []any{s.Name, ob.Name, evidence(tr), who})
	}
	return rows
}

// wantSources returns the rows of relation_source.cypher, one per
// provenance: subject, relation, title, object, evidence, doc, paragraph,
// text, source_start, source_end.
func wantSources(o *output, subject, object any) [][]any {
	var rows [][]any
	for _, tr := range o.triples {
		s, ob := o.entity[tr.Subject], o.entity[tr.Object]
		if subject != nil && s.Name != subject || object != nil && ob.Name != object {
			continue
		}
		for _, pv := range tr.Provenance {
			p := o.para[paraKey{pv.Doc, pv.Paragraph}]
			rows = append(rows, []any{s.Name, string(tr.Predicate), title(tr), ob.Name, pv.Evidence,
				pv.Doc, pv.Paragraph, p.Text, p.SourceStart, p.SourceEnd})
		}
	}
	return rows
}

// wantFulltext returns the rows of fulltext.cypher, without the score, for
// q of two Chinese characters: label, name, aliases of every entity whose
// name or an alias holds q. The index's cjk analyzer makes character
// bigrams, so q is one term, found where the two characters are adjacent.
func wantFulltext(o *output, q string) [][]any {
	var rows [][]any
	for _, e := range o.entities {
		if strings.Contains(e.Name, q) || slices.ContainsFunc(e.Aliases, func(a string) bool { return strings.Contains(a, q) }) {
			rows = append(rows, []any{string(e.Type), e.Name, e.Aliases})
		}
	}
	return rows
}

// lastBigram returns the last two characters of name if both are Chinese,
// and "" if not.
func lastBigram(name string) string {
	r := []rune(name)
	if len(r) < 2 || !unicode.Is(unicode.Han, r[len(r)-2]) || !unicode.Is(unicode.Han, r[len(r)-1]) {
		return ""
	}
	return string(r[len(r)-2:])
}

// aliasBigram returns two adjacent Chinese characters of an alias of e
// that are not in its name, and "" if there are none.
func aliasBigram(e schema.Entity) string {
	for _, a := range e.Aliases {
		for _, q := range hanBigrams(a) {
			if !strings.Contains(e.Name, q) {
				return q
			}
		}
	}
	return ""
}

// hanBigrams returns each two adjacent Chinese characters of s.
func hanBigrams(s string) []string {
	var qs []string
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if unicode.Is(unicode.Han, r[i-1]) && unicode.Is(unicode.Han, r[i]) {
			qs = append(qs, string(r[i-1:i+1]))
		}
	}
	return qs
}
