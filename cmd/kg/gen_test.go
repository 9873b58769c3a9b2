package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kg-dev/kg/synth"
)

func TestGen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // substring of stdout; "": empty
		stderr string // substring of stderr's one line; "": empty
	}{
		{"writes the corpus", []string{"gen", "--out", dir, "--size", "32K", "--seed", "3"}, exitOK, "→ " + dir + "/", ""},
		{"folder not empty", []string{"gen", "--out", dir, "--size", "32K"}, exitFailure, "", "not empty"},
		{"quiet", []string{"gen", "-q", "-o", filepath.Join(t.TempDir(), "q"), "--size", "8K"}, exitOK, "", ""},
		{"bad size", []string{"gen", "--out", filepath.Join(t.TempDir(), "x"), "--size", "lots"}, exitUsage, "", "--size"},
		{"bad document size", []string{"gen", "--out", filepath.Join(t.TempDir(), "x"), "--size", "8K", "--doc-size", "0"}, exitUsage, "", "--doc-size"},
		{"no size", []string{"gen", "--out", filepath.Join(t.TempDir(), "x")}, exitUsage, "", "size"},
		{"argument", []string{"gen", "--out", filepath.Join(t.TempDir(), "x"), "--size", "8K", "more"}, exitUsage, "", `"more"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"kg"}, tc.args...), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, stderr.String())
			}
			if tc.stdout == "" && tc.code == exitOK && stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout %q, want %q in it", stdout.String(), tc.stdout)
			}
			errLines := lines(stderr.String())
			if tc.stderr == "" && len(errLines) > 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
			if tc.stderr != "" && (len(errLines) == 0 || !strings.Contains(errLines[len(errLines)-1], tc.stderr)) {
				t.Errorf("stderr %q, want a last line with %q", stderr.String(), tc.stderr)
			}
		})
	}

	// The corpus is the one synth writes for the seed.
	g, err := synth.New(3, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(synth.Path(i))))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, g.Document(i)) {
			t.Errorf("document %d differs from synth's for seed 3", i)
		}
	}
}
