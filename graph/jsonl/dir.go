package jsonl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kg-dev/kg/schema"
)

// Output is a build's output folder read back: manifest.json and the
// records of documents.jsonl, entities.jsonl and triples.jsonl.
type Output struct {
	Manifest   schema.Manifest
	Paragraphs []schema.Paragraph
	Entities   []schema.Entity
	Triples    []schema.Triple
}

// ReadDir reads the output folder dir of a build into memory and checks
// that it is whole: manifest.json in the format this package writes, and
// its counts of paragraphs, entities and triples those of the files, and
// of documents at least the number that documents.jsonl names. Errors name
// the file at fault.
func ReadDir(dir string) (*Output, error) {
	var o Output
	read := func(name string, read func(io.Reader) error) error {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			return err // a *fs.PathError names the file
		}
		defer f.Close()
		if err := read(f); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	steps := []struct {
		name string
		read func(io.Reader) error
	}{
		{"manifest.json", func(r io.Reader) (err error) { o.Manifest, err = ReadManifest(r); return err }},
		{"documents.jsonl", func(r io.Reader) (err error) { o.Paragraphs, err = ReadParagraphs(r); return err }},
		{"entities.jsonl", func(r io.Reader) (err error) { o.Entities, err = ReadEntities(r); return err }},
		{"triples.jsonl", func(r io.Reader) (err error) { o.Triples, err = ReadTriples(r); return err }},
	}
	for _, s := range steps {
		if err := read(s.name, s.read); err != nil {
			return nil, err
		}
	}
	docs := map[string]bool{}
	for _, p := range o.Paragraphs {
		docs[p.Doc] = true
	}
	m := o.Manifest
	if m.Format != schema.Format {
		return nil, fmt.Errorf("%s: format %q, want %q", filepath.Join(dir, "manifest.json"), m.Format, schema.Format)
	}
	// A document without text has no paragraph, so documents.jsonl may
	// name fewer documents than were read, never more.
	if m.Documents < len(docs) || m.Paragraphs != len(o.Paragraphs) || m.Entities != len(o.Entities) || m.Triples != len(o.Triples) {
		return nil, fmt.Errorf("%s: counts %d documents, %d paragraphs, %d entities and %d triples; the files hold %d, %d, %d and %d",
			filepath.Join(dir, "manifest.json"), m.Documents, m.Paragraphs, m.Entities, m.Triples,
			len(docs), len(o.Paragraphs), len(o.Entities), len(o.Triples))
	}
	return &o, nil
}
