package build

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/graph/graphml"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/graph/resolve"
	"github.com/kg-dev/kg/schema"
	"golang.org/x/sync/errgroup"
)

// outFolder writes the files of a streaming build into its folder:
// documents.jsonl as documents are merged, the other files at the end
// from the spool. Every file is written under a temporary name; finish
// renames them into place, the manifest last, and discard removes the
// temporary files left by a build that failed.
type outFolder struct {
	dir     string
	lexical bool
	temps   []*tempFile // in the order of renaming

	paras *tempFile // documents.jsonl
	pw    *bufio.Writer
	docs  *recordFile[schema.Document] // lexical: the documents, for the GraphML nodes
}

// newOutFolder creates the folder dir and starts documents.jsonl in it.
func newOutFolder(dir string, lexical bool) (*outFolder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	o := &outFolder{dir: dir, lexical: lexical}
	t, err := o.create("documents.jsonl")
	if err != nil {
		return nil, err
	}
	o.paras, o.pw = t, bufio.NewWriterSize(t.f, 64<<10)
	return o, nil
}

// create starts the temporary file of the output file name.
func (o *outFolder) create(name string) (*tempFile, error) {
	t, err := createTemp(filepath.Join(o.dir, name))
	if err != nil {
		return nil, err
	}
	o.temps = append(o.temps, t)
	return t, nil
}

// discard removes every temporary file not yet renamed into place.
func (o *outFolder) discard() {
	for _, t := range o.temps {
		t.remove()
	}
	if o.docs != nil {
		o.docs.close()
		o.docs = nil
	}
}

// document writes lines, the paragraphs of doc as jsonl.WriteParagraphs
// writes them, to documents.jsonl and, for the lexical layer, notes the
// document in a file of the folder spoolDir.
func (o *outFolder) document(doc extract.Document, lines []byte, spoolDir string) error {
	if _, err := o.pw.Write(lines); err != nil {
		return fmt.Errorf("write %s: %w", o.paras.path, err)
	}
	if !o.lexical {
		return nil
	}
	if o.docs == nil {
		var err error
		if o.docs, err = newRecordFile[schema.Document](filepath.Join(spoolDir, "documents")); err != nil {
			return err
		}
	}
	return o.docs.add(schema.Document{Doc: doc.Path, SHA256: doc.SHA256, ID: schema.DocumentID(doc.Path, doc.SHA256), Paragraphs: len(doc.Paragraphs)})
}

// mentionEdge is a MENTIONS edge of the lexical layer, spooled between
// the entity and the edge sections of graph.graphml.
type mentionEdge struct {
	Para, Entity string
	M            schema.Mention
}

// finish writes entities.jsonl, triples.jsonl and graph.graphml from sp,
// counting the entities and triples into m, then renames every file into
// place and writes the manifest m, with its Finished time from now, last.
// The JSON files and the GraphML file are written by two goroutines at
// once, each from the same buckets of the spool.
func (o *outFolder) finish(ctx context.Context, sp *resolve.Spool, m *schema.Manifest, now func() time.Time) error {
	if err := o.pw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", o.paras.path, err)
	}
	if err := o.paras.close(); err != nil {
		return err
	}
	ents, err := o.create("entities.jsonl")
	if err != nil {
		return err
	}
	trips, err := o.create("triples.jsonl")
	if err != nil {
		return err
	}
	gml, err := o.create("graph.graphml")
	if err != nil {
		return err
	}

	g, gctx := errgroup.WithContext(ctx)
	jsonEnts, gmlEnts := make(chan entityBucket, 1), make(chan entityBucket, 1)
	jsonTrips, gmlTrips := make(chan []schema.Triple, 1), make(chan []schema.Triple, 1)
	g.Go(func() error {
		defer close(jsonTrips)
		defer close(gmlTrips)
		err := sp.Entities(gctx, func(es []schema.Entity, paraIDs [][]string) error {
			return send(gctx, entityBucket{es, paraIDs}, jsonEnts, gmlEnts)
		})
		close(jsonEnts)
		close(gmlEnts)
		if err != nil {
			return err
		}
		return sp.Triples(gctx, func(ts []schema.Triple) error { return send(gctx, ts, jsonTrips, gmlTrips) })
	})
	g.Go(func() error { return writeJSONL(ents, trips, jsonEnts, jsonTrips, m) })
	g.Go(func() error { return o.writeGraphML(gml, sp.Dir(), gmlEnts, gmlTrips) })
	if err := g.Wait(); err != nil {
		return err
	}

	// Every file is whole: replace the old ones. An old manifest no longer
	// vouches for them, so it goes first, and the new one comes last.
	if err := os.Remove(filepath.Join(o.dir, "manifest.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("output folder: %w", err)
	}
	for _, t := range o.temps {
		if err := t.rename(); err != nil {
			return err
		}
	}
	m.Finished = now().UTC().Format(time.RFC3339)
	return writeFile(filepath.Join(o.dir, "manifest.json"), func(w io.Writer) error { return jsonl.WriteManifest(w, *m) })
}

// entityBucket is what resolve.Spool.Entities gives at a time.
type entityBucket struct {
	es      []schema.Entity
	paraIDs [][]string
}

// send sends v on each of the channels in turn, unless ctx ends first.
func send[T any](ctx context.Context, v T, chans ...chan<- T) error {
	for _, c := range chans {
		select {
		case c <- v:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// writeJSONL writes the entities received from es to the file ents, then
// the triples received from ts to trips, and counts them into m.
func writeJSONL(ents, trips *tempFile, es <-chan entityBucket, ts <-chan []schema.Triple, m *schema.Manifest) error {
	w := jsonl.NewWriter(ents.f)
	for b := range es {
		for _, e := range b.es {
			if err := w.Entity(e); err != nil {
				return fmt.Errorf("write %s: %w", ents.path, err)
			}
			m.Entities++
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", ents.path, err)
	}
	if err := ents.close(); err != nil {
		return err
	}
	w = jsonl.NewWriter(trips.f)
	for b := range ts {
		for _, t := range b {
			if err := w.Triple(t); err != nil {
				return fmt.Errorf("write %s: %w", trips.path, err)
			}
			m.Triples++
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", trips.path, err)
	}
	return trips.close()
}

// writeGraphML writes the file gml: the nodes of the entities received from
// es, with the lexical layer the nodes of the documents and paragraphs,
// the edges of the triples received from ts, then with the lexical layer
// its edges. The mention edges wait in a file of the folder spoolDir.
func (o *outFolder) writeGraphML(gml *tempFile, spoolDir string, es <-chan entityBucket, ts <-chan []schema.Triple) error {
	enc := graphml.NewEncoder(gml.f, graphml.Options{Lexical: o.lexical})
	var edges *recordFile[mentionEdge]
	if o.lexical {
		var err error
		if edges, err = newRecordFile[mentionEdge](filepath.Join(spoolDir, "mention-edges")); err != nil {
			return err
		}
		defer edges.close()
	}
	for b := range es {
		for i, e := range b.es {
			enc.Entity(e)
			if edges == nil {
				continue
			}
			for j, m := range e.Mentions {
				paraID := b.paraIDs[i][j]
				if paraID == "" {
					return fmt.Errorf("write %s: entity %s: mention in paragraph %d of %s: no such paragraph", gml.path, e.Name, m.Paragraph, m.Doc)
				}
				if err := edges.add(mentionEdge{paraID, e.ID, m}); err != nil {
					return err
				}
			}
		}
	}
	if o.lexical {
		if err := o.documentNodes(enc); err != nil {
			return err
		}
		if err := o.scanParagraphs(func(p schema.Paragraph) { enc.Paragraph(p) }); err != nil {
			return err
		}
	}
	for b := range ts {
		for _, t := range b {
			enc.Triple(t)
		}
	}
	if o.lexical {
		if err := o.lexicalEdges(enc, edges); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write %s: %w", gml.path, err)
	}
	return gml.close()
}

// documentNodes writes the GraphML nodes of the documents.
func (o *outFolder) documentNodes(enc *graphml.Encoder) error {
	if o.docs == nil {
		return nil // no document
	}
	err := o.docs.replay(enc.Document)
	o.docs.close()
	o.docs = nil
	return err
}

// scanParagraphs calls fn with each paragraph of documents.jsonl, read
// back from its temporary file.
func (o *outFolder) scanParagraphs(fn func(schema.Paragraph)) error {
	f, err := os.Open(o.paras.f.Name())
	if err != nil {
		return fmt.Errorf("read back %s: %w", o.paras.path, err)
	}
	defer f.Close()
	err = jsonl.ScanParagraphs(f, func(p schema.Paragraph) error {
		fn(p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read back %s: %w", o.paras.path, err)
	}
	return nil
}

// lexicalEdges writes the HAS_PARAGRAPH, NEXT and MENTIONS edges.
func (o *outFolder) lexicalEdges(enc *graphml.Encoder, edges *recordFile[mentionEdge]) error {
	doc, docID := "", ""
	err := o.scanParagraphs(func(p schema.Paragraph) {
		if p.Doc != doc {
			doc, docID = p.Doc, schema.DocumentID(p.Doc, p.DocSHA256)
		}
		enc.HasParagraph(docID, p.ID)
	})
	if err != nil {
		return err
	}
	var prev schema.Paragraph
	first := true
	err = o.scanParagraphs(func(p schema.Paragraph) {
		if !first && prev.Doc == p.Doc && prev.Index+1 == p.Index {
			enc.Next(prev.ID, p.ID)
		}
		prev, first = p, false
	})
	if err != nil {
		return err
	}
	return edges.replay(func(e mentionEdge) { enc.Mention(e.Para, e.Entity, e.M) })
}

// recordFile is a temporary file of records of type T, as JSON, written
// one at a time and read back in order.
type recordFile[T any] struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
}

func newRecordFile[T any](path string) (*recordFile[T], error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	w := bufio.NewWriter(f)
	return &recordFile[T]{f: f, w: w, enc: json.NewEncoder(w)}, nil
}

// add appends v to the file.
func (s *recordFile[T]) add(v T) error {
	if err := s.enc.Encode(v); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

// replay calls fn with each record of the file, in order.
func (s *recordFile[T]) replay(fn func(T)) error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReader(s.f))
	for {
		var v T
		if err := dec.Decode(&v); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		fn(v)
	}
}

// close closes the file; the spool's Close removes it.
func (s *recordFile[T]) close() { s.f.Close() }

// tempFile is an output file being written under a temporary name in the
// folder of its final path.
type tempFile struct {
	path    string // the final path
	f       *os.File
	closed  bool
	renamed bool
}

func createTemp(path string) (*tempFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &tempFile{path: path, f: f}, nil
}

// close syncs and closes the file and makes it readable by all, as files
// are.
func (t *tempFile) close() error {
	if err := t.f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	t.closed = true
	if err := t.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	if err := os.Chmod(t.f.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	return nil
}

// rename moves the closed file into place.
func (t *tempFile) rename() error {
	if err := os.Rename(t.f.Name(), t.path); err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	t.renamed = true
	return nil
}

// remove removes the temporary file, unless it was renamed into place.
func (t *tempFile) remove() {
	if t.renamed {
		return
	}
	if !t.closed {
		t.f.Close()
	}
	os.Remove(t.f.Name())
}
