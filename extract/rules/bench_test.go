package rules_test

import (
	"context"
	"testing"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/normalize"
	"github.com/kg-dev/kg/extract/rules"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/extract/source"
	"github.com/kg-dev/kg/schema"
)

// seedDocs returns the documents of seeds/, read and normalised as kg
// build does, and the bytes of their paragraphs' text.
func seedDocs(b *testing.B) ([]extract.Document, int64) {
	b.Helper()
	ctx := context.Background()
	files, err := source.Walk(ctx, []string{"../../seeds"})
	if err != nil {
		b.Fatal(err)
	}
	var docs []extract.Document
	var size int64
	for _, f := range files {
		t, err := source.Read(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		doc := extract.Document{Path: f.Path, SHA256: t.SHA256}
		for i, p := range normalize.Paragraphs(t.Runes, t.Offsets) {
			doc.Paragraphs = append(doc.Paragraphs, schema.Paragraph{Doc: f.Path, DocSHA256: t.SHA256, Index: i,
				ID: schema.ParagraphID(f.Path, i, p.Text), Text: p.Text, SourceStart: p.SourceStart, SourceEnd: p.SourceEnd})
			size += int64(len(p.Text))
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 || size == 0 {
		b.Fatal("no seed paragraphs")
	}
	return docs, size
}

func newSegmenter(b *testing.B) *segment.Segmenter {
	b.Helper()
	seg, err := segment.New()
	if err != nil {
		b.Fatal(err)
	}
	return seg
}

// BenchmarkCut is the baseline of BenchmarkExtract: segmentation alone
// over the same paragraphs. scripts/bench-extract.sh prints the ratio of
// their throughputs.
func BenchmarkCut(b *testing.B) {
	docs, size := seedDocs(b)
	seg := newSegmenter(b)
	b.SetBytes(size)
	for b.Loop() {
		for _, d := range docs {
			for _, p := range d.Paragraphs {
				seg.Cut(p.Text)
			}
		}
	}
}

// BenchmarkExtract runs every rule, segmentation included, over the seeds.
func BenchmarkExtract(b *testing.B) {
	docs, size := seedDocs(b)
	x, err := rules.New(newSegmenter(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for b.Loop() {
		for _, d := range docs {
			x.Extract(d)
		}
	}
}
