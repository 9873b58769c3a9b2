package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

// seedText returns the text of the seed document name.
func seedText(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// gb18030 returns s encoded in GB18030.
func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeInput writes files (name → contents) into the folder dir.
func writeInput(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot returns the contents of every file in the folder dir by name,
// nil if dir does not exist, or the contents of dir under "" if it is a
// file.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() {
		data, err := os.ReadFile(dir)
		if err != nil {
			t.Fatal(err)
		}
		return map[string][]byte{"": data}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
			files[e.Name()] = data
		}
	}
	return files
}

// sameFiles reports whether two snapshots hold the same files (no folder
// and an empty one are the same).
func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if d, ok := b[name]; !ok || !bytes.Equal(d, data) {
			return false
		}
	}
	return true
}

// checkOut checks that the output folder out is consistent: no temporary
// file is left in it, every output file in it is whole (it parses) and, if
// it holds a manifest, every output file is there with the manifest's
// counts. It returns the manifest, or nil if there is none.
func checkOut(t *testing.T, out string) *schema.Manifest {
	t.Helper()
	if info, err := os.Stat(out); err != nil || !info.IsDir() {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("%s: temporary file %s left behind", out, e.Name())
		}
	}
	var m *schema.Manifest
	if f, err := os.Open(filepath.Join(out, "manifest.json")); err == nil {
		mm, err := jsonl.ReadManifest(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		m = &mm
	}
	for _, c := range []struct {
		name string
		want func(schema.Manifest) int
		read func(io.Reader) (int, error)
	}{
		{"documents.jsonl", func(m schema.Manifest) int { return m.Paragraphs },
			func(r io.Reader) (int, error) { ps, err := jsonl.ReadParagraphs(r); return len(ps), err }},
		{"entities.jsonl", func(m schema.Manifest) int { return m.Entities },
			func(r io.Reader) (int, error) { es, err := jsonl.ReadEntities(r); return len(es), err }},
		{"triples.jsonl", func(m schema.Manifest) int { return m.Triples },
			func(r io.Reader) (int, error) { ts, err := jsonl.ReadTriples(r); return len(ts), err }},
		{"graph.graphml", func(m schema.Manifest) int { return -1 }, func(r io.Reader) (int, error) {
			dec := xml.NewDecoder(r)
			for {
				if _, err := dec.Token(); err == io.EOF {
					return -1, nil
				} else if err != nil {
					return -1, err
				}
			}
		}},
	} {
		f, err := os.Open(filepath.Join(out, c.name))
		if err != nil {
			if m != nil {
				t.Errorf("%s: the manifest vouches for a file that is not there: %v", out, err)
			}
			continue
		}
		n, err := c.read(f)
		f.Close()
		if err != nil {
			if info, serr := os.Stat(filepath.Join(out, c.name)); serr == nil && info.IsDir() && m == nil {
				continue // a folder in the way, not an output file
			}
			t.Errorf("%s/%s is not whole: %v", out, c.name, err)
		} else if m != nil && n != c.want(*m) {
			t.Errorf("%s/%s: %d records, the manifest says %d", out, c.name, n, c.want(*m))
		}
	}
	return m
}

// checkStderr checks that stderr holds one line per entry of want, each
// starting with "kg: " and holding the substrings of its entry, and no
// stack trace.
func checkStderr(t *testing.T, stderr string, want [][]string) {
	t.Helper()
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
		t.Fatalf("stderr holds a stack trace:\n%s", stderr)
	}
	got := lines(stderr)
	if len(got) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(got), len(want), stderr)
	}
	for i, subs := range want {
		if !strings.HasPrefix(got[i], "kg: ") {
			t.Errorf("stderr line %q does not start with kg:", got[i])
		}
		for _, s := range subs {
			if !strings.Contains(got[i], s) {
				t.Errorf("stderr line %q does not say %q", got[i], s)
			}
		}
	}
}

// TestBadInput runs kg build through its real entry point on input and
// output folders that are wrong in one way each, and checks the exit
// code, the message (one line naming the file and what to do) and that
// the output folder is left consistent.
func TestBadInput(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	good := seedText(t, "001_bda6349dde205a91.txt")
	utf8Part := "市委常委，西海岸新区工委书记孙永红讲话。\n"
	// Sentences of seed text without their line breaks, about 200 KB.
	para := regexp.MustCompile(`\s+`).ReplaceAllString(string(seedText(t, "000_4aeb6eff09d05557.txt")), "")
	longPara := []byte(strings.Repeat(para, 200<<10/len(para)+1))

	tests := []struct {
		name  string
		short bool                               // runs with -short too
		files map[string][]byte                  // the input folder
		setup func(t *testing.T, in, out string) // more to do before the build
		args  func(in, out string) []string      // nil: build --input in --out out
		code  int
		// stderr: one entry per line, each the substrings the line holds;
		// "IN" and "OUT" stand for the input and output folders.
		stderr [][]string
		docs   int                      // documents in the manifest, when code is 0
		writes bool                     // fails while writing the output, not before
		check  func(*testing.T, string) // more checks of the output folder
	}{
		{name: "empty file", short: true, files: map[string][]byte{"empty.txt": nil}, docs: 1},
		{name: "binary file", short: true, files: map[string][]byte{"good.txt": good, "binary.txt": []byte("PK\x03\x04\x00\x00\xff\xfe")},
			stderr: [][]string{{"skipped binary.txt", "binary"}}, docs: 1},
		{name: "only binary files", short: true, files: map[string][]byte{"a.txt": {0, 1, 2}, "b.txt": {0xff, 0, 0xfe}},
			code: exitFailure, stderr: [][]string{{"skipped a.txt", "binary"}, {"skipped b.txt", "binary"}, {"no readable document in IN", "give --input"}}},
		{name: "binary file with --strict", short: true, files: map[string][]byte{"good.txt": good, "binary.txt": {'a', 0, 'b'}},
			args: func(in, out string) []string { return []string{"build", "--strict", "--input", in, "--out", out} },
			code: exitFailure, stderr: [][]string{{"binary.txt", "binary", "leave out --strict"}}},
		{name: "invalid UTF-8 in a UTF-8 file", short: true, files: map[string][]byte{"good.txt": good, "bad.txt": []byte("孙永红书记\xff\xfe讲话。\n")},
			stderr: [][]string{{"skipped bad.txt", "not UTF-8, UTF-16 or GB18030"}}, docs: 1},
		{name: "mixed encodings", short: true,
			files:  map[string][]byte{"good.txt": good, "mixed.txt": append([]byte(utf8Part), gb18030(t, utf8Part)...)},
			stderr: [][]string{{"skipped mixed.txt", "not UTF-8, UTF-16 or GB18030"}}, docs: 1},
		{name: "GB18030 file", short: true, files: map[string][]byte{"gb.txt": gb18030(t, utf8Part)}, docs: 1},
		{name: "very long paragraph", short: true, files: map[string][]byte{"long.txt": longPara}, docs: 1,
			check: func(t *testing.T, out string) {
				f, err := os.Open(filepath.Join(out, "documents.jsonl"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				ps, err := jsonl.ReadParagraphs(f)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) < len(longPara)/3/3000 {
					t.Errorf("%d paragraphs from %d bytes: the paragraph was not cut", len(ps), len(longPara))
				}
				for _, p := range ps {
					if n := utf8.RuneCountInString(p.Text); n > 3000 {
						t.Errorf("paragraph %d has %d characters, more than 3000", p.Index, n)
					}
					last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p.Text, "”’」』）)】》〉"))
					if !strings.ContainsRune("。！？；!?;", last) && p.Index != len(ps)-1 {
						t.Errorf("paragraph %d is not cut at a sentence end: …%s", p.Index, string([]rune(p.Text)[utf8.RuneCountInString(p.Text)-5:]))
					}
				}
			}},
		{name: "50 MB without line breaks",
			setup: func(t *testing.T, in, out string) {
				// Plain sentences after a seed paragraph: the rules take
				// time that grows faster than the size with the number of
				// names in one document (see the report of issue 6).
				unit := "今天天气很好，我们去公园散步。"
				data := []byte(para + strings.Repeat(unit, 50<<20/len(unit)))
				writeInput(t, in, map[string][]byte{"big.txt": data})
			}, docs: 1},
		{name: "link loops", short: true, files: map[string][]byte{"good.txt": good},
			setup: func(t *testing.T, in, out string) {
				for _, l := range [][2]string{{"loop.txt", "loop.txt"}, {"sub", "."}, {"up", ".."}, {"gone.txt", "nowhere.txt"}} {
					if err := os.Symlink(l[1], filepath.Join(in, l[0])); err != nil {
						t.Fatal(err)
					}
				}
			},
			stderr: [][]string{{"skipped gone.txt", "no such file"}, {"skipped loop.txt", "symbolic links"}}, docs: 1},
		{name: "unreadable file", short: true, files: map[string][]byte{"good.txt": good, "secret.txt": good},
			setup: func(t *testing.T, in, out string) {
				path := filepath.Join(in, "secret.txt")
				if err := os.Chmod(path, 0); err != nil {
					t.Fatal(err)
				}
				if _, err := os.ReadFile(path); err == nil {
					t.Skip("chmod 000 does not stop this user (root) reading: the read-error path is checked by the link-loops case")
				}
			},
			stderr: [][]string{{"skipped secret.txt", "permission denied"}}, docs: 1},
		{name: "missing input", short: true,
			args: func(in, out string) []string {
				return []string{"build", "--input", filepath.Join(in, "nosuch"), "--out", out}
			},
			code: exitFailure, stderr: [][]string{{"IN/nosuch", "does not exist", "give --input"}}},
		{name: "output under a regular file", short: true, files: map[string][]byte{"good.txt": good},
			args: func(in, out string) []string {
				return []string{"build", "--input", in, "--out", filepath.Join(in, "good.txt", "out")}
			},
			code: exitFailure, stderr: [][]string{{"IN/good.txt/out", "is a file", "choose another --out"}}},
		{name: "output is a regular file", short: true, files: map[string][]byte{"good.txt": good},
			setup: func(t *testing.T, in, out string) {
				writeInput(t, filepath.Dir(out), map[string][]byte{"out": []byte("x")})
			},
			code: exitFailure, stderr: [][]string{{"OUT", "is a file", "choose another --out"}}},
		{name: "read-only output folder", short: true, files: map[string][]byte{"good.txt": good},
			setup: func(t *testing.T, in, out string) {
				if err := os.Mkdir(out, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(out, 0o755) })
				if f, err := os.CreateTemp(out, "probe"); err == nil {
					f.Close()
					os.Remove(f.Name())
					t.Skip("a read-only folder is still writable by this user (root): the output-under-a-file cases check the message")
				}
			},
			code: exitFailure, stderr: [][]string{{"OUT", "not writable", "choose another --out"}}},
		{name: "output file in the way", short: true, files: map[string][]byte{"good.txt": good},
			setup: func(t *testing.T, in, out string) {
				if err := os.MkdirAll(filepath.Join(out, "graph.graphml", "x"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			code: exitFailure, writes: true, stderr: [][]string{{"OUT/graph.graphml", "move it away or choose another --out"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && !tt.short {
				t.Skip("50 MB: not with -short")
			}
			tmp := t.TempDir()
			in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
			if err := os.Mkdir(in, 0o755); err != nil {
				t.Fatal(err)
			}
			writeInput(t, in, tt.files)
			if tt.setup != nil {
				tt.setup(t, in, out)
			}
			before := snapshot(t, out)
			args := []string{"build", "--input", in, "--out", out}
			if tt.args != nil {
				args = tt.args(in, out)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"kg"}, args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			var want [][]string
			for _, subs := range tt.stderr {
				var w []string
				for _, s := range subs {
					s = strings.ReplaceAll(s, "IN", in)
					w = append(w, strings.ReplaceAll(s, "OUT", out))
				}
				want = append(want, w)
			}
			checkStderr(t, stderr.String(), want)
			m := checkOut(t, out)
			switch {
			case code == exitOK && m == nil:
				t.Fatalf("exit code 0 but no manifest in %s", out)
			case code == exitOK && m.Documents != tt.docs:
				t.Errorf("manifest: %d documents, want %d", m.Documents, tt.docs)
			case code != exitOK && m != nil:
				t.Errorf("a failed build left a manifest in %s", out)
			case code != exitOK && !tt.writes && !sameFiles(snapshot(t, out), before):
				t.Errorf("a failed build changed %s: %d files, were %d", out, len(snapshot(t, out)), len(before))
			}
			if code == exitOK && tt.check != nil {
				tt.check(t, out)
			}
		})
	}
}

// TestFailedBuildKeepsOlderBuild checks that a build that fails leaves an
// older complete build in the output folder as it was.
func TestFailedBuildKeepsOlderBuild(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"kg", "build", "-q", "--input", "../../seeds", "--out", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("first build: exit code %d, stderr %q", code, stderr.String())
	}
	before := snapshot(t, out)
	binary := filepath.Join(tmp, "binary")
	writeInput(t, binary, map[string][]byte{"a.txt": {0, 1, 2}})
	for _, args := range [][]string{
		{"--input", filepath.Join(tmp, "nosuch")},
		{"--input", binary},
		{"--input", binary, "--strict"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout.Reset()
			stderr.Reset()
			code := run(context.Background(), append([]string{"kg", "build", "--out", out}, args...), &stdout, &stderr)
			if code != exitFailure {
				t.Errorf("exit code %d, want %d", code, exitFailure)
			}
			if got := lines(stderr.String()); len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "kg: ") {
				t.Errorf("stderr %q, want a last line starting kg:", stderr.String())
			}
			if checkOut(t, out) == nil {
				t.Fatal("the older build's manifest is gone")
			}
			after := snapshot(t, out)
			if len(after) != len(before) {
				t.Errorf("output files %d, were %d", len(after), len(before))
			}
			for name, data := range before {
				if !bytes.Equal(after[name], data) {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
