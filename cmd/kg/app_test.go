package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/graph/jsonl"
)

// recorder is a fake runners that records what the commands were asked to
// do and returns err.
type recorder struct {
	builds []buildConfig
	evals  [][2]string // gold, out
	err    error
	say    string // written to the runner's stdout
}

func (r *recorder) runners() runners {
	return runners{
		build: func(ctx context.Context, cfg buildConfig, stdout, stderr io.Writer) error {
			r.builds = append(r.builds, cfg)
			io.WriteString(stdout, r.say)
			return r.err
		},
		eval: func(ctx context.Context, gold, out string, stdout io.Writer) error {
			r.evals = append(r.evals, [2]string{gold, out})
			io.WriteString(stdout, r.say)
			return r.err
		},
	}
}

// lines returns the lines of s, without the last newline.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestCommandLine(t *testing.T) {
	buildCfg := func(inputs []string, out string, strict bool, workers int, lexical, quiet bool) *buildConfig {
		return &buildConfig{Config: build.Config{Inputs: inputs, Out: out, Strict: strict, Workers: workers,
			Lexical: lexical, ToolVersion: version}, Quiet: quiet}
	}
	for _, tc := range []struct {
		name       string
		args       []string
		err        error // returned by the runner
		code       int
		build      *buildConfig // the one build the runner must see; nil: no build
		eval       []string     // gold and out the eval runner must see; nil: no eval
		stdout     []string     // substrings of stdout; nil: stdout empty
		stderrLine string       // substring of stderr's one line; "": stderr empty
	}{
		{name: "build defaults", args: []string{"build"}, code: exitOK,
			build: buildCfg([]string{"seeds"}, "out", false, 0, false, false)},
		{name: "build with every flag", args: []string{"build", "--input", "a", "--input", "b", "--out", "x", "--strict", "--workers", "3", "--lexical", "--quiet"},
			code: exitOK, build: buildCfg([]string{"a", "b"}, "x", true, 3, true, true)},
		{name: "build short flags", args: []string{"build", "-i", "a", "-o", "x", "-q"}, code: exitOK,
			build: buildCfg([]string{"a"}, "x", false, 0, false, true)},
		{name: "build workers=N form", args: []string{"build", "--workers=2"}, code: exitOK,
			build: buildCfg([]string{"seeds"}, "out", false, 2, false, false)},
		{name: "build negative workers", args: []string{"build", "--workers", "-1"}, code: exitUsage, stderrLine: "workers"},
		{name: "build workers not a number", args: []string{"build", "--workers", "many"}, code: exitUsage, stderrLine: "workers"},
		{name: "build unknown flag", args: []string{"build", "--bogus"}, code: exitUsage, stderrLine: "bogus"},
		{name: "build positional argument", args: []string{"build", "docs"}, code: exitUsage, stderrLine: `"docs"`},
		{name: "unknown command", args: []string{"nosuch"}, code: exitUsage, stderrLine: "nosuch"},
		{name: "unknown global flag", args: []string{"--bogus"}, code: exitUsage, stderrLine: "bogus"},
		{name: "help on unknown topic", args: []string{"help", "nosuch"}, code: exitUsage, stderrLine: "nosuch"},
		{name: "version", args: []string{"version"}, code: exitOK, stdout: []string{"kg " + version + "\n"}},
		{name: "--version", args: []string{"--version"}, code: exitOK, stdout: []string{version}},
		{name: "no command shows help", args: nil, code: exitOK, stdout: []string{"build", "eval", "version", "--help"}},
		{name: "--help", args: []string{"--help"}, code: exitOK, stdout: []string{"build", "eval", "version", "--help", "--version"}},
		{name: "build --help", args: []string{"build", "--help"}, code: exitOK,
			stdout: []string{"--input", "--out", "--strict", "--workers", "--lexical", "--quiet"}},
		{name: "help build", args: []string{"help", "build"}, code: exitOK, stdout: []string{"--input", "--workers"}},
		{name: "eval --help", args: []string{"eval", "--help"}, code: exitOK, stdout: []string{"--gold", "--out"}},
		{name: "eval", args: []string{"eval", "--gold", "g", "--out", "o"}, code: exitOK, eval: []string{"g", "o"}},
		{name: "eval default out", args: []string{"eval", "--gold", "g"}, code: exitOK, eval: []string{"g", "out"}},
		// urfave/cli shows the command's help on stdout when a required flag is missing.
		{name: "eval without gold", args: []string{"eval"}, code: exitUsage, stdout: []string{"--gold"}, stderrLine: "gold"},
		{name: "runner fails", args: []string{"build"}, err: errors.New("write out/graph.graphml: disk full"), code: exitFailure,
			build: buildCfg([]string{"seeds"}, "out", false, 0, false, false), stderrLine: "kg: write out/graph.graphml: disk full"},
		{name: "runner fails with a wrapped error", args: []string{"eval", "--gold", "g"}, err: fmt.Errorf("score: %w", os.ErrNotExist),
			code: exitFailure, eval: []string{"g", "out"}, stderrLine: "kg: score: file does not exist"},
		{name: "runner canceled", args: []string{"build"}, err: fmt.Errorf("extract: %w", context.Canceled), code: exitCancel,
			build: buildCfg([]string{"seeds"}, "out", false, 0, false, false), stderrLine: "interrupted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{err: tc.err}
			var stdout, stderr bytes.Buffer
			code := runWith(context.Background(), append([]string{"kg"}, tc.args...), &stdout, &stderr, rec.runners())
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, stderr.String())
			}
			switch {
			case tc.build == nil && len(rec.builds) != 0:
				t.Errorf("build ran with %+v", rec.builds)
			case tc.build != nil && (len(rec.builds) != 1 || !reflect.DeepEqual(rec.builds[0], *tc.build)):
				t.Errorf("builds %+v, want %+v", rec.builds, *tc.build)
			}
			switch {
			case tc.eval == nil && len(rec.evals) != 0:
				t.Errorf("eval ran with %q", rec.evals)
			case tc.eval != nil && (len(rec.evals) != 1 || rec.evals[0] != [2]string{tc.eval[0], tc.eval[1]}):
				t.Errorf("evals %q, want %q", rec.evals, tc.eval)
			}
			if tc.stdout == nil && stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout does not mention %q:\n%s", s, stdout.String())
				}
			}
			got := lines(stderr.String())
			switch {
			case tc.stderrLine == "" && len(got) > 0:
				t.Errorf("stderr %q, want nothing", stderr.String())
			case tc.stderrLine != "" && (len(got) != 1 || !strings.HasPrefix(got[0], "kg: ") || !strings.Contains(got[0], tc.stderrLine)):
				t.Errorf("stderr %q, want one line starting kg: and holding %q", stderr.String(), tc.stderrLine)
			}
		})
	}
}

// TestRunnerWriters checks that the runners write to the streams run was given.
func TestRunnerWriters(t *testing.T) {
	rec := &recorder{say: "kg: 5 documents\n"}
	var stdout, stderr bytes.Buffer
	if code := runWith(context.Background(), []string{"kg", "build"}, &stdout, &stderr, rec.runners()); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	if stdout.String() != rec.say || stderr.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want %q and nothing", stdout.String(), stderr.String(), rec.say)
	}
}

// TestRunEndToEnd runs the real runners: each run loads the segmenter.
func TestRunEndToEnd(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")

	t.Run("build seeds", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"kg", "build", "--input", "../../seeds", "--out", out}, &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("exit code %d, stderr %q", code, stderr.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("stderr %q, want nothing", stderr.String())
		}
		for _, name := range []string{"documents.jsonl", "entities.jsonl", "triples.jsonl", "graph.graphml", "manifest.json"} {
			if info, err := os.Stat(filepath.Join(out, name)); err != nil || info.Size() == 0 {
				t.Errorf("%s: missing or empty (%v)", name, err)
			}
		}
		f, err := os.Open(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		m, err := jsonl.ReadManifest(f)
		if err != nil {
			t.Fatal(err)
		}
		if m.Documents != 5 || m.ToolVersion != version || m.Started != "2023-11-14T22:13:20Z" || m.Finished != m.Started {
			t.Errorf("manifest %+v, want 5 documents by %s at SOURCE_DATE_EPOCH", m, version)
		}
		want := fmt.Sprintf("kg: 5 documents, %d paragraphs, %d entities, %d triples → %s/", m.Paragraphs, m.Entities, m.Triples, out)
		if got := lines(stdout.String()); len(got) != 1 || got[0] != want {
			t.Errorf("stdout %q, want the line %q", stdout.String(), want)
		}
	})

	t.Run("missing input", func(t *testing.T) {
		tmp := t.TempDir()
		missing := filepath.Join(tmp, "no-such-folder")
		out := filepath.Join(tmp, "out")
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"kg", "build", "--input", missing, "--out", out}, &stdout, &stderr)
		if code != exitFailure {
			t.Errorf("exit code %d, want %d", code, exitFailure)
		}
		got := lines(stderr.String())
		if len(got) != 1 || !strings.HasPrefix(got[0], "kg: ") || !strings.Contains(got[0], missing) {
			t.Errorf("stderr %q, want one line naming %s", stderr.String(), missing)
		}
		if strings.Contains(stderr.String(), "goroutine") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("stderr holds a stack trace: %q", stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout %q, want nothing", stdout.String())
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("out folder created by a failed build (stat: %v)", err)
		}
	})
}
