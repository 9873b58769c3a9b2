package jsonl

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kg-dev/kg/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// A small hand-made graph: one document with two paragraphs, three
// entities, two triples.
var (
	doc    = "001_bda6349dde205a91.txt"
	sha    = "5f2b1c0e9a7d4b3c8e6f1a2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3"
	text0  = "西海岸新区工委书记、区委书记孙永红在会上指出，要推进<双招双引>&项目落地。"
	text1  = "青岛西海岸新区位于青岛。"
	sun    = schema.EntityID(schema.Person, "孙永红")
	org    = schema.EntityID(schema.Organisation, "西海岸新区工委")
	qd     = schema.EntityID(schema.Place, "青岛")
	sample = struct {
		paragraphs []schema.Paragraph
		entities   []schema.Entity
		triples    []schema.Triple
		manifest   schema.Manifest
	}{
		paragraphs: []schema.Paragraph{
			{Doc: doc, DocSHA256: sha, Index: 0, ID: schema.ParagraphID(doc, 0, text0), Text: text0, SourceStart: 0, SourceEnd: 112},
			{Doc: doc, DocSHA256: sha, Index: 1, ID: schema.ParagraphID(doc, 1, text1), Text: text1, SourceStart: 113, SourceEnd: 149},
		},
		entities: []schema.Entity{
			{ID: sun, Type: schema.Person, Name: "孙永红", Aliases: []string{"孙永红书记"},
				Mentions: []schema.Mention{{Doc: doc, Paragraph: 0, Start: 14, End: 17, Text: "孙永红"}}},
			{ID: org, Type: schema.Organisation, Name: "西海岸新区工委", Aliases: []string{},
				Mentions: []schema.Mention{{Doc: doc, Paragraph: 0, Start: 0, End: 7, Text: "西海岸新区工委"}}},
			{ID: qd, Type: schema.Place, Name: "青岛", Aliases: []string{},
				Mentions: []schema.Mention{{Doc: doc, Paragraph: 1, Start: 9, End: 11, Text: "青岛"}}},
		},
		triples: []schema.Triple{
			{Subject: sun, Predicate: schema.HoldsPosition, Object: org,
				Properties: map[string]string{"title": "书记"},
				Provenance: []schema.Provenance{{Doc: doc, Paragraph: 0, Start: 0, End: 17, Evidence: "西海岸新区工委书记、区委书记孙永红"}},
				Extractor:  "title-before-name", Confidence: 0.9},
			{Subject: org, Predicate: schema.LocatedIn, Object: qd,
				Properties: map[string]string{},
				Provenance: []schema.Provenance{{Doc: doc, Paragraph: 1, Start: 0, End: 11, Evidence: "青岛西海岸新区位于青岛"}},
				Extractor:  "located-in", Confidence: 0.75},
		},
		manifest: schema.Manifest{Format: schema.Format, ToolVersion: "test", Documents: 1, Paragraphs: 2,
			Entities: 3, Triples: 2, Started: "2024-01-02T03:04:05Z", Finished: "2024-01-02T03:04:06Z"},
	}
)

// golden compares got with the file testdata/name, or rewrites the file
// when -update is set.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
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
		t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"documents.jsonl", func(b *bytes.Buffer) error { return WriteParagraphs(b, sample.paragraphs) }},
		{"entities.jsonl", func(b *bytes.Buffer) error { return WriteEntities(b, sample.entities) }},
		{"triples.jsonl", func(b *bytes.Buffer) error { return WriteTriples(b, sample.triples) }},
		{"manifest.json", func(b *bytes.Buffer) error { return WriteManifest(b, sample.manifest) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		run  func() (want, got any, err error)
	}{
		{"paragraphs", func() (any, any, error) {
			var b bytes.Buffer
			if err := WriteParagraphs(&b, sample.paragraphs); err != nil {
				return nil, nil, err
			}
			got, err := ReadParagraphs(&b)
			return sample.paragraphs, got, err
		}},
		{"entities", func() (any, any, error) {
			var b bytes.Buffer
			if err := WriteEntities(&b, sample.entities); err != nil {
				return nil, nil, err
			}
			got, err := ReadEntities(&b)
			return sample.entities, got, err
		}},
		{"triples", func() (any, any, error) {
			var b bytes.Buffer
			if err := WriteTriples(&b, sample.triples); err != nil {
				return nil, nil, err
			}
			got, err := ReadTriples(&b)
			return sample.triples, got, err
		}},
		{"manifest", func() (any, any, error) {
			var b bytes.Buffer
			if err := WriteManifest(&b, sample.manifest); err != nil {
				return nil, nil, err
			}
			got, err := ReadManifest(&b)
			return sample.manifest, got, err
		}},
		{"empty", func() (any, any, error) {
			var b bytes.Buffer
			if err := WriteTriples(&b, nil); err != nil {
				return nil, nil, err
			}
			got, err := ReadTriples(&b)
			return []schema.Triple{}, got, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, got, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\ngot  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestNoEscaping(t *testing.T) {
	e := schema.Entity{ID: "x", Type: schema.Programme, Name: "“双招双引”<行动>&计划"}
	var b bytes.Buffer
	if err := WriteEntities(&b, []schema.Entity{e}); err != nil {
		t.Fatal(err)
	}
	line := b.String()
	for _, want := range []string{"“双招双引”", "<行动>", "&计划"} {
		t.Run(want, func(t *testing.T) {
			if !strings.Contains(line, want) {
				t.Errorf("%q not in %s", want, line)
			}
		})
	}
	if strings.Contains(line, `\u`) {
		t.Errorf("escaped characters in %s", line)
	}
}

func TestNilSlices(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []string
	}{
		{"entity", func(b *bytes.Buffer) error {
			return WriteEntities(b, []schema.Entity{{ID: "x", Type: schema.Place, Name: "青岛"}})
		}, []string{`"aliases":[]`, `"mentions":[]`}},
		{"triple", func(b *bytes.Buffer) error {
			return WriteTriples(b, []schema.Triple{{Subject: "a", Predicate: schema.PartOf, Object: "b"}})
		}, []string{`"properties":{}`, `"provenance":[]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "null") {
				t.Errorf("null in %s", b.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%s not in %s", w, b.String())
				}
			}
		})
	}
}

func TestNilSlicesRead(t *testing.T) {
	es, err := ReadEntities(strings.NewReader(`{"id":"x","type":"Place","name":"青岛","aliases":null}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if es[0].Aliases == nil || es[0].Mentions == nil {
		t.Errorf("got nil slices: %+v", es[0])
	}
	ts, err := ReadTriples(strings.NewReader(`{"subject":"a","predicate":"PART_OF","object":"b"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].Properties == nil || ts[0].Provenance == nil {
		t.Errorf("got nil map or slice: %+v", ts[0])
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		read func() error
		want string
	}{
		{"bad line", func() error {
			_, err := ReadParagraphs(strings.NewReader("{\"doc\":\"a\"}\n\n{\"doc\":\n"))
			return err
		}, "line 3"},
		{"wrong type", func() error {
			_, err := ReadEntities(strings.NewReader(`{"id":1}`))
			return err
		}, "line 1"},
		{"two objects on a line", func() error {
			_, err := ReadTriples(strings.NewReader("{} {}\n"))
			return err
		}, "line 1"},
		{"manifest trailing data", func() error {
			_, err := ReadManifest(strings.NewReader("{} x"))
			return err
		}, "after the JSON object"},
		{"manifest empty", func() error {
			_, err := ReadManifest(strings.NewReader(""))
			return err
		}, "manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.read()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

var errFail = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name  string
		write func() error
	}{
		{"paragraphs", func() error { return WriteParagraphs(failWriter{}, sample.paragraphs) }},
		{"entities", func() error { return WriteEntities(failWriter{}, sample.entities) }},
		{"triples", func() error { return WriteTriples(failWriter{}, sample.triples) }},
		{"manifest", func() error { return WriteManifest(failWriter{}, sample.manifest) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.write(); !errors.Is(err, errFail) {
				t.Errorf("got %v, want %v", err, errFail)
			}
		})
	}
}
