// Package ordered runs work on numbered items with a pool of goroutines
// and hands the results over in the items' order, holding a bounded
// window of them.
package ordered

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Map runs work on the items 0 … n-1 with a pool of workers and calls
// merge with each item's value in order, 0 first, from one goroutine at a
// time. At most window items (at least 1) are in work or waiting for
// their turn to merge at once, counting the one being merged, so memory
// holds a bounded number of values whatever n is. It returns the first
// error of merge or of ctx, after every worker has stopped; the workers
// stop at it.
func Map[T any](ctx context.Context, n, workers, window int, work func(ctx context.Context, i int) T, merge func(i int, v T) error) error {
	window = max(window, 1)
	type done struct {
		i int
		v T
	}
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan int, workers)      // buffered to the workers: back-pressure on the producer
	results := make(chan done, window)   // never full: at most window items are out
	slots := make(chan struct{}, window) // a slot per item between dispatch and merge

	g.Go(func() error {
		defer close(jobs)
		for i := range n {
			select {
			case slots <- struct{}{}:
			case <-gctx.Done():
				return gctx.Err()
			}
			select {
			case jobs <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for i := range jobs {
				select {
				case results <- done{i, work(gctx, i)}:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	g.Go(func() error {
		pending := map[int]T{}
		next := 0
		for d := range results {
			pending[d.i] = d.v
			for {
				v, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				if err := merge(next, v); err != nil {
					return err
				}
				next++
				<-slots
			}
		}
		if next < n {
			return gctx.Err()
		}
		return nil
	})
	return g.Wait()
}
