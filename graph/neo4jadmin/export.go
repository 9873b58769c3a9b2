package neo4jadmin

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

// ArrayDelimiter separates the elements of a list in one CSV field.
const ArrayDelimiter = '\x1f'

// ScriptName is the file that Export writes last: a shell script that runs
// the import of the CSV files beside it.
const ScriptName = "import.sh"

// File is one CSV file that Export wrote.
type File struct {
	Name          string // file name in the export folder, e.g. "Person.csv"
	Label         string // the label of its nodes, or the type of its relationships
	Relationships bool   // a relationship file; false: a node file
	Rows          int    // not counting the header
	Multiline     bool   // some field holds a line break
}

// Result says what Export wrote.
type Result struct {
	Nodes         int    // rows of the node files
	Relationships int    // rows of the relationship files
	Files         []File // in the order of the import command: node files first

	// Unlisted is the number of documents of manifest.json that have no
	// paragraph, so that documents.jsonl does not name them: they have
	// no Document node in the files, though the loader writes one.
	Unlisted int
}

// Args returns the arguments of `neo4j-admin database import full` that
// import r's files from the folder dir ("" for the working directory),
// without the database name (neo4j-admin's default is neo4j). Each file
// comes after its label or type and "=", as in --nodes=Person=dir/Person.csv,
// so that an "=" in dir is read as part of the path. neo4j-admin separates
// files with commas and reads them as regular expressions, so dir should
// hold neither; import.sh names the files relative to its own folder.
func (r Result) Args(dir string) []string {
	args := []string{
		"--id-type=string",
		"--array-delimiter=U+001F",
		"--legacy-style-quoting=false", // a backslash is text, "" is a quote
	}
	var multiline []string
	for _, f := range r.Files {
		if f.Multiline {
			multiline = append(multiline, filepath.Join(dir, f.Name))
		}
	}
	if len(multiline) > 0 {
		// Only the files that need it: multi-line parsing is slower.
		args = append(args, "--multiline-fields-format=v2", "--multiline-fields="+strings.Join(multiline, ","))
	}
	for _, f := range r.Files {
		flag := "--nodes="
		if f.Relationships {
			flag = "--relationships="
		}
		args = append(args, flag+f.Label+"="+filepath.Join(dir, f.Name))
	}
	return args
}

// Command returns the import command of r's files in dir as one line for a
// shell, with the database name neo4j.
func (r Result) Command(dir string) string {
	words := []string{"neo4j-admin", "database", "import", "full"}
	for _, a := range r.Args(dir) {
		words = append(words, shellQuote(a))
	}
	return strings.Join(append(words, "neo4j"), " ")
}

// shellQuote returns s quoted for a POSIX shell if it needs to be.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+./,:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Export reads the build output folder in (manifest.json, documents.jsonl,
// entities.jsonl, triples.jsonl, as kg build writes them) and writes into
// the folder to, created if need be, one CSV file per node label and per
// relationship type and pair of end labels of schema.GraphModel, then
// import.sh. Every file is written under a temporary name and renamed into
// place once all are complete, and import.sh goes last, so a failed export
// leaves no half-written file under a final name. The same build gives
// the same files, byte for byte.
//
// The files are read one line at a time; Export keeps in memory the ids
// of the paragraphs and the labels of the entities, which relationships
// refer to. Each file must be in the order kg build writes: paragraphs by
// document and index, entities by id, triples by subject, predicate, object
// and title; a line out of order or given twice is an error.
func Export(ctx context.Context, in, to string) (Result, error) {
	m, err := readManifest(in)
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return Result{}, fmt.Errorf("create export folder: %w", err)
	}
	x, err := newExporter(ctx, to)
	if err != nil {
		return Result{}, err
	}
	defer x.discard()

	steps := []struct {
		file string
		want int // lines, from the manifest
		read func(io.Reader) (int, error)
	}{
		{"documents.jsonl", m.Paragraphs, x.paragraphs},
		{"entities.jsonl", m.Entities, x.entities},
		{"triples.jsonl", m.Triples, x.triples},
	}
	for _, s := range steps {
		path := filepath.Join(in, s.file)
		f, err := os.Open(path)
		if err != nil {
			return Result{}, fmt.Errorf("read build output: %w", err)
		}
		n, err := s.read(f)
		f.Close()
		if err != nil {
			return Result{}, fmt.Errorf("export %s: %w", path, err)
		}
		if n != s.want {
			return Result{}, fmt.Errorf("export %s: %d lines, but manifest.json says %d: the build output is not consistent; build it again",
				path, n, s.want)
		}
	}
	if len(x.docSeen) > m.Documents {
		return Result{}, fmt.Errorf("export %s: documents.jsonl names %d documents, but manifest.json says %d: build it again",
			in, len(x.docSeen), m.Documents)
	}
	res, err := x.commit()
	if err != nil {
		return Result{}, err
	}
	res.Unlisted = m.Documents - len(x.docSeen)
	return res, nil
}

// readManifest reads in/manifest.json and checks its format.
func readManifest(in string) (schema.Manifest, error) {
	path := filepath.Join(in, "manifest.json")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return schema.Manifest{}, fmt.Errorf("no %s: %s is not the output folder of a complete build; run kg build first", path, in)
	}
	if err != nil {
		return schema.Manifest{}, fmt.Errorf("read build output: %w", err)
	}
	defer f.Close()
	m, err := jsonl.ReadManifest(f)
	if err != nil {
		return schema.Manifest{}, fmt.Errorf("read %s: %w", path, err)
	}
	if m.Format != schema.Format {
		return schema.Manifest{}, fmt.Errorf("%s: format %q, but this kg reads %q; build it again with this kg", path, m.Format, schema.Format)
	}
	return m, nil
}

// exporter writes the tables of one export.
type exporter struct {
	ctx    context.Context
	dir    string
	tables []*table          // in the order of the import command
	byKey  map[string]*table // by label, or by "TYPE from to"

	// From documents.jsonl, for what refers to paragraphs.
	paraIDs map[paraKey]string
	docSeen map[string]bool
	// From entities.jsonl, for triples.
	entityLabels map[string]string
}

type paraKey struct {
	doc   string
	index int
}

// newExporter creates a temporary file for each table of the graph model
// in dir and writes its header.
func newExporter(ctx context.Context, dir string) (*exporter, error) {
	x := &exporter{ctx: ctx, dir: dir, byKey: map[string]*table{}, paraIDs: map[paraKey]string{},
		docSeen: map[string]bool{}, entityLabels: map[string]string{}}
	model := schema.GraphModel()
	for _, n := range model.Nodes {
		var props []schema.Property
		for _, p := range n.Properties {
			if p.Name != "id" {
				props = append(props, p)
			}
		}
		header := []string{"id:ID(" + n.Label + ")", ":LABEL"}
		t := &table{file: File{Name: n.Label + ".csv", Label: n.Label}, label: n.Label, props: props}
		if err := x.add(n.Label, t, header); err != nil {
			return nil, err
		}
	}
	for _, r := range model.Relationships {
		for _, e := range r.Ends {
			header := []string{":START_ID(" + e[0] + ")", ":END_ID(" + e[1] + ")", ":TYPE"}
			t := &table{file: File{Name: r.Type + "-" + e[0] + "-" + e[1] + ".csv", Label: r.Type, Relationships: true},
				label: r.Type, props: r.Properties}
			if err := x.add(relKey(r.Type, e[0], e[1]), t, header); err != nil {
				return nil, err
			}
		}
	}
	return x, nil
}

func relKey(typ, from, to string) string { return typ + " " + from + " " + to }

// add opens t's temporary file and writes its header: fixed columns, then
// one per property, typed.
func (x *exporter) add(key string, t *table, header []string) error {
	for _, p := range t.props {
		typ, ok := columnTypes[p.Type]
		if !ok {
			x.discard()
			return fmt.Errorf("export: property %s of %s: no CSV type for %s", p.Name, t.label, p.Type)
		}
		header = append(header, p.Name+":"+typ)
	}
	f, err := os.CreateTemp(x.dir, "."+t.file.Name+".*.tmp")
	if err != nil {
		x.discard()
		return fmt.Errorf("export: %w", err)
	}
	t.f = f
	t.buf = bufio.NewWriterSize(f, 1<<16)
	t.w = csv.NewWriter(t.buf)
	x.tables = append(x.tables, t)
	x.byKey[key] = t
	if err := t.w.Write(header); err != nil {
		x.discard()
		return fmt.Errorf("export %s: %w", t.file.Name, err)
	}
	return nil
}

// columnTypes maps the Cypher types of schema.Property to the column types
// of neo4j-admin: INTEGER and FLOAT are 64 bits, as the loader's values.
var columnTypes = map[string]string{
	"STRING":       "string",
	"INTEGER":      "long",
	"FLOAT":        "double",
	"LIST<STRING>": "string[]",
}

// discard closes and removes the temporary files; after commit it does
// nothing.
func (x *exporter) discard() {
	for _, t := range x.tables {
		if t.f != nil {
			t.f.Close()
			os.Remove(t.f.Name())
			t.f = nil
		}
	}
}

// commit completes the tables, renames them into place and writes
// import.sh.
func (x *exporter) commit() (Result, error) {
	var res Result
	for _, t := range x.tables {
		if err := t.close(); err != nil {
			return Result{}, fmt.Errorf("export %s: %w", filepath.Join(x.dir, t.file.Name), err)
		}
		res.Files = append(res.Files, t.file)
		if t.file.Relationships {
			res.Relationships += t.file.Rows
		} else {
			res.Nodes += t.file.Rows
		}
	}
	// An old import.sh no longer vouches for the files about to change.
	script := filepath.Join(x.dir, ScriptName)
	if err := os.Remove(script); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	for _, t := range x.tables {
		if err := os.Rename(t.f.Name(), filepath.Join(x.dir, t.file.Name)); err != nil {
			return Result{}, fmt.Errorf("export: %w", err)
		}
		t.f = nil
	}
	if err := writeScript(script, res); err != nil {
		return Result{}, err
	}
	return res, nil
}

// writeScript writes import.sh through a temporary file.
func writeScript(path string, res Result) error {
	var b strings.Builder
	b.WriteString(`#!/bin/sh
# Imports the CSV files of this folder, written by kg export --format neo4j-admin,
# into a new Neo4j database. Stop Neo4j first. Arguments go to neo4j-admin: the
# database name (default neo4j) and, to replace a database, --overwrite-destination.
# Then start Neo4j and create the constraints and indexes with kg schema apply.
#
#   NEO4J_ADMIN=/path/to/bin/neo4j-admin sh import.sh [--overwrite-destination] [DATABASE]
set -e
cd "$(dirname "$0")"
exec "${NEO4J_ADMIN:-neo4j-admin}" database import full \
`)
	for _, a := range res.Args("") {
		b.WriteString("  " + shellQuote(a) + " \\\n")
	}
	b.WriteString("  \"$@\"\n")
	f, err := os.CreateTemp(filepath.Dir(path), "."+ScriptName+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, err = f.WriteString(b.String())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o755)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// table is one CSV file being written.
type table struct {
	file  File
	label string            // node label or relationship type
	props []schema.Property // the columns after the fixed ones
	f     *os.File          // the temporary file; nil once renamed or removed
	buf   *bufio.Writer
	w     *csv.Writer
}

// write writes a row: the fixed fields, then the value of each property in
// values, by name. A property missing from values is written as no value.
func (t *table) write(fixed []string, values map[string]any) error {
	row := fixed
	for _, p := range t.props {
		s, err := field(p, values[p.Name])
		if err != nil {
			return fmt.Errorf("property %s: %w", p.Name, err)
		}
		if strings.ContainsAny(s, "\r\n") {
			t.file.Multiline = true
		}
		row = append(row, s)
	}
	var unknown []string
	for k := range values {
		if !t.has(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("property %s is not in the graph model of %s", strings.Join(unknown, ", "), t.label)
	}
	if err := t.w.Write(row); err != nil {
		return fmt.Errorf("write %s: %w", t.file.Name, err)
	}
	t.file.Rows++
	return nil
}

// has reports whether t has a column for property name.
func (t *table) has(name string) bool {
	for _, p := range t.props {
		if p.Name == name {
			return true
		}
	}
	return false
}

// close flushes and syncs the temporary file, then closes it.
func (t *table) close() error {
	t.w.Flush()
	err := t.w.Error()
	if err == nil {
		err = t.buf.Flush()
	}
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(t.f.Name(), 0o644)
	}
	return err
}

// Errors of values that neo4j-admin cannot import as the loader writes
// them.
var (
	errEmpty     = errors.New("empty, but neo4j-admin reads an empty field as no value")
	errDelimiter = errors.New("holds U+001F, which separates the elements of lists in the CSV files")
)

// field returns value v of property p as a CSV field; nil is no value.
func field(p schema.Property, v any) (string, error) {
	if v == nil {
		return "", nil
	}
	switch v := v.(type) {
	case string:
		if p.Type == "STRING" {
			if v == "" {
				return "", errEmpty
			}
			return v, nil
		}
	case int:
		if p.Type == "INTEGER" {
			return strconv.Itoa(v), nil
		}
	case float64:
		if p.Type == "FLOAT" {
			// The shortest form that reads back as the same float64.
			return strconv.FormatFloat(v, 'g', -1, 64), nil
		}
	case []string:
		if p.Type == "LIST<STRING>" {
			if len(v) == 0 || len(v) == 1 && v[0] == "" {
				return "", errEmpty
			}
			for _, s := range v {
				if strings.ContainsRune(s, ArrayDelimiter) {
					return "", fmt.Errorf("element %q %w", s, errDelimiter)
				}
			}
			return strings.Join(v, string(ArrayDelimiter)), nil
		}
	}
	return "", fmt.Errorf("a %T, not a %s", v, p.Type)
}

// node writes a node of label with id and the properties in values.
func (x *exporter) node(label, id string, values map[string]any) error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	if id == "" {
		return errors.New("no id")
	}
	return x.byKey[label].write([]string{id, label}, values)
}

// rel writes a relationship of type typ from the node start of label from
// to the node end of label to.
func (x *exporter) rel(typ, from, to, start, end string, values map[string]any) error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	t, ok := x.byKey[relKey(typ, from, to)]
	if !ok {
		return fmt.Errorf("the graph model has no %s relationships from %s to %s", typ, from, to)
	}
	return t.write([]string{start, end, typ}, values)
}

// paragraphs writes the Document and Paragraph nodes and the HAS_PARAGRAPH
// and NEXT relationships of documents.jsonl, as cypher.Loader.Load does:
// a Document per run of lines of one document, NEXT between consecutive
// lines of one document. It returns the number of lines.
func (x *exporter) paragraphs(r io.Reader) (int, error) {
	n := 0
	var doc *schema.Document
	var prev schema.Paragraph
	flush := func() error {
		if doc == nil {
			return nil
		}
		return x.node(schema.LabelDocument, doc.ID, map[string]any{
			"doc": doc.Doc, "sha256": doc.SHA256, "paragraphs": doc.Paragraphs,
		})
	}
	err := jsonl.ScanParagraphs(r, func(p schema.Paragraph) error {
		n++
		where := fmt.Sprintf("line %d (%s paragraph %d)", n, p.Doc, p.Index)
		if doc == nil || p.Doc != doc.Doc {
			if x.docSeen[p.Doc] {
				return fmt.Errorf("%s: the lines of %s are not together", where, p.Doc)
			}
			if err := flush(); err != nil {
				return fmt.Errorf("document %s: %w", doc.Doc, err)
			}
			x.docSeen[p.Doc] = true
			doc = &schema.Document{Doc: p.Doc, SHA256: p.DocSHA256, ID: schema.DocumentID(p.Doc, p.DocSHA256)}
		} else {
			if p.DocSHA256 != doc.SHA256 {
				return fmt.Errorf("%s: doc_sha256 differs from the line before", where)
			}
			if p.Index <= prev.Index {
				return fmt.Errorf("%s: after paragraph %d: not in the order of kg build", where, prev.Index)
			}
		}
		doc.Paragraphs++
		x.paraIDs[paraKey{p.Doc, p.Index}] = p.ID
		err := x.node(schema.LabelParagraph, p.ID, map[string]any{
			"doc": p.Doc, "paragraph": p.Index, "text": p.Text,
			"source_start": p.SourceStart, "source_end": p.SourceEnd,
		})
		if err == nil {
			err = x.rel(schema.RelHasParagraph, schema.LabelDocument, schema.LabelParagraph, doc.ID, p.ID, nil)
		}
		if err == nil && doc.Paragraphs > 1 {
			err = x.rel(schema.RelNext, schema.LabelParagraph, schema.LabelParagraph, prev.ID, p.ID, nil)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		prev = p
		return nil
	})
	if err == nil {
		err = flush()
	}
	return n, err
}

// entities writes the entity nodes and MENTIONS relationships of
// entities.jsonl, as cypher.Loader.Load does: MENTIONS are merged on
// (paragraph, entity, start), the last one's end and text win. It returns
// the number of lines.
func (x *exporter) entities(r io.Reader) (int, error) {
	prev, count := "", 0
	err := jsonl.ScanEntities(r, func(n int, e schema.Entity) error {
		count++
		if err := x.entity(e, prev); err != nil {
			return fmt.Errorf("line %d (entity %s %s): %w", n, e.ID, e.Name, err)
		}
		prev = e.ID
		return nil
	})
	return count, err
}

func (x *exporter) entity(e schema.Entity, prev string) error {
	if e.ID == "" {
		return errors.New("no id")
	}
	if e.ID <= prev {
		return fmt.Errorf("after entity %s: not in the order of kg build", prev)
	}
	label, ok := schema.EntityLabel(e.Type)
	if !ok {
		return fmt.Errorf("unknown type %q", e.Type)
	}
	x.entityLabels[e.ID] = label
	values := map[string]any{"name": e.Name, "type": string(e.Type)}
	if len(e.Aliases) > 0 {
		values["aliases"], values["aliases_text"] = e.Aliases, strings.Join(e.Aliases, " ")
	}
	if err := x.node(label, e.ID, values); err != nil {
		return err
	}
	type key struct {
		para  string
		start int
	}
	var keys []key
	last := map[key]schema.Mention{}
	for _, m := range e.Mentions {
		pid, ok := x.paraIDs[paraKey{m.Doc, m.Paragraph}]
		if !ok {
			return fmt.Errorf("mention in %s paragraph %d, which documents.jsonl does not have", m.Doc, m.Paragraph)
		}
		k := key{pid, m.Start}
		if _, ok := last[k]; !ok {
			keys = append(keys, k)
		}
		last[k] = m
	}
	for _, k := range keys {
		m := last[k]
		err := x.rel(schema.RelMentions, schema.LabelParagraph, label, k.para, e.ID,
			map[string]any{"start": m.Start, "end": m.End, "text": m.Text})
		if err != nil {
			return fmt.Errorf("mention in %s paragraph %d at %d: %w", m.Doc, m.Paragraph, m.Start, err)
		}
	}
	return nil
}

// reserved reports whether the relationship property k is set from a
// triple's fields, not from its properties (as in cypher.Loader.Load).
func reserved(k string) bool {
	switch k {
	case "paragraphs", "docs", "evidence", "extractor", "confidence":
		return true
	}
	return false
}

// triples writes the relationships of triples.jsonl, as cypher.Loader.Load
// does. It returns the number of lines.
func (x *exporter) triples(r io.Reader) (int, error) {
	var prev []string
	count := 0
	err := jsonl.ScanTriples(r, func(n int, t schema.Triple) error {
		count++
		key := []string{t.Subject, string(t.Predicate), t.Object, t.Properties["title"]}
		if prev != nil && !less(prev, key) {
			return fmt.Errorf("line %d (%s %s %s): not in the order of kg build, or given twice", n, t.Subject, t.Predicate, t.Object)
		}
		prev = key
		if err := x.triple(t); err != nil {
			return fmt.Errorf("line %d (%s %s %s): %w", n, t.Subject, t.Predicate, t.Object, err)
		}
		return nil
	})
	return count, err
}

// less orders string slices of the same length element by element.
func less(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func (x *exporter) triple(t schema.Triple) error {
	typ, ok := schema.RelationshipType(t.Predicate)
	if !ok {
		return errors.New("unknown predicate")
	}
	from, to := x.entityLabels[t.Subject], x.entityLabels[t.Object]
	if from == "" || to == "" {
		return errors.New("entity not in entities.jsonl")
	}
	if len(t.Provenance) == 0 {
		return errors.New("no provenance")
	}
	values := map[string]any{"extractor": t.Extractor, "confidence": t.Confidence}
	var paras, docs, evidence []string
	for _, p := range t.Provenance {
		pid, ok := x.paraIDs[paraKey{p.Doc, p.Paragraph}]
		if !ok {
			return fmt.Errorf("provenance in %s paragraph %d, which documents.jsonl does not have", p.Doc, p.Paragraph)
		}
		paras, docs, evidence = append(paras, pid), append(docs, p.Doc), append(evidence, p.Evidence)
	}
	values["paragraphs"], values["docs"], values["evidence"] = paras, docs, evidence
	for k, v := range t.Properties {
		if !reserved(k) {
			values[k] = v
		}
	}
	if t.Predicate == schema.HoldsPosition {
		// The loader merges on the title, so it always sets it.
		values["title"] = t.Properties["title"]
	}
	return x.rel(typ, from, to, t.Subject, t.Object, values)
}
