package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuild builds a generated corpus of 1 MiB end to end (walk,
// read, normalise, extract, resolve, write every file) with 1 and 2
// workers. Compare the two in the same run: scripts/bench-build.sh prints
// the ratio of their MB/s.
func BenchmarkBuild(b *testing.B) {
	corpus := generated(b, 1<<20)
	var size int64
	docs := 0
	err := filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		docs++
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	pl := pipeline(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			out := b.TempDir()
			b.SetBytes(size)
			n := 0
			for b.Loop() {
				if _, err := pl.Run(context.Background(), Config{Inputs: []string{corpus}, Out: out, Workers: workers, Now: fixedNow}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
