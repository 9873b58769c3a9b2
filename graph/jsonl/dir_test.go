package jsonl

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadDir(t *testing.T) {
	o, err := ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if o.Manifest.Triples != 2 || len(o.Paragraphs) != 2 || len(o.Entities) != 3 || len(o.Triples) != 2 {
		t.Errorf("read %+v", o)
	}

	// change copies the golden folder into a new one, changes the file name
	// there with edit (removing it if edit returns ""), and returns the folder.
	change := func(t *testing.T, name string, edit func(string) string) string {
		dir := t.TempDir()
		for _, f := range []string{"manifest.json", "documents.jsonl", "entities.jsonl", "triples.jsonl"} {
			data, err := os.ReadFile(filepath.Join("testdata", f))
			if err != nil {
				t.Fatal(err)
			}
			s := string(data)
			if f == name {
				if s = edit(s); s == "" {
					continue
				}
			}
			if err := os.WriteFile(filepath.Join(dir, f), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, tc := range []struct {
		name, file string
		edit       func(string) string
		want       string // in the error
		notExist   bool
	}{
		{"no triples file", "triples.jsonl", func(string) string { return "" }, "triples.jsonl", true},
		{"no manifest", "manifest.json", func(string) string { return "" }, "manifest.json", true},
		{"a line cut short", "entities.jsonl", func(s string) string { return s[:len(s)-20] }, "entities.jsonl: jsonl: reading entities: line 3", false},
		{"a triple more than the manifest says", "triples.jsonl", func(s string) string { return s + strings.SplitAfter(s, "\n")[0] },
			"manifest.json: counts 1 documents, 2 paragraphs, 3 entities and 2 triples; the files hold 1, 2, 3 and 3", false},
		{"fewer documents than documents.jsonl names", "manifest.json", func(s string) string { return strings.Replace(s, `"documents": 1`, `"documents": 0`, 1) },
			"manifest.json: counts 0 documents, 2 paragraphs, 3 entities and 2 triples; the files hold 1, 2, 3 and 2", false},
		{"another format", "manifest.json", func(s string) string { return strings.Replace(s, "kg-build/1", "kg-build/0", 1) },
			`manifest.json: format "kg-build/0", want "kg-build/1"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadDir(change(t, tc.file, tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, fs.ErrNotExist) != tc.notExist {
				t.Errorf("error %v, want one with %q (not exist: %v)", err, tc.want, tc.notExist)
			}
		})
	}
}
