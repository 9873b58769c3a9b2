package jsonl

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kg-dev/kg/schema"
)

// TestWriterMatchesWriteFuncs checks that writing records one at a time
// gives the bytes of the Write functions, golden files included.
func TestWriterMatchesWriteFuncs(t *testing.T) {
	for _, tc := range []struct {
		file   string
		whole  func(*bytes.Buffer) error
		stream func(*Writer) error
	}{
		{"documents.jsonl", func(b *bytes.Buffer) error { return WriteParagraphs(b, sample.paragraphs) }, func(w *Writer) error {
			for _, p := range sample.paragraphs {
				if err := w.Paragraph(p); err != nil {
					return err
				}
			}
			return nil
		}},
		{"entities.jsonl", func(b *bytes.Buffer) error { return WriteEntities(b, sample.entities) }, func(w *Writer) error {
			for _, e := range sample.entities {
				if err := w.Entity(e); err != nil {
					return err
				}
			}
			return w.Entity(schema.Entity{ID: "x", Type: schema.Place, Name: "nil slices"})
		}},
		{"triples.jsonl", func(b *bytes.Buffer) error { return WriteTriples(b, sample.triples) }, func(w *Writer) error {
			for _, tr := range sample.triples {
				if err := w.Triple(tr); err != nil {
					return err
				}
			}
			return w.Triple(schema.Triple{Subject: "x", Predicate: schema.PartOf, Object: "y"})
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var whole, stream bytes.Buffer
			if err := tc.whole(&whole); err != nil {
				t.Fatal(err)
			}
			w := NewWriter(&stream)
			if err := tc.stream(w); err != nil {
				t.Fatal(err)
			}
			if stream.Len() != 0 {
				t.Errorf("%d bytes reached the writer before Flush", stream.Len())
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got := stream.Bytes()
			if tc.file != "documents.jsonl" { // the extra record with nil slices
				last := bytes.LastIndexByte(got[:len(got)-1], '\n') + 1
				if extra := string(got[last:]); strings.Contains(extra, "null") {
					t.Errorf("nil slices written as null: %s", extra)
				}
				got = got[:last]
			}
			if !bytes.Equal(got, whole.Bytes()) {
				t.Errorf("Writer wrote\n%s\nthe Write function\n%s", got, whole.Bytes())
			}
		})
	}
}

// TestAppendParagraph checks that lines appended one after the other are
// the bytes of WriteParagraphs (which TestGolden checks against the golden
// file).
func TestAppendParagraph(t *testing.T) {
	var whole bytes.Buffer
	if err := WriteParagraphs(&whole, sample.paragraphs); err != nil {
		t.Fatal(err)
	}
	got := []byte("kept:")
	for _, p := range sample.paragraphs {
		got = AppendParagraph(got, p)
	}
	if want := append([]byte("kept:"), whole.Bytes()...); !bytes.Equal(got, want) {
		t.Errorf("AppendParagraph gave\n%s\nWriteParagraphs\n%s", got, want)
	}
}

func TestWriterError(t *testing.T) {
	w := NewWriter(failWriter{})
	for range 2000 { // more than the buffer holds
		if err := w.Paragraph(sample.paragraphs[0]); err != nil {
			if !errors.Is(err, errFail) {
				t.Fatalf("got %v, want %v", err, errFail)
			}
			return
		}
	}
	if err := w.Flush(); !errors.Is(err, errFail) {
		t.Errorf("got %v, want %v", err, errFail)
	}
}

func TestScanParagraphs(t *testing.T) {
	var b bytes.Buffer
	if err := WriteParagraphs(&b, sample.paragraphs); err != nil {
		t.Fatal(err)
	}
	data := b.String()

	t.Run("all", func(t *testing.T) {
		var got []schema.Paragraph
		err := ScanParagraphs(strings.NewReader(data+"\n\n"), func(p schema.Paragraph) error {
			got = append(got, p)
			return nil
		})
		if err != nil || !reflect.DeepEqual(got, sample.paragraphs) {
			t.Errorf("got %+v, %v; want %+v", got, err, sample.paragraphs)
		}
	})
	t.Run("stops at the callback's error", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := ScanParagraphs(strings.NewReader(data), func(schema.Paragraph) error {
			n++
			return stop
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("error %v after %d calls, want stop after 1", err, n)
		}
	})
	t.Run("malformed line", func(t *testing.T) {
		n := 0
		err := ScanParagraphs(strings.NewReader(data+"{oops\n"), func(schema.Paragraph) error {
			n++
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "line 3") || n != 2 {
			t.Errorf("error %v after %d calls, want one naming line 3 after 2", err, n)
		}
	})
}
