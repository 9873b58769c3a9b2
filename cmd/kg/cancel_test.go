//go:build linux || darwin

package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kg-dev/kg/graph/build"
	"github.com/kg-dev/kg/graph/cypher"

	"github.com/kg-dev/kg/internal/neo4jtest"
)

// TestCancelLoadMessage cancels, as Ctrl-C does, the Neo4j load of a
// build of the seeds a quarter of the way: kg says on one line how far the
// load got and what to do, and exits with 130; running the load again
// finishes it.
func TestCancelLoadMessage(t *testing.T) {
	uri, user, password := server(t)
	unlock, err := neo4jtest.Lock(uri)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	pl, err := build.NewPipeline()
	if err != nil {
		t.Fatal(err)
	}
	res, err := pl.Run(context.Background(), build.Config{Inputs: []string{"../../seeds"}, KeepGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := cypher.Config{URI: uri, Username: user, Password: password, BatchSize: 20}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var done, total int // when cancelled
	cfg.Progress = func(d, n int) {
		mu.Lock()
		defer mu.Unlock()
		if d >= n/4 && total == 0 {
			done, total = d, n
			cancel()
		}
	}
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := report(load(ctx, cfg, res.Graph, &stdout, false), &stderr)
	t.Logf("load returned %v after it began, cancelled after %d of %d rows", time.Since(start).Round(time.Millisecond), done, total)
	if code != exitCancel {
		t.Errorf("exit code %d, want %d", code, exitCancel)
	}
	want := fmt.Sprintf("kg: interrupted; the output files are complete; the Neo4j load stopped after %d of %d rows, "+
		"in whole transactions: run the same command again to finish it", done, total)
	if got := lines(stderr.String()); total == 0 || len(got) != 1 || got[0] != want {
		t.Errorf("stderr %q, want the line %q", stderr.String(), want)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}

	cfg.Progress = nil
	stderr.Reset()
	if code := report(load(context.Background(), cfg, res.Graph, &stdout, false), &stderr); code != exitOK {
		t.Fatalf("load again: exit code %d, stderr %q", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "kg: loaded into Neo4j: ") {
		t.Errorf("load again: stdout %q", stdout.String())
	}
}
