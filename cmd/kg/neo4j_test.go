//go:build linux || darwin

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kg-dev/kg/graph/cypher"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"

	"github.com/kg-dev/kg/internal/neo4jtest"
)

// testServer is the Neo4j of NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD
// as the test binary found them: TestMain clears them before any test
// runs, so that the other tests never load into that server.
var testServer = struct{ uri, user, password string }{
	os.Getenv("NEO4J_URI"), os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD"),
}

// server returns the test server's URI, user and password. Without a
// server the test is skipped, or fails under CI, where it must never skip.
func server(t *testing.T) (uri, user, password string) {
	t.Helper()
	if testServer.uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("NEO4J_URI is not set: run the tests through scripts/test.sh which starts Neo4j")
		}
		t.Skip("SKIPPING: NEO4J_URI is not set, so kg build --neo4j-uri is NOT tested; " +
			"start Neo4j with `bash scripts/neo4j.sh start` and export what it prints")
	}
	user = testServer.user
	if user == "" {
		user = "neo4j"
	}
	return testServer.uri, user, testServer.password
}

// readOut reads the build folder out and checks that it is complete:
// every file of the contract there, manifest.json's counts those of the
// files (jsonl.ReadDir checks them), at least one document, no temporary
// file left.
func readOut(t *testing.T, out string) *jsonl.Output {
	t.Helper()
	o, err := jsonl.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if o.Manifest.Documents == 0 {
		t.Errorf("manifest %+v: no document", o.Manifest)
	}
	if info, err := os.Stat(filepath.Join(out, "graph.graphml")); err != nil || info.Size() == 0 {
		t.Errorf("graph.graphml: missing or empty (%v)", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in %s", e.Name(), out)
		}
	}
	return o
}

// TestBuildNeo4jErrors runs `kg build --neo4j-uri` on the seeds with a
// Neo4j it cannot use: one line on stderr naming the URI and what to do,
// exit code 1, and the files complete, since they are written first.
func TestBuildNeo4jErrors(t *testing.T) {
	const wrong = "wrong-Passw0rd-kg-51c2"
	tests := []struct {
		name   string
		server bool // needs the test server
		args   func(uri, user, password string) []string
		want   []string // in stderr's line; %s is the URI
	}{
		{"unreachable", false, func(_, _, _ string) []string {
			return []string{"--neo4j-uri", "bolt://127.0.0.1:1", "--neo4j-password", wrong}
		}, []string{"cannot reach Neo4j at bolt://127.0.0.1:1: connection refused", "docker compose up -d", "--neo4j-uri"}},
		{"unreachable routing", false, func(_, _, _ string) []string {
			return []string{"--neo4j-uri", "neo4j://127.0.0.1:1", "--neo4j-password", wrong}
		}, []string{"cannot reach Neo4j at neo4j://127.0.0.1:1", "docker compose up -d", "--neo4j-uri"}},
		{"wrong password", true, func(uri, user, _ string) []string {
			return []string{"--neo4j-uri", uri, "--neo4j-user", user, "--neo4j-password", wrong}
		}, []string{"Neo4j at %s refused the username or password", "--neo4j-user", "NEO4J_PASSWORD"}},
		{"missing database", true, func(uri, user, password string) []string {
			return []string{"--neo4j-uri", uri, "--neo4j-user", user, "--neo4j-password", password, "--database", "nosuchdb"}
		}, []string{`Neo4j at %s has no database "nosuchdb"`, "--database"}},
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var uri, user, password string
			if tt.server {
				uri, user, password = server(t)
			}
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"kg", "build", "--input", "../../seeds", "--out", out}, tt.args(uri, user, password)...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != exitFailure {
				t.Errorf("exit code %d, want %d", code, exitFailure)
			}
			got := lines(stderr.String())
			if len(got) != 1 || !strings.HasPrefix(got[0], "kg: ") {
				t.Fatalf("stderr %q, want one line starting kg: ", stderr.String())
			}
			t.Logf("stderr: %s", got[0])
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "%s", uri); !strings.Contains(got[0], w) {
					t.Errorf("stderr %q, want it to say %q", got[0], w)
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), wrong) ||
				password != "" && strings.Contains(stdout.String()+stderr.String(), password) {
				t.Errorf("the output gives the password away: %q %q", stdout.String(), stderr.String())
			}
			m := readOut(t, out).Manifest
			want := fmt.Sprintf("kg: %d documents, %d paragraphs, %d entities, %d triples → %s/",
				m.Documents, m.Paragraphs, m.Entities, m.Triples, out)
			if got := lines(stdout.String()); len(got) != 1 || got[0] != want {
				t.Errorf("stdout %q, want the line %q", stdout.String(), want)
			}
		})
	}
}

// TestBuildNeo4jLoad loads a copy of the seeds with `kg build` through a
// neo4j:// routing URI into the database named with --database, then again
// through bolt:// into the default database, which is the same one. The
// copy's documents have paths of their own (seeds-…/000_….txt), so that
// they add a known number of nodes and relationships to whatever the
// database holds.
func TestBuildNeo4jLoad(t *testing.T) {
	uri, user, password := server(t)
	unlock, err := neo4jtest.Lock(uri)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}

	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds, err := os.MkdirTemp(in, "seeds-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(seeds, os.DirFS("../../seeds")); err != nil {
		t.Fatal(err)
	}
	counts := func(database string) (map[string]int, string) {
		t.Helper()
		ctx := context.Background()
		l, err := cypher.Open(ctx, cypher.Config{URI: uri, Username: user, Password: password, Database: database})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close(ctx)
		fp, err := l.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return parseCounts(t, fp), fp
	}
	before, _ := counts("neo4j")

	out := filepath.Join(tmp, "out")
	routing := "neo4j://" + u.Host
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"kg", "build", "--input", in, "--out", out,
		"--neo4j-uri", routing, "--neo4j-user", user, "--neo4j-password", password, "--database", "neo4j"}, &stdout, &stderr)
	if code != exitOK || stderr.Len() > 0 {
		t.Fatalf("kg build --neo4j-uri %s --database neo4j: exit code %d, stderr %q", routing, code, stderr.String())
	}
	o := readOut(t, out)
	m := o.Manifest
	mentions := 0
	entities, relations := map[string]int{}, map[string]int{}
	for _, e := range o.Entities {
		mentions += len(e.Mentions)
		entities[string(e.Type)]++
	}
	for _, tr := range o.Triples {
		relations[string(tr.Predicate)]++
	}
	next := m.Paragraphs - m.Documents
	want := fmt.Sprintf("kg: loaded into Neo4j: %d nodes, %d relationships written",
		m.Documents+m.Paragraphs+m.Entities, m.Paragraphs+next+mentions+m.Triples)
	if got := lines(stdout.String()); len(got) != 2 || got[1] != want {
		t.Errorf("stdout %q, want the build's line then %q", stdout.String(), want)
	}

	// The copy's documents and paragraphs are new; its entities and
	// relations may be in the database already, from other loads.
	after, fp := counts("neo4j")
	t.Logf("%s\nbefore %v\nafter  %v", stdout.String(), before, after)
	added := map[string]int{
		schema.LabelDocument: m.Documents, schema.LabelParagraph: m.Paragraphs,
		schema.RelHasParagraph: m.Paragraphs, schema.RelNext: next, schema.RelMentions: mentions,
	}
	for k, n := range added {
		if after[k]-before[k] != n {
			t.Errorf("%s: %d before the load, %d after, want %d more", k, before[k], after[k], n)
		}
	}
	for _, want := range []map[string]int{entities, relations} {
		for k, n := range want {
			if after[k] < n {
				t.Errorf("%s: %d in the database, fewer than the %d of the files", k, after[k], n)
			}
		}
	}

	// Again, into the default database: nothing changes.
	stdout.Reset()
	code = run(context.Background(), []string{"kg", "build", "-q", "--input", in, "--out", out,
		"--neo4j-uri", uri, "--neo4j-user", user, "--neo4j-password", password}, &stdout, &stderr)
	if code != exitOK || stdout.Len()+stderr.Len() > 0 {
		t.Fatalf("kg build -q --neo4j-uri %s: exit code %d, stdout %q, stderr %q", uri, code, stdout.String(), stderr.String())
	}
	if _, again := counts(""); again != fp {
		t.Errorf("loading again into the default database changed it:\nbefore %s\nafter  %s", fp, again)
	}
}

// parseCounts returns the counts per label and type of a fingerprint:
// "nodes Document=5 …; relationships HAS_PARAGRAPH=170 …; sha256 …".
func parseCounts(t *testing.T, fingerprint string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, part := range strings.Split(fingerprint, "; ") {
		fields := strings.Fields(part)
		if len(fields) == 0 || fields[0] != "nodes" && fields[0] != "relationships" {
			continue
		}
		for _, f := range fields[1:] {
			k, v, _ := strings.Cut(f, "=")
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("fingerprint %q: %v", fingerprint, err)
			}
			counts[k] = n
		}
	}
	return counts
}
