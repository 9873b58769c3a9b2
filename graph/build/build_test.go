package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/kg-dev/kg/extract/source"
	"github.com/kg-dev/kg/graph/jsonl"
	"github.com/kg-dev/kg/schema"
)

const seeds = "../../seeds"

// outputFiles are the files of the build output contract, in the order
// Write writes them.
var outputFiles = []string{"documents.jsonl", "entities.jsonl", "triples.jsonl", "graph.graphml", "manifest.json"}

var (
	plOnce   sync.Once
	plShared *Pipeline
	plErr    error
)

// pipeline returns the Pipeline shared by every test of the binary: loading
// the segmenter's dictionary takes over a second.
func pipeline(t testing.TB) *Pipeline {
	t.Helper()
	plOnce.Do(func() { plShared, plErr = NewPipeline() })
	if plErr != nil {
		t.Fatal(plErr)
	}
	return plShared
}

// fixedNow is the clock of every test build, so manifests are reproducible.
func fixedNow() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC) }

// buildSeeds builds the seeds corpus into a new temporary folder and
// returns the folder.
func buildSeeds(t *testing.T, workers int) (string, *Result) {
	t.Helper()
	out := t.TempDir()
	res, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{seeds}, Out: out,
		Workers: workers, ToolVersion: "test", Now: fixedNow})
	if err != nil {
		t.Fatalf("build of %s: %v", seeds, err)
	}
	return out, res
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	one, _ := buildSeeds(t, 1)
	four, _ := buildSeeds(t, 4)
	for _, name := range outputFiles {
		t.Run(name, func(t *testing.T) {
			a, err := os.ReadFile(filepath.Join(one, name))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(four, name))
			if err != nil {
				t.Fatal(err)
			}
			if len(a) == 0 {
				t.Fatalf("%s is empty", name)
			}
			if !bytes.Equal(a, b) {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("%s differs between 1 and 4 workers from byte %d (sizes %d and %d)", name, i, len(a), len(b))
			}
		})
	}
}

// output is a build's output folder read back with the jsonl readers.
type output struct {
	paras    []schema.Paragraph
	entities []schema.Entity
	triples  []schema.Triple
	manifest schema.Manifest
	lines    map[string]int // file name → number of lines
}

func readOutput(t *testing.T, dir string) *output {
	t.Helper()
	files, err := jsonl.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := &output{paras: files.Paragraphs, entities: files.Entities, triples: files.Triples, manifest: files.Manifest, lines: map[string]int{}}
	for _, name := range []string{"documents.jsonl", "entities.jsonl", "triples.jsonl"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		o.lines[name] = bytes.Count(data, []byte("\n"))
	}
	return o
}

type paraKey struct {
	doc   string
	index int
}

// span returns the code points [start, end) of text, and whether they
// are in range.
func span(text string, start, end int) (string, bool) {
	rs := []rune(text)
	if start < 0 || end <= start || end > len(rs) {
		return "", false
	}
	return string(rs[start:end]), true
}

// han returns the Han characters of s, in order.
func han(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestSeedsContract(t *testing.T) {
	dir, res := buildSeeds(t, 0)
	o := readOutput(t, dir)
	paras := map[paraKey]schema.Paragraph{}
	for _, p := range o.paras {
		paras[paraKey{p.Doc, p.Index}] = p
	}
	entities := map[string]schema.Entity{}
	for _, e := range o.entities {
		entities[e.ID] = e
	}
	seedFiles, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(seedFiles) != 5 {
		t.Fatalf("seeds: %v files, %v", len(seedFiles), err)
	}

	t.Run("paragraphs numbered from 0 per document", func(t *testing.T) {
		next := map[string]int{}
		for _, p := range o.paras {
			if p.Index != next[p.Doc] {
				t.Fatalf("%s: paragraph %d where %d was due", p.Doc, p.Index, next[p.Doc])
			}
			next[p.Doc]++
		}
		if len(next) != len(seedFiles) {
			t.Errorf("paragraphs of %d documents, want %d", len(next), len(seedFiles))
		}
		for _, f := range seedFiles {
			if next[filepath.Base(f)] < 5 {
				t.Errorf("%s has %d paragraphs", filepath.Base(f), next[filepath.Base(f)])
			}
		}
	})

	t.Run("paragraph ids, hashes and source ranges", func(t *testing.T) {
		files := map[string][]byte{}
		for _, p := range o.paras {
			data, ok := files[p.Doc]
			if !ok {
				var err error
				if data, err = os.ReadFile(filepath.Join(seeds, filepath.FromSlash(p.Doc))); err != nil {
					t.Fatal(err)
				}
				files[p.Doc] = data
				sum := sha256.Sum256(data)
				if p.DocSHA256 != hex.EncodeToString(sum[:]) {
					t.Errorf("%s: doc_sha256 %s is not the file's hash", p.Doc, p.DocSHA256)
				}
			}
			where := fmt.Sprintf("%s paragraph %d", p.Doc, p.Index)
			if p.ID != schema.ParagraphID(p.Doc, p.Index, p.Text) {
				t.Errorf("%s: id %s is not ParagraphID", where, p.ID)
			}
			if p.Text == "" {
				t.Errorf("%s: empty text", where)
			}
			if p.SourceStart < 0 || p.SourceEnd <= p.SourceStart || p.SourceEnd > len(data) {
				t.Errorf("%s: source range [%d, %d) outside the file of %d bytes", where, p.SourceStart, p.SourceEnd, len(data))
				continue
			}
			src, err := source.Decode(data[p.SourceStart:p.SourceEnd], p.Doc)
			if err != nil {
				t.Errorf("%s: decode source range: %v", where, err)
				continue
			}
			orig := string(src.Runes)
			if han(orig) != han(p.Text) {
				t.Errorf("%s: Han characters of the text and of its source range differ:\ntext:   %s\nsource: %s", where, p.Text, orig)
			}
			rs := []rune(p.Text)
			if src.Runes[0] != rs[0] || src.Runes[len(src.Runes)-1] != rs[len(rs)-1] {
				t.Errorf("%s: source range %q does not run from the first to the last character of %q", where, orig, p.Text)
			}
		}
	})

	t.Run("entities", func(t *testing.T) {
		if len(o.entities) == 0 {
			t.Fatal("no entities")
		}
		for i, e := range o.entities {
			if i > 0 && o.entities[i-1].ID >= e.ID {
				t.Errorf("entities not sorted by unique id at line %d", i+1)
			}
			if !e.Type.Valid() {
				t.Errorf("%s: type %q", e.Name, e.Type)
			}
			if e.ID != schema.EntityID(e.Type, e.Name) {
				t.Errorf("%s %s: id %s is not EntityID", e.Type, e.Name, e.ID)
			}
			if !sort.StringsAreSorted(e.Aliases) {
				t.Errorf("%s: aliases %q not sorted", e.Name, e.Aliases)
			}
			for _, a := range e.Aliases {
				if a == e.Name {
					t.Errorf("%s: the name is among its aliases", e.Name)
				}
			}
			if len(e.Mentions) == 0 {
				t.Errorf("%s: no mentions", e.Name)
			}
			for _, m := range e.Mentions {
				p, ok := paras[paraKey{m.Doc, m.Paragraph}]
				if !ok {
					t.Errorf("%s: mention in %s paragraph %d, which does not exist", e.Name, m.Doc, m.Paragraph)
					continue
				}
				if got, ok := span(p.Text, m.Start, m.End); !ok || got != m.Text {
					t.Errorf("%s: mention text %q, but [%d, %d) of %s paragraph %d is %q", e.Name, m.Text, m.Start, m.End, m.Doc, m.Paragraph, got)
				}
			}
		}
	})

	t.Run("triples", func(t *testing.T) {
		if len(o.triples) == 0 {
			t.Fatal("no triples")
		}
		for _, tr := range o.triples {
			s, sok := entities[tr.Subject]
			ob, ook := entities[tr.Object]
			if !sok || !ook {
				t.Errorf("%s %s %s: subject or object is no entity id", tr.Subject, tr.Predicate, tr.Object)
				continue
			}
			name := s.Name + " " + string(tr.Predicate) + " " + ob.Name
			if !tr.Predicate.Valid() {
				t.Errorf("%s: predicate not valid", name)
			} else if !tr.Predicate.Allows(s.Type, ob.Type) {
				t.Errorf("%s: %s → %s not allowed", name, s.Type, ob.Type)
			}
			if tr.Confidence <= 0 || tr.Confidence > 1 {
				t.Errorf("%s: confidence %v", name, tr.Confidence)
			}
			if len(tr.Provenance) == 0 {
				t.Errorf("%s: no provenance", name)
			}
			for _, pv := range tr.Provenance {
				p, ok := paras[paraKey{pv.Doc, pv.Paragraph}]
				if !ok {
					t.Errorf("%s: provenance in %s paragraph %d, which does not exist", name, pv.Doc, pv.Paragraph)
					continue
				}
				if got, ok := span(p.Text, pv.Start, pv.End); !ok || got != pv.Evidence {
					t.Errorf("%s: evidence %q, but [%d, %d) of %s paragraph %d is %q", name, pv.Evidence, pv.Start, pv.End, pv.Doc, pv.Paragraph, got)
				}
			}
		}
	})

	t.Run("manifest", func(t *testing.T) {
		m := o.manifest
		want := schema.Manifest{Format: schema.Format, ToolVersion: "test", Documents: len(seedFiles),
			Paragraphs: o.lines["documents.jsonl"], Entities: o.lines["entities.jsonl"], Triples: o.lines["triples.jsonl"],
			Skipped: 0, Started: "2024-05-06T07:08:09Z", Finished: "2024-05-06T07:08:09Z"}
		if m != want {
			t.Errorf("manifest\n got %+v\nwant %+v", m, want)
		}
		if len(o.paras) != o.lines["documents.jsonl"] || len(o.entities) != o.lines["entities.jsonl"] || len(o.triples) != o.lines["triples.jsonl"] {
			t.Errorf("records and lines differ: %d/%d paragraphs, %d/%d entities, %d/%d triples",
				len(o.paras), o.lines["documents.jsonl"], len(o.entities), o.lines["entities.jsonl"], len(o.triples), o.lines["triples.jsonl"])
		}
		if res.Manifest != m {
			t.Errorf("Result.Manifest %+v differs from manifest.json %+v", res.Manifest, m)
		}
	})

	t.Run("graphml", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(dir, "graph.graphml"))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"graph>node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"graph>edge"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Nodes) != len(o.entities) || len(doc.Edges) != len(o.triples) {
			t.Errorf("graphml has %d nodes and %d edges, want %d and %d", len(doc.Nodes), len(doc.Edges), len(o.entities), len(o.triples))
		}
		for _, e := range doc.Edges {
			if _, ok := entities[e.Source]; !ok {
				t.Errorf("edge source %s is no entity", e.Source)
			}
			if _, ok := entities[e.Target]; !ok {
				t.Errorf("edge target %s is no entity", e.Target)
			}
		}
	})
}

func TestSeedsLayoutNormalised(t *testing.T) {
	dir, _ := buildSeeds(t, 0)
	o := readOutput(t, dir)
	for _, tc := range []struct {
		name, doc string
		raw       string // as it is in the source file
		want      string // as some paragraph of doc must hold it
	}{
		{"layout spaces", "000_4aeb6eff09d05557.txt", "单 位 领 导 班 子 要 各 尽 其 责 抓 落 实", "单位领导班子要各尽其责抓落实"},
		{"name broken across lines", "000_4aeb6eff09d05557.txt", "孙永\n红书记", "孙永红书记"},
		{"broken line and layout spaces", "000_4aeb6eff09d05557.txt", "主 任 刘\n世 颖 告 诉 记 者", "主任刘世颖告诉记者"},
		{"organisation broken across lines", "001_bda6349dde205a91.txt", "西海岸新\n区工委书记、区委书记孙永红同志", "西海岸新区工委书记、区委书记孙永红同志"},
		{"space before punctuation", "004_afed56b3d2158562.txt", "开放型气质 。", "开放型气质。"},
		{"byline", "004_afed56b3d2158562.txt", "本报采访人员 潘俊强", "本报采访人员潘俊强"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(seeds, tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.ReplaceAll(string(data), "\r\n", "\n"), tc.raw) {
				t.Fatalf("the source does not hold %q: the test is out of date", tc.raw)
			}
			found := false
			for _, p := range o.paras {
				if p.Doc != tc.doc {
					continue
				}
				if strings.Contains(p.Text, tc.raw) {
					t.Errorf("paragraph %d still holds the raw %q", p.Index, tc.raw)
				}
				if strings.Contains(p.Text, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no paragraph of %s holds %q", tc.doc, tc.want)
			}
		})
	}
}

// Texts of the mixed-input folder, one per file.
const (
	goodText = "青岛西海岸新区召开干部大会，部署十二大攻坚战。"
	gbText   = "崂山区委组织部部长在会上讲话，要求各部门抓好落实。"
	u16Text  = "黄岛区人民政府发布干部教育培训计划，推进人才工作。"
)

// mixedInputs writes a folder with a good UTF-8 file, a binary file, an
// empty file, a GB18030 file and a UTF-16LE file with a byte order mark.
func mixedInputs(t *testing.T) string {
	t.Helper()
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(gbText + "\n")
	if err != nil {
		t.Fatal(err)
	}
	u16, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(u16Text + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u16, "\xff\xfe") || strings.Contains(gb, u16Text) {
		t.Fatal("the encoders did not encode")
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"good.txt":    goodText + "\n",
		"binary.txt":  "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00中文",
		"empty.txt":   "",
		"gb18030.txt": gb,
		"utf16.txt":   u16,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSkippedInputs(t *testing.T) {
	in := mixedInputs(t)

	t.Run("not strict", func(t *testing.T) {
		out := t.TempDir()
		var warn bytes.Buffer
		res, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{in}, Out: out, Warn: &warn, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != 1 || res.Manifest.Skipped != 1 {
			t.Fatalf("skipped %v (manifest %d), want the binary file only", res.Skipped, res.Manifest.Skipped)
		}
		var fe *source.FileError
		if !errors.As(res.Skipped[0], &fe) || fe.Path != "binary.txt" || !errors.Is(fe, source.ErrBinary) {
			t.Errorf("skipped %v, want binary.txt as a binary file", res.Skipped[0])
		}
		if lines := strings.Split(strings.TrimSuffix(warn.String(), "\n"), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "binary.txt") {
			t.Errorf("warnings %q, want one line naming binary.txt", warn.String())
		}
		if res.Manifest.Documents+res.Manifest.Skipped != 5 {
			t.Errorf("%d documents and %d skipped of 5 files", res.Manifest.Documents, res.Manifest.Skipped)
		}
		o := readOutput(t, out)
		if o.manifest.Skipped != 1 {
			t.Errorf("manifest.json skipped = %d", o.manifest.Skipped)
		}
		texts := map[string][]string{}
		for _, p := range o.paras {
			texts[p.Doc] = append(texts[p.Doc], p.Text)
		}
		for _, tc := range []struct {
			doc  string
			want []string
		}{
			{"good.txt", []string{goodText}},
			{"gb18030.txt", []string{gbText}},
			{"utf16.txt", []string{u16Text}},
			{"empty.txt", nil},
			{"binary.txt", nil},
		} {
			t.Run(tc.doc, func(t *testing.T) {
				if got := texts[tc.doc]; strings.Join(got, "|") != strings.Join(tc.want, "|") {
					t.Errorf("paragraphs %q, want %q", got, tc.want)
				}
			})
		}
		for _, p := range o.paras {
			data, err := os.ReadFile(filepath.Join(in, p.Doc))
			if err != nil {
				t.Fatal(err)
			}
			if p.SourceStart < 0 || p.SourceEnd <= p.SourceStart || p.SourceEnd > len(data) {
				t.Errorf("%s: source range [%d, %d) outside the file of %d bytes", p.Doc, p.SourceStart, p.SourceEnd, len(data))
			}
		}
	})

	t.Run("strict", func(t *testing.T) {
		out := t.TempDir()
		var warn bytes.Buffer
		_, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{in}, Out: out, Strict: true, Warn: &warn, Now: fixedNow})
		if err == nil {
			t.Fatal("strict build of a folder with a binary file succeeded")
		}
		if !strings.Contains(err.Error(), "binary.txt") || !errors.Is(err, source.ErrBinary) {
			t.Errorf("error %q does not name binary.txt as binary", err)
		}
		if _, err := os.Stat(filepath.Join(out, "manifest.json")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("manifest.json written by a failed build (stat: %v)", err)
		}
	})

	t.Run("only unreadable files", func(t *testing.T) {
		_, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{filepath.Join(in, "binary.txt")}, Now: fixedNow})
		if !errors.Is(err, ErrNoInput) {
			t.Errorf("error %v, want ErrNoInput", err)
		}
	})
}

func TestRunErrors(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "regular")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(tmp, "no-such-folder")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		inputs []string
		out    string
		want   string // in the error message
		is     error  // errors.Is the error, if not nil
	}{
		{"missing input", context.Background(), []string{missing}, t.TempDir(), missing, nil},
		{"missing input among others", context.Background(), []string{seeds, missing}, t.TempDir(), missing, nil},
		{"out folder under a regular file", context.Background(), []string{seeds}, filepath.Join(file, "out"), file, nil},
		{"canceled", canceled, []string{seeds}, t.TempDir(), "", context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := pipeline(t).Run(tc.ctx, Config{Inputs: tc.inputs, Out: tc.out, Now: fixedNow})
			if err == nil {
				t.Fatalf("no error; result %+v", res.Manifest)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %s", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

func TestAtomicWrites(t *testing.T) {
	out, _ := buildSeeds(t, 0)
	if tmp := leftovers(t, out); len(tmp) > 0 {
		t.Errorf("temporary files left after a build: %v", tmp)
	}
	for _, name := range outputFiles {
		if info, err := os.Stat(filepath.Join(out, name)); err != nil || !info.Mode().IsRegular() {
			t.Errorf("%s: %v", name, err)
		}
	}

	// Make the rename of graph.graphml fail: a folder is in its place.
	gml := filepath.Join(out, "graph.graphml")
	if err := os.Remove(gml); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(gml, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := pipeline(t).Run(context.Background(), Config{Inputs: []string{seeds}, Out: out, Now: fixedNow})
	if err == nil {
		t.Fatal("build succeeded with a folder in the place of graph.graphml")
	}
	if !strings.Contains(err.Error(), "graph.graphml") {
		t.Errorf("error %q does not name graph.graphml", err)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old manifest.json survived a failed build (stat: %v)", err)
	}
	if tmp := leftovers(t, out); len(tmp) > 0 {
		t.Errorf("temporary files left after a failed build: %v", tmp)
	}
}
