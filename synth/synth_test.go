package synth_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/schema"
	"github.com/kg-dev/kg/synth"
)

// corpus writes a corpus of size bytes for seed into a new folder and
// returns the folder and its files, path → bytes.
func corpus(t *testing.T, seed uint64, size int64) (string, map[string][]byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	st, err := synth.Write(context.Background(), dir, synth.Options{Seed: seed, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var total int64
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		total += int64(len(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != st.Documents || total != st.Bytes {
		t.Fatalf("Write reported %d documents of %d bytes, the folder holds %d of %d", st.Documents, st.Bytes, len(files), total)
	}
	return dir, files
}

func TestDeterministic(t *testing.T) {
	_, a := corpus(t, 42, 64<<10)
	_, b := corpus(t, 42, 64<<10)
	_, other := corpus(t, 43, 64<<10)
	_, bigger := corpus(t, 42, 128<<10)
	if len(a) < 8 {
		t.Fatalf("64 KiB gave only %d documents", len(a))
	}
	for path, data := range a {
		if !bytes.Equal(data, b[path]) {
			t.Errorf("%s differs between two runs with the same seed", path)
		}
		if !bytes.Equal(data, bigger[path]) {
			t.Errorf("%s differs in the larger corpus of the same seed", path)
		}
		if bytes.Equal(data, other[path]) {
			t.Errorf("%s is the same with another seed", path)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%d and %d documents from the same seed", len(a), len(b))
	}
}

func TestDocuments(t *testing.T) {
	const size = 96 << 10
	_, files := corpus(t, 7, size)
	var total int
	for path, data := range files {
		total += len(data)
		if !utf8.Valid(data) {
			t.Errorf("%s is not UTF-8", path)
		}
		if n := len(data); n < synth.DefaultDocSize/3 || n > 2*synth.DefaultDocSize {
			t.Errorf("%s has %d bytes, far from the default %d", path, n, synth.DefaultDocSize)
		}
		for _, want := range []string{"，", "。", "\n"} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s has no %q", path, want)
			}
		}
	}
	if total < size || total > size+2*synth.DefaultDocSize {
		t.Errorf("%d bytes written for a size of %d", total, size)
	}
	for i := range len(files) {
		if _, ok := files[synth.Path(i)]; !ok {
			t.Errorf("no document %s", synth.Path(i))
		}
	}
	all := ""
	for _, data := range files {
		all += string(data)
	}
	// The kinds of sentence of the seeds.
	for _, want := range []string{"委常委，", "委书记", "（", "）表示", "召开", "《", "》", "“", "”", "村", "社区", "街道", "有限公司", "报道）"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the corpus", want)
		}
	}
}

// persons returns the distinct names of the people that kg's extractor
// finds in the folder dir.
func persons(t *testing.T, pl *build.Pipeline, dir string) map[string]bool {
	t.Helper()
	res, err := pl.Run(context.Background(), build.Config{Inputs: []string{dir}, KeepGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range res.Graph.Entities {
		if e.Type == schema.Person {
			names[e.Name] = true
		}
	}
	return names
}

// TestGrowth checks that a corpus twice as large holds clearly more
// distinct people, as the extractor sees them.
func TestGrowth(t *testing.T) {
	pl, err := build.NewPipeline()
	if err != nil {
		t.Fatal(err)
	}
	small, _ := corpus(t, 5, 64<<10)
	large, _ := corpus(t, 5, 128<<10)
	n1, n2 := len(persons(t, pl, small)), len(persons(t, pl, large))
	t.Logf("distinct people: %d in 64 KiB, %d in 128 KiB", n1, n2)
	if n1 < 100 || float64(n2) < 1.6*float64(n1) {
		t.Errorf("%d distinct people in 64 KiB and %d in 128 KiB, want at least 100 and 1.6 times as many", n1, n2)
	}
}

func TestWriteErrors(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(full, "x.txt")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		dir  string
		opt  synth.Options
		want string
	}{
		{"folder not empty", context.Background(), full, synth.Options{Size: 1000}, "not empty"},
		{"folder is a file", context.Background(), file, synth.Options{Size: 1000}, "x.txt"},
		{"no size", context.Background(), filepath.Join(t.TempDir(), "a"), synth.Options{}, "size"},
		{"negative document size", context.Background(), filepath.Join(t.TempDir(), "b"), synth.Options{Size: 1000, DocSize: -1}, "size"},
		{"canceled", canceled, filepath.Join(t.TempDir(), "c"), synth.Options{Size: 1000}, "canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := synth.Write(tc.ctx, tc.dir, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64 // 0: an error
	}{
		{"4096", 4096},
		{"100MB", 100 << 20},
		{"100mb", 100 << 20},
		{"10M", 10 << 20},
		{"512K", 512 << 10},
		{"512KiB", 512 << 10},
		{"1G", 1 << 30},
		{"2 GB", 2 << 30},
		{"7B", 7},
		{"", 0},
		{"MB", 0},
		{"0", 0},
		{"-5MB", 0},
		{"1.5MB", 0},
		{"10XB", 0},
		{"99999999999G", 0},
	} {
		got, err := synth.ParseSize(tc.in)
		if tc.want == 0 && err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", tc.in, got)
		}
		if tc.want != 0 && (err != nil || got != tc.want) {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}
