package ordered

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMap(t *testing.T) {
	for _, tc := range []struct {
		n, workers int
	}{{0, 1}, {1, 1}, {1, 4}, {100, 1}, {100, 2}, {200, 4}} {
		t.Run(fmt.Sprintf("%d items, %d workers", tc.n, tc.workers), func(t *testing.T) {
			var (
				mu              sync.Mutex
				out, peak, seen int // items started and not merged
				order           []int
			)
			work := func(_ context.Context, i int) int {
				mu.Lock()
				out++
				peak = max(peak, out)
				mu.Unlock()
				time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond) // finish out of order
				return i * i
			}
			err := Map(context.Background(), tc.n, tc.workers, 4*tc.workers, work, func(i, v int) error {
				mu.Lock()
				out--
				mu.Unlock()
				if v != i*i {
					t.Errorf("item %d merged with value %d", i, v)
				}
				order = append(order, i)
				seen++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if seen != tc.n {
				t.Fatalf("%d items merged, want %d", seen, tc.n)
			}
			for i, v := range order {
				if v != i {
					t.Fatalf("merge order %v", order)
				}
			}
			if window := 4 * tc.workers; peak > window {
				t.Errorf("%d items out at once, more than the window of %d", peak, window)
			}
		})
	}

	t.Run("merge error stops the workers", func(t *testing.T) {
		stop := errors.New("stop")
		var worked atomic.Int32
		err := Map(context.Background(), 10000, 2, 8, func(context.Context, int) int {
			worked.Add(1)
			return 0
		}, func(i, _ int) error {
			if i == 10 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) {
			t.Errorf("error %v, want stop", err)
		}
		if n := worked.Load(); n > 10+1+8 {
			t.Errorf("%d items worked on after an error at item 10", n)
		}
	})

	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		err := Map(ctx, 10000, 2, 8, func(context.Context, int) int { return 0 }, func(i, _ int) error {
			if i == 5 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
}
