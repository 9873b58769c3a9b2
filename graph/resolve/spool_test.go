package resolve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/schema"
)

// manyDocs returns n documents that mention, among them, enough people and
// organisations to fill every bucket, each person in several documents
// under two surface forms, with relations between them, some to entities
// that are never mentioned.
func manyDocs(n int) []*doc {
	var docs []*doc
	for i := range n {
		var paras []string
		type m struct {
			ref        extract.Ref
			para, s, e int
		}
		var ms []m
		for k := range 6 {
			n := (i*7 + k*13) % 300
			person := fmt.Sprintf("张%03d", n)   // 4 code points
			body := fmt.Sprintf("第%03d局", n%97) // 5 code points; the same for a person, so triples merge
			text := body + "局长" + person + "讲话，" + person + "同志到会。"
			paras = append(paras, text)
			p := extract.Ref{Type: schema.Person, Name: person}
			o := extract.Ref{Type: schema.Organisation, Name: body}
			ms = append(ms, m{o, k, 0, 5}, m{p, k, 7, 11}, m{p, k, 14, 20})
		}
		d := newDoc(fmt.Sprintf("doc%03d.txt", i), paras...)
		for j := len(ms) - 1; j >= 0; j-- { // not in text order
			d.mention(ms[j].ref.Type, ms[j].ref.Name, ms[j].para, ms[j].s, ms[j].e)
		}
		for k := range 6 {
			p, o := ms[3*k+1].ref, ms[3*k].ref
			conf := 0.5 + float64((i+k)%5)/10
			d.relation(schema.HoldsPosition, p, o, "局长", k, 0, 11, fmt.Sprintf("rule-%d", (i*k)%3), conf)
			d.relation(schema.PartOf, o, org, "", k, 0, 5, "never-mentioned", 0.7)
		}
		docs = append(docs, d)
	}
	return docs
}

// spoolAll adds docs to a new Spool that merges the given number of
// buckets at once and writes chunks of the given size, and returns what
// Entities and Triples give, with the paragraph ids of the mentions.
func spoolAll(t *testing.T, merges, chunk int, docs ...*doc) ([]schema.Entity, [][]string, []schema.Triple) {
	t.Helper()
	s, err := NewSpool(t.TempDir(), merges)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.chunk = chunk
	for _, d := range docs {
		if err := s.Add(d.res); err != nil {
			t.Fatal(err)
		}
	}
	var es []schema.Entity
	var paraIDs [][]string
	if err := s.Entities(context.Background(), func(bes []schema.Entity, ids [][]string) error {
		if len(bes) != len(ids) {
			t.Fatalf("a bucket of %d entities with %d lists of paragraph ids", len(bes), len(ids))
		}
		es, paraIDs = append(es, bes...), append(paraIDs, ids...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var ts []schema.Triple
	if err := s.Triples(context.Background(), func(bts []schema.Triple) error {
		ts = append(ts, bts...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return es, paraIDs, ts
}

func TestSpoolMatchesResolver(t *testing.T) {
	aliases := newDoc("c.txt", "“孙永红”说，孙永红书记和孙 永红、孙永红书记都到了。").
		mention(schema.Person, sun.Name, 0, 0, 5).
		mention(schema.Person, sun.Name, 0, 7, 12).
		mention(schema.Person, sun.Name, 0, 13, 17).
		mention(schema.Person, sun.Name, 0, 18, 23)
	dropped := newDoc("a.txt", textA).
		mention(schema.Person, sun.Name, 0, 9, 12).
		mention(schema.Place, qdP.Name, 0, 13, 15).
		relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "title-before-name", 0.9).
		relation(schema.LocatedIn, org, qdP, "", 0, 0, 15, "located", 0.7)
	for _, tc := range []struct {
		name string
		docs []*doc
	}{
		{"nothing", nil},
		{"two documents", []*doc{docA(), docB()}},
		{"two documents out of order", []*doc{docB(), docA()}},
		{"aliases", []*doc{docA(), aliases}},
		{"ends without mentions", []*doc{dropped}},
		{"the most confident extractor names a merged triple", []*doc{
			newDoc("a.txt", textA).mention(schema.Organisation, org.Name, 0, 0, 7).mention(schema.Person, sun.Name, 0, 9, 12).
				relation(schema.HoldsPosition, sun, org, "书记", 0, 0, 12, "weak", 0.5),
			newDoc("b.txt", textB).mention(schema.Organisation, org.Name, 0, 3, 10).mention(schema.Person, sun.Name, 0, 12, 15).
				relation(schema.HoldsPosition, sun, org, "书记", 0, 3, 15, "strong", 0.8).
				relation(schema.HoldsPosition, sun, org, "书记", 0, 3, 15, "also-strong", 0.8),
		}},
		{"local names", localDocs()},
		{"many entities in every bucket", manyDocs(60)},
	} {
		for _, v := range []struct{ merges, chunk int }{{1, chunkSize}, {3, chunkSize}, {1, 1}, {3, 100}} {
			t.Run(fmt.Sprintf("%s/merges=%d/chunk=%d", tc.name, v.merges, v.chunk), func(t *testing.T) {
				want := resolveAll(tc.docs...)
				es, paraIDs, ts := spoolAll(t, v.merges, v.chunk, tc.docs...)
				if len(es) != len(want.Entities) || len(ts) != len(want.Triples) {
					t.Fatalf("%d entities and %d triples, want %d and %d", len(es), len(ts), len(want.Entities), len(want.Triples))
				}
				for i := range es {
					if !reflect.DeepEqual(es[i], want.Entities[i]) {
						t.Fatalf("entity %d:\n got %+v\nwant %+v", i, es[i], want.Entities[i])
					}
				}
				for i := range ts {
					if !reflect.DeepEqual(ts[i], want.Triples[i]) {
						t.Fatalf("triple %d:\n got %+v\nwant %+v", i, ts[i], want.Triples[i])
					}
				}
				paras := map[string]string{} // "doc#index" → paragraph id
				for _, p := range want.Paragraphs {
					paras[fmt.Sprintf("%s#%d", p.Doc, p.Index)] = p.ID
				}
				for i, e := range es {
					for j, m := range e.Mentions {
						if w := paras[fmt.Sprintf("%s#%d", m.Doc, m.Paragraph)]; paraIDs[i][j] != w || w == "" {
							t.Errorf("%s: mention %d in paragraph id %q, want %q", e.Name, j, paraIDs[i][j], w)
						}
					}
				}
			})
		}
	}
	if es, _, ts := spoolAll(t, 1, chunkSize, manyDocs(60)...); len(es) < 300 || len(ts) < 200 {
		t.Errorf("the many-entities case has only %d entities and %d triples", len(es), len(ts))
	}
}

func TestSpoolBuckets(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want int
	}{
		{"00000000000000000000000000000000", 0},
		{"00ffffffffffffffffffffffffffffff", 0},
		{"01000000000000000000000000000000", 1},
		{"7fffffffffffffffffffffffffffffff", 127},
		{"80000000000000000000000000000000", 128},
		{"fe000000000000000000000000000000", 254},
		{"ffffffffffffffffffffffffffffffff", 255},
	} {
		if got := bucket(tc.id); got != tc.want {
			t.Errorf("bucket(%s) = %d, want %d", tc.id, got, tc.want)
		}
	}
}

func TestSpoolFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSpool(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(docA().res); err != nil {
		t.Fatal(err)
	}
	if err := s.Triples(context.Background(), func([]schema.Triple) error { return nil }); err == nil {
		t.Error("Triples before Entities: no error")
	}
	stop := errors.New("stop")
	if err := s.Entities(context.Background(), func([]schema.Entity, [][]string) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Entities returned %v, want the callback's error", err)
	}
	if err := s.Add(docB().res); err == nil {
		t.Error("Add after Entities: no error")
	}
	// Every bucket goes to one file, however many buckets have records.
	if ents, err := os.ReadDir(s.Dir()); err != nil || len(ents) != 1 {
		t.Errorf("spool folder holds %d files (%v), want 1", len(ents), err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if ents, err := os.ReadDir(dir); err != nil || len(ents) != 0 {
		t.Errorf("after Close the folder holds %v (%v), want nothing", ents, err)
	}
}

func TestAhead(t *testing.T) {
	stop := errors.New("stop")
	for _, tc := range []struct {
		name     string
		failLoad int // the load that fails, -1 for none
		failUse  int // the use that fails, -1 for none
		want     []int
		wantErr  error
	}{
		{"all", -1, -1, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, nil},
		{"load fails", 4, -1, []int{0, 1, 2, 3}, stop},
		{"use fails", -1, 2, []int{0, 1, 2}, stop},
	} {
		for _, p := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/p=%d", tc.name, p), func(t *testing.T) {
				var loaded atomic.Int32
				var got []int
				err := ahead(context.Background(), 10, p, func(k int) (int, error) {
					loaded.Add(1)
					if k == tc.failLoad {
						return 0, stop
					}
					return k, nil
				}, func(v int) error {
					got = append(got, v)
					if v == tc.failUse {
						return stop
					}
					return nil
				})
				if !errors.Is(err, tc.wantErr) || !reflect.DeepEqual(got, tc.want) {
					t.Errorf("used %v, error %v; want %v, %v", got, err, tc.want, tc.wantErr)
				}
				if n := int(loaded.Load()); tc.wantErr != nil && n > len(tc.want)+p+1 {
					t.Errorf("%d values loaded after an error at the %d-th", n, len(tc.want))
				}
			})
		}
	}
	for _, p := range []int{1, 3} {
		t.Run(fmt.Sprintf("canceled/p=%d", p), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			n := 0
			err := ahead(ctx, 10, p, func(k int) (int, error) { return k, nil }, func(v int) error {
				if n++; v == 3 {
					cancel()
				}
				return nil
			})
			if !errors.Is(err, context.Canceled) || n > 5+p {
				t.Errorf("error %v after %d values, want context.Canceled after at most %d", err, n, 5+p)
			}
		})
	}
}
