//go:build unix

package cypher

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kg-dev/kg/graph"
)

// scriptServer is a Neo4j server of a test's own, run by
// scripts/neo4j.sh on a port of its own, so that the test can stop, kill,
// pause and restart it without disturbing the server at NEO4J_URI.
type scriptServer struct {
	port int
	tls  bool   // Bolt takes TLS connections only (KG_NEO4J_TLS=1)
	env  string // the export line of the last start
}

// scriptPassword is the password of the neo4j user of script servers.
const scriptPassword = "kgtestpassword"

// newScriptServer starts a server with an empty database on the port in
// the environment variable portVar, or on NEO4J_URI's port plus offset
// (7687 plus offset without NEO4J_URI), and stops it when the test ends.
// It needs bash, Java and Maven (and openssl for TLS): without them the
// test is skipped, loudly, or fails under CI, where it must never skip.
// With -short (scripts/test.sh's second run, under the race detector) the
// test is skipped: the run without -short tests it.
func newScriptServer(t *testing.T, portVar string, offset int, tls bool) *scriptServer {
	t.Helper()
	if testing.Short() {
		t.Skipf("SKIPPING %s under -short: it starts a Neo4j server of its own", t.Name())
	}
	tools := []string{"bash", "java", "mvn"}
	if tls {
		tools = append(tools, "openssl")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not found: scripts/neo4j.sh needs it to run a Neo4j server", tool)
			}
			t.Skipf("SKIPPING: %s not found, so %s is NOT tested against a Neo4j server of its own", tool, t.Name())
		}
	}
	port := 7687 + offset
	if s := os.Getenv(portVar); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s=%q: %v", portVar, s, err)
		}
		port = n
	} else if u, err := url.Parse(os.Getenv("NEO4J_URI")); err == nil && u.Port() != "" {
		n, _ := strconv.Atoi(u.Port())
		port = n + offset
	}
	s := &scriptServer{port: port, tls: tls}
	t.Cleanup(func() {
		s.signal(syscall.SIGCONT) // should the test have failed with the server paused
		if out, err := s.script(nil, "stop"); err != nil {
			t.Errorf("scripts/neo4j.sh stop: %v\n%s", err, out)
		}
	})
	s.start(t, false)
	return s
}

// script runs scripts/neo4j.sh with args on the server's port, with the
// environment variables env added, and returns its standard output, or
// both outputs if it fails.
func (s *scriptServer) script(env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{"../../scripts/neo4j.sh"}, args...)...)
	for _, kv := range os.Environ() {
		// Not the settings of the server at NEO4J_URI.
		if !strings.HasPrefix(kv, "KG_NEO4J_") && !strings.HasPrefix(kv, "NEO4J_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, fmt.Sprintf("KG_NEO4J_PORT=%d", s.port), "NEO4J_PASSWORD="+scriptPassword)
	if s.tls {
		cmd.Env = append(cmd.Env, "KG_NEO4J_TLS=1")
	}
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}

// start starts the server, on the data it has if keep, else on an empty
// database.
func (s *scriptServer) start(t *testing.T, keep bool) {
	t.Helper()
	var env []string
	if keep {
		env = []string{"KG_NEO4J_KEEP_DATA=1"}
	}
	t0 := time.Now()
	out, err := s.script(env, "start")
	if err != nil {
		t.Fatalf("scripts/neo4j.sh start on port %d: %v\n%s", s.port, err, out)
	}
	s.env = out
	t.Logf("scripts/neo4j.sh start (keep data: %v) on port %d: %v", keep, s.port, time.Since(t0).Round(time.Millisecond))
}

// kill kills the server with SIGKILL; it returns an error rather than
// failing the test, as it runs in goroutines of Load's progress.
func (s *scriptServer) kill() error {
	if out, err := s.script(nil, "kill"); err != nil {
		return fmt.Errorf("scripts/neo4j.sh kill: %v\n%s", err, out)
	}
	return nil
}

// signal sends sig to the server's process: SIGSTOP pauses it, SIGCONT
// resumes it. Like kill, it returns an error rather than failing the test.
func (s *scriptServer) signal(sig syscall.Signal) error {
	out, err := s.script(nil, "status")
	if err != nil {
		return fmt.Errorf("signal %v to Neo4j: %v: %s", sig, err, out)
	}
	// running: pid 123, Neo4j …
	f := strings.Fields(out)
	if len(f) < 3 {
		return fmt.Errorf("no pid in scripts/neo4j.sh status: %q", out)
	}
	pid, err := strconv.Atoi(strings.TrimSuffix(f[2], ","))
	if err != nil {
		return fmt.Errorf("no pid in scripts/neo4j.sh status: %q", out)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		return fmt.Errorf("signal %v to Neo4j (pid %d): %w", sig, pid, err)
	}
	return nil
}

// config returns the Config of the server from the export line that
// start printed: NEO4J_URI, NEO4J_PASSWORD and, with TLS, NEO4J_CA_FILE.
func (s *scriptServer) config(t *testing.T) Config {
	t.Helper()
	cfg := Config{Username: "neo4j"}
	for _, f := range strings.Fields(s.env) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "NEO4J_URI":
			cfg.URI = v
		case "NEO4J_PASSWORD":
			cfg.Password = v
		case "NEO4J_CA_FILE":
			cfg.CAFile = v
		}
	}
	if cfg.URI == "" || s.tls && cfg.CAFile == "" {
		t.Fatalf("scripts/neo4j.sh start printed %q, without NEO4J_URI or NEO4J_CA_FILE", s.env)
	}
	return cfg
}

// seedsGraph returns the graph of a build of the seed corpus.
func seedsGraph(t *testing.T) *graph.Graph {
	t.Helper()
	return buildSeeds(t, "")
}
