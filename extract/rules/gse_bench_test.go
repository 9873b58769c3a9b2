package rules_test

import (
	"testing"

	"github.com/go-ego/gse"
)

// BenchmarkGseCut is gse's own plain Cut over the same paragraphs, with
// gse's own dictionary: the baseline that the issue names. kg's segmenter
// replays the same algorithm over the same dictionary (extract/segment
// tests check it token for token), so BenchmarkCut is the second,
// stricter baseline.
func BenchmarkGseCut(b *testing.B) {
	docs, size := seedDocs(b)
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for b.Loop() { // b.Loop resets the timer on its first call
		for _, d := range docs {
			for _, p := range d.Paragraphs {
				seg.Cut(p.Text)
			}
		}
	}
}
