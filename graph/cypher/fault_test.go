//go:build unix

package cypher

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// faultBatch is the batch size of the fault and cancellation tests: small,
// so that a load of the seeds takes some forty transactions.
const faultBatch = 40

// loadReturns runs l.Load and fails the test if it has not returned
// within limit: whatever the server does, a load must not hang.
func loadReturns(ctx context.Context, t *testing.T, l *Loader, g *graph.Graph, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := l.Load(ctx, g)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("Load has not returned after %v", limit)
		return nil
	}
}

// checkFailure checks that err is one line for people that matches kind
// and holds want, and gives no password away.
func checkFailure(t *testing.T, err error, kind error, want, password string) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("no error, want one that matches %v", kind)
	case !errors.Is(err, kind):
		t.Errorf("error %q does not match %v", err, kind)
	case strings.Contains(err.Error(), "\n"):
		t.Errorf("error of more than one line: %q", err)
	case !strings.Contains(err.Error(), want):
		t.Errorf("error %q, want it to hold %q", err, want)
	case password != "" && strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), password):
		t.Errorf("error %q gives the password away", err)
	}
	t.Logf("error: %v", err)
}

// checkWholeBatches checks that the database, after a load of g into an
// empty one stopped part way, holds whole batches only: the number of
// nodes of each label is that of whole batches of its rows (the last of
// which can be short), and every paragraph has its HAS_PARAGRAPH, which
// the same rows write.
func checkWholeBatches(ctx context.Context, t *testing.T, l *Loader, g *graph.Graph) {
	t.Helper()
	labels, types, err := l.counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := wantCounts(g)
	for label, n := range want {
		got := labels[label]
		if got > n || got%faultBatch != 0 && got%faultBatch != n%faultBatch {
			t.Errorf("%d %s nodes of %d: not whole batches of %d", got, label, n, faultBatch)
		}
	}
	if types[schema.RelHasParagraph] != labels[schema.LabelParagraph] {
		t.Errorf("%d paragraphs but %d HAS_PARAGRAPH", labels[schema.LabelParagraph], types[schema.RelHasParagraph])
	}
	t.Logf("after the stop: nodes %s; relationships %s", formatCounts(labels), formatCounts(types))
}

// midway returns a Config.Progress that calls f once, after the batch
// that takes the load past a quarter of its rows, and the function that
// returns f's error. Load calls Progress between batches, so it starts no
// new batch until f returns: the batches in flight meet what f did.
func midway(f func() error) (progress func(done, total int), result func() error) {
	var once sync.Once
	err := errors.New("the load never got a quarter of the way")
	progress = func(done, total int) {
		if done >= total/4 {
			once.Do(func() { err = f() })
		}
	}
	return progress, func() error { return err }
}

// TestFault loads the seeds into a server of its own while the server
// fails: killed in the middle of the load, stopped, restarted, paused for
// a while, paused for good. Every time Load returns a one-line error (or
// completes, if the server comes back in time), and loading again ends
// with the graph of a load that nothing interrupted.
func TestFault(t *testing.T) {
	t.Parallel() // on a server of its own, which takes a while to start
	srv := newScriptServer(t, "KG_NEO4J_FAULT_PORT", 2, false)
	ctx := context.Background()
	g := seedsGraph(t)
	cfg := srv.config(t)
	cfg.BatchSize = faultBatch
	cfg.Timeout = time.Minute // a busy machine can take seconds over a batch
	l, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close(ctx) })
	if err := l.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if _, err := l.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	want, err := l.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("uninterrupted load into an empty database in %v: %s", time.Since(t0).Round(time.Millisecond), want)

	// converges loads g again and checks that the database then is what
	// the uninterrupted load made.
	converges := func(t *testing.T) {
		t.Helper()
		if _, err := l.Load(ctx, g); err != nil {
			t.Fatalf("load again: %v", err)
		}
		got, err := l.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("after loading again:\n got %s\nwant %s", got, want)
		}
	}

	t.Run("killed, stopped, restarted", func(t *testing.T) {
		wipe(t, l)
		var killed func() error
		l.cfg.Progress, killed = midway(srv.kill)
		err := loadReturns(ctx, t, l, g, 2*time.Minute)
		l.cfg.Progress = nil
		if err := killed(); err != nil {
			t.Fatal(err)
		}
		checkFailure(t, err, ErrUnavailable, "into Neo4j: cannot reach Neo4j at "+cfg.URI, cfg.Password)

		// Stopped: Open and Load say so.
		err = loadReturns(ctx, t, l, g, 2*time.Minute)
		checkFailure(t, err, ErrUnavailable, "cannot reach Neo4j at "+cfg.URI+": connection refused", cfg.Password)
		if l2, err := Open(ctx, cfg); err == nil {
			l2.Close(ctx)
			t.Error("Open succeeded on a stopped server")
		} else {
			checkFailure(t, err, ErrUnavailable, "cannot reach Neo4j at "+cfg.URI+": connection refused", cfg.Password)
		}

		// Restarted: the Loader of before the kill works again.
		srv.start(t, true)
		checkWholeBatches(ctx, t, l, g)
		converges(t)
	})

	t.Run("slow to answer", func(t *testing.T) {
		wipe(t, l)
		resumed := make(chan error, 1)
		var paused func() error
		l.cfg.Progress, paused = midway(func() error {
			time.AfterFunc(3*time.Second, func() { resumed <- srv.signal(syscall.SIGCONT) })
			return srv.signal(syscall.SIGSTOP)
		})
		err := loadReturns(ctx, t, l, g, 2*time.Minute)
		l.cfg.Progress = nil
		if err := paused(); err != nil {
			t.Fatal(err)
		}
		if err := <-resumed; err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatalf("Load with the server paused for 3s of its %v timeout: %v", cfg.Timeout, err)
		}
		got, err := l.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("after a load slowed down:\n got %s\nwant %s", got, want)
		}
	})

	t.Run("no answer", func(t *testing.T) {
		wipe(t, l)
		l.cfg.Timeout = 3 * time.Second
		var paused func() error
		l.cfg.Progress, paused = midway(func() error { return srv.signal(syscall.SIGSTOP) })
		err := loadReturns(ctx, t, l, g, 2*time.Minute)
		l.cfg.Progress, l.cfg.Timeout = nil, cfg.Timeout
		if err := paused(); err != nil {
			t.Fatal(err)
		}
		if err := srv.signal(syscall.SIGCONT); err != nil {
			t.Fatal(err)
		}
		checkFailure(t, err, ErrUnavailable, "Neo4j at "+cfg.URI+" did not answer within 3s", cfg.Password)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %q does not match context.DeadlineExceeded", err)
		}
		checkWholeBatches(ctx, t, l, g)
		converges(t)
	})

	t.Run("cancelled while the server does not answer", func(t *testing.T) {
		wipe(t, l)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var paused func() error
		l.cfg.Progress, paused = midway(func() error {
			time.AfterFunc(time.Second, cancel)
			return srv.signal(syscall.SIGSTOP)
		})
		err := loadReturns(cctx, t, l, g, cfg.Timeout/2)
		l.cfg.Progress = nil
		if err := paused(); err != nil {
			t.Fatal(err)
		}
		if err := srv.signal(syscall.SIGCONT); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Load = %v, want context.Canceled", err)
		}
		checkWholeBatches(ctx, t, l, g)
		converges(t)
	})
}

// TestCancelLoad cancels loads of the seeds a quarter of the way, between
// batches and while one is in flight: Load returns context.Canceled at
// once, the database holds whole batches only, and loading again
// completes the graph.
func TestCancelLoad(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	g := seedsGraph(t)
	l.cfg.BatchSize = faultBatch
	if _, err := l.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	want, err := l.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		delay time.Duration // from the batch past a quarter of the rows to the cancellation
	}{
		{"between batches", 0},
		{"during a batch", 30 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wipe(t, l)
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var mu sync.Mutex
			var cancelled time.Time
			var done, total int
			l.cfg.Progress = func(d, n int) {
				mu.Lock()
				defer mu.Unlock()
				done, total = d, n
				if d >= n/4 && cancelled.IsZero() {
					cancelled = time.Now().Add(tt.delay)
					if tt.delay == 0 {
						cancel()
					} else {
						time.AfterFunc(tt.delay, cancel)
					}
				}
			}
			err := loadReturns(cctx, t, l, g, 10*time.Second)
			returned := time.Now()
			l.cfg.Progress = nil
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Load = %v, want context.Canceled", err)
			}
			mu.Lock()
			defer mu.Unlock()
			t.Logf("Load returned %v after the cancellation, with %d of %d rows written: %v",
				returned.Sub(cancelled), done, total, err)
			if done >= total {
				t.Errorf("the load ended (%d of %d rows) before it was cancelled", done, total)
			}
			checkWholeBatches(ctx, t, l, g)
			if _, err := l.Load(ctx, g); err != nil {
				t.Fatal(err)
			}
			got, err := l.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("after loading again:\n got %s\nwant %s", got, want)
			}
		})
	}
}
