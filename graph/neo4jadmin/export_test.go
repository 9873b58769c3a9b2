package neo4jadmin

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/export.golden")

// testBuild is a build output folder whose text has what CSV needs to
// quote: commas, quotes, backslashes, line breaks, spaces at the ends.
const testBuild = "testdata/build"

// exportAll returns every file of an export of in, each after a line
// "== name ==", in the order of the import command, then import.sh.
func exportAll(t *testing.T, in string) (Result, []byte) {
	t.Helper()
	to := t.TempDir()
	res, err := Export(context.Background(), in, to)
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, name := range append(fileNames(res), ScriptName) {
		b, err := os.ReadFile(filepath.Join(to, name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&all, "== %s ==\n%s", name, b)
	}
	entries, err := os.ReadDir(to)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(res.Files)+1 {
		t.Errorf("%d files in the export folder, want the %d CSV files and %s", len(entries), len(res.Files), ScriptName)
	}
	return res, all.Bytes()
}

func fileNames(res Result) []string {
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	return names
}

// TestExportGolden compares an export of testBuild with
// testdata/export.golden; go test -update rewrites it.
func TestExportGolden(t *testing.T) {
	res, got := exportAll(t, testBuild)
	golden := "testdata/export.golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("export differs from %s at line %d:\n got %q\nwant %q", golden, i+1, g[i], w[i])
			}
		}
		t.Fatalf("export has %d lines, %s %d", len(g), golden, len(w))
	}
	// Ids of documents, 4 entities; paragraphs, a mention given twice
	// once, 2 + 1 NEXT, 3 HAS_PARAGRAPH, 3 triples.
	if res.Nodes != 2+3+4 || res.Relationships != 4+1+3+3 || res.Unlisted != 0 {
		t.Errorf("Export = %d nodes, %d relationships, %d unlisted; want 9, 11, 0", res.Nodes, res.Relationships, res.Unlisted)
	}
	_, again := exportAll(t, testBuild)
	if !bytes.Equal(got, again) {
		t.Error("a second export differs from the first")
	}
}

// TestExportFiles checks that the files follow the graph model: a node
// file per label, a relationship file per type and pair of end labels,
// each with a column per property.
func TestExportFiles(t *testing.T) {
	to := t.TempDir()
	res, err := Export(context.Background(), testBuild, to)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	m := schema.GraphModel()
	for _, n := range m.Nodes {
		want = append(want, n.Label+".csv")
	}
	for _, r := range m.Relationships {
		for _, e := range r.Ends {
			want = append(want, r.Type+"-"+e[0]+"-"+e[1]+".csv")
		}
	}
	if got := fileNames(res); !slices.Equal(got, want) {
		t.Fatalf("files %v\nwant  %v", got, want)
	}
	for _, f := range res.Files {
		recs := readCSV(t, filepath.Join(to, f.Name))
		if len(recs)-1 != f.Rows {
			t.Errorf("%s: %d rows, Result says %d", f.Name, len(recs)-1, f.Rows)
		}
		for i, rec := range recs {
			if len(rec) != len(recs[0]) {
				t.Errorf("%s line %d: %d fields, header has %d", f.Name, i+1, len(rec), len(recs[0]))
			}
		}
	}
}

// readCSV reads a CSV file as neo4j-admin's reader does: fields may span
// lines.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// TestExportRoundTrip reads the CSV files back and finds in them the
// text of the build: paragraphs, aliases, evidence.
func TestExportRoundTrip(t *testing.T) {
	to := t.TempDir()
	if _, err := Export(context.Background(), testBuild, to); err != nil {
		t.Fatal(err)
	}
	column := func(file, key, col string) map[string]string {
		recs := readCSV(t, filepath.Join(to, file))
		i := slices.IndexFunc(recs[0], func(h string) bool { return strings.HasPrefix(h, col+":") })
		m := map[string]string{}
		for _, rec := range recs[1:] {
			m[rec[0]+" "+rec[1]] = rec[i]
		}
		return m
	}
	build, err := jsonl.ReadDir(testBuild)
	if err != nil {
		t.Fatal(err)
	}
	texts := column("Paragraph.csv", "id", "text")
	for _, p := range build.Paragraphs {
		// encoding/csv's Reader drops a \r before \n, even quoted; the
		// files keep it (see the golden file), and so does neo4j-admin
		// (graph/cypher's TestAdminImport).
		if got, want := texts[p.ID+" "+schema.LabelParagraph], strings.ReplaceAll(p.Text, "\r\n", "\n"); got != want {
			t.Errorf("paragraph %s: text %q, want %q", p.ID, got, want)
		}
	}
	for _, e := range build.Entities {
		aliases := column(string(e.Type)+".csv", "id", "aliases")[e.ID+" "+string(e.Type)]
		var got []string
		if aliases != "" {
			got = strings.Split(aliases, string(ArrayDelimiter))
		}
		if !slices.Equal(got, e.Aliases) && len(got)+len(e.Aliases) > 0 {
			t.Errorf("entity %s: aliases %q, want %q", e.ID, got, e.Aliases)
		}
	}
	evidence := column("PART_OF-Organisation-Organisation.csv", "", "evidence")["e2 e3"]
	if want := "分号;和|竖线\x1f\"青岛理工大学\""; evidence != want {
		t.Errorf("PART_OF evidence %q, want %q", evidence, want)
	}
}

// TestArgs checks that only the files with line breaks in a field are
// read as multi-line.
func TestArgs(t *testing.T) {
	res, _ := exportAll(t, testBuild)
	args := strings.Join(res.Args("/x"), " ")
	want := "--multiline-fields-format=v2 --multiline-fields=/x/Paragraph.csv,/x/HOLDS_POSITION-Person-Organisation.csv "
	if !strings.Contains(args, want) {
		t.Errorf("Args = %s\nwant it to contain %s", args, want)
	}
	for _, f := range res.Files {
		flag := "--nodes="
		if f.Relationships {
			flag = "--relationships="
		}
		if want := flag + f.Label + "=/x/" + f.Name; !strings.Contains(args, want) {
			t.Errorf("Args lack %s", want)
		}
	}
	res.Files = []File{{Name: "Person.csv", Label: "Person"}}
	if got := strings.Join(res.Args(""), " "); strings.Contains(got, "multiline") {
		t.Errorf("Args without line breaks = %s", got)
	}
	if got, want := res.Command("/my dir/a=b"), "neo4j-admin database import full --id-type=string "+
		"--array-delimiter=U+001F --legacy-style-quoting=false '--nodes=Person=/my dir/a=b/Person.csv' neo4j"; got != want {
		t.Errorf("Command = %s\nwant      %s", got, want)
	}
}

func TestField(t *testing.T) {
	errType := errors.New("a type error")
	tests := []struct {
		typ     string
		v       any
		want    string
		wantErr error
	}{
		{"STRING", "a,\"b\"\n", "a,\"b\"\n", nil},
		{"STRING", "", "", errEmpty},
		{"STRING", nil, "", nil},
		{"STRING", 3, "", errType},
		{"INTEGER", -12, "-12", nil},
		{"INTEGER", "12", "", errType},
		{"FLOAT", 0.30000000000000004, "0.30000000000000004", nil}, // 0.1 + 0.2 in float64
		{"FLOAT", 1.0, "1", nil},
		{"LIST<STRING>", []string{"a", "", "b;c"}, "a\x1f\x1fb;c", nil},
		{"LIST<STRING>", []string{"", "x"}, "\x1fx", nil},
		{"LIST<STRING>", []string{}, "", errEmpty},
		{"LIST<STRING>", []string{""}, "", errEmpty},
		{"LIST<STRING>", []string{"a\x1fb"}, "", errDelimiter},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.typ, tt.v), func(t *testing.T) {
			got, err := field(schema.Property{Name: "p", Type: tt.typ}, tt.v)
			switch {
			case tt.wantErr == errType:
				if err == nil || errors.Is(err, errEmpty) || errors.Is(err, errDelimiter) {
					t.Errorf("field = %q, %v; want a type error", got, err)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("field = %q, %v; want error %v", got, err, tt.wantErr)
				}
			case err != nil || got != tt.want:
				t.Errorf("field = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestColumnTypes checks that every property of the model has a column
// type.
func TestColumnTypes(t *testing.T) {
	m := schema.GraphModel()
	var props []schema.Property
	for _, n := range m.Nodes {
		props = append(props, n.Properties...)
	}
	for _, r := range m.Relationships {
		props = append(props, r.Properties...)
	}
	for _, p := range props {
		if _, ok := columnTypes[p.Type]; !ok {
			t.Errorf("property %s: no column type for %s", p.Name, p.Type)
		}
	}
}

// TestExportErrors changes one line of testBuild at a time and checks that
// Export fails, saying why, and leaves nothing in the export folder.
func TestExportErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		old  string // replaced by new, once
		new  string
		want string
	}{
		{"no manifest", "manifest.json", "", "", "not the output folder of a complete build; run kg build first"},
		{"other format", "manifest.json", `"kg-build/1"`, `"kg-build/9"`, `format "kg-build/9"`},
		{"counts", "manifest.json", `"entities": 4`, `"entities": 5`, "entities.jsonl: 4 lines, but manifest.json says 5"},
		{"bad JSON", "triples.jsonl", `{"subject":"e3"`, `{"subject":e3`, "line 3"},
		{"paragraphs apart", "documents.jsonl", `"news/b.txt","doc_sha256":"b2`, `"news/a,b.txt","doc_sha256":"b2`,
			"doc_sha256 differs"},
		{"paragraphs out of order", "documents.jsonl", `"paragraph":1,"id":"pa1"`, `"paragraph":0,"id":"pa1"`,
			"not in the order of kg build"},
		{"entities out of order", "entities.jsonl", `"id":"e3"`, `"id":"e0"`, "after entity e2: not in the order"},
		{"unknown type", "entities.jsonl", `"type":"Place"`, `"type":"Thing"`, `unknown type "Thing"`},
		{"mention without paragraph", "entities.jsonl", `"paragraph":0,"start":10`, `"paragraph":7,"start":10`,
			"mention in news/b.txt paragraph 7, which documents.jsonl does not have"},
		{"delimiter in an alias", "entities.jsonl", `"孙;永红"`, `"孙\u001f永红"`, "holds U+001F"},
		{"triples out of order", "triples.jsonl", `{"subject":"e3"`, `{"subject":"e0"`, "line 3 (e0 LOCATED_IN e4): not in the order"},
		{"unknown predicate", "triples.jsonl", `"predicate":"LOCATED_IN"`, `"predicate":"KNOWS"`, "unknown predicate"},
		{"unknown entity", "triples.jsonl", `"object":"e4"`, `"object":"e9"`, "entity not in entities.jsonl"},
		{"not in the model", "triples.jsonl", `"predicate":"LOCATED_IN"`, `"predicate":"HOLDS_POSITION"`,
			"no HOLDS_POSITION relationships from Organisation to Place"},
		{"no title", "triples.jsonl", `"properties":{"title":"\"书记\",副"}`, `"properties":{}`,
			"property title: empty, but neo4j-admin reads an empty field as no value"},
		{"unknown property", "triples.jsonl", `"predicate":"LOCATED_IN","object":"e4","properties":{}`,
			`"predicate":"LOCATED_IN","object":"e4","properties":{"since":"2020"}`, "property since is not in the graph model of LOCATED_IN"},
		{"no provenance", "triples.jsonl", `"provenance":[{"doc":"news/b.txt","paragraph":0,"start":1,"end":15`,
			`"provenance":[],"x":[{"doc":"news/b.txt","paragraph":0,"start":1,"end":15`, "no provenance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			for _, name := range []string{"manifest.json", "documents.jsonl", "entities.jsonl", "triples.jsonl"} {
				b, err := os.ReadFile(filepath.Join(testBuild, name))
				if err != nil {
					t.Fatal(err)
				}
				if name == tt.file {
					if tt.old == "" {
						continue
					}
					if !bytes.Contains(b, []byte(tt.old)) {
						t.Fatalf("%s has no %s", name, tt.old)
					}
					b = bytes.Replace(b, []byte(tt.old), []byte(tt.new), 1)
				}
				if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			to := filepath.Join(t.TempDir(), "export")
			_, err := Export(context.Background(), in, to)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Export = %v, want an error containing %q", err, tt.want)
			}
			entries, _ := os.ReadDir(to)
			for _, e := range entries {
				t.Errorf("left in the export folder: %s", e.Name())
			}
		})
	}
}

// TestExportReplaces exports over an older export: every file is
// replaced, nothing else is touched, no temporary file stays.
func TestExportReplaces(t *testing.T) {
	to := t.TempDir()
	for _, name := range []string{"Person.csv", ScriptName, "notes.txt"} {
		if err := os.WriteFile(filepath.Join(to, name), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Export(context.Background(), testBuild, to)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(to)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := append(fileNames(res), ScriptName, "notes.txt")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("export folder holds %v\nwant %v", got, want)
	}
	for _, name := range []string{"Person.csv", ScriptName} {
		if b, _ := os.ReadFile(filepath.Join(to, name)); string(b) == "old\n" {
			t.Errorf("%s was not replaced", name)
		}
	}
}

// TestExportCancelled checks that a cancelled export writes nothing.
func TestExportCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	to := t.TempDir()
	if _, err := Export(ctx, testBuild, to); !errors.Is(err, context.Canceled) {
		t.Fatalf("Export = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(to); len(entries) > 0 {
		t.Errorf("a cancelled export left %d files", len(entries))
	}
}
