package jsonl

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/kg-dev/kg/schema"
)

// WriteParagraphs writes ps to w in the format of documents.jsonl, one
// paragraph per line.
func WriteParagraphs(w io.Writer, ps []schema.Paragraph) error {
	return writeAll(w, "paragraphs", ps, (*Writer).Paragraph)
}

// WriteEntities writes es to w in the format of entities.jsonl, one entity
// per line. Nil Aliases and Mentions are written as [].
func WriteEntities(w io.Writer, es []schema.Entity) error {
	return writeAll(w, "entities", es, (*Writer).Entity)
}

// WriteTriples writes ts to w in the format of triples.jsonl, one triple
// per line. Nil Properties are written as {} and nil Provenance as [].
func WriteTriples(w io.Writer, ts []schema.Triple) error {
	return writeAll(w, "triples", ts, (*Writer).Triple)
}

// WriteManifest writes m to w as indented JSON followed by a newline, in
// the format of manifest.json.
func WriteManifest(w io.Writer, m schema.Manifest) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("jsonl: writing manifest: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("jsonl: writing manifest: %w", err)
	}
	return nil
}

// ReadParagraphs reads the paragraphs of a documents.jsonl file from r.
func ReadParagraphs(r io.Reader) ([]schema.Paragraph, error) {
	return readLines[schema.Paragraph](r, "paragraphs", nil)
}

// ReadEntities reads the entities of an entities.jsonl file from r.
// Missing or null aliases and mentions are returned as empty slices.
func ReadEntities(r io.Reader) ([]schema.Entity, error) {
	return readLines(r, "entities", fillEntity)
}

// ReadTriples reads the triples of a triples.jsonl file from r. Missing or
// null properties and provenance are returned as an empty map and slice.
func ReadTriples(r io.Reader) ([]schema.Triple, error) {
	return readLines(r, "triples", fillTriple)
}

// ReadManifest reads a manifest.json file from r.
func ReadManifest(r io.Reader) (schema.Manifest, error) {
	var m schema.Manifest
	dec := json.NewDecoder(r)
	if err := dec.Decode(&m); err != nil {
		return schema.Manifest{}, fmt.Errorf("jsonl: reading manifest: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return schema.Manifest{}, errors.New("jsonl: reading manifest: data after the JSON object")
	}
	return m, nil
}

// fillEntity returns e with nil slices replaced by empty ones. e is a
// copy, so the caller's value is left alone.
func fillEntity(e schema.Entity) schema.Entity {
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	if e.Mentions == nil {
		e.Mentions = []schema.Mention{}
	}
	return e
}

// fillTriple returns t with a nil map and slice replaced by empty ones.
func fillTriple(t schema.Triple) schema.Triple {
	if t.Properties == nil {
		t.Properties = map[string]string{}
	}
	if t.Provenance == nil {
		t.Provenance = []schema.Provenance{}
	}
	return t
}

// writeAll writes each element of xs with put, then flushes. what names the
// elements in errors.
func writeAll[T any](w io.Writer, what string, xs []T, put func(*Writer, T) error) error {
	lw := NewWriter(w)
	for _, x := range xs {
		if err := put(lw, x); err != nil {
			return err
		}
	}
	if err := lw.bw.Flush(); err != nil {
		return fmt.Errorf("jsonl: writing %s: %w", what, err)
	}
	return nil
}

// readLines decodes each non-blank line of r as one T, passed through fill
// if it is not nil. what names the elements in errors. Lines may be of any
// length.
func readLines[T any](r io.Reader, what string, fill func(T) T) ([]T, error) {
	xs := []T{}
	err := scanLines(r, what, fill, func(_ int, x T) error {
		xs = append(xs, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return xs, nil
}
