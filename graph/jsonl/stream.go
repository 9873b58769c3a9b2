package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/kg-dev/kg/schema"
)

// Writer writes records one line at a time, for output too large to hold
// in memory at once: Paragraph, Entity and Triple write exactly the lines
// that WriteParagraphs, WriteEntities and WriteTriples write. Writes are
// buffered; call Flush at the end.
type Writer struct {
	bw   *bufio.Writer
	line []byte // the line being written, reused
	n    int    // records written
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{bw: bufio.NewWriterSize(w, 64<<10)}
}

// Paragraph writes p as a line of documents.jsonl.
func (w *Writer) Paragraph(p schema.Paragraph) error {
	w.line = appendParagraph(w.line[:0], p)
	return w.put("paragraph")
}

// Entity writes e as a line of entities.jsonl.
func (w *Writer) Entity(e schema.Entity) error {
	w.line = appendEntity(w.line[:0], e)
	return w.put("entity")
}

// Triple writes t as a line of triples.jsonl. A confidence that is NaN or
// infinite is an error, and nothing is written.
func (w *Writer) Triple(t schema.Triple) error {
	line, err := appendTriple(w.line[:0], t)
	if err != nil {
		return fmt.Errorf("jsonl: writing triple %d: %w", w.n, err)
	}
	w.line = line
	return w.put("triple")
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error {
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("jsonl: writing: %w", err)
	}
	return nil
}

// put writes w.line and a newline.
func (w *Writer) put(what string) error {
	w.line = append(w.line, '\n')
	if _, err := w.bw.Write(w.line); err != nil {
		return fmt.Errorf("jsonl: writing %s %d: %w", what, w.n, err)
	}
	w.n++
	return nil
}

// ScanParagraphs calls fn with each paragraph of a documents.jsonl file
// read from r, in order, holding one line in memory at a time. It stops at
// the first error, from reading or from fn, and returns it.
func ScanParagraphs(r io.Reader, fn func(schema.Paragraph) error) error {
	return scanLines(r, "paragraphs", nil, func(_ int, p schema.Paragraph) error { return fn(p) })
}

// ScanEntities calls fn with each entity of an entities.jsonl file read
// from r, in order, and the number of its line, holding one line in memory
// at a time. Nil lists are [], as ReadEntities reads them. It stops at the
// first error, from reading or from fn, and returns it.
func ScanEntities(r io.Reader, fn func(line int, e schema.Entity) error) error {
	return scanLines(r, "entities", fillEntity, fn)
}

// ScanTriples calls fn with each triple of a triples.jsonl file read from
// r, in order, and the number of its line, as ScanEntities does.
func ScanTriples(r io.Reader, fn func(line int, t schema.Triple) error) error {
	return scanLines(r, "triples", fillTriple, fn)
}

// scanLines decodes each non-blank line of r as one T, passed through fill
// if it is not nil, and calls fn with it and its line number. what names
// the elements in errors. Lines may be of any length.
func scanLines[T any](r io.Reader, what string, fill func(T) T, fn func(line int, x T) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var x T
			if err := json.Unmarshal(line, &x); err != nil {
				return fmt.Errorf("jsonl: reading %s: line %d: %w", what, n, err)
			}
			if fill != nil {
				x = fill(x)
			}
			if err := fn(n, x); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("jsonl: reading %s: line %d: %w", what, n, err)
		}
	}
}
