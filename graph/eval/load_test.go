package eval

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles creates a folder with the given files (name → content) and
// returns its path.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadGold(t *testing.T) {
	const ok = `{"doc": "a.txt", "entities": [{"type": "Person", "name": "孙永红"}],
 "relations": [{"type": "HOLDS_POSITION", "subject": "孙永红", "object": "工委", "title": "书记"}]}`
	tests := []struct {
		name     string
		files    map[string]string // nil: no folder at all
		wantDocs []string
		wantErr  error  // matched with errors.Is, if not nil
		errHas   string // a part of the message, if not empty
	}{
		{name: "missing folder", wantErr: fs.ErrNotExist},
		{name: "no gold files", files: map[string]string{"GUIDELINE.md": "# x"}, wantErr: ErrNoGold},
		{name: "files in name order, others ignored",
			files:    map[string]string{"b.json": strings.Replace(ok, "a.txt", "b.txt", 1), "a.json": ok, "notes.txt": "x"},
			wantDocs: []string{"a.txt", "b.txt"}},
		{name: "bad JSON names the file and line",
			files:  map[string]string{"a.json": "{\n\"doc\": \"a.txt\",\n\"entities\": [,]\n}"},
			errHas: "a.json: line 3: invalid character"},
		{name: "wrong type names the file and line",
			files:  map[string]string{"a.json": "{\n\"doc\": 3}"},
			errHas: `a.json: line 2: "doc" is a JSON number, want a string`},
		{name: "doc is required", files: map[string]string{"a.json": `{"entities": []}`}, errHas: `a.json: no "doc"`},
		{name: "entities are required", files: map[string]string{"a.json": `{"doc": "a.txt"}`}, errHas: `no "entities"`},
		{name: "entity names are required",
			files:  map[string]string{"a.json": `{"doc": "a.txt", "entities": [{"type": "Person"}]}`},
			errHas: `entity 1: "type" and "name" are required`},
		{name: "relation ends are required",
			files:  map[string]string{"a.json": `{"doc": "a.txt", "entities": [], "relations": [{"type": "RUNS", "subject": "x"}]}`},
			errHas: `relation 1: "type", "subject" and "object" are required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "missing")
			if tt.files != nil {
				dir = writeFiles(t, tt.files)
			}
			docs, err := LoadGold(dir)
			if tt.wantErr == nil && tt.errHas == "" {
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, d := range docs {
					got = append(got, d.Doc)
					if filepath.Dir(d.File) != dir {
						t.Errorf("File = %s, want it in %s", d.File, dir)
					}
				}
				if strings.Join(got, " ") != strings.Join(tt.wantDocs, " ") {
					t.Errorf("docs = %q, want %q", got, tt.wantDocs)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %v %q", tt.wantErr, tt.errHas)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("error %q does not contain %q", err, tt.errHas)
			}
		})
	}
}

func TestLoadGoldParsed(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.json": `{"doc": "a.txt",
 "entities": [{"type": "Organisation", "name": "西海岸新区工委", "aliases": ["工委"]}, {"type": "Place", "name": "青岛"}],
 "relations": [{"type": "HOLDS_POSITION", "subject": "孙永红", "object": "西海岸新区工委", "title": "书记", "evidence": "工委书记孙永红"}]}`})
	docs, err := LoadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := docs[0]
	if len(g.Entities) != 2 || g.Entities[0].Aliases[0] != "工委" || g.Entities[1].Aliases == nil {
		t.Errorf("entities = %+v", g.Entities)
	}
	want := GoldRelation{Type: "HOLDS_POSITION", Subject: "孙永红", Object: "西海岸新区工委", Title: "书记", Evidence: "工委书记孙永红"}
	if len(g.Relations) != 1 || g.Relations[0] != want {
		t.Errorf("relations = %+v, want %+v", g.Relations, want)
	}
}

func TestLoadContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadGoldContext(ctx, filepath.Join("testdata", "agree", "gold")); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadGoldContext: error %v, want context.Canceled", err)
	}
	if _, _, err := LoadOutput(ctx, filepath.Join("testdata", "agree", "out")); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadOutput: error %v, want context.Canceled", err)
	}
}

func TestLoadOutput(t *testing.T) {
	const e = `{"id":"e1","type":"Person","name":"孙永红","aliases":[],"mentions":[{"doc":"a.txt","text":"孙永红"}]}` + "\n"
	const tr = `{"subject":"e1","predicate":"HOLDS_POSITION","object":"e2","properties":{"title":"书记"}}` + "\n"
	tests := []struct {
		name         string
		files        map[string]string // nil: no folder at all
		ents, triple int
		wantErr      error
		errHas       string
	}{
		{name: "missing folder", wantErr: fs.ErrNotExist},
		{name: "no entities.jsonl", files: map[string]string{"triples.jsonl": tr}, wantErr: ErrNoEntities},
		{name: "empty entities.jsonl", files: map[string]string{"entities.jsonl": "\n"}, wantErr: ErrNoEntities},
		{name: "no triples.jsonl", files: map[string]string{"entities.jsonl": e}, ents: 1},
		{name: "both", files: map[string]string{"entities.jsonl": e + e, "triples.jsonl": tr}, ents: 2, triple: 1},
		{name: "bad entity line names the file",
			files:  map[string]string{"entities.jsonl": e + "{oops\n"},
			errHas: "entities.jsonl: jsonl: reading"},
		{name: "bad triple line names the file",
			files:  map[string]string{"entities.jsonl": e, "triples.jsonl": "[]\n"},
			errHas: "triples.jsonl: jsonl: reading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "missing")
			if tt.files != nil {
				dir = writeFiles(t, tt.files)
			}
			ents, triples, err := LoadOutput(context.Background(), dir)
			if tt.wantErr == nil && tt.errHas == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(ents) != tt.ents || len(triples) != tt.triple || triples == nil {
					t.Errorf("got %d entities, %d triples (nil: %v), want %d, %d", len(ents), len(triples), triples == nil, tt.ents, tt.triple)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %v %q", tt.wantErr, tt.errHas)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("error %q does not contain %q", err, tt.errHas)
			}
		})
	}
}
