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

	paras  *tempFile // documents.jsonl
	pw     *jsonl.Writer
	docs   *os.File // lexical: the documents, for the GraphML nodes
	docsW  *bufio.Writer
	docEnc *json.Encoder
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
	o.paras, o.pw = t, jsonl.NewWriter(t.f)
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
		o.docs.Close()
		o.docs = nil
	}
}

// document writes the paragraphs of doc to documents.jsonl and, for the
// lexical layer, notes the document in a file of the folder spoolDir.
func (o *outFolder) document(doc extract.Document, spoolDir string) error {
	for _, p := range doc.Paragraphs {
		if err := o.pw.Paragraph(p); err != nil {
			return fmt.Errorf("write %s: %w", o.paras.path, err)
		}
	}
	if !o.lexical {
		return nil
	}
	if o.docs == nil {
		f, err := os.Create(filepath.Join(spoolDir, "documents"))
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		o.docs, o.docsW = f, bufio.NewWriter(f)
		o.docEnc = json.NewEncoder(o.docsW)
	}
	d := schema.Document{Doc: doc.Path, SHA256: doc.SHA256, ID: schema.DocumentID(doc.Path, doc.SHA256), Paragraphs: len(doc.Paragraphs)}
	if err := o.docEnc.Encode(d); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
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
	enc := graphml.NewEncoder(gml.f, graphml.Options{Lexical: o.lexical})

	// The entities, to entities.jsonl and as GraphML nodes; the lexical
	// layer's mention edges, which come last in GraphML, to a spool file.
	var edges *edgeFile
	if o.lexical {
		if edges, err = newEdgeFile(filepath.Join(sp.Dir(), "mention-edges")); err != nil {
			return err
		}
		defer edges.f.Close()
	}
	ew := jsonl.NewWriter(ents.f)
	err = sp.Entities(ctx, func(e schema.Entity, paraIDs []string) error {
		if err := ew.Entity(e); err != nil {
			return fmt.Errorf("write %s: %w", ents.path, err)
		}
		m.Entities++
		enc.Entity(e)
		if edges != nil {
			for i, m := range e.Mentions {
				if paraIDs[i] == "" {
					return fmt.Errorf("write %s: entity %s: mention in paragraph %d of %s: no such paragraph", gml.path, e.Name, m.Paragraph, m.Doc)
				}
				if err := edges.enc.Encode(mentionEdge{paraIDs[i], e.ID, m}); err != nil {
					return fmt.Errorf("spool: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := ew.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", ents.path, err)
	}
	if err := ents.close(); err != nil {
		return err
	}

	if o.lexical {
		if err := o.documentNodes(enc); err != nil {
			return err
		}
		if err := o.scanParagraphs(func(p schema.Paragraph) { enc.Paragraph(p) }); err != nil {
			return err
		}
	}

	tw := jsonl.NewWriter(trips.f)
	err = sp.Triples(ctx, func(t schema.Triple) error {
		if err := tw.Triple(t); err != nil {
			return fmt.Errorf("write %s: %w", trips.path, err)
		}
		m.Triples++
		enc.Triple(t)
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", trips.path, err)
	}
	if err := trips.close(); err != nil {
		return err
	}

	if o.lexical {
		if err := o.lexicalEdges(enc, edges); err != nil {
			return err
		}
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write %s: %w", gml.path, err)
	}
	if err := gml.close(); err != nil {
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

// documentNodes writes the GraphML nodes of the documents.
func (o *outFolder) documentNodes(enc *graphml.Encoder) error {
	if o.docs == nil {
		return nil // no document
	}
	if err := o.docsW.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := o.docs.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReader(o.docs))
	for {
		var d schema.Document
		if err := dec.Decode(&d); errors.Is(err, io.EOF) {
			o.docs.Close()
			o.docs = nil
			return nil
		} else if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		enc.Document(d)
	}
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
func (o *outFolder) lexicalEdges(enc *graphml.Encoder, edges *edgeFile) error {
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

// edgeFile is a temporary file of mention edges, as JSON records.
type edgeFile struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
}

func newEdgeFile(path string) (*edgeFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	w := bufio.NewWriter(f)
	return &edgeFile{f: f, w: w, enc: json.NewEncoder(w)}, nil
}

// replay calls fn with each record of the file, in order.
func (s *edgeFile) replay(fn func(mentionEdge)) error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReader(s.f))
	for {
		var e mentionEdge
		if err := dec.Decode(&e); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		fn(e)
	}
}

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
