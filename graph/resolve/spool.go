package resolve

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/internal/ordered"
	"github.com/kg-dev/kg/schema"
)

// Buckets is the number of buckets of each kind, for mentions and for
// relations. Entity ids are hex, and a record goes to the bucket of the
// first byte of its entity's id (for a triple, its subject's), so the
// buckets in turn hold ids in order.
const Buckets = 256

// Spool resolves documents as Resolver does, to the same entities and
// triples, without holding the corpus's mentions and provenance in memory.
// Add appends each mention and each relation, with the id of its entity
// (or of its subject), to one of Buckets buckets; a bucket's records wait
// in a buffer of chunkSize bytes and then go, as a chunk, to one spool file
// in a temporary folder. Entities and Triples then read the buckets back,
// a few at a time, and merge the records of each entity and triple there,
// giving them in id order. Memory holds the buffers (at most 2 × Buckets
// × chunkSize bytes), the records of merges+1 buckets (each a 256th of the
// corpus's mentions or relations) and the ids of the entities that have a
// mention, 16 bytes each, which Triples needs to leave out the triples
// whose ends have none.
//
// Add documents in path order, as to a Resolver. A Spool is not safe for
// concurrent use, but Encode, which does the work of Add, is. Close
// removes the files.
type Spool struct {
	dir     string   // the temporary folder
	merges  int      // buckets merged at once
	f       *os.File // the spool file, of chunks
	size    int64    // of f
	chunk   int      // chunkSize; tests make it smaller
	ment    [Buckets]bucketRecords
	prov    [Buckets]bucketRecords
	kept    [Buckets][][16]byte // ids of the entities with a mention, by bucket, sorted; set by Entities
	entered bool                // Entities was called
	merged  bool                // Entities went through every bucket
}

// chunkSize is the size of a bucket's buffer, and so about that of the
// chunks written to the spool file. One file of chunks, rather than a file
// per bucket, spares a build the creation of hundreds of files.
const chunkSize = 16 << 10

// bucketRecords holds the records of a bucket, in the order they were added: the
// chunks in the spool file, then the buffer.
type bucketRecords struct {
	chunks []chunk
	buf    []byte
}

// chunk is where a run of whole records is in the spool file.
type chunk struct {
	off int64
	n   int
}

// NewSpool returns a Spool whose file is in a new temporary folder in
// dir; "" means os.TempDir(). Entities and Triples merge up to merges
// buckets at once, each in its own goroutine, ahead of their caller; less
// than 1 means 1.
func NewSpool(dir string, merges int) (*Spool, error) {
	tmp, err := os.MkdirTemp(dir, ".kg-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	f, err := os.Create(filepath.Join(tmp, "records"))
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("spool: %w", err)
	}
	return &Spool{dir: tmp, merges: max(merges, 1), f: f, chunk: chunkSize}, nil
}

// write appends records to the bucket b, and its buffer to the spool file
// once it holds chunkSize bytes.
func (s *Spool) write(b *bucketRecords, records []byte) error {
	if b.buf == nil {
		b.buf = make([]byte, 0, s.chunk+len(records))
	}
	b.buf = append(b.buf, records...)
	if len(b.buf) < s.chunk {
		return nil
	}
	if _, err := s.f.Write(b.buf); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	b.chunks = append(b.chunks, chunk{s.size, len(b.buf)})
	s.size += int64(len(b.buf))
	b.buf = b.buf[:0]
	return nil
}

// Dir returns the temporary folder of the spool file. Callers may keep
// files of their own there: Close removes them too.
func (s *Spool) Dir() string { return s.dir }

// Close removes the spool file and its folder.
func (s *Spool) Close() error {
	s.f.Close()
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

// Batch is the result of one document encoded for a Spool: its records,
// by bucket.
type Batch struct {
	ment, prov [Buckets][]byte
}

// Encode encodes the result of one document for Spool.AddBatch. It is
// safe for concurrent use, so workers can encode while one goroutine adds.
func Encode(res extract.Result) *Batch {
	b := &Batch{}
	doc := res.Doc
	ids := map[extract.Ref]string{}
	id := func(ref extract.Ref) string {
		x, ok := ids[ref]
		if !ok {
			x = entityID(ref, doc.Path)
			ids[ref] = x
		}
		return x
	}
	for _, m := range res.Mentions {
		e := id(m.Ref)
		paraID := ""
		if m.Paragraph >= 0 && m.Paragraph < len(doc.Paragraphs) && doc.Paragraphs[m.Paragraph].Index == m.Paragraph {
			paraID = doc.Paragraphs[m.Paragraph].ID
		}
		k := bucket(e)
		r := appendString(b.ment[k], e)
		r = appendString(r, string(m.Type))
		r = appendString(r, m.Name)
		r = appendSpan(r, doc.Path, m.Paragraph, m.Start, m.End, m.Text)
		b.ment[k] = appendString(r, paraID)
	}
	for _, rel := range res.Relations {
		sub, obj := id(rel.Subject), id(rel.Object)
		k := bucket(sub)
		r := appendString(b.prov[k], sub)
		r = appendString(r, string(rel.Predicate))
		r = appendString(r, obj)
		r = appendString(r, rel.Title)
		r = appendString(r, rel.Extractor)
		r = binary.LittleEndian.AppendUint64(r, math.Float64bits(rel.Confidence))
		b.prov[k] = appendSpan(r, doc.Path, rel.Paragraph, rel.Start, rel.End, rel.Evidence)
	}
	return b
}

// Add merges the result of one document, as Resolver.Add does.
func (s *Spool) Add(res extract.Result) error { return s.AddBatch(Encode(res)) }

// AddBatch merges the result of one document that Encode encoded.
func (s *Spool) AddBatch(b *Batch) error {
	if s.entered {
		return errors.New("spool: Add after Entities")
	}
	for k := range Buckets {
		if len(b.ment[k]) > 0 {
			if err := s.write(&s.ment[k], b.ment[k]); err != nil {
				return err
			}
		}
		if len(b.prov[k]) > 0 {
			if err := s.write(&s.prov[k], b.prov[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// mentionRec is a mention as spooled.
type mentionRec struct {
	m      schema.Mention
	paraID string
}

// entityBucket holds the entities merged from one bucket, in id order,
// and the ids of their mentions' paragraphs.
type entityBucket struct {
	es      []schema.Entity
	paraIDs [][]string
}

// Entities calls fn with every entity that has a mention, in the order and
// with the aliases and mentions of Resolver.Graph's Entities, a bucket at a
// time: es holds the bucket's entities in order and paraIDs[i][j] is the
// id of the paragraph of es[i].Mentions[j] ("" if the document had no such
// paragraph). fn may keep the slices. It stops at the first error, of fn
// or ctx, and returns it. Call it once, after the last Add and before
// Triples. The next buckets are merged in other goroutines while fn runs.
func (s *Spool) Entities(ctx context.Context, fn func(es []schema.Entity, paraIDs [][]string) error) error {
	if s.entered {
		return errors.New("spool: Entities called twice")
	}
	s.entered = true
	err := ahead(ctx, Buckets, s.merges, s.entityBucket, func(b entityBucket) error {
		if len(b.es) == 0 {
			return nil
		}
		return fn(b.es, b.paraIDs)
	})
	s.merged = err == nil
	return err
}

// entityBucket merges the entities of bucket k, in id order, and notes
// their ids in s.kept[k].
func (s *Spool) entityBucket(k int) (entityBucket, error) {
	type group struct {
		e    schema.Entity
		recs []mentionRec
	}
	groups := map[string]*group{}
	err := s.read(&s.ment[k], func(r *spoolReader) error {
		id := r.string()
		g, ok := groups[id]
		if !ok {
			g = &group{e: schema.Entity{ID: id, Type: schema.EntityType(r.string()), Name: r.string()}}
			groups[id] = g
		} else {
			r.skip()
			r.skip()
		}
		var x mentionRec
		x.m.Doc, x.m.Paragraph, x.m.Start, x.m.End, x.m.Text = r.span()
		x.paraID = r.string()
		g.recs = append(g.recs, x)
		return r.err
	})
	if err != nil {
		return entityBucket{}, err
	}
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := entityBucket{es: make([]schema.Entity, len(ids)), paraIDs: make([][]string, len(ids))}
	s.kept[k] = make([][16]byte, len(ids))
	for i, id := range ids {
		g := groups[id]
		delete(groups, id)
		if _, err := hex.Decode(s.kept[k][i][:], []byte(id)); err != nil {
			return entityBucket{}, fmt.Errorf("spool: entity id %q: %w", id, err)
		}
		e, rs := g.e, g.recs
		e.Aliases = []string{}
		for _, r := range rs {
			if a := cleanForm(r.m.Text); a != e.Name && a != "" && !slices.Contains(e.Aliases, a) {
				e.Aliases = append(e.Aliases, a)
			}
		}
		sort.Strings(e.Aliases)
		sort.Slice(rs, func(i, j int) bool { return mentionLess(rs[i].m, rs[j].m) })
		e.Mentions = make([]schema.Mention, len(rs))
		paraIDs := make([]string, len(rs))
		for j, r := range rs {
			e.Mentions[j], paraIDs[j] = r.m, r.paraID
		}
		out.es[i], out.paraIDs[i] = e, paraIDs
	}
	return out, nil
}

// Triples calls fn with every triple between two entities that have a
// mention, in the order and with the provenance, extractor and confidence
// of Resolver.Graph's Triples, a bucket at a time; fn may keep ts. It
// stops at the first error, of fn or ctx, and returns it. Call it once,
// after Entities. The next buckets are merged in other goroutines while fn
// runs.
func (s *Spool) Triples(ctx context.Context, fn func(ts []schema.Triple) error) error {
	if !s.merged {
		return errors.New("spool: Triples before Entities went through")
	}
	return ahead(ctx, Buckets, s.merges, s.tripleBucket, func(ts []schema.Triple) error {
		if len(ts) == 0 {
			return nil
		}
		return fn(ts)
	})
}

// tripleBucket merges the triples of bucket k whose ends have a mention,
// in key order.
func (s *Spool) tripleBucket(k int) ([]schema.Triple, error) {
	groups := map[tripleKey]*schema.Triple{}
	err := s.read(&s.prov[k], func(r *spoolReader) error {
		var key tripleKey
		key.s, key.p, key.o, key.title = r.string(), r.string(), r.string(), r.string()
		extractor, conf := r.string(), r.float()
		var p schema.Provenance
		p.Doc, p.Paragraph, p.Start, p.End, p.Evidence = r.span()
		if r.err != nil {
			return r.err
		}
		t, ok := groups[key]
		if !ok {
			if !s.has(key.s) || !s.has(key.o) {
				return nil
			}
			t = newTriple(key, extractor, conf)
			groups[key] = t
		} else {
			credit(t, extractor, conf)
		}
		t.Provenance = append(t.Provenance, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	keys := make([]tripleKey, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return tripleLess(keys[i], keys[j]) })
	out := make([]schema.Triple, len(keys))
	for i, key := range keys {
		t := groups[key]
		sortProvenance(t.Provenance)
		out[i] = *t
	}
	return out, nil
}

// ahead calls use with load(0), load(1), … load(n-1) in order, while p
// goroutines load the next values, so that at most p+1 values are held at
// once. It returns the first error of either or of ctx, after the loading
// goroutines have stopped.
func ahead[T any](ctx context.Context, n, p int, load func(k int) (T, error), use func(T) error) error {
	type item struct {
		v   T
		err error
	}
	return ordered.Map(ctx, n, p, p+1, func(ctx context.Context, k int) item {
		v, err := load(k)
		if err == nil {
			err = ctx.Err()
		}
		return item{v, err}
	}, func(_ int, it item) error {
		if it.err != nil {
			return it.err
		}
		return use(it.v)
	})
}

// has reports whether the entity id has a mention.
func (s *Spool) has(id string) bool {
	var raw [16]byte
	if _, err := hex.Decode(raw[:], []byte(id)); err != nil {
		return false
	}
	_, ok := slices.BinarySearchFunc(s.kept[bucket(id)], raw, func(a, b [16]byte) int { return bytes.Compare(a[:], b[:]) })
	return ok
}

// tripleLess orders triples by subject, predicate, object and title.
func tripleLess(a, b tripleKey) bool {
	if a.s != b.s {
		return a.s < b.s
	}
	if a.p != b.p {
		return a.p < b.p
	}
	if a.o != b.o {
		return a.o < b.o
	}
	return a.title < b.title
}

// bucket returns the bucket of the hex id: its first byte.
func bucket(id string) int {
	if len(id) < 2 {
		return 0
	}
	return hexVal(id[0])<<4 | hexVal(id[1])
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	}
	return 0
}

// A record is a sequence of uvarints, strings (a uvarint length, then the
// bytes) and little-endian float64s.

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendSpan(b []byte, doc string, para, start, end int, text string) []byte {
	b = appendString(b, doc)
	b = binary.AppendUvarint(b, uint64(para))
	b = binary.AppendUvarint(b, uint64(start))
	b = binary.AppendUvarint(b, uint64(end))
	return appendString(b, text)
}

// read reads the records of the bucket b into memory, from its chunks and
// its buffer, calls fn for each one, then lets the bucket go. It may run
// in several goroutines at once, for different buckets.
func (s *Spool) read(b *bucketRecords, fn func(r *spoolReader) error) error {
	n := len(b.buf)
	for _, c := range b.chunks {
		n += c.n
	}
	data := make([]byte, 0, n)
	for _, c := range b.chunks {
		data = data[:len(data)+c.n]
		if _, err := s.f.ReadAt(data[len(data)-c.n:], c.off); err != nil {
			return fmt.Errorf("spool: %w", err)
		}
	}
	data = append(data, b.buf...)
	*b = bucketRecords{}
	r := &spoolReader{b: data}
	for len(r.b) > 0 {
		if err := fn(r); err != nil {
			return fmt.Errorf("spool: %w", err)
		}
	}
	return nil
}

// errCorrupt is the error of a record cut short.
var errCorrupt = errors.New("corrupt record")

// spoolReader decodes the records in b; the first error sticks in err.
type spoolReader struct {
	b   []byte // what is left to read
	err error
	doc string // the last document path read, shared by the records that repeat it
}

func (r *spoolReader) int() int {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err, r.b = errCorrupt, nil
		return 0
	}
	r.b = r.b[k:]
	return int(n)
}

func (r *spoolReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.err, r.b = errCorrupt, nil
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return x
}

// bytes returns the next string's bytes, which share r's buffer.
func (r *spoolReader) bytes() []byte {
	n := r.int()
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err, r.b = errCorrupt, nil
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *spoolReader) string() string { return string(r.bytes()) }

func (r *spoolReader) skip() { r.bytes() }

func (r *spoolReader) span() (doc string, para, start, end int, text string) {
	if b := r.bytes(); string(b) != r.doc {
		r.doc = string(b)
	}
	return r.doc, r.int(), r.int(), r.int(), r.string()
}
