// Package build wires kg's stages into the `kg build` pipeline:
//
//	walk inputs → read and decode → normalise → segment and extract   (per document, in parallel)
//	→ resolve entities → write out/*.jsonl, graph.graphml, manifest.json
//
// Documents are extracted by a pool of workers and merged in path order,
// so the output does not depend on the number of workers or on timing.
//
// A build streams: each document's paragraphs go to documents.jsonl as
// soon as it and every document before it are done (workers run at most a
// few documents ahead), and its mentions and relations go to the entity
// and triple tables of a resolve.Spool, which keeps in memory only the
// tables (ids, names, aliases, counts) and spools mentions and provenance
// to a temporary file in the output folder. entities.jsonl, triples.jsonl
// and graph.graphml are written from the spool at the end, the JSONL files
// and the GraphML file by two goroutines at once. Memory thus
// grows with the number of distinct entities and relations, not with the
// size of the corpus. Config.KeepGraph also keeps the whole graph in
// memory, for the Neo4j loader.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/normalize"
	"github.com/kg-dev/kg/extract/rules"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/extract/source"
	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/graphml"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/graph/resolve"
	"github.com/kg-dev/kg/internal/ordered"
	"github.com/kg-dev/kg/schema"
)

// Config says what to build. The zero value of every field but Inputs and
// Out has a meaning, given with it.
type Config struct {
	Inputs      []string         // folders and files to read
	Out         string           // output folder; "" writes no files
	Strict      bool             // false: skip unreadable input files with a warning; true: fail on the first
	Workers     int              // documents extracted at once; 0 means GOMAXPROCS
	Lexical     bool             // write documents and paragraphs as GraphML nodes too
	ToolVersion string           // written to manifest.json
	Warn        io.Writer        // one line per skipped file; nil discards them
	Now         func() time.Time // clock for the manifest; nil means time.Now

	// KeepGraph makes Run return the whole graph in Result.Graph, as
	// cypher.Loader.Load needs it (kg build --neo4j-uri sets it). It holds
	// every paragraph, mention and provenance in memory, so memory grows
	// with the corpus; false leaves Result.Graph nil.
	KeepGraph bool

	// Progress, if not nil, is called with the number of input files done
	// (extracted and merged, or skipped) and their total: once with done 0
	// when the inputs are listed, then after each file, in path order. It
	// is called from one goroutine at a time and should return quickly.
	Progress func(done, total int)
}

// Result is what a build produced.
type Result struct {
	Manifest schema.Manifest
	Graph    *graph.Graph // nil unless Config.KeepGraph
	Skipped  []error      // the input files skipped, as *source.FileError
}

// ErrNoInput is returned when the inputs hold no readable document.
var ErrNoInput = errors.New("no input documents")

// Pipeline holds what every build needs loaded once: the segmenter and the
// extractor. It is safe for concurrent use.
type Pipeline struct {
	extractor *rules.Extractor
}

// NewPipeline loads the segmenter's dictionary and the rules' lexicons.
func NewPipeline() (*Pipeline, error) {
	seg, err := segment.New()
	if err != nil {
		return nil, err
	}
	x, err := rules.New(seg)
	if err != nil {
		return nil, err
	}
	return &Pipeline{extractor: x}, nil
}

// Document reads, normalises and extracts one file.
func (pl *Pipeline) Document(ctx context.Context, f source.File) (extract.Result, error) {
	t, err := source.Read(ctx, f)
	if err != nil {
		return extract.Result{}, err
	}
	return pl.Text(f.Path, t), nil
}

// Text normalises and extracts an already decoded file.
func (pl *Pipeline) Text(path string, t *source.Text) extract.Result {
	doc := extract.Document{Path: path, SHA256: t.SHA256}
	for i, p := range normalize.Paragraphs(t.Runes, t.Offsets) {
		doc.Paragraphs = append(doc.Paragraphs, schema.Paragraph{Doc: path, DocSHA256: t.SHA256, Index: i,
			ID: schema.ParagraphID(path, i, p.Text), Text: p.Text, SourceStart: p.SourceStart, SourceEnd: p.SourceEnd})
	}
	return pl.extractor.Extract(doc)
}

// Run builds the graph of cfg.Inputs and, if cfg.Out is set, writes it.
// Nothing is written under a final name unless every input was read (or
// skipped) and every file is complete; the temporary files, spool included,
// are removed whether the build succeeds or fails.
func (pl *Pipeline) Run(ctx context.Context, cfg Config) (res *Result, err error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	files, err := source.Walk(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	// Documents are written in this order, that of their paths (unique and
	// sorted, as Walk makes sure).
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var out *outFolder
	spoolDir := "" // os.TempDir
	if cfg.Out != "" {
		if out, err = newOutFolder(cfg.Out, cfg.Lexical); err != nil {
			return nil, err
		}
		defer out.discard()
		spoolDir = cfg.Out
	}
	spool, err := resolve.NewSpool(spoolDir, workers)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := spool.Close(); cerr != nil && err == nil {
			res, err = nil, cerr
		}
	}()
	var rv *resolve.Resolver
	if cfg.KeepGraph {
		rv = &resolve.Resolver{}
	}

	res = &Result{}
	docs, paras := 0, 0
	if cfg.Progress != nil {
		cfg.Progress(0, len(files))
	}
	// Workers encode what the merge writes, so that the merge, which runs
	// beside them one document at a time, only copies bytes.
	work := func(ctx context.Context, i int) docResult {
		x, err := pl.Document(ctx, files[i])
		if err != nil {
			return docResult{err: err}
		}
		d := docResult{res: &x, batch: resolve.Encode(x)}
		if out != nil {
			for _, p := range x.Doc.Paragraphs {
				d.lines = jsonl.AppendParagraph(d.lines, p)
			}
		}
		return d
	}
	err = ordered.Map(ctx, len(files), workers, windowPerWorker*workers, work, func(i int, d docResult) error {
		var fe *source.FileError
		switch {
		case errors.As(d.err, &fe) && !cfg.Strict:
			res.Skipped = append(res.Skipped, d.err)
			if cfg.Warn != nil {
				fmt.Fprintf(cfg.Warn, "kg: skipped %v\n", d.err)
			}
		case d.err != nil:
			return d.err
		default:
			docs++
			paras += len(d.res.Doc.Paragraphs)
			if out != nil {
				if err := out.document(d.res.Doc, d.lines, spool.Dir()); err != nil {
					return err
				}
			}
			if err := spool.AddBatch(d.batch); err != nil {
				return err
			}
			if rv != nil {
				rv.Add(*d.res)
			}
		}
		if cfg.Progress != nil {
			cfg.Progress(i+1, len(files))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	if len(files) == len(res.Skipped) {
		return nil, fmt.Errorf("%w in %v", ErrNoInput, cfg.Inputs)
	}
	res.Manifest = schema.Manifest{Format: schema.Format, ToolVersion: cfg.ToolVersion,
		Documents: docs, Paragraphs: paras, Skipped: len(res.Skipped), Started: started.UTC().Format(time.RFC3339)}
	if out != nil {
		err = out.finish(ctx, spool, &res.Manifest, now)
	} else {
		err = count(ctx, spool, &res.Manifest)
	}
	if err != nil {
		return nil, err
	}
	if rv != nil {
		res.Graph = rv.Graph()
	}
	return res, nil
}

// windowPerWorker is how many documents, per worker, may be in work or
// waiting for their turn to merge at once.
const windowPerWorker = 4

// docResult is what a worker makes of one input file: its extraction
// result, encoded for the spool and, when the build writes files, its
// paragraphs' lines of documents.jsonl; or the error of reading it.
type docResult struct {
	res   *extract.Result
	batch *resolve.Batch
	lines []byte
	err   error
}

// count sets the numbers of entities and triples of m from sp, for a build
// that writes no files.
func count(ctx context.Context, sp *resolve.Spool, m *schema.Manifest) error {
	err := sp.Entities(ctx, func(es []schema.Entity, _ [][]string) error {
		m.Entities += len(es)
		return nil
	})
	if err != nil {
		return err
	}
	return sp.Triples(ctx, func(ts []schema.Triple) error {
		m.Triples += len(ts)
		return nil
	})
}

// Write writes g into the folder dir: documents.jsonl, entities.jsonl,
// triples.jsonl, graph.graphml, then manifest.json, the same bytes that
// Run writes for the build of g (Run streams; Write is for a graph held
// in memory, such as Result.Graph with Config.KeepGraph). Each file is written
// under a temporary name and renamed into place when complete, so a
// crashed build leaves no half-written file under a final name; the
// manifest is written last, so its presence means the others are whole.
func Write(dir string, g *graph.Graph, m *schema.Manifest, lexical bool, now func() time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	// An old manifest no longer vouches for files about to change.
	if err := os.Remove(filepath.Join(dir, "manifest.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("output folder: %w", err)
	}
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"documents.jsonl", func(w io.Writer) error { return jsonl.WriteParagraphs(w, g.Paragraphs) }},
		{"entities.jsonl", func(w io.Writer) error { return jsonl.WriteEntities(w, g.Entities) }},
		{"triples.jsonl", func(w io.Writer) error { return jsonl.WriteTriples(w, g.Triples) }},
		{"graph.graphml", func(w io.Writer) error { return graphml.Write(w, g, graphml.Options{Lexical: lexical}) }},
	}
	for _, s := range steps {
		if err := writeFile(filepath.Join(dir, s.name), s.write); err != nil {
			return err
		}
	}
	m.Finished = now().UTC().Format(time.RFC3339)
	return writeFile(filepath.Join(dir, "manifest.json"), func(w io.Writer) error { return jsonl.WriteManifest(w, *m) })
}

// writeFile writes path through a temporary file in the same folder,
// synced and renamed into place.
func writeFile(path string, write func(io.Writer) error) (err error) {
	t, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			t.remove()
		}
	}()
	if err := write(t.f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := t.close(); err != nil {
		return err
	}
	return t.rename()
}
