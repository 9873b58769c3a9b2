package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExport runs kg export on the graph/neo4jadmin test build and on
// wrong command lines.
func TestExport(t *testing.T) {
	const build = "../../graph/neo4jadmin/testdata/build"
	tmp := t.TempDir()
	to := filepath.Join(tmp, "csv")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // prefixes of the lines
		stderrLine string   // contained in the one line of stderr
	}{
		{"export", []string{"--format", "neo4j-admin", "--out", build, "--to", to}, exitOK,
			[]string{"kg: 9 nodes, 11 relationships → 19 CSV files in " + to + "/",
				"kg: with Neo4j stopped, import them into a new database with " + filepath.Join(to, "import.sh") + ", that is",
				"  neo4j-admin database import full --id-type=string --array-delimiter=U+001F",
				"kg: then start Neo4j and run kg schema apply"}, ""},
		{"quiet", []string{"--format", "neo4j-admin", "-o", build, "--to", to, "-q"}, exitOK, nil, ""},
		{"no format", []string{"--out", build, "--to", to}, exitUsage, nil, "kg: kg export needs --format neo4j-admin (see kg --help)"},
		{"other format", []string{"--format", "graphml", "--to", to}, exitUsage, nil, `unknown --format "graphml"`},
		{"no --to", []string{"--format", "neo4j-admin"}, exitUsage, nil, "kg: kg export needs --to, the folder to write the files into (see kg --help)"},
		{"argument", []string{"--format", "neo4j-admin", "--to", to, "out"}, exitUsage, nil, `unexpected argument "out"`},
		{"no build", []string{"--format", "neo4j-admin", "--out", tmp, "--to", to}, exitFailure, nil,
			"kg: no " + filepath.Join(tmp, "manifest.json") + ": " + tmp + " is not the output folder of a complete build; run kg build first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"kg", "export"}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr %q", code, tt.code, stderr.String())
			}
			got := lines(stdout.String())
			if len(got) != len(tt.stdout) {
				t.Fatalf("stdout %q, want %d lines", stdout.String(), len(tt.stdout))
			}
			for i, want := range tt.stdout {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("stdout line %d: %q, want it to start with %q", i+1, got[i], want)
				}
			}
			errLines := lines(stderr.String())
			switch {
			case tt.stderrLine == "" && len(errLines) > 0:
				t.Errorf("stderr %q, want nothing", stderr.String())
			case tt.stderrLine != "" && (len(errLines) != 1 || !strings.Contains(errLines[0], tt.stderrLine)):
				t.Errorf("stderr %q, want one line containing %q", stderr.String(), tt.stderrLine)
			}
		})
	}
	info, err := os.Stat(filepath.Join(to, "import.sh"))
	if err != nil || info.Mode().Perm()&0o100 == 0 {
		t.Errorf("import.sh: %v, mode %v; want an executable script", err, info.Mode())
	}
}
