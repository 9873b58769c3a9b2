// Package build wires kg's stages into the `kg build` pipeline:
//
//	walk inputs → read and decode → normalise → segment and extract   (per document, in parallel)
//	→ resolve entities → write out/*.jsonl, graph.graphml, manifest.json
//
// Documents are extracted by a pool of workers and merged in path order,
// so the output does not depend on the number of workers or on timing.
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

	"golang.org/x/sync/errgroup"

	"github.com/kg-dev/kg/extract"
	"github.com/kg-dev/kg/extract/normalize"
	"github.com/kg-dev/kg/extract/rules"
	"github.com/kg-dev/kg/extract/segment"
	"github.com/kg-dev/kg/extract/source"
	"github.com/kg-dev/kg/graph"
	"github.com/kg-dev/kg/graph/graphml"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/graph/resolve"
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
}

// Result is what a build produced.
type Result struct {
	Manifest schema.Manifest
	Graph    *graph.Graph
	Skipped  []error // the input files skipped, as *source.FileError
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
func (pl *Pipeline) Run(ctx context.Context, cfg Config) (*Result, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	files, err := source.Walk(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]*extract.Result, len(files))
	errs := make([]error, len(files))
	jobs := make(chan int, workers)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			for i := range jobs {
				res, err := pl.Document(gctx, files[i])
				var fe *source.FileError
				switch {
				case errors.As(err, &fe) && !cfg.Strict:
					errs[i] = err
				case err != nil:
					return err
				default:
					results[i] = &res
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var rv resolve.Resolver
	out := &Result{}
	for i, res := range results {
		if errs[i] != nil {
			out.Skipped = append(out.Skipped, errs[i])
			if cfg.Warn != nil {
				fmt.Fprintf(cfg.Warn, "kg: skipped %v\n", errs[i])
			}
			continue
		}
		rv.Add(*res)
	}
	if len(files) == len(out.Skipped) {
		return nil, fmt.Errorf("%w in %v", ErrNoInput, cfg.Inputs)
	}
	out.Graph = rv.Graph()
	out.Manifest = schema.Manifest{Format: schema.Format, ToolVersion: cfg.ToolVersion,
		Documents: len(out.Graph.Documents), Paragraphs: len(out.Graph.Paragraphs),
		Entities: len(out.Graph.Entities), Triples: len(out.Graph.Triples), Skipped: len(out.Skipped),
		Started: started.UTC().Format(time.RFC3339)}
	if cfg.Out != "" {
		if err := Write(cfg.Out, out.Graph, &out.Manifest, cfg.Lexical, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Write writes g into the folder dir: documents.jsonl, entities.jsonl,
// triples.jsonl, graph.graphml, then manifest.json. Each file is written
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
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
