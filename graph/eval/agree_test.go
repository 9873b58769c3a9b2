package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph/jsonl"
)

var update = flag.Bool("update", false, "rewrite testdata/agree/want.txt with the output of kg-score")

// kgScorePath is the Python scorer whose figures Score must reproduce,
// relative to this package's folder.
const kgScorePath = "../../../shared/tools/kg-score"

// kgScore returns the paths of python3 and the scorer. It skips the test
// when either is missing, unless the environment variable CI is set, when
// it fails it.
func kgScore(t *testing.T) (python, tool string) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err == nil {
		_, err = os.Stat(kgScorePath)
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs python3 and %s: %v", kgScorePath, err)
		}
		t.Skipf("cannot compare with the Python scorer (%v); set CI to make this an error", err)
	}
	return python, kgScorePath
}

// runKGScore runs kg-score on a gold and an output folder and returns its
// stdout.
func runKGScore(t *testing.T, gold, out string) []byte {
	t.Helper()
	python, tool := kgScore(t)
	var stderr bytes.Buffer
	cmd := exec.Command(python, tool, gold, out)
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("kg-score %s %s: %v\n%s", gold, out, err, stderr.Bytes())
	}
	return stdout
}

// scoreDirs scores an output folder against a gold folder and returns
// WriteText's output.
func scoreDirs(t *testing.T, gold, out string) []byte {
	t.Helper()
	g, err := LoadGold(gold)
	if err != nil {
		t.Fatal(err)
	}
	ents, triples, err := LoadOutput(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Score(g, ents, triples).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameText fails the test at the first line where got and want differ.
func sameText(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	gl := strings.SplitAfter(string(got), "\n")
	wl := strings.SplitAfter(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s: line %d differs:\n got: %q\nwant: %q\nwhole output:\n%s", what, i+1, g, w, got)
		}
	}
}

// TestAgreeFixture scores the hand-made fixture testdata/agree and
// compares the text with want.txt (which -update rewrites from kg-score)
// and, where it can run, with kg-score itself, byte for byte.
func TestAgreeFixture(t *testing.T) {
	gold, out := filepath.Join("testdata", "agree", "gold"), filepath.Join("testdata", "agree", "out")
	wantPath := filepath.Join("testdata", "agree", "want.txt")
	got := scoreDirs(t, gold, out)
	if *update {
		if err := os.WriteFile(wantPath, runKGScore(t, gold, out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(wantPath)
	if err != nil {
		t.Fatal(err)
	}
	sameText(t, wantPath, got, want)
	t.Run("kg-score", func(t *testing.T) {
		sameText(t, "kg-score", got, runKGScore(t, gold, out))
	})
}

// TestAgreeCases writes each case of TestScore to files and requires
// kg-score to print what WriteText prints.
func TestAgreeCases(t *testing.T) {
	kgScore(t)
	for _, c := range scoreCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			gold, out := filepath.Join(dir, "gold"), filepath.Join(dir, "out")
			writeCase(t, gold, out, c)
			var buf bytes.Buffer
			if err := Score(c.gold, c.ents, c.triples).WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			sameText(t, "kg-score", buf.Bytes(), runKGScore(t, gold, out))
			sameText(t, "files read back", scoreDirs(t, gold, out), buf.Bytes())
		})
	}
}

// writeCase writes the gold documents of c, one NNN.json each in order,
// and its entities and triples as an output folder.
func writeCase(t *testing.T, gold, out string, c scoreCase) {
	t.Helper()
	for _, d := range []string{gold, out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, g := range c.gold {
		if g.Relations == nil {
			g.Relations = []GoldRelation{} // kg-score reads null as no list
		}
		data, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(gold, fmt.Sprintf("%03d.json", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var ents, triples bytes.Buffer
	if err := jsonl.WriteEntities(&ents, c.ents); err != nil {
		t.Fatal(err)
	}
	if err := jsonl.WriteTriples(&triples, c.triples); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "entities.jsonl"), ents.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "triples.jsonl"), triples.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNormalizeAgreesWithPython checks every code point against the
// character class that kg-score strips, as this Python sees it.
func TestNormalizeAgreesWithPython(t *testing.T) {
	python, _ := kgScore(t)
	const prog = `import re, sys
S = re.compile(r"[\s\u3000“”\"'‘’《》〈〉「」『』]")
print(" ".join(str(c) for c in range(sys.maxunicode + 1) if S.match(chr(c))))`
	outb, err := exec.Command(python, "-c", prog).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := map[rune]bool{}
	for _, f := range strings.Fields(string(outb)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		want[rune(n)] = true
	}
	for r := rune(0); r <= 0x10FFFF; r++ {
		if strip(r) != want[r] {
			t.Errorf("U+%04X: stripped %v, Python strips it: %v", r, strip(r), want[r])
		}
	}
}
