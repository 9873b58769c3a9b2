package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kg-dev/kg/synth"
)

// generated writes a synthetic corpus of size bytes into a new folder and
// returns the folder.
func generated(t testing.TB, size int64) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := synth.Write(context.Background(), dir, synth.Options{Seed: 11, Size: size}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sameFiles reports the first output file that differs between the
// folders a and b, naming the first differing byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	for _, name := range outputFiles {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(x) == 0 && !strings.HasPrefix(name, "triples") {
			t.Errorf("%s is empty", name)
		}
		if !bytes.Equal(x, y) {
			i := 0
			for i < len(x) && i < len(y) && x[i] == y[i] {
				i++
			}
			t.Errorf("%s differs from byte %d (sizes %d and %d): %.80q… and %.80q…", name, i, len(x), len(y), x[i:], y[i:])
		}
	}
}

// TestStreamingMatchesInMemory checks that the streaming build writes the
// bytes that the in-memory path (resolve.Resolver, then Write) writes for
// the same extraction results.
func TestStreamingMatchesInMemory(t *testing.T) {
	corpus := generated(t, 160<<10)
	mixed := mixedInputs(t)
	for _, tc := range []struct {
		name    string
		inputs  []string
		lexical bool
	}{
		{"seeds", []string{seeds}, false},
		{"seeds lexical", []string{seeds}, true},
		{"generated", []string{corpus}, false},
		{"generated lexical", []string{corpus}, true},
		{"skipped and empty files lexical", []string{mixed}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stream := t.TempDir()
			res, err := pipeline(t).Run(context.Background(), Config{Inputs: tc.inputs, Out: stream, Lexical: tc.lexical,
				Workers: 2, ToolVersion: "test", Now: fixedNow, KeepGraph: true})
			if err != nil {
				t.Fatal(err)
			}
			g := res.Graph
			if g == nil {
				t.Fatal("no graph with KeepGraph")
			}
			m := res.Manifest
			if m.Documents != len(g.Documents) || m.Paragraphs != len(g.Paragraphs) || m.Entities != len(g.Entities) || m.Triples != len(g.Triples) {
				t.Errorf("manifest %+v does not count the graph's %d documents, %d paragraphs, %d entities, %d triples",
					m, len(g.Documents), len(g.Paragraphs), len(g.Entities), len(g.Triples))
			}
			memory := t.TempDir()
			m.Finished = ""
			if err := Write(memory, g, &m, tc.lexical, fixedNow); err != nil {
				t.Fatal(err)
			}
			sameFiles(t, stream, memory)
		})
	}
}

// TestWorkersGenerated builds a generated corpus of many documents, which
// finish out of order, with 1 and 4 workers.
func TestWorkersGenerated(t *testing.T) {
	corpus := generated(t, 256<<10)
	for _, lexical := range []bool{false, true} {
		t.Run(fmt.Sprintf("lexical=%v", lexical), func(t *testing.T) {
			var outs []string
			for _, w := range []int{1, 4} {
				out := t.TempDir()
				if _, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{corpus}, Out: out, Workers: w,
					Lexical: lexical, ToolVersion: "test", Now: fixedNow}); err != nil {
					t.Fatal(err)
				}
				outs = append(outs, out)
			}
			sameFiles(t, outs[0], outs[1])
		})
	}
}

// leftovers returns the temporary files and spool folders in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".kg-spool-") {
			found = append(found, e.Name())
		}
	}
	return found
}

// TestTemporaryFilesRemoved checks that no temporary file or spool is
// left, in the output folder or in TMPDIR, by builds that succeed and by
// builds that fail part way, and that a failed build leaves the previous
// output as it was.
func TestTemporaryFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a build without an output folder spools
	// The seeds and a binary file, zzz.txt, which comes last, so that a
	// strict build fails after the other files.
	bad := t.TempDir()
	files, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("seeds: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(bad, "zzz.txt"), []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		inputs  []string
		noOut   bool
		lexical bool
		strict  bool
		cancel  int    // cancel the build when this many files are done, if > 0
		want    string // in the error, "" for success
	}{
		{"success", []string{seeds}, false, true, false, 0, ""},
		{"success without an output folder", []string{seeds}, true, false, false, 0, ""},
		{"unreadable file under strict", []string{bad}, false, true, true, 0, "zzz.txt"},
		{"unreadable file under strict without an output folder", []string{bad}, true, false, true, 0, "zzz.txt"},
		{"canceled after a file", []string{seeds}, false, true, false, 1, "canceled"},
		{"canceled after the last file", []string{seeds}, false, false, false, 5, "canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			if _, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{seeds}, Out: out, Now: fixedNow}); err != nil {
				t.Fatal(err)
			}
			before := map[string][]byte{}
			for _, name := range outputFiles {
				before[name], _ = os.ReadFile(filepath.Join(out, name))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg := Config{Inputs: tc.inputs, Out: out, Lexical: tc.lexical, Strict: tc.strict, Now: fixedNow,
				Progress: func(done, total int) {
					if tc.cancel > 0 && done == tc.cancel {
						cancel()
					}
				}}
			if tc.noOut {
				cfg.Out = ""
			}
			_, err := pipeline(t).Run(ctx, cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one with %q", err, tc.want)
			}
			if left := leftovers(t, out); len(left) > 0 {
				t.Errorf("left in the output folder: %v", left)
			}
			if left := leftovers(t, tmp); len(left) > 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
			if tc.want != "" || tc.noOut {
				for _, name := range outputFiles {
					if data, _ := os.ReadFile(filepath.Join(out, name)); !bytes.Equal(data, before[name]) {
						t.Errorf("%s changed", name)
					}
				}
			}
		})
	}
}

func TestProgress(t *testing.T) {
	in := mixedInputs(t) // five files, one of them skipped
	var got [][2]int
	res, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{in}, Out: t.TempDir(), Now: fixedNow, Workers: 3,
		Progress: func(done, total int) { got = append(got, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("progress %v, want %v", got, want)
	}
	if res.Graph != nil {
		t.Error("Result.Graph set without KeepGraph")
	}
}
