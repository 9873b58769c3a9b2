package cypher

import (
	"context"
	"fmt"
	"testing"

	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/schema"
)

// TestLoadWriters loads one graph with 1 and with 4 writers for the
// disjoint steps, in small batches so that many run at once, and checks
// that the databases are the same, property for property.
func TestLoadWriters(t *testing.T) {
	l := openTest(t)
	l.cfg.BatchSize = 25
	ctx := context.Background()
	g := syntheticGraph(4, 400, 800)
	var first []string
	var firstStats Stats
	for _, writers := range []int{1, 4} {
		wipe(t, l)
		var calls, done, total int
		l.cfg.Progress = func(d, n int) {
			if d < done {
				t.Errorf("progress went back from %d to %d", done, d)
			}
			calls, done, total = calls+1, d, n
		}
		stats, err := l.load(ctx, g, writers)
		if err != nil {
			t.Fatal(err)
		}
		if done != total || calls == 0 {
			t.Errorf("%d writers: last progress %d of %d after %d calls", writers, done, total, calls)
		}
		d := dump(t, l)
		if first == nil {
			first, firstStats = d, stats
			continue
		}
		if stats != firstStats {
			t.Errorf("%d writers: %+v, 1 writer: %+v", writers, stats, firstStats)
		}
		compareDumps(t, fmt.Sprintf("load with %d writers", writers), d, "load with 1", first)
	}
}

// TestLoadAliases checks that an entity without aliases has neither
// aliases nor aliases_text, also after a load of a version with aliases.
func TestLoadAliases(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	version := func(aliases ...string) *graph.Graph {
		b := newBuilder()
		b.doc("a.txt", a0)
		sun := b.entity(schema.Person, "孙永红", aliases...)
		b.mention(t, sun, "a.txt", 0, "孙永红", 0)
		return b.graph()
	}
	q := "MATCH (p:Person) RETURN p.aliases, p.aliases_text, size([k IN keys(p) WHERE k STARTS WITH 'aliases'])"
	tests := []struct {
		aliases []string
		want    string
	}{
		{[]string{"孙书记", "孙永红书记"}, "[[[孙书记 孙永红书记] 孙书记 孙永红书记 2]]"},
		{nil, "[[<nil> <nil> 0]]"},
	}
	for _, tt := range tests {
		if _, err := l.Load(ctx, version(tt.aliases...)); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(query(t, l, q, nil)); got != tt.want {
			t.Errorf("aliases %q: got %s\nwant %s", tt.aliases, got, tt.want)
		}
	}
}
